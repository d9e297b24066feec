#pragma once
// Vouchers as stored records: issuing at the booth and redeeming at a sponsor unit. Each
// write is one transaction with its outbox row, so HQ sees every voucher and every
// redemption once, and can flag a voucher redeemed on two units while both were offline.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/offer.hpp"
#include "core/time.hpp"
#include "core/voucher.hpp"
#include "store/database.hpp"

namespace chillnode {

struct IssuedVoucher {
  Voucher voucher;
  std::string code;  // the QR text
  const Offer* offer = nullptr;
};

class VoucherStore {
public:
  VoucherStore(Database& db, std::string unitId);

  // Issues at most one voucher for a finished session: for the first offer of offersFor()
  // that has stock left and that the runner has not reached the limit of. The stock and
  // limit checks, the voucher and its outbox row are one IMMEDIATE transaction, so two
  // sessions ending together cannot both take the last voucher. Returns nullopt when no
  // offer applies or the session already earned one. Throws StoreError.
  std::optional<IssuedVoucher> issue(const std::string& bib, const std::string& sessionId,
                                     const std::string& stationId, const std::vector<Offer>& offers,
                                     const SigningKey& key, const Timestamp& now);

  // The runner's vouchers that have not expired at nowUnix, newest first, for showing again.
  std::vector<IssuedVoucher> vouchersFor(const std::string& bib, const std::vector<Offer>& offers,
                                         std::int64_t nowUnix);

  int countIssued(const std::string& offerId);

private:
  Database& m_db;
  std::string m_unitId;
};

// Issued and redeemed vouchers of one offer, over one or more units' databases.
struct OfferTally {
  std::string offerId;
  int issued = 0;    // vouchers in the databases' vouchers tables (booths)
  int redeemed = 0;  // distinct vouchers with a valid redemption (sponsor units)
  std::optional<std::int64_t> medianSecondsToRedeem;  // issue to the earliest valid redemption
};

// Tallies every offer found in the databases, plus the listed offers with no vouchers yet,
// sorted by offer id. A voucher redeemed on two units counts once, at its earliest
// redemption. Throws StoreError.
std::vector<OfferTally> tallyOffers(const std::vector<Database*>& databases, const std::vector<Offer>& offers);

enum class RedeemOutcome {
  Valid,
  AlreadyUsed,
  Expired,
  NotForThisSponsor,
  UnknownOrForged,
  NotStored,  // genuine or not, the attempt could not be written (disk full): honour nothing
};

std::string_view redeemOutcomeName(RedeemOutcome outcome);

struct RedeemResult {
  RedeemOutcome outcome = RedeemOutcome::UnknownOrForged;
  VoucherProblem problem = VoucherProblem::Malformed;  // the signature check's own result
  std::optional<Voucher> voucher;
  const Offer* offer = nullptr;          // set when the voucher's offer is in the config
  std::int64_t firstRedeemedWallMs = 0;  // AlreadyUsed: when this unit accepted it
  bool firstRedeemedWallSynced = false;
  std::string firstRedeemedUnit;         // AlreadyUsed: where (this unit)
  bool stored = false;                   // the attempt is in the database
  std::string redemptionId;              // set when stored
  std::string storeError;                // NotStored: why
};

class RedemptionLedger {
public:
  RedemptionLedger(Database& db, std::string unitId);

  // Checks a scanned voucher offline: signature against keys, expiry, the sponsor of its
  // offer, and this unit's own ledger. Every attempt at a voucher that parsed is stored
  // with its outcome and an outbox row before this returns, so Valid is on disk before the
  // screen says so. When the write fails the outcome is NotStored, never Valid. Text that
  // is not a voucher at all stores nothing. Does not throw StoreError.
  RedeemResult redeem(std::string_view text, const std::vector<VerifyKey>& keys, const std::string& sponsorId,
                      const std::vector<Offer>& offers, const Timestamp& now);

  // Stores the bib check of a Valid redemption (whether the runner's bib matched the
  // voucher's bib hash) with its outbox row in one transaction. Throws StoreError.
  void recordBibCheck(const std::string& redemptionId, const Voucher& voucher, bool matched, const Timestamp& now);

private:
  Database& m_db;
  std::string m_unitId;
};

}  // namespace chillnode
