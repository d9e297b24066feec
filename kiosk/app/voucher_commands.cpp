#include "app/voucher_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/key_file.hpp"
#include "core/bib_check.hpp"
#include "core/payload.hpp"
#include "platform/system_clock.hpp"
#include "store/voucher_store.hpp"

namespace chillnode {

namespace {

std::string formatMinutes(const std::optional<std::int64_t>& seconds) {
  if (!seconds) return "";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(*seconds) / 60.0);
  return text;
}

// The bib check of runRedeem, for a voucher just redeemed as Valid, whose key is therefore
// among keys. Prints its line and returns the exit code. Throws StoreError.
int checkRedeemedBib(RedemptionLedger& ledger, const RedeemResult& result, const std::vector<VerifyKey>& keys,
                     const std::string& bib, const Timestamp& now) {
  const VerifyKey* key = findVerifyKey(keys, result.voucher->keyId);
  bool matched = bibMatches(result.voucher->bibHash, bib, key->bibKey);
  ledger.recordBibCheck(result.redemptionId, *result.voucher, matched, now);
  std::printf("bib_check\t%s\n", matched ? "same_runner" : "different_runner");
  return matched ? 0 : 9;
}

}  // namespace

int runKeysGenerate(const std::string& keyId, const std::string& path) {
  if (!isValidVoucherKeyId(keyId)) {
    std::fprintf(stderr, "chillnode: key id \"%s\" is not valid: use 1 to 16 letters, digits, '-' or '_'\n",
                 keyId.c_str());
    return 2;
  }
  SigningKey key = generateSigningKey(keyId);
  try {
    writeKeyFile(path, key);
  } catch (const KeyFileError& error) {
    std::fprintf(stderr, "chillnode: %s\n", error.what());
    return 1;
  }
  std::printf("# Signing key %s written to %s (mode 0600). Set vouchers.signing_key to it on the booth.\n"
              "# Add these lines to every sponsor unit's config. Keep them off public pages: bib_key lets\n"
              "# a sponsor unit check a runner's bib, and anyone with it can find the bib of a voucher.\n%s",
              keyId.c_str(), path.c_str(), publicKeyConfigLines(key).c_str());
  return 0;
}

int runRedeem(const Config& config, const std::string& payload, const std::optional<std::string>& bibPayload) {
  const VoucherConfig& vouchers = config.vouchers;
  if (vouchers.role != UnitRole::Sponsor) {
    std::fprintf(stderr, "chillnode: redeem runs on a sponsor unit: set unit.role = \"sponsor\", vouchers.sponsor "
                         "and vouchers.public_keys in the config\n");
    return 1;
  }
  // The bib code is parsed before the voucher is redeemed, so a mistyped one wastes nothing.
  std::string bib;
  if (bibPayload) {
    BibPayload parsed = BibPayloadParser(config.bibPattern).parse(*bibPayload);
    if (!parsed.ok()) {
      std::fprintf(stderr, "chillnode: redeem: --bib contains no bib: %s\n", std::string(describe(parsed.error)).c_str());
      return 2;
    }
    bib = parsed.bib;
  }
  try {
    Database db(config.databasePath);
    RedemptionLedger ledger(db, config.unitId);
    SystemClock clock;
    RedeemResult result = ledger.redeem(payload, vouchers.publicKeys, vouchers.sponsorId, vouchers.offers,
                                        clock.now());
    std::string offer = result.voucher ? result.voucher->offerId : "-";
    std::string detail = result.offer ? result.offer->title : std::string(voucherProblemName(result.problem));
    if (result.outcome == RedeemOutcome::AlreadyUsed) {
      detail = "first redeemed at " + result.firstRedeemedUnit + ", wall clock ms " +
               std::to_string(result.firstRedeemedWallMs);
    }
    if (result.outcome == RedeemOutcome::NotStored) detail = result.storeError;
    std::printf("%s\t%s\t%s\n", std::string(redeemOutcomeName(result.outcome)).c_str(), offer.c_str(),
                detail.c_str());
    if (bibPayload && result.outcome == RedeemOutcome::Valid) {
      return checkRedeemedBib(ledger, result, vouchers.publicKeys, bib, clock.now());
    }
    switch (result.outcome) {
      case RedeemOutcome::Valid: return 0;
      case RedeemOutcome::AlreadyUsed: return 5;
      case RedeemOutcome::Expired: return 6;
      case RedeemOutcome::NotForThisSponsor: return 7;
      case RedeemOutcome::UnknownOrForged: return 8;
      case RedeemOutcome::NotStored: return 1;
    }
  } catch (const StoreError& error) {
    std::fprintf(stderr, "chillnode: %s\n", error.what());
  }
  return 1;
}

int runVoucherReport(const Config& config, const std::vector<std::string>& moreDatabases, bool csv) {
  std::vector<std::string> paths = {config.databasePath};
  paths.insert(paths.end(), moreDatabases.begin(), moreDatabases.end());
  std::vector<OfferTally> tallies;
  try {
    std::vector<std::unique_ptr<Database>> open;
    std::vector<Database*> databases;
    for (const std::string& path : paths) {
      // Opening creates a database, which a mistyped copy's path must not do.
      if (&path != &paths.front() && !std::filesystem::is_regular_file(path)) {
        std::fprintf(stderr, "chillnode: report: database %s not found: check the path of the copy\n", path.c_str());
        return 1;
      }
      open.push_back(std::make_unique<Database>(path));
      databases.push_back(open.back().get());
    }
    tallies = tallyOffers(databases, config.vouchers.offers);
  } catch (const StoreError& error) {
    std::fprintf(stderr, "chillnode: %s\n", error.what());
    return 1;
  }
  if (csv) std::printf("offer,issued,redeemed,redemption_rate_percent,median_minutes_to_redemption\n");
  else std::printf("%-20s %8s %9s %7s %s\n", "offer", "issued", "redeemed", "rate", "median min to redeem");
  for (const OfferTally& tally : tallies) {
    std::string rate;
    if (tally.issued > 0) {
      char text[16];
      std::snprintf(text, sizeof text, "%.1f", 100.0 * tally.redeemed / tally.issued);
      rate = text;
    }
    std::string median = formatMinutes(tally.medianSecondsToRedeem);
    if (csv) {
      std::printf("%s,%d,%d,%s,%s\n", tally.offerId.c_str(), tally.issued, tally.redeemed, rate.c_str(), median.c_str());
    } else {
      std::printf("%-20s %8d %9d %6s%% %s\n", tally.offerId.c_str(), tally.issued, tally.redeemed,
                  rate.empty() ? "-" : rate.c_str(), median.empty() ? "-" : median.c_str());
    }
  }
  return 0;
}

}  // namespace chillnode
