#include <catch2/catch.hpp>

#include "store/roster_store.hpp"
#include "temp_dir.hpp"

using chillnode::Database;
using chillnode::importRunners;
using chillnode::Runner;
using chillnode::test::TempDir;

namespace {

Runner makeRunner(const char* bib, const char* firstName, std::optional<int> age = {}) {
  Runner runner;
  runner.bib = bib;
  runner.firstName = firstName;
  runner.age = age;
  return runner;
}

}  // namespace

TEST_CASE("roster import counts unchanged runners", "[store][roster]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  importRunners(db, {makeRunner("0042", "Zoë", 34), makeRunner("42", "Sam"),
                     makeRunner("A-17", "Seán")});

  auto counts = importRunners(db, {makeRunner("0042", "Zoë", 34), makeRunner("42", "Samuel"),
                                   makeRunner("A-17", "Seán", 51), makeRunner("7", "Ana")});
  CHECK(counts.added == 1);
  CHECK(counts.updated == 2);
  CHECK(counts.unchanged == 1);
  CHECK(chillnode::countRunners(db) == 4);

  auto again = importRunners(db, {makeRunner("42", "Samuel"), makeRunner("A-17", "Seán", 51)});
  CHECK(again.added == 0);
  CHECK(again.updated == 0);
  CHECK(again.unchanged == 2);
}

TEST_CASE("roster import stores changed fields", "[store][roster]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  importRunners(db, {makeRunner("0042", "Zoë", 34)});
  auto counts = importRunners(db, {makeRunner("0042", "Zoë")});
  CHECK(counts.updated == 1);
  auto stored = chillnode::findRunner(db, "0042");
  REQUIRE(stored.has_value());
  CHECK_FALSE(stored->age.has_value());
}
