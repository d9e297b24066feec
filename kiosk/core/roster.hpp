#pragma once
// Participant roster import: parses registration exports (CSV) into runners.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chillnode {

// Longer names and other text fields are cut at a character boundary on import.
constexpr std::size_t MaxNameCharacters = 64;
constexpr std::size_t MaxTextCharacters = 256;

struct Runner {
  std::string bib;  // required, satisfies isValidBib, ASCII letters in upper case
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

  bool operator==(const Runner&) const = default;
};

struct RosterError {
  std::size_t line = 0;  // 1-based physical line in the file where the bad record starts
  // English sentence naming the line, the column or field, the value and the fix, e.g.
  // "line 7, column \"Bib #\": bib \"A 17\" is not valid: use 1 to 16 letters, ...".
  std::string reason;
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
// date of birth, dob, birthdate, e-mail, email, email address, event, race, distance, wave,
// corral, team, club, team/club. Unknown columns are ignored. Blank lines, and rows whose
// fields are all empty (as spreadsheets export them), are skipped. Whitespace around
// unquoted values is trimmed. A header row with no data rows returns zero runners without
// an error, and the roster import command rejects such a file.
//
// Bibs are normalized to upper case because the keypad types only capitals. Text fields
// lose their control characters (see removeControlCharacters), and first and last names
// are cut to MaxNameCharacters, other text fields to MaxTextCharacters.
//
// Errors (each stops the whole import): no bib column; two columns for the same field; a
// missing or invalid bib; the same bib twice, ignoring letter case; a row with more fields
// than the header; an unterminated quote or text after a closing quote; invalid UTF-8; an
// age that is not a whole number from 0 to 120; an empty file (no bytes, or only a BOM and
// blank lines).
RosterParseResult parseRoster(std::string_view csvText);

}  // namespace chillnode
