#pragma once
// Command-line tools for vouchers: key generation, redeeming without a screen, and the
// per-offer report. Each returns the process exit code.

#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace chillnode {

// Writes a new signing key (mode 0600) and prints the lines a sponsor unit's config takes.
// Exit 0, 2 for an id that breaks the rules, 1 when the file cannot be written.
int runKeysGenerate(const std::string& keyId, const std::string& path);

// Redeems one voucher as a sponsor unit would and prints "OUTCOME<TAB>OFFER<TAB>DETAIL".
// With bibPayload (a bib code, parsed as the booth parses bib QR codes), a valid voucher is
// then checked against the runner's bib, the check is stored, and a second line
// "bib_check<TAB>same_runner" or "bib_check<TAB>different_runner" follows.
// Exit status: 0 valid (and the same runner), 5 already used, 6 expired, 7 not for this
// sponsor, 8 unknown or forged, 9 valid but a different runner's bib. 2 is a bib code that
// contains no bib, 1 a unit that is not a sponsor unit or a database that cannot be written.
int runRedeem(const Config& config, const std::string& payload, const std::optional<std::string>& bibPayload);

// Prints per offer: issued, redeemed, redemption rate and the median time from issue to
// redemption, over the unit's database and any more given (copies from other units).
// With csv, prints the same as CSV with a header line. Exit 0, or 1 when a database fails.
int runVoucherReport(const Config& config, const std::vector<std::string>& moreDatabases, bool csv);

}  // namespace chillnode
