#pragma once
// Sponsor offers: what a completed session earns, from the config, with no I/O.

#include <cstdint>
#include <string>
#include <vector>

namespace chillnode {

struct Offer {
  std::string id;           // short key printed in vouchers and reports
  std::string sponsorId;    // which sponsor redeems it; a sponsor unit accepts only its own
  std::string sponsorName;  // as the voucher and the attract screen show it
  std::string title;        // "Free recovery smoothie"
  std::string terms;        // "One per runner, at the Fresh Juice stall until 18:00."
  std::int64_t validUntil = 0;         // Unix seconds; also every voucher's expiry
  std::vector<std::string> stations;   // station type ids whose sessions earn it
  int perRunner = 1;                   // vouchers of this offer per runner, ever
  int stock = 0;                       // vouchers of this offer in all
  std::string logoPath;                // PNG, optional
};

// The offers a session of this station type may earn at nowUnix, in config order: those
// listing the type and still valid. Stock and per-runner limits are the store's to check,
// inside the transaction that issues the voucher.
std::vector<const Offer*> offersFor(const std::vector<Offer>& offers, const std::string& stationId,
                                    std::int64_t nowUnix);

}  // namespace chillnode
