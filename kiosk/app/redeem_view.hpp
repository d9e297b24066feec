#pragma once
// What a sponsor unit's redeem screen shows for a ledger result.

#include "core/kiosk_flow.hpp"
#include "store/voucher_store.hpp"

namespace chillnode {

// Maps a redemption attempt to its screen verdict and details. The offer's title and terms
// and the voucher id show only for a voucher whose signature verified, so a forged code
// cannot put a genuine offer on screen. A voucher for another sponsor shows its id but not
// the other sponsor's offer.
RedeemView redeemViewOf(const RedeemResult& result);

}  // namespace chillnode
