#include "app/voucher_commands.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "app/key_file.hpp"
#include "platform/system_clock.hpp"
#include "store/voucher_store.hpp"

namespace chillnode {

namespace {

struct OfferTally {
  int issued = 0;
  std::map<std::string, std::int64_t> issuedAt;         // voucher id -> Unix s
  std::map<std::string, std::int64_t> firstRedeemedMs;  // voucher id -> wall ms of the earliest valid one
};

void readTallies(Database& db, std::map<std::string, OfferTally>& tallies) {
  auto vouchers = db.prepare("SELECT id, offer_id, issued_at FROM vouchers");
  while (vouchers.step()) {
    OfferTally& tally = tallies[vouchers.text(1)];
    if (tally.issuedAt.emplace(vouchers.text(0), vouchers.integer(2)).second) ++tally.issued;
  }
  auto redeemed = db.prepare("SELECT voucher_id, offer_id, issued_at, wall_ms FROM redemptions WHERE result = 'valid'");
  while (redeemed.step()) {
    OfferTally& tally = tallies[redeemed.text(1)];
    std::string id = redeemed.text(0);
    tally.issuedAt.emplace(id, redeemed.integer(2));
    auto [at, inserted] = tally.firstRedeemedMs.emplace(id, redeemed.integer(3));
    if (!inserted) at->second = std::min(at->second, redeemed.integer(3));
  }
}

std::string medianMinutes(const OfferTally& tally) {
  std::vector<std::int64_t> waits;
  for (const auto& [id, redeemedMs] : tally.firstRedeemedMs) {
    waits.push_back(redeemedMs / 1000 - tally.issuedAt.at(id));
  }
  if (waits.empty()) return "";
  std::sort(waits.begin(), waits.end());
  std::int64_t middle = waits.size() % 2 ? waits[waits.size() / 2]
                                         : (waits[waits.size() / 2 - 1] + waits[waits.size() / 2]) / 2;
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(middle) / 60.0);
  return text;
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
              "# Add these lines to every sponsor unit's config:\n%s",
              keyId.c_str(), path.c_str(), publicKeyConfigLines(key).c_str());
  return 0;
}

int runRedeem(const Config& config, const std::string& payload) {
  const VoucherConfig& vouchers = config.vouchers;
  if (vouchers.role != UnitRole::Sponsor) {
    std::fprintf(stderr, "chillnode: redeem runs on a sponsor unit: set unit.role = \"sponsor\", vouchers.sponsor "
                         "and vouchers.public_keys in the config\n");
    return 1;
  }
  try {
    Database db(config.databasePath);
    RedemptionLedger ledger(db, config.unitId);
    RedeemResult result = ledger.redeem(payload, vouchers.publicKeys, vouchers.sponsorId, vouchers.offers,
                                        SystemClock().now());
    std::string offer = result.voucher ? result.voucher->offerId : "-";
    std::string detail = result.offer ? result.offer->title : std::string(voucherProblemName(result.problem));
    if (result.outcome == RedeemOutcome::AlreadyUsed) {
      detail = "first redeemed at " + result.firstRedeemedUnit + ", wall clock ms " +
               std::to_string(result.firstRedeemedWallMs);
    }
    if (result.outcome == RedeemOutcome::NotStored) detail = result.storeError;
    std::printf("%s\t%s\t%s\n", std::string(redeemOutcomeName(result.outcome)).c_str(), offer.c_str(),
                detail.c_str());
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
  std::map<std::string, OfferTally> tallies;
  for (const Offer& offer : config.vouchers.offers) tallies[offer.id];
  std::vector<std::string> paths = {config.databasePath};
  paths.insert(paths.end(), moreDatabases.begin(), moreDatabases.end());
  try {
    for (const std::string& path : paths) {
      Database db(path);
      readTallies(db, tallies);
    }
  } catch (const StoreError& error) {
    std::fprintf(stderr, "chillnode: %s\n", error.what());
    return 1;
  }
  if (csv) std::printf("offer,issued,redeemed,redemption_rate_percent,median_minutes_to_redemption\n");
  else std::printf("%-20s %8s %9s %7s %s\n", "offer", "issued", "redeemed", "rate", "median min to redeem");
  for (const auto& [offer, tally] : tallies) {
    int redeemed = static_cast<int>(tally.firstRedeemedMs.size());
    std::string rate = "";
    if (tally.issued > 0) {
      char text[16];
      std::snprintf(text, sizeof text, "%.1f", 100.0 * redeemed / tally.issued);
      rate = text;
    }
    std::string median = medianMinutes(tally);
    if (csv) {
      std::printf("%s,%d,%d,%s,%s\n", offer.c_str(), tally.issued, redeemed, rate.c_str(), median.c_str());
    } else {
      std::printf("%-20s %8d %9d %6s%% %s\n", offer.c_str(), tally.issued, redeemed, rate.empty() ? "-" : rate.c_str(),
                  median.empty() ? "-" : median.c_str());
    }
  }
  return 0;
}

}  // namespace chillnode
