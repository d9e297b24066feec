#include "core/roster.hpp"

#include <array>
#include <cstdio>
#include <map>

#include "core/csv.hpp"
#include "core/payload.hpp"
#include "core/text.hpp"
#include "core/utf8.hpp"

namespace chillnode {

namespace {

enum class Column {
  Bib, FirstName, LastName, FullName, Gender, Age, DateOfBirth,
  Email, Event, Distance, Wave, Team,
};
constexpr std::size_t ColumnCount = static_cast<std::size_t>(Column::Team) + 1;

struct ColumnAlias {
  std::string_view foldedName;  // header name after foldFieldName
  Column column;
};

constexpr std::array<ColumnAlias, 28> ColumnAliases = {{
    {"bib", Column::Bib}, {"bibnumber", Column::Bib}, {"bibno", Column::Bib},
    {"racenumber", Column::Bib}, {"firstname", Column::FirstName},
    {"givenname", Column::FirstName}, {"lastname", Column::LastName},
    {"surname", Column::LastName}, {"familyname", Column::LastName},
    {"name", Column::FullName}, {"fullname", Column::FullName}, {"gender", Column::Gender},
    {"sex", Column::Gender}, {"age", Column::Age}, {"dateofbirth", Column::DateOfBirth},
    {"dob", Column::DateOfBirth}, {"birthdate", Column::DateOfBirth},
    {"email", Column::Email}, {"event", Column::Event}, {"race", Column::Event},
    {"distance", Column::Distance}, {"wave", Column::Wave}, {"corral", Column::Wave},
    {"team", Column::Team}, {"club", Column::Team},
    {"emailaddress", Column::Email}, {"teamclub", Column::Team}, {"clubteam", Column::Team},
}};

// Field names for error messages, indexed by Column.
constexpr std::array<std::string_view, ColumnCount> ColumnDescriptions = {
    "bib", "first name", "last name", "full name", "gender", "age", "date of birth",
    "email", "event", "distance", "wave", "team",
};

constexpr int MaxAge = 120;

// Two header fields (0-based) that map to the same column.
struct DuplicateColumn {
  std::size_t first = 0;
  std::size_t second = 0;
  Column column = Column::Bib;
};

// The header row: column names as written and the field index of each known column.
struct Header {
  std::vector<std::string> names;
  std::array<std::optional<std::size_t>, ColumnCount> fieldOf;
  std::optional<DuplicateColumn> duplicate;  // the first pair found, reported by checkHeader

  std::optional<std::size_t> find(Column column) const {
    return fieldOf[static_cast<std::size_t>(column)];
  }
};

std::optional<Column> columnForName(std::string_view name) {
  std::string folded = foldFieldName(name);
  for (const ColumnAlias& alias : ColumnAliases) {
    if (alias.foldedName == folded) return alias.column;
  }
  return std::nullopt;
}

// Maps header names to columns. When two names map to the same column, the first wins and
// the pair is stored in duplicate.
Header readHeader(const CsvRecord& record) {
  Header header;
  header.names = record.fields;
  for (std::size_t field = 0; field < record.fields.size(); ++field) {
    std::optional<Column> column = columnForName(record.fields[field]);
    if (!column) continue;
    std::optional<std::size_t>& slot = header.fieldOf[static_cast<std::size_t>(*column)];
    if (!slot) slot = field;
    else if (!header.duplicate) header.duplicate = DuplicateColumn{*slot, field, *column};
  }
  return header;
}

// Returns "line 7, column \"Bib #\"", or "line 7, field 12" when the column has no name.
std::string locate(std::size_t line, const Header* header, std::size_t fieldIndex) {
  std::string location = "line " + std::to_string(line);
  if (header != nullptr && fieldIndex < header->names.size() &&
      !header->names[fieldIndex].empty()) {
    return location + ", column " + quoteForMessage(header->names[fieldIndex]);
  }
  return location + ", field " + std::to_string(fieldIndex + 1);
}

RosterParseResult failure(std::size_t line, std::string reason) {
  return RosterParseResult{{}, RosterError{line, std::move(reason)}};
}

std::string joinForMessage(const std::vector<std::string>& fields, char separator) {
  std::string joined;
  for (const std::string& field : fields) {
    if (!joined.empty()) joined += separator == '\t' ? ' ' : separator;
    joined += field;
  }
  return quoteForMessage(joined);
}

// Checks every field of a record as UTF-8 and names the first bad one.
std::optional<RosterError> checkUtf8(const CsvRecord& record, const Header* header) {
  for (std::size_t field = 0; field < record.fields.size(); ++field) {
    const std::string& value = record.fields[field];
    std::optional<std::size_t> bad = findInvalidUtf8(value);
    if (!bad) continue;

    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(value[*bad]));
    return RosterError{record.line, locate(record.line, header, field) +
                                        ": invalid UTF-8 byte " + byte + " after " +
                                        quoteForMessage(value.substr(0, *bad)) +
                                        ": save the file as UTF-8 (in Excel: \"CSV UTF-8\")"};
  }
  return std::nullopt;
}

std::string_view fieldValue(const CsvRecord& record, const Header& header, Column column) {
  std::optional<std::size_t> field = header.find(column);
  if (!field || *field >= record.fields.size()) return {};
  return record.fields[*field];
}

// Returns value without control characters, cut to maxCharacters.
std::string cleanText(std::string_view value, std::size_t maxCharacters) {
  return std::string(cutToCharacters(removeControlCharacters(value), maxCharacters));
}

std::string cleanField(const CsvRecord& record, const Header& header, Column column,
                       std::size_t maxCharacters) {
  return cleanText(fieldValue(record, header, column), maxCharacters);
}

bool isAllEmpty(const CsvRecord& record) {
  for (const std::string& field : record.fields) {
    if (!field.empty()) return false;
  }
  return true;
}

// Parses a whole number from 0 to MaxAge written only with digits.
std::optional<int> parseAge(std::string_view text) {
  if (text.empty()) return std::nullopt;
  int age = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    age = age * 10 + (c - '0');
    if (age > MaxAge) return std::nullopt;
  }
  return age;
}

// Fills the name fields, splitting a full name at its first space when the file has no
// first-name column.
void assignNames(Runner& runner, const CsvRecord& record, const Header& header) {
  runner.lastName = cleanField(record, header, Column::LastName, MaxNameCharacters);
  if (header.find(Column::FirstName) || !header.find(Column::FullName)) {
    runner.firstName = cleanField(record, header, Column::FirstName, MaxNameCharacters);
    return;
  }
  // Control characters go first, so a line break between the names becomes the split space.
  std::string cleaned = removeControlCharacters(fieldValue(record, header, Column::FullName));
  std::string_view fullName = trimWhitespace(cleaned);
  std::size_t space = fullName.find(' ');
  runner.firstName = cutToCharacters(fullName.substr(0, space), MaxNameCharacters);
  if (space != std::string_view::npos && runner.lastName.empty()) {
    std::string_view rest = trimWhitespace(fullName.substr(space + 1));
    runner.lastName = cutToCharacters(rest, MaxNameCharacters);
  }
}

void assignPlainFields(Runner& runner, const CsvRecord& record, const Header& header) {
  runner.gender = cleanField(record, header, Column::Gender, MaxTextCharacters);
  runner.dateOfBirth = cleanField(record, header, Column::DateOfBirth, MaxTextCharacters);
  runner.email = cleanField(record, header, Column::Email, MaxTextCharacters);
  runner.event = cleanField(record, header, Column::Event, MaxTextCharacters);
  runner.distance = cleanField(record, header, Column::Distance, MaxTextCharacters);
  runner.wave = cleanField(record, header, Column::Wave, MaxTextCharacters);
  runner.team = cleanField(record, header, Column::Team, MaxTextCharacters);
}

// A bib already imported: where it was and how the file spelled it.
struct BibUse {
  std::size_t line = 0;
  std::string written;
};

// Import state: the header, the runners so far and each bib seen, in upper case.
class RosterBuilder {
public:
  explicit RosterBuilder(Header header, char separator)
      : m_header(std::move(header)), m_separator(separator) {}

  std::optional<RosterError> addRecord(const CsvRecord& record);
  std::vector<Runner> takeRunners() { return std::move(m_runners); }

private:
  std::optional<RosterError> checkFieldCount(const CsvRecord& record) const;
  std::optional<RosterError> checkBib(const CsvRecord& record, std::string_view written,
                                      std::string_view bib) const;
  std::optional<RosterError> readAge(const CsvRecord& record, Runner& runner) const;

  Header m_header;
  char m_separator;
  std::vector<Runner> m_runners;
  std::map<std::string, BibUse, std::less<>> m_bibUses;
};

std::optional<RosterError> RosterBuilder::checkFieldCount(const CsvRecord& record) const {
  std::size_t expected = m_header.names.size();
  if (record.fields.size() <= expected) return std::nullopt;
  std::string separator = m_separator == '\t' ? "a tab" : "'" + std::string(1, m_separator) + "'";
  return RosterError{record.line, locate(record.line, nullptr, expected) + ": row has " +
                                      std::to_string(record.fields.size()) +
                                      " fields but the header has " + std::to_string(expected) +
                                      " (first extra value " +
                                      quoteForMessage(record.fields[expected]) +
                                      "): put values that contain " + separator +
                                      " in double quotes"};
}

// Checks the bib as written in the file and, normalized to upper case, against the bibs
// seen so far.
std::optional<RosterError> RosterBuilder::checkBib(const CsvRecord& record,
                                                   std::string_view written,
                                                   std::string_view bib) const {
  std::string where = locate(record.line, &m_header, *m_header.find(Column::Bib));
  if (written.empty()) {
    return RosterError{record.line, where + ": bib is missing: fill in the bib or delete the row"};
  }
  if (!isValidBib(written)) {
    return RosterError{record.line, where + ": bib " + quoteForMessage(written) +
                                        " is not valid: use 1 to 16 letters, digits, "
                                        "'-', '_' or '.', with at least one letter or digit"};
  }
  auto seen = m_bibUses.find(bib);
  if (seen == m_bibUses.end()) return std::nullopt;
  std::string reason = where + ": bib " + quoteForMessage(written) + " is already used on line " +
                       std::to_string(seen->second.line);
  if (seen->second.written != written) {
    reason += " as " + quoteForMessage(seen->second.written) +
              " (bibs are matched ignoring letter case)";
  }
  return RosterError{record.line, reason + ": give each runner a unique bib"};
}

std::optional<RosterError> RosterBuilder::readAge(const CsvRecord& record, Runner& runner) const {
  std::string_view text = fieldValue(record, m_header, Column::Age);
  if (text.empty()) return std::nullopt;
  runner.age = parseAge(text);
  if (runner.age) return std::nullopt;
  return RosterError{record.line, locate(record.line, &m_header, *m_header.find(Column::Age)) +
                                      ": age " + quoteForMessage(text) +
                                      " is not a whole number from 0 to 120: correct the age "
                                      "or leave it empty"};
}

std::optional<RosterError> RosterBuilder::addRecord(const CsvRecord& record) {
  if (auto error = checkFieldCount(record)) return error;
  if (auto error = checkUtf8(record, &m_header)) return error;
  if (isAllEmpty(record)) return std::nullopt;

  Runner runner;
  std::string_view writtenBib = fieldValue(record, m_header, Column::Bib);
  runner.bib = toUpperAscii(writtenBib);
  if (auto error = checkBib(record, writtenBib, runner.bib)) return error;
  if (auto error = readAge(record, runner)) return error;
  assignNames(runner, record, m_header);
  assignPlainFields(runner, record, m_header);

  m_bibUses.emplace(runner.bib, BibUse{record.line, std::string(writtenBib)});
  m_runners.push_back(std::move(runner));
  return std::nullopt;
}

RosterError duplicateColumnError(const CsvRecord& record, const DuplicateColumn& duplicate) {
  std::string_view field = ColumnDescriptions[static_cast<std::size_t>(duplicate.column)];
  return RosterError{record.line,
                     "line " + std::to_string(record.line) + ": columns " +
                         quoteForMessage(record.fields[duplicate.first]) + " (field " +
                         std::to_string(duplicate.first + 1) + ") and " +
                         quoteForMessage(record.fields[duplicate.second]) + " (field " +
                         std::to_string(duplicate.second + 1) + ") both contain the " +
                         std::string(field) +
                         ": delete one of them, or rename it to a header the import ignores"};
}

std::optional<RosterError> checkHeader(const CsvRecord& record, const Header& header,
                                       char separator) {
  if (auto error = checkUtf8(record, nullptr)) return error;
  if (header.duplicate) return duplicateColumnError(record, *header.duplicate);
  if (header.find(Column::Bib)) return std::nullopt;
  return RosterError{record.line, "line " + std::to_string(record.line) +
                                      ": no bib column in header " +
                                      joinForMessage(record.fields, separator) +
                                      ": name the bib column \"Bib\" (also accepted: "
                                      "Bib Number, Bib #, Bib No, Race Number)"};
}

// Reports a CSV syntax error, naming the column when the header was read before it.
RosterParseResult csvFailure(const CsvTable& table) {
  const CsvError& error = *table.error;
  std::optional<Header> header;
  if (!table.records.empty()) header = readHeader(table.records.front());
  std::string where = locate(error.line, header ? &*header : nullptr, error.field - 1);
  return failure(error.line, where + ": " + error.problem);
}

}  // namespace

RosterParseResult parseRoster(std::string_view csvText) {
  CsvTable table = readCsv(csvText);
  if (table.error) return csvFailure(table);
  if (table.records.empty()) {
    return failure(1, "line 1: file is empty: export the roster with a header row and one "
                      "row per runner");
  }

  Header header = readHeader(table.records.front());
  if (auto error = checkHeader(table.records.front(), header, table.separator)) {
    return failure(error->line, std::move(error->reason));
  }
  RosterBuilder builder(std::move(header), table.separator);
  for (std::size_t i = 1; i < table.records.size(); ++i) {
    if (auto error = builder.addRecord(table.records[i])) {
      return failure(error->line, std::move(error->reason));
    }
  }
  return RosterParseResult{builder.takeRunners(), std::nullopt};
}

}  // namespace chillnode
