#pragma once
// CSV reader for registration exports, tolerant of the variations that spreadsheets and
// registration platforms write.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chillnode {

struct CsvRecord {
  std::size_t line = 0;  // 1-based physical line where the record starts
  std::vector<std::string> fields;
};

struct CsvError {
  std::size_t line = 0;   // 1-based physical line where the bad record starts
  std::size_t field = 0;  // 1-based field number within the record
  std::string problem;    // English clause with the value and the fix, without the location
};

struct CsvTable {
  char separator = ',';
  std::vector<CsvRecord> records;  // the header row first; when error is set, those before it
  std::optional<CsvError> error;
};

// Returns ',', ';' or '\t', whichever occurs most often outside quotes in the first
// non-blank line of text. Ties go to ',' then ';'. Returns ',' when none occurs.
char detectSeparator(std::string_view text);

// Reads all records of text. Accepts a UTF-8 byte order mark, CRLF, LF or lone CR line ends,
// and quoted fields containing separators, doubled quotes and line breaks. Whitespace around
// unquoted values and around the quotes of quoted values is trimmed. Lines that are empty or
// contain only whitespace are skipped. Bytes are not checked as UTF-8 here.
//
// Errors: a quoted field with no closing quote, or text between a closing quote and the
// next separator.
CsvTable readCsv(std::string_view text);

}  // namespace chillnode
