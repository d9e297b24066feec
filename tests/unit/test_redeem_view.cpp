#include <catch2/catch.hpp>

#include "app/redeem_view.hpp"

using namespace chillnode;

namespace {

Offer smoothie() {
  Offer offer;
  offer.id = "smoothie";
  offer.sponsorId = "juice";
  offer.title = "Free smoothie";
  offer.terms = "One per runner.";
  return offer;
}

// A result for a voucher whose layout parsed, with the given outcome and signature check.
RedeemResult resultFor(RedeemOutcome outcome, VoucherProblem problem, const Offer* offer) {
  RedeemResult result;
  result.outcome = outcome;
  result.problem = problem;
  result.offer = offer;
  Voucher voucher;
  voucher.id.fill(0xab);
  voucher.offerId = "smoothie";
  result.voucher = voucher;
  return result;
}

}  // namespace

TEST_CASE("redeem view of a valid voucher shows its offer", "[voucher][redeem]") {
  Offer offer = smoothie();
  RedeemView view = redeemViewOf(resultFor(RedeemOutcome::Valid, VoucherProblem::None, &offer));
  CHECK(view.verdict == RedeemVerdict::Valid);
  CHECK(view.title == "Free smoothie");
  CHECK(view.terms == "One per runner.");
  CHECK(view.shortId == "abababab");
}

TEST_CASE("redeem view of a used voucher names the first unit", "[voucher][redeem]") {
  Offer offer = smoothie();
  RedeemResult result = resultFor(RedeemOutcome::AlreadyUsed, VoucherProblem::None, &offer);
  result.firstRedeemedUnit = "juice-a";
  result.firstRedeemedWallMs = 1'700'000'000'000;
  RedeemView view = redeemViewOf(result);
  CHECK(view.verdict == RedeemVerdict::AlreadyUsed);
  CHECK(view.title == "Free smoothie");
  CHECK(view.firstUnit == "juice-a");
  CHECK(view.firstWallMs == 1'700'000'000'000);
}

TEST_CASE("redeem view of a forged voucher hides its claims", "[voucher][redeem][bad-input]") {
  // A forged or unknown-key voucher parses, so the ledger finds the offer it names. None of
  // it passed the signature check, so none of it may show.
  Offer offer = smoothie();
  for (VoucherProblem problem : {VoucherProblem::Forged, VoucherProblem::UnknownKey}) {
    INFO("problem " << voucherProblemName(problem));
    RedeemView view = redeemViewOf(resultFor(RedeemOutcome::UnknownOrForged, problem, &offer));
    CHECK(view.verdict == RedeemVerdict::UnknownOrForged);
    CHECK(view.title.empty());
    CHECK(view.terms.empty());
    CHECK(view.shortId.empty());
  }

  // The same holds when the attempt could not be stored either.
  RedeemView notStored = redeemViewOf(resultFor(RedeemOutcome::NotStored, VoucherProblem::Forged, &offer));
  CHECK(notStored.verdict == RedeemVerdict::NotStored);
  CHECK(notStored.title.empty());
  CHECK(notStored.shortId.empty());
}

TEST_CASE("redeem view of another sponsor's voucher hides the offer", "[voucher][redeem]") {
  Offer offer = smoothie();
  RedeemView view = redeemViewOf(resultFor(RedeemOutcome::NotForThisSponsor, VoucherProblem::None, &offer));
  CHECK(view.verdict == RedeemVerdict::NotForThisSponsor);
  CHECK(view.title.empty());
  CHECK(view.shortId == "abababab");
}

TEST_CASE("redeem view of an expired voucher shows its offer", "[voucher][redeem]") {
  Offer offer = smoothie();
  RedeemView view = redeemViewOf(resultFor(RedeemOutcome::Expired, VoucherProblem::Expired, &offer));
  CHECK(view.verdict == RedeemVerdict::Expired);
  CHECK(view.title == "Free smoothie");
  CHECK(view.shortId == "abababab");
}

TEST_CASE("redeem view of junk text is bare", "[voucher][redeem][bad-input]") {
  RedeemResult junk;  // not a voucher at all: no layout, no offer
  RedeemView view = redeemViewOf(junk);
  CHECK(view.verdict == RedeemVerdict::UnknownOrForged);
  CHECK(view.title.empty());
  CHECK(view.shortId.empty());
}
