#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/roster.hpp"

using chillnode::parseRoster;
using chillnode::Runner;

namespace {

std::string readDataFile(const std::string& name) {
  std::string path = std::string(CHILLNODE_TEST_DATA) + "/roster/" + name;
  std::ifstream file(path, std::ios::binary);
  REQUIRE(file.is_open());
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

std::string errorReason(const chillnode::RosterParseResult& result) {
  return result.error ? result.error->reason : std::string();
}

}  // namespace

TEST_CASE("bib header spellings", "[roster]") {
  const std::vector<std::string> spellings = {
      "bib", "Bib", "BIB", "Bib Number", "bib_number", "BIB #", "Bib #", "Bib No.",
      "bib-no", "Race Number", "race_number", "  Bib  ", "\"Bib #\""};
  for (const std::string& spelling : spellings) {
    INFO("header " << spelling);
    auto result = parseRoster(spelling + ",First Name\nA-17,Zoë\n");
    REQUIRE_FALSE(result.error);
    REQUIRE(result.runners.size() == 1);
    CHECK(result.runners[0].bib == "A-17");
  }
}

TEST_CASE("field header spellings", "[roster]") {
  struct Case {
    std::string header;
    std::string Runner::*field;
  };
  const std::vector<Case> cases = {
      {"First Name", &Runner::firstName},  {"first_name", &Runner::firstName},
      {"given_name", &Runner::firstName},  {"Given Name", &Runner::firstName},
      {"Last Name", &Runner::lastName},    {"Surname", &Runner::lastName},
      {"Family Name", &Runner::lastName},  {"Gender", &Runner::gender},
      {"Sex", &Runner::gender},            {"Date of Birth", &Runner::dateOfBirth},
      {"DOB", &Runner::dateOfBirth},       {"Birthdate", &Runner::dateOfBirth},
      {"E-mail", &Runner::email},          {"Email", &Runner::email},
      {"Email Address", &Runner::email},   {"Event", &Runner::event},
      {"Race", &Runner::event},            {"Distance", &Runner::distance},
      {"Wave", &Runner::wave},             {"Corral", &Runner::wave},
      {"Team", &Runner::team},             {"Club", &Runner::team},
      {"TEAM/CLUB", &Runner::team},
  };
  for (const Case& c : cases) {
    INFO("header " << c.header);
    auto result = parseRoster("Bib," + c.header + "\n1,Värde O'Neil\n");
    REQUIRE_FALSE(result.error);
    REQUIRE(result.runners.size() == 1);
    CHECK(result.runners[0].*c.field == "Värde O'Neil");
  }
}

TEST_CASE("age header and values", "[roster]") {
  auto result = parseRoster("Bib,Age\n1,0\n2,120\n3,\n4, 35 \n5,007\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 5);
  CHECK(result.runners[0].age == 0);
  CHECK(result.runners[1].age == 120);
  CHECK_FALSE(result.runners[2].age.has_value());
  CHECK(result.runners[3].age == 35);
  CHECK(result.runners[4].age == 7);
}

TEST_CASE("unknown columns are ignored", "[roster]") {
  auto result = parseRoster("Shirt Size,Bib,Emergency Contact\nL,5,+1 555 0100\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 1);
  CHECK(result.runners[0].bib == "5");
}

TEST_CASE("full name splits at first space", "[roster]") {
  auto result = parseRoster("Bib,Name\n1,Zoë Núñez\n2,Mary Ann O'Brien\n3,Björk\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 3);
  CHECK(result.runners[0].firstName == "Zoë");
  CHECK(result.runners[0].lastName == "Núñez");
  CHECK(result.runners[1].firstName == "Mary");
  CHECK(result.runners[1].lastName == "Ann O'Brien");
  CHECK(result.runners[2].firstName == "Björk");
  CHECK(result.runners[2].lastName.empty());
}

TEST_CASE("first name column beats full name", "[roster]") {
  auto result = parseRoster("Bib,Full Name,First Name,Last Name\n1,Zoë Núñez,Zoé,Nunez\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 1);
  CHECK(result.runners[0].firstName == "Zoé");
  CHECK(result.runners[0].lastName == "Nunez");
}

TEST_CASE("semicolon CRLF file with BOM", "[roster]") {
  auto result = parseRoster(readDataFile("race_roster_semicolon_crlf_bom.csv"));
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 3);
  const Runner& zoe = result.runners[0];
  CHECK(zoe.bib == "0042");
  CHECK(zoe.firstName == "Zoë");
  CHECK(zoe.lastName == "Núñez");
  CHECK(zoe.gender == "F");
  CHECK(zoe.dateOfBirth == "1988-04-02");
  CHECK(zoe.email == "zoe@example.org");
  CHECK(zoe.distance == "42.195 km");
  CHECK(zoe.wave == "A");
  CHECK(zoe.team == "Club Atlético");
  CHECK(result.runners[1].lastName == "O'Brien");
  CHECK(result.runners[1].team == "Harriers; Dublin");
  CHECK(result.runners[2].bib == "A-17");
  CHECK(result.runners[2].firstName == "François");
  CHECK(result.runners[2].team.empty());
}

TEST_CASE("tab separated file", "[roster]") {
  auto result = parseRoster(readDataFile("race_roster_tab.csv"));
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 3);
  CHECK(result.runners[0].bib == "7");
  CHECK(result.runners[0].firstName == "Łukasz");
  CHECK(result.runners[0].lastName == "Kowalski-Nowak");
  CHECK(result.runners[0].age == 34);
  CHECK(result.runners[1].bib == "0007");
  CHECK(result.runners[1].lastName == "Ann D'Arcy");
  CHECK_FALSE(result.runners[1].age.has_value());
  CHECK(result.runners[2].team == "Reykjavík Runners");  // the tab became a space
}

TEST_CASE("quoted commas quotes and newlines", "[roster]") {
  auto result = parseRoster(readDataFile("race_roster_quoted.csv"));
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 3);
  CHECK(result.runners[0].bib == "0042");
  CHECK(result.runners[0].lastName == "Smith, Jr.");
  CHECK(result.runners[0].team == "The \"Fast\" Ones");
  CHECK(result.runners[1].bib == "99");
  CHECK(result.runners[1].firstName == "Ana");
  CHECK(result.runners[1].lastName == "Line one line two");  // the line break became a space
  CHECK(result.runners[1].team == "  padded team  ");
  CHECK(result.runners[1].age == 40);
  CHECK(result.runners[2].bib == "B-5");
  CHECK(result.runners[2].lastName == "O'Connor");
}

TEST_CASE("lettered and leading-zero bibs", "[roster]") {
  auto result = parseRoster("Bib\n0042\n42\nA-17\nb-17\n0007\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 5);
  CHECK(result.runners[0].bib == "0042");
  CHECK(result.runners[1].bib == "42");
  CHECK(result.runners[2].bib == "A-17");
  CHECK(result.runners[3].bib == "B-17");
  CHECK(result.runners[4].bib == "0007");
}

TEST_CASE("imported bibs become upper case", "[roster]") {
  auto result = parseRoster("Bib,First Name\na-17,Seán\nx_1.b,Ana\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 2);
  CHECK(result.runners[0].bib == "A-17");
  CHECK(result.runners[1].bib == "X_1.B");
}

TEST_CASE("bibs differing in case collide", "[roster]") {
  auto result = parseRoster("Bib,First Name\na-17,Seán\n42,Sam\nA-17,Ana\n");
  REQUIRE(result.error);
  CHECK(result.error->line == 4);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 4, column \"Bib\": bib \"A-17\""));
  CHECK_THAT(errorReason(result), Catch::Contains("already used on line 2 as \"a-17\""));
  CHECK_THAT(errorReason(result), Catch::Contains("ignoring letter case"));
  CHECK(result.runners.empty());
}

TEST_CASE("imported bib of only punctuation", "[roster]") {
  auto result = parseRoster("Bib\n1\n---\n");
  REQUIRE(result.error);
  CHECK(result.error->line == 3);
  CHECK_THAT(errorReason(result), Catch::Contains("bib \"---\" is not valid"));
  CHECK_THAT(errorReason(result), Catch::Contains("at least one letter or digit"));
}

TEST_CASE("control characters are removed", "[roster]") {
  auto result = parseRoster("Bib,First Name,Last Name,Team,Email\n"
                            "1,\"Zo\x07\xC3\xAB\",\"Line one\r\n\tline two\","
                            "\"A\x1B[31mB\xC2\x85\x43\x7F\",ana\x01@example.org\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 1);
  const Runner& runner = result.runners[0];
  CHECK(runner.firstName == "Zoë");
  CHECK(runner.lastName == "Line one line two");
  CHECK(runner.team == "A[31mBC");
  CHECK(runner.email == "ana@example.org");
}

TEST_CASE("full name splits at line break", "[roster]") {
  auto result = parseRoster("Bib,Name\n1,\"Zoë\nNúñez\"\n2,\"Ana\x01Ruiz\"\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 2);
  CHECK(result.runners[0].firstName == "Zoë");
  CHECK(result.runners[0].lastName == "Núñez");
  CHECK(result.runners[1].firstName == "AnaRuiz");
  CHECK(result.runners[1].lastName.empty());
}

TEST_CASE("long names are cut at characters", "[roster]") {
  std::string e = "\xC3\xA9";           // é, 2 bytes
  std::string runner = "\xF0\x9F\x8F\x83";  // U+1F3C3, 4 bytes
  std::string first;
  for (int i = 0; i < 70; ++i) first += e;
  std::string last = std::string(63, 'x') + runner + runner;
  std::string team;
  for (int i = 0; i < 300; ++i) team += e;
  auto result = parseRoster("Bib,First Name,Last Name,Team\n1," + first + "," + last + "," +
                            team + "\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 1);
  CHECK(result.runners[0].firstName.size() == 64 * e.size());
  CHECK(result.runners[0].firstName == first.substr(0, 64 * e.size()));
  CHECK(result.runners[0].lastName == std::string(63, 'x') + runner);
  CHECK(result.runners[0].team.size() == 256 * e.size());
}

TEST_CASE("full name parts are cut", "[roster]") {
  auto result = parseRoster("Bib,Name\n1," + std::string(80, 'a') + " " + std::string(80, 'b') +
                            "\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 1);
  CHECK(result.runners[0].firstName == std::string(64, 'a'));
  CHECK(result.runners[0].lastName == std::string(64, 'b'));
}

TEST_CASE("duplicate columns are rejected", "[roster]") {
  auto result = parseRoster("Bib #,First Name,Bib #\n1,Ana,2\n");
  REQUIRE(result.error);
  CHECK(result.error->line == 1);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 1: columns \"Bib #\" (field 1) and "
                                                    "\"Bib #\" (field 3) both contain the bib"));
  CHECK_THAT(errorReason(result), Catch::Contains("delete one of them"));
  CHECK(result.runners.empty());
}

TEST_CASE("duplicate column aliases are rejected", "[roster]") {
  auto result = parseRoster("Bib,Team,Shirt,Club\n1,Harriers,L,Harriers\n");
  REQUIRE(result.error);
  CHECK_THAT(errorReason(result), Catch::Contains("columns \"Team\" (field 2) and \"Club\" "
                                                  "(field 4) both contain the team"));
}

TEST_CASE("header without rows is empty roster", "[roster]") {
  auto result = parseRoster("Bib,First Name\r\n");
  CHECK_FALSE(result.error);
  CHECK(result.runners.empty());
}

TEST_CASE("fewer fields than header", "[roster]") {
  auto result = parseRoster("Bib,First Name,Last Name\n9,Ana\n");
  REQUIRE_FALSE(result.error);
  REQUIRE(result.runners.size() == 1);
  CHECK(result.runners[0].firstName == "Ana");
  CHECK(result.runners[0].lastName.empty());
}

TEST_CASE("empty file is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("empty.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 1);
  CHECK_THAT(result.error->reason, Catch::StartsWith("line 1: file is empty"));
  CHECK(result.runners.empty());
}

TEST_CASE("BOM and blank lines only is empty", "[roster]") {
  auto result = parseRoster(readDataFile("only_bom_and_blank_lines.csv"));
  REQUIRE(result.error);
  CHECK_THAT(result.error->reason, Catch::Contains("file is empty"));
}

TEST_CASE("missing bib column is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("no_bib_column.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 1);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 1: no bib column"));
  CHECK_THAT(errorReason(result), Catch::Contains("\"First Name,Last Name,Email\""));
  CHECK_THAT(errorReason(result), Catch::Contains("Race Number"));
  CHECK(result.runners.empty());
}

TEST_CASE("unterminated quote is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("unterminated_quote.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 3);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 3, column \"First Name\""));
  CHECK_THAT(errorReason(result), Catch::Contains("\"Jo,Smith\\x0A3,Li,Wei\\x0A\""));
  CHECK_THAT(errorReason(result), Catch::Contains("no closing quote"));
  CHECK(result.runners.empty());
}

TEST_CASE("text after closing quote is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("text_after_quote.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 2);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 2, column \"First Name\""));
  CHECK_THAT(errorReason(result), Catch::Contains("\"Ana\""));
}

TEST_CASE("duplicate bib names both lines", "[roster]") {
  auto result = parseRoster(readDataFile("duplicate_bib.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 4);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 4, column \"Bib\""));
  CHECK_THAT(errorReason(result), Catch::Contains("bib \"0042\""));
  CHECK_THAT(errorReason(result), Catch::Contains("already used on line 2"));
  CHECK(result.runners.empty());
}

TEST_CASE("too many fields is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("too_many_fields.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 3);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 3, field 4"));
  CHECK_THAT(errorReason(result), Catch::Contains("row has 4 fields but the header has 3"));
  CHECK_THAT(errorReason(result), Catch::Contains("\"extra\""));
  CHECK_THAT(errorReason(result), Catch::Contains("put values that contain ',' in double quotes"));
}

TEST_CASE("invalid UTF-8 file is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("invalid_utf8.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 3);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 3, column \"First Name\""));
  CHECK_THAT(errorReason(result), Catch::Contains("byte 0xE9 after \"Jos\""));
  CHECK_THAT(errorReason(result), Catch::Contains("save the file as UTF-8"));
}

TEST_CASE("overlong UTF-8 in header is rejected", "[roster]") {
  auto result = parseRoster("Bib,N\xC0\xA1me\n1,Ana\n");
  REQUIRE(result.error);
  CHECK(result.error->line == 1);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 1, field 2"));
}

TEST_CASE("bad age is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("bad_age.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 3);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 3, column \"Age\""));
  CHECK_THAT(errorReason(result), Catch::Contains("age \"thirty\""));
  CHECK_THAT(errorReason(result), Catch::Contains("from 0 to 120"));
}

TEST_CASE("out of range ages are rejected", "[roster]") {
  for (std::string age : {"121", "-1", "3.5", "+4", "1e2", "99999999999"}) {
    INFO("age " << age);
    auto result = parseRoster("Bib,Age\n1," + age + "\n");
    REQUIRE(result.error);
    CHECK_THAT(errorReason(result), Catch::Contains("age \"" + age + "\""));
  }
}

TEST_CASE("invalid bib is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("invalid_bib.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 3);
  CHECK(errorReason(result) == "line 3, column \"Bib\": bib \"A 17\" is not valid: use 1 to 16 "
                               "letters, digits, '-', '_' or '.', with at least one letter or "
                               "digit");
}

TEST_CASE("missing bib is rejected", "[roster]") {
  auto result = parseRoster(readDataFile("missing_bib.csv"));
  REQUIRE(result.error);
  CHECK(result.error->line == 3);
  CHECK_THAT(errorReason(result), Catch::StartsWith("line 3, column \"Bib\": bib is missing"));
}

TEST_CASE("long values are cut in errors", "[roster]") {
  std::string longBib(100, '7');
  auto result = parseRoster("Bib\n" + longBib + "\n");
  REQUIRE(result.error);
  CHECK_THAT(errorReason(result), Catch::Contains("\"" + std::string(40, '7') + "...\""));
  CHECK_THAT(errorReason(result), !Catch::Contains(std::string(41, '7')));
}

TEST_CASE("SQL in bib is rejected", "[roster]") {
  auto result = parseRoster("Bib\n\"1'; DROP TABLE runners;--\"\n");
  REQUIRE(result.error);
  CHECK_THAT(errorReason(result), Catch::Contains("is not valid"));
}

TEST_CASE("separator detection", "[csv]") {
  CHECK(chillnode::detectSeparator("a,b,c\n") == ',');
  CHECK(chillnode::detectSeparator("a;b;c\r\n1,5;2;3") == ';');
  CHECK(chillnode::detectSeparator("a\tb\tc") == '\t');
  CHECK(chillnode::detectSeparator("\"a;b;c\",d\n") == ',');
  CHECK(chillnode::detectSeparator("\xEF\xBB\xBF\r\nBib;Name") == ';');
  CHECK(chillnode::detectSeparator("Bib") == ',');
  CHECK(chillnode::detectSeparator("a,b;c") == ',');
}

TEST_CASE("CSV records track start lines", "[csv]") {
  auto table = chillnode::readCsv("h1,h2\r\n\r\n1,\"a\r\nb\"\r\n2,c\n\n3,\"\"\"q\"\"\"");
  REQUIRE_FALSE(table.error);
  REQUIRE(table.records.size() == 4);
  CHECK(table.records[0].line == 1);
  CHECK(table.records[1].line == 3);
  CHECK(table.records[1].fields[1] == "a\r\nb");
  CHECK(table.records[2].line == 5);
  CHECK(table.records[3].line == 7);
  CHECK(table.records[3].fields[1] == "\"q\"");
}

TEST_CASE("CSV lone CR ends a line", "[csv]") {
  auto table = chillnode::readCsv("h\r1\r2");
  REQUIRE_FALSE(table.error);
  REQUIRE(table.records.size() == 3);
  CHECK(table.records[2].fields[0] == "2");
  CHECK(table.records[2].line == 3);
}
