#include "core/roster.hpp"

namespace chillnode {

// NOTE: placeholder; the CSV parser replaces it.
RosterParseResult parseRoster(std::string_view csvText) {
  RosterParseResult result;
  if (csvText.empty()) result.error = RosterError{1, "file is empty"};
  return result;
}

}  // namespace chillnode
