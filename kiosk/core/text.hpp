#pragma once
// ASCII text helpers shared by the payload parser and the roster import.

#include <string>
#include <string_view>

namespace chillnode {

// True for space, tab, CR and LF: the whitespace that surrounds scanned and CSV values.
bool isAsciiWhitespace(char c);

// Returns text without leading and trailing isAsciiWhitespace characters.
std::string_view trimWhitespace(std::string_view text);

char toLowerAscii(char c);

// Returns text with ASCII letters in upper case and every other byte unchanged.
std::string toUpperAscii(std::string_view text);

// Compares ASCII letters case-insensitively and every other byte exactly.
bool equalsIgnoreCase(std::string_view left, std::string_view right);

// Folds a field name for matching: lowercases ASCII letters and drops spaces, '_', '-', '.',
// '#' and '/', so "Bib No.", "bib_no" and "BIB-NO" all become "bibno".
std::string foldFieldName(std::string_view name);

// Returns text folded for a name search. ASCII letters become lower case, and the Latin letters
// of U+00C0 to U+017F become their lower-case base letters (é as e, ß as ss, Ł as l), so an
// entry typed on an A to Z keyboard finds "Noémie". Other characters stay as they are.
std::string foldForSearch(std::string_view text);

// Returns text, which must be well-formed UTF-8, without C0 controls, DEL and C1 controls
// (U+0080 to U+009F). Each run of tabs, CRs and LFs becomes one space, so words on two lines
// stay apart.
std::string removeControlCharacters(std::string_view text);

// Quotes a value for an error message: cuts it to at most 40 bytes at a UTF-8 character
// boundary (adding "..."), escapes \" and \\, and writes control bytes as \xNN so a log
// line stays one line.
std::string quoteForMessage(std::string_view value);

}  // namespace chillnode
