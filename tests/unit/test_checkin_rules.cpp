#include <catch2/catch.hpp>

#include "core/checkin.hpp"
#include "core/json_writer.hpp"
#include "core/repeat_filter.hpp"
#include "core/uuid.hpp"

using namespace chillnode;

namespace {

constexpr std::int64_t Hour = 3600 * 1000;
// 2026-10-04 08:00 UTC, a race morning.
constexpr std::int64_t RaceMorningMs = 1'791'100'800'000;

Timestamp at(std::int64_t wallMs, std::int64_t monoMs, const char* boot = "boot-a", int offset = 0) {
  Timestamp t;
  t.wallMs = wallMs;
  t.wallSynced = true;
  t.bootId = boot;
  t.monoMs = monoMs;
  t.utcOffsetMinutes = offset;
  return t;
}

}  // namespace

TEST_CASE("unknown bib is not checked in", "[checkin]") {
  CHECK(decideCheckIn(false, std::nullopt, at(RaceMorningMs, 0)) == CheckInOutcome::UnknownBib);
}

TEST_CASE("first scan of the day checks in", "[checkin]") {
  CHECK(decideCheckIn(true, std::nullopt, at(RaceMorningMs, 0)) == CheckInOutcome::CheckedIn);
}

TEST_CASE("second scan the same day is a visit", "[checkin]") {
  auto first = at(RaceMorningMs, 1000);
  auto second = at(RaceMorningMs + 3 * Hour, 1000 + 3 * Hour);
  CHECK(decideCheckIn(true, first, second) == CheckInOutcome::AlreadyCheckedIn);
}

TEST_CASE("scan the next day checks in again", "[checkin]") {
  auto first = at(RaceMorningMs, 1000);
  auto nextDay = at(RaceMorningMs + 25 * Hour, 1000 + 25 * Hour);
  CHECK(decideCheckIn(true, first, nextDay) == CheckInOutcome::CheckedIn);
}

TEST_CASE("wall clock jump within a boot changes nothing", "[checkin][time]") {
  // The clock was at 1970 for the first scan and synchronized by the second. The monotonic
  // clock shows 2 h between them, so it is the same race day.
  auto first = at(5 * Hour, 1000);
  first.wallSynced = false;
  auto second = at(RaceMorningMs + 2 * Hour, 1000 + 2 * Hour);
  CHECK(isSameRaceDay(first, second));
  CHECK(decideCheckIn(true, first, second) == CheckInOutcome::AlreadyCheckedIn);
}

TEST_CASE("wall clock jump backwards changes nothing", "[checkin][time]") {
  auto first = at(RaceMorningMs, 1000);
  auto second = at(RaceMorningMs - 20LL * 365 * 24 * Hour, 1000 + Hour);
  CHECK(isSameRaceDay(first, second));
}

TEST_CASE("local midnight separates race days", "[checkin][time]") {
  // UTC-5: 23:30 and 00:30 local are different days though one hour apart.
  std::int64_t localMidnightUtc = RaceMorningMs - 8 * Hour + 5 * Hour + 24 * Hour;
  auto before = at(localMidnightUtc - Hour / 2, 0, "boot-a", -300);
  auto after = at(localMidnightUtc + Hour / 2, Hour, "boot-a", -300);
  CHECK_FALSE(isSameRaceDay(before, after));
}

TEST_CASE("across reboots wall dates decide", "[checkin][time]") {
  auto first = at(RaceMorningMs, 5000, "boot-a");
  auto sameDay = at(RaceMorningMs + Hour, 100, "boot-b");
  auto nextDay = at(RaceMorningMs + 24 * Hour, 100, "boot-b");
  CHECK(isSameRaceDay(first, sameDay));
  CHECK_FALSE(isSameRaceDay(first, nextDay));
}

TEST_CASE("outcome names are stable", "[checkin]") {
  CHECK(outcomeName(CheckInOutcome::CheckedIn) == "checked in");
  CHECK(outcomeName(CheckInOutcome::AlreadyCheckedIn) == "already checked in");
  CHECK(outcomeName(CheckInOutcome::UnknownBib) == "unknown bib");
  CHECK(outcomeName(CheckInOutcome::InvalidPayload) == "invalid payload");
}

TEST_CASE("repeat filter counts a held bib once", "[scan]") {
  RepeatFilter filter(5000);
  CHECK(filter.accept("0042", 0));
  CHECK_FALSE(filter.accept("0042", 1000));
  CHECK_FALSE(filter.accept("0042", 5500));  // still held: each sighting extends the hold-off
  CHECK(filter.accept("0042", 11'000));
  CHECK(filter.accept("1234", 11'100));
  CHECK_FALSE(filter.accept("0042", 11'200));  // another code in between does not reset it
}

TEST_CASE("repeat filter holds off each code", "[scan]") {
  RepeatFilter filter(5000);
  CHECK(filter.accept("BIB:0042", 0));
  CHECK(filter.accept("BIB:A-17", 500));
  // The scanner alternates between two codes in view: neither counts again.
  for (std::int64_t t = 1000; t < 6000; t += 500) {
    CHECK_FALSE(filter.accept(t % 1000 == 0 ? "BIB:0042" : "BIB:A-17", t));
  }
  CHECK(filter.accept("BIB:0042", 12'000));
}

TEST_CASE("repeat filter forgets the oldest code", "[scan]") {
  RepeatFilter filter(60'000);
  for (std::size_t i = 0; i < RepeatFilter::MaxRemembered + 5; ++i) {
    CHECK(filter.accept("code-" + std::to_string(i), static_cast<std::int64_t>(i)));
  }
  CHECK(filter.accept("code-0", 100));
  CHECK_FALSE(filter.accept("code-36", 101));
}

TEST_CASE("uuid has version 4 form", "[uuid]") {
  std::string a = makeUuid();
  std::string b = makeUuid();
  REQUIRE(a.size() == 36);
  CHECK(a[8] == '-');
  CHECK(a[14] == '4');
  CHECK((a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b'));
  CHECK(a != b);
}

TEST_CASE("json writer escapes strings", "[json]") {
  std::string text = JsonObjectWriter()
                         .field("bib", std::string_view("A\"1\\7\n"))
                         .field("n", std::int64_t{-5})
                         .field("ok", true)
                         .finish();
  CHECK(text == R"({"bib":"A\"1\\7\u000a","n":-5,"ok":true})");
}
