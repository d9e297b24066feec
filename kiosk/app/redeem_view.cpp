#include "app/redeem_view.hpp"

namespace chillnode {

namespace {

RedeemVerdict verdictOf(RedeemOutcome outcome) {
  switch (outcome) {
    case RedeemOutcome::Valid: return RedeemVerdict::Valid;
    case RedeemOutcome::AlreadyUsed: return RedeemVerdict::AlreadyUsed;
    case RedeemOutcome::Expired: return RedeemVerdict::Expired;
    case RedeemOutcome::NotForThisSponsor: return RedeemVerdict::NotForThisSponsor;
    case RedeemOutcome::UnknownOrForged: return RedeemVerdict::UnknownOrForged;
    case RedeemOutcome::NotStored: return RedeemVerdict::NotStored;
  }
  return RedeemVerdict::UnknownOrForged;
}

}  // namespace

RedeemView redeemViewOf(const RedeemResult& result) {
  RedeemView view;
  view.verdict = verdictOf(result.outcome);
  // Only a voucher accepted now leads to the request for the runner's bib.
  if (view.verdict == RedeemVerdict::Valid) view.bibCheck = BibCheckState::Waiting;
  // checkVoucher tests the signature before the expiry, so an expired voucher is genuine.
  bool verified = result.problem == VoucherProblem::None || result.problem == VoucherProblem::Expired;
  if (!verified) return view;
  if (result.offer && result.outcome != RedeemOutcome::NotForThisSponsor) {
    view.title = result.offer->title;
    view.terms = result.offer->terms;
  }
  if (result.voucher) view.shortId = voucherIdText(result.voucher->id).substr(0, 8);
  view.firstUnit = result.firstRedeemedUnit;
  view.firstWallMs = result.firstRedeemedWallMs;
  return view;
}

}  // namespace chillnode
