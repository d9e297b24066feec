#include "core/payload.hpp"

#include <array>
#include <optional>
#include <stdexcept>

#include <re2/re2.h>

#include "core/json_field.hpp"
#include "core/text.hpp"
#include "core/url.hpp"
#include "core/utf8.hpp"

namespace chillnode {

namespace {

// Key names for the bib in key-value text, after foldFieldName: "Bib No." becomes "bibno".
constexpr std::array<std::string_view, 4> BibKeyNames = {"bib", "bibnumber", "bibno",
                                                         "racenumber"};

// True for a byte that separates "KEY:value" fields in key-value text.
bool isFieldSeparator(char c) {
  return c == ';' || c == ',' || c == '|' || c == '\r' || c == '\n';
}

// True for C0 controls other than tab, CR and LF, for DEL, and for the C1 controls
// U+0080 to U+009F (UTF-8 C2 80 to C2 9F). Expects well-formed UTF-8.
bool hasControlCharacter(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\t' || byte == '\r' || byte == '\n') continue;
    if (byte < 0x20 || byte == 0x7F) return true;
    bool isC1 = byte == 0xC2 && i + 1 < text.size() &&
                static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (isC1) return true;
  }
  return false;
}

std::optional<std::string> acceptIfValidBib(std::optional<std::string> candidate) {
  if (candidate && isValidBib(*candidate)) return candidate;
  return std::nullopt;
}

std::shared_ptr<const re2::RE2> compileCustomPattern(const std::string& pattern) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_shared<const re2::RE2>(pattern, options);
  if (!regex->ok()) {
    throw std::invalid_argument("custom bib pattern \"" + pattern +
                                "\" is not a valid RE2 regular expression (" + regex->error() +
                                "): fix the pattern or remove it");
  }
  if (regex->NumberOfCapturingGroups() != 1) {
    throw std::invalid_argument("custom bib pattern \"" + pattern + "\" has " +
                                std::to_string(regex->NumberOfCapturingGroups()) +
                                " capture groups: use exactly one, around the bib, and write "
                                "other groups as (?:...)");
  }
  return regex;
}

// URL form: a bib query parameter wins; otherwise the last path segment is the bib.
std::optional<std::string> findUrlBib(const HttpUrl& url) {
  std::optional<std::string_view> parameter = findQueryParameter(
      url.query, {"bib", "bib_number", "bibnumber", "bibno", "race_number"});
  if (parameter) return acceptIfValidBib(percentDecode(*parameter, true));
  return acceptIfValidBib(lastPathSegment(url.path));
}

struct KeyValue {
  std::string_view key;
  std::string_view value;
};

// Splits "KEY:value" or "KEY=value" at the first ':' or '=', or "KEY value" at the last
// space or tab. Trims whitespace around both parts and one pair of double quotes around
// the value.
std::optional<KeyValue> splitKeyValue(std::string_view field) {
  std::size_t split = field.find_first_of(":=");
  if (split == std::string_view::npos) split = field.find_last_of(" \t");
  if (split == std::string_view::npos) return std::nullopt;

  KeyValue pair{trimWhitespace(field.substr(0, split)), trimWhitespace(field.substr(split + 1))};
  if (pair.value.size() >= 2 && pair.value.front() == '"' && pair.value.back() == '"') {
    pair.value = pair.value.substr(1, pair.value.size() - 2);
  }
  return pair;
}

bool isBibKey(std::string_view key) {
  std::string folded = foldFieldName(key);
  for (std::string_view name : BibKeyNames) {
    if (folded == name) return true;
  }
  return false;
}

// Key-value form: the first field with a bib key decides, even when its value is invalid,
// so "BIB:;BIB:0042" is rejected instead of guessed.
std::optional<std::string> findKeyValueBib(std::string_view text) {
  while (!text.empty()) {
    std::size_t end = 0;
    while (end < text.size() && !isFieldSeparator(text[end])) ++end;
    std::optional<KeyValue> pair = splitKeyValue(trimWhitespace(text.substr(0, end)));
    if (pair && isBibKey(pair->key)) return acceptIfValidBib(std::string(pair->value));
    text.remove_prefix(end == text.size() ? end : end + 1);
  }
  return std::nullopt;
}

// Tries the JSON, URL, key-value and plain forms on trimmed, well-formed text. JSON and URL
// payloads are recognised by their first characters and never fall through to later forms.
std::optional<std::string> findBibInStandardForms(std::string_view text) {
  if (text.front() == '{') return acceptIfValidBib(findJsonField(text, "bib"));
  if (std::optional<HttpUrl> url = parseHttpUrl(text)) return findUrlBib(*url);
  if (std::optional<std::string> bib = findKeyValueBib(text)) return bib;
  return acceptIfValidBib(std::string(text));
}

}  // namespace

std::string_view describe(PayloadError error) {
  switch (error) {
    case PayloadError::None: return "ok";
    case PayloadError::Empty: return "payload is empty";
    case PayloadError::TooLong: return "payload is over 512 bytes";
    case PayloadError::ControlCharacter: return "payload contains a control character";
    case PayloadError::InvalidUtf8: return "payload is not valid UTF-8";
    case PayloadError::NoBib: return "payload contains no valid bib";
  }
  return "unknown error";
}

bool isValidBib(std::string_view text) {
  if (text.empty() || text.size() > MaxBibLength) return false;
  bool hasAlnum = false;
  for (char c : text) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum && c != '-' && c != '_' && c != '.') return false;
    hasAlnum = hasAlnum || alnum;
  }
  return hasAlnum;
}

BibPayloadParser::BibPayloadParser(const std::string& customPattern) {
  if (customPattern.empty()) return;
  m_customPattern = compileCustomPattern(customPattern);
}

std::optional<std::string> BibPayloadParser::findCustomPatternBib(std::string_view text) const {
  // submatch[0] is the whole match and submatch[1] the bib group, which stays null when an
  // optional group took no part in the match.
  std::array<re2::StringPiece, 2> submatch;
  re2::StringPiece input(text.data(), text.size());
  if (!m_customPattern->Match(input, 0, input.size(), re2::RE2::UNANCHORED, submatch.data(),
                              static_cast<int>(submatch.size()))) {
    return std::nullopt;
  }
  if (submatch[1].data() == nullptr) return std::nullopt;
  return acceptIfValidBib(std::string(submatch[1].data(), submatch[1].size()));
}

BibPayload BibPayloadParser::parse(std::string_view payload) const {
  std::string_view text = trimWhitespace(payload);
  if (text.empty()) return {{}, PayloadError::Empty};
  if (payload.size() > MaxPayloadBytes) return {{}, PayloadError::TooLong};
  if (!isValidUtf8(payload)) return {{}, PayloadError::InvalidUtf8};
  if (hasControlCharacter(payload)) return {{}, PayloadError::ControlCharacter};

  std::optional<std::string> bib;
  if (m_customPattern) bib = findCustomPatternBib(text);
  if (!bib) bib = findBibInStandardForms(text);
  if (!bib) return {{}, PayloadError::NoBib};
  return {toUpperAscii(*bib), PayloadError::None};
}

}  // namespace chillnode
