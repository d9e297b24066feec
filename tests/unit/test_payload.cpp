#include <catch2/catch.hpp>

#include "core/payload.hpp"

using chillnode::BibPayloadParser;
using chillnode::PayloadError;

TEST_CASE("plain bib is accepted", "[payload]") {
  auto result = BibPayloadParser().parse("0042");
  REQUIRE(result.ok());
  CHECK(result.bib == "0042");
}
