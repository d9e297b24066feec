#include "store/voucher_store.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "store/outbox.hpp"

namespace chillnode {

namespace {

std::string hashText(const BibHash& hash) {
  return keyToText(hash.data(), hash.size());
}

std::int64_t count(Database& db, const char* sql, const std::string& a, const std::string& b = "") {
  auto select = db.prepare(sql);
  select.bind(1, a);
  if (!b.empty()) select.bind(2, b);
  select.step();
  return select.integer(0);
}

const Offer* findOffer(const std::vector<Offer>& offers, const std::string& id) {
  for (const Offer& offer : offers) {
    if (offer.id == id) return &offer;
  }
  return nullptr;
}

void bindTimestamp(Statement& insert, int first, const Timestamp& now) {
  insert.bind(first, now.bootId).bind(first + 1, now.monoMs).bind(first + 2, now.wallMs);
  insert.bind(first + 3, std::int64_t{now.wallSynced ? 1 : 0});
}

}  // namespace

VoucherStore::VoucherStore(Database& db, std::string unitId) : m_db(db), m_unitId(std::move(unitId)) {}

std::optional<IssuedVoucher> VoucherStore::issue(const std::string& bib, const std::string& sessionId,
                                                 const std::string& stationId, const std::vector<Offer>& offers,
                                                 const SigningKey& key, const Timestamp& now) {
  std::int64_t nowUnix = now.wallMs / 1000;
  Transaction tx(m_db);
  if (count(m_db, "SELECT count(*) FROM vouchers WHERE session_id = ?", sessionId) > 0) return std::nullopt;
  for (const Offer* offer : offersFor(offers, stationId, nowUnix)) {
    if (count(m_db, "SELECT count(*) FROM vouchers WHERE offer_id = ?", offer->id) >= offer->stock) continue;
    if (count(m_db, "SELECT count(*) FROM vouchers WHERE offer_id = ? AND bib = ?", offer->id, bib) >=
        offer->perRunner) {
      continue;
    }
    IssuedVoucher issued;
    issued.offer = offer;
    Voucher& voucher = issued.voucher;
    voucher.id = makeVoucherId();
    voucher.keyId = key.keyId;
    voucher.offerId = offer->id;
    voucher.unitId = m_unitId;
    voucher.issuedAt = nowUnix;
    voucher.expiresAt = offer->validUntil;
    voucher.bibHash = hashBib(bib, key.bibKey);
    issued.code = encodeVoucher(voucher, key);

    std::string id = voucherIdText(voucher.id);
    auto insert = m_db.prepare(
        "INSERT INTO vouchers (id, offer_id, bib, bib_hash, session_id, unit_id, key_id, issued_at, expires_at,"
        " code, boot_id, mono_ms, wall_ms, wall_synced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id).bind(2, offer->id).bind(3, bib).bind(4, hashText(voucher.bibHash)).bind(5, sessionId);
    insert.bind(6, m_unitId).bind(7, key.keyId).bind(8, voucher.issuedAt).bind(9, voucher.expiresAt);
    insert.bind(10, issued.code);
    bindTimestamp(insert, 11, now);
    insert.run();
    std::string body = JsonObjectWriter()
                           .field("voucher_id", id)
                           .field("offer_id", offer->id)
                           .field("sponsor_id", offer->sponsorId)
                           .field("bib", bib)
                           .field("session_id", sessionId)
                           .field("unit_id", m_unitId)
                           .field("key_id", key.keyId)
                           .field("issued_at", voucher.issuedAt)
                           .field("expires_at", voucher.expiresAt)
                           .finish();
    appendOutbox(m_db, id, "voucher", now, body);
    tx.commit();
    return issued;
  }
  return std::nullopt;
}

std::vector<IssuedVoucher> VoucherStore::vouchersFor(const std::string& bib, const std::vector<Offer>& offers,
                                                     std::int64_t nowUnix) {
  auto select = m_db.prepare(
      "SELECT code, offer_id FROM vouchers WHERE bib = ? AND expires_at >= ? ORDER BY rowid DESC LIMIT 5");
  select.bind(1, bib).bind(2, nowUnix);
  std::vector<IssuedVoucher> found;
  while (select.step()) {
    IssuedVoucher issued;
    issued.code = select.text(0);
    issued.offer = findOffer(offers, select.text(1));
    // This unit made the code, so it parses without keys. A row that does not is skipped.
    VoucherCheck check = checkVoucher(issued.code, {}, nowUnix);
    if (!check.voucher) continue;
    issued.voucher = *check.voucher;
    found.push_back(std::move(issued));
  }
  return found;
}

int VoucherStore::countIssued(const std::string& offerId) {
  return static_cast<int>(count(m_db, "SELECT count(*) FROM vouchers WHERE offer_id = ?", offerId));
}

std::vector<OfferTally> tallyOffers(const std::vector<Database*>& databases, const std::vector<Offer>& offers) {
  struct Seen {
    std::map<std::string, std::int64_t> issuedAt;         // voucher id -> Unix s
    std::map<std::string, std::int64_t> firstRedeemedMs;  // voucher id -> wall ms of the earliest valid one
    std::set<std::string> issuedHere;                     // voucher ids found in a vouchers table
  };
  std::map<std::string, Seen> byOffer;
  for (const Offer& offer : offers) byOffer[offer.id];
  for (Database* db : databases) {
    auto vouchers = db->prepare("SELECT id, offer_id, issued_at FROM vouchers");
    while (vouchers.step()) {
      Seen& seen = byOffer[vouchers.text(1)];
      seen.issuedAt.emplace(vouchers.text(0), vouchers.integer(2));
      seen.issuedHere.insert(vouchers.text(0));
    }
    auto redeemed =
        db->prepare("SELECT voucher_id, offer_id, issued_at, wall_ms FROM redemptions WHERE result = 'valid'");
    while (redeemed.step()) {
      Seen& seen = byOffer[redeemed.text(1)];
      std::string id = redeemed.text(0);
      seen.issuedAt.emplace(id, redeemed.integer(2));
      auto [at, inserted] = seen.firstRedeemedMs.emplace(id, redeemed.integer(3));
      if (!inserted) at->second = std::min(at->second, redeemed.integer(3));
    }
  }
  std::vector<OfferTally> tallies;
  for (const auto& [offerId, seen] : byOffer) {
    OfferTally tally;
    tally.offerId = offerId;
    tally.issued = static_cast<int>(seen.issuedHere.size());
    tally.redeemed = static_cast<int>(seen.firstRedeemedMs.size());
    std::vector<std::int64_t> waits;
    for (const auto& [id, redeemedMs] : seen.firstRedeemedMs) waits.push_back(redeemedMs / 1000 - seen.issuedAt.at(id));
    if (!waits.empty()) {
      std::sort(waits.begin(), waits.end());
      std::size_t middle = waits.size() / 2;
      tally.medianSecondsToRedeem = waits.size() % 2 ? waits[middle] : (waits[middle - 1] + waits[middle]) / 2;
    }
    tallies.push_back(tally);
  }
  return tallies;
}

std::string_view redeemOutcomeName(RedeemOutcome outcome) {
  switch (outcome) {
    case RedeemOutcome::Valid: return "valid";
    case RedeemOutcome::AlreadyUsed: return "already_used";
    case RedeemOutcome::Expired: return "expired";
    case RedeemOutcome::NotForThisSponsor: return "wrong_sponsor";
    case RedeemOutcome::UnknownOrForged: return "forged";
    case RedeemOutcome::NotStored: return "not_stored";
  }
  return "forged";
}

RedemptionLedger::RedemptionLedger(Database& db, std::string unitId) : m_db(db), m_unitId(std::move(unitId)) {}

RedeemResult RedemptionLedger::redeem(std::string_view text, const std::vector<VerifyKey>& keys,
                                      const std::string& sponsorId, const std::vector<Offer>& offers,
                                      const Timestamp& now) {
  RedeemResult result;
  VoucherCheck check = checkVoucher(text, keys, now.wallMs / 1000);
  result.problem = check.problem;
  result.voucher = check.voucher;
  if (!check.voucher) return result;
  const Voucher& voucher = *check.voucher;
  result.offer = findOffer(offers, voucher.offerId);
  std::string voucherId = voucherIdText(voucher.id);

  std::string stored = check.problem == VoucherProblem::UnknownKey ? "unknown_key" : "forged";
  if (check.problem == VoucherProblem::Expired) {
    result.outcome = RedeemOutcome::Expired;
    stored = "expired";
  }
  bool genuine = check.problem == VoucherProblem::None;
  try {
    Transaction tx(m_db);
    if (genuine) {
      if (!result.offer || result.offer->sponsorId != sponsorId) {
        result.outcome = RedeemOutcome::NotForThisSponsor;
      } else {
        auto first = m_db.prepare(
            "SELECT wall_ms, wall_synced, unit_id FROM redemptions WHERE voucher_id = ? AND result = 'valid'"
            " ORDER BY rowid LIMIT 1");
        first.bind(1, voucherId);
        if (first.step()) {
          result.outcome = RedeemOutcome::AlreadyUsed;
          result.firstRedeemedWallMs = first.integer(0);
          result.firstRedeemedWallSynced = first.integer(1) != 0;
          result.firstRedeemedUnit = first.text(2);
        } else {
          result.outcome = RedeemOutcome::Valid;
        }
      }
      stored = std::string(redeemOutcomeName(result.outcome));
    }
    std::string id = makeUuid();
    auto insert = m_db.prepare(
        "INSERT INTO redemptions (id, voucher_id, offer_id, issuing_unit, key_id, bib_hash, issued_at, unit_id,"
        " result, boot_id, mono_ms, wall_ms, wall_synced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id).bind(2, voucherId).bind(3, voucher.offerId).bind(4, voucher.unitId).bind(5, voucher.keyId);
    insert.bind(6, hashText(voucher.bibHash)).bind(7, voucher.issuedAt).bind(8, m_unitId).bind(9, stored);
    bindTimestamp(insert, 10, now);
    insert.run();
    std::string body = JsonObjectWriter()
                           .field("redemption_id", id)
                           .field("voucher_id", voucherId)
                           .field("offer_id", voucher.offerId)
                           .field("issuing_unit", voucher.unitId)
                           .field("key_id", voucher.keyId)
                           .field("issued_at", voucher.issuedAt)
                           .field("unit_id", m_unitId)
                           .field("result", stored)
                           .finish();
    appendOutbox(m_db, id, "redemption", now, body);
    tx.commit();
    result.stored = true;
    result.redemptionId = id;
  } catch (const StoreError& error) {
    // Nothing was written, so the voucher stays unused here; it must not be honoured either.
    result.stored = false;
    result.outcome = RedeemOutcome::NotStored;
    result.storeError = error.what();
  }
  return result;
}

void RedemptionLedger::recordBibCheck(const std::string& redemptionId, const Voucher& voucher, bool matched,
                                      const Timestamp& now) {
  std::string id = makeUuid();
  std::string voucherId = voucherIdText(voucher.id);
  Transaction tx(m_db);
  auto insert = m_db.prepare(
      "INSERT INTO bib_checks (id, redemption_id, voucher_id, unit_id, matched, boot_id, mono_ms, wall_ms,"
      " wall_synced) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id).bind(2, redemptionId).bind(3, voucherId).bind(4, m_unitId);
  insert.bind(5, std::int64_t{matched ? 1 : 0});
  bindTimestamp(insert, 6, now);
  insert.run();
  std::string body = JsonObjectWriter()
                         .field("bib_check_id", id)
                         .field("redemption_id", redemptionId)
                         .field("voucher_id", voucherId)
                         .field("offer_id", voucher.offerId)
                         .field("unit_id", m_unitId)
                         .field("matched", matched)
                         .finish();
  appendOutbox(m_db, id, "bib_check", now, body);
  tx.commit();
}

}  // namespace chillnode
