#pragma once
// Reads the unit's role, its voucher keys and the sponsor offers from the parsed config.
//
//   [unit] role = "booth" | "sponsor"
//   [vouchers] signing_key = "FILE" (booth), sponsor = "ID" (sponsor unit)
//   [[vouchers.public_keys]] id = "booth-a", key = "BASE64", bib_key = "BASE64" (sponsor unit)
//   [[offers]] id, sponsor, sponsor_name, title, terms, valid_until, stations, per_runner,
//              stock, logo

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/offer.hpp"
#include "core/voucher.hpp"

namespace chillnode {

enum class UnitRole { Booth, Sponsor };

struct VoucherConfig {
  UnitRole role = UnitRole::Booth;
  std::string signingKeyFile;         // booth: without one, no vouchers are issued
  std::string sponsorId;              // sponsor unit: the sponsor whose offers it redeems
  std::vector<VerifyKey> publicKeys;  // sponsor unit
  std::vector<Offer> offers;
};

// Throws ConfigError naming the file and key for a bad value, an unknown key, a repeated
// offer or key id, an offer for an unknown station type, a sponsor unit with no sponsor or
// no public keys, or a logo that is not a PNG file.
VoucherConfig readVoucherConfig(const toml::table& table, const std::string& file,
                                const std::vector<std::string>& stationIds);

}  // namespace chillnode
