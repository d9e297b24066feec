// Fuzz target: the roster CSV parser. A parse either fails with a line number inside the
// file or returns runners with valid, distinct bibs.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "core/payload.hpp"
#include "core/roster.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  chillnode::RosterParseResult result = chillnode::parseRoster(text);
  if (result.error) {
    if (!result.runners.empty()) std::abort();
    return 0;
  }
  std::set<std::string> bibs;
  for (const chillnode::Runner& runner : result.runners) {
    if (!chillnode::isValidBib(runner.bib)) std::abort();
    if (!bibs.insert(runner.bib).second) std::abort();
  }
  return 0;
}
