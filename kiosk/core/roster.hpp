#pragma once
// Participant roster import: parses registration exports (CSV) into runners.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chillnode {

struct Runner {
  std::string bib;  // required, satisfies isValidBib
  std::string firstName;
  std::string lastName;
  std::string gender;       // as given: "F", "male", "X" ...
  std::optional<int> age;   // 0 to 120 when present
  std::string dateOfBirth;  // as given
  std::string email;
  std::string event;
  std::string distance;
  std::string wave;
  std::string team;
};

struct RosterError {
  std::size_t line = 0;  // 1-based physical line in the file where the bad record starts
  std::string reason;    // English sentence naming the field and value, e.g. "bib \"A 17\" is ..."
};

struct RosterParseResult {
  std::vector<Runner> runners;       // empty when error is set: a bad row imports nothing
  std::optional<RosterError> error;
};

// Parses a roster CSV. Accepts UTF-8 with or without a BOM, CRLF or LF line ends, quoted
// fields holding separators, doubled quotes and newlines, and ',' ';' or tab separators
// (detected from the header line). Header names are matched case-insensitively, ignoring
// spaces, '_', '-', '.', '#' and '/', over the common spellings: bib, bib number, bib #,
// bib no, race number, first name, given name, last name, surname, family name, name or
// full name (split at the first space when no first-name column exists), gender, sex, age,
// date of birth, dob, birthdate, e-mail, email, event, race, distance, wave, corral, team,
// club. Unknown columns are ignored. Blank lines are skipped.
//
// Errors (each stops the whole import): no bib column; a missing or invalid bib; the same
// bib twice; a row with more fields than the header; an unterminated quote; invalid UTF-8;
// an age that is not a whole number from 0 to 120; an empty file.
RosterParseResult parseRoster(std::string_view csvText);

}  // namespace chillnode
