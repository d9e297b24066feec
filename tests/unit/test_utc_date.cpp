#include <catch2/catch.hpp>

#include "core/time.hpp"

using chillnode::parseUtcDateMs;

TEST_CASE("UTC date parses to midnight", "[time][purge]") {
  CHECK(parseUtcDateMs("1970-01-01") == 0);
  CHECK(parseUtcDateMs("2026-10-12") == 1'791'763'200'000);
  CHECK(parseUtcDateMs("2028-02-29") == 1'835'395'200'000);
  CHECK(parseUtcDateMs("9999-12-31").has_value());
}

TEST_CASE("UTC date rejects other forms", "[time][purge][bad-input]") {
  for (const char* text : {"", "2026-10-1", "2026-1-10", "26-10-12", "2026/10/12", "2026-10-12 ", "2026-10-12Z",
                           "2026-00-10", "2026-13-10", "2026-10-00", "2026-10-32", "2027-02-29", "1969-12-31",
                           "+026-10-12", "2026-1a-12", "２０２６-10-12"}) {
    INFO(text);
    CHECK_FALSE(parseUtcDateMs(text).has_value());
  }
}
