#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>
#include <string>

#include "core/payload.hpp"
#include "core/roster.hpp"
#include "demo_roster.hpp"

using chillnode::makeDemoRosterCsv;
using chillnode::parseRoster;

TEST_CASE("demo roster parses into 300 runners", "[demo]") {
  auto result = parseRoster(makeDemoRosterCsv(300, 1));
  INFO((result.error ? result.error->reason : std::string()));
  REQUIRE_FALSE(result.error);
  CHECK(result.runners.size() == 300);
}

TEST_CASE("demo roster has the fixed bibs", "[demo]") {
  for (int count : {5, 300}) {
    auto result = parseRoster(makeDemoRosterCsv(count, 7));
    REQUIRE_FALSE(result.error);
    std::set<std::string> bibs;
    for (const auto& runner : result.runners) bibs.insert(runner.bib);
    INFO("count " << count);
    CHECK(bibs.size() == static_cast<std::size_t>(count));
    CHECK(bibs.count("0042") == 1);
    CHECK(bibs.count("1234") == 1);
    CHECK(bibs.count("A-17") == 1);
    CHECK(bibs.count("0007") == 1);
    CHECK(bibs.count("2718") == 1);
  }
}

TEST_CASE("demo roster bibs are valid", "[demo]") {
  auto result = parseRoster(makeDemoRosterCsv(2000, 3));
  REQUIRE_FALSE(result.error);
  bool hasLettered = false;
  bool hasZeroPadded = false;
  for (const auto& runner : result.runners) {
    CHECK(chillnode::isValidBib(runner.bib));
    hasLettered = hasLettered || runner.bib.find('-') != std::string::npos;
    hasZeroPadded = hasZeroPadded || runner.bib.front() == '0';
  }
  CHECK(hasLettered);
  CHECK(hasZeroPadded);
}

TEST_CASE("demo roster is deterministic", "[demo]") {
  CHECK(makeDemoRosterCsv(300, 1) == makeDemoRosterCsv(300, 1));
  CHECK(makeDemoRosterCsv(300, 1) != makeDemoRosterCsv(300, 2));
}

TEST_CASE("demo roster export format", "[demo]") {
  std::string csv = makeDemoRosterCsv(300, 1);
  CHECK(csv.rfind("Bib #,First Name,Last Name,Gender,Age,Email,Event,Wave,Team\r\n", 0) == 0);
  CHECK(csv.find("\r\n") != std::string::npos);
  CHECK(csv.find('\n') == csv.find("\r\n") + 1);
  CHECK(csv.find("\"Run, Forrest, Run\"") != std::string::npos);
  CHECK(csv.find("\"The \"\"Early Birds\"\"\"") != std::string::npos);
  CHECK(csv.find("O'") != std::string::npos);
  CHECK(csv.find("Zoë") != std::string::npos);
}

TEST_CASE("demo roster size out of range", "[demo]") {
  CHECK_THROWS_AS(makeDemoRosterCsv(4, 1), std::invalid_argument);
  CHECK_THROWS_AS(makeDemoRosterCsv(chillnode::MaxDemoRunners + 1, 1), std::invalid_argument);
  CHECK_NOTHROW(makeDemoRosterCsv(chillnode::MaxDemoRunners, 1));
}
