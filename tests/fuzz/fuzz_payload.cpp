// Fuzz target: the bib payload parser, with and without an operator's pattern. Whatever
// the input, a bib that comes out must be a valid bib, and a rejection must carry no bib.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/payload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const chillnode::BibPayloadParser plain;
  static const chillnode::BibPayloadParser patterned(R"(RUNNER-(\w{1,8})/2026)");
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const chillnode::BibPayloadParser* parser : {&plain, &patterned}) {
    chillnode::BibPayload result = parser->parse(text);
    if (result.ok() != chillnode::isValidBib(result.bib)) std::abort();
    if (result.ok() && size > chillnode::MaxPayloadBytes) std::abort();
  }
  return 0;
}
