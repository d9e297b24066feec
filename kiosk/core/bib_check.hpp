#pragma once
// The sponsor unit's bib check. After a Valid verdict the runner shows their race bib to the
// camera, and the bib is compared with the voucher's keyed bib hash, so a voucher passed to a
// friend shows at the stall. The bib itself is only hashed, never kept.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/voucher.hpp"

namespace chillnode {

// How long after a Valid verdict a scanned bib still counts for that voucher.
constexpr std::int64_t BibCheckWindowMs = 60'000;

// True when bib hashes to the voucher's bib hash under the bib key. Compares in constant
// time. bib is a bib as BibPayloadParser returns it.
bool bibMatches(const BibHash& voucherBibHash, std::string_view bib, const BibKey& bibKey);

struct BibCheckResult {
  std::string redemptionId;  // the Valid redemption the bib was checked for
  bool matched = false;
};

// The bib check of the last Valid verdict. Times are monotonic ms from one clock. A window
// opens at a Valid verdict and ends at its first bib check, after BibCheckWindowMs, or at the
// next voucher scan, so a bib is only ever compared with the voucher just accepted.
class BibCheckWindow {
public:
  // Opens the check for a voucher accepted at nowMs, replacing any open one.
  void open(std::string redemptionId, const BibHash& voucherBibHash, const BibKey& bibKey, std::int64_t nowMs);
  // Ends the check without a result: another voucher was scanned.
  void close();
  bool isOpen(std::int64_t nowMs) const;
  // Compares a scanned bib with the open check's voucher and ends the check. Returns
  // nullopt when no check is open at nowMs.
  std::optional<BibCheckResult> check(std::string_view bib, std::int64_t nowMs);

private:
  bool m_open = false;
  std::string m_redemptionId;
  BibHash m_bibHash{};
  BibKey m_bibKey{};
  std::int64_t m_openedMs = 0;
};

}  // namespace chillnode
