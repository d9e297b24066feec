#include <catch2/catch.hpp>

#include "core/text.hpp"
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

TEST_CASE("runner lookup folds case and accents", "[store][roster]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  Runner noemie = makeRunner("7522", "Noémie");
  noemie.lastName = "Łukaszewska";
  Runner percent = makeRunner("50%", "Ana");
  importRunners(db, {noemie, makeRunner("1750", "Sam"), percent, makeRunner("5012", "Jürgen"),
                     makeRunner("75", "Ørjan")});

  auto bibs = [&](const std::string& text) {
    std::vector<std::string> found;
    for (const Runner& runner : chillnode::searchRunners(db, text, 10)) found.push_back(runner.bib);
    return found;
  };
  // Bib prefixes first, in bib order, then names.
  CHECK(bibs("75") == std::vector<std::string>{"75", "7522"});
  // The staff keyboard types A to Z only.
  CHECK(bibs("NOEMIE") == std::vector<std::string>{"7522"});
  CHECK(bibs("lukasz") == std::vector<std::string>{"7522"});
  CHECK(bibs("JURG") == std::vector<std::string>{"5012"});
  CHECK(bibs("orjan") == std::vector<std::string>{"75"});
  // Typed exactly, accents match too.
  CHECK(bibs("Noé") == std::vector<std::string>{"7522"});
  // LIKE's wildcards are plain characters in an entry.
  CHECK(bibs("50%") == std::vector<std::string>{"50%"});
  CHECK(bibs("_").empty());
  CHECK(bibs("zz").empty());
  CHECK(chillnode::searchRunners(db, "", 2).size() == 2);
}

TEST_CASE("search folding maps Latin letters to their base", "[text]") {
  CHECK(chillnode::foldForSearch("Noémie ÆSØP Straße Łódź") == "noemie aesop strasse lodz");
  CHECK(chillnode::foldForSearch("ÀÿĀſ") == "ayas");
  // Signs, other scripts and broken bytes pass through.
  CHECK(chillnode::foldForSearch("2×3 Δ 東") == "2×3 Δ 東");
  CHECK(chillnode::foldForSearch(std::string("\xC3", 1)) == std::string("\xC3", 1));
}
