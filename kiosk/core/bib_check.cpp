#include "core/bib_check.hpp"

#include <sodium.h>

namespace chillnode {

bool bibMatches(const BibHash& voucherBibHash, std::string_view bib, const BibKey& bibKey) {
  BibHash scanned = hashBib(bib, bibKey);
  return sodium_memcmp(scanned.data(), voucherBibHash.data(), scanned.size()) == 0;
}

void BibCheckWindow::open(std::string redemptionId, const BibHash& voucherBibHash, const BibKey& bibKey,
                          std::int64_t nowMs) {
  m_open = true;
  m_redemptionId = std::move(redemptionId);
  m_bibHash = voucherBibHash;
  m_bibKey = bibKey;
  m_openedMs = nowMs;
}

void BibCheckWindow::close() {
  m_open = false;
  m_redemptionId.clear();
}

bool BibCheckWindow::isOpen(std::int64_t nowMs) const {
  return m_open && nowMs >= m_openedMs && nowMs - m_openedMs <= BibCheckWindowMs;
}

std::optional<BibCheckResult> BibCheckWindow::check(std::string_view bib, std::int64_t nowMs) {
  if (!isOpen(nowMs)) {
    close();
    return std::nullopt;
  }
  BibCheckResult result{m_redemptionId, bibMatches(m_bibHash, bib, m_bibKey)};
  close();
  return result;
}

}  // namespace chillnode
