#pragma once
// Bib payload parsing: turns the text of a scanned QR code (or a keypad entry) into a bib.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace re2 {
class RE2;
}

namespace chillnode {

// Payloads longer than this are rejected before any parsing.
constexpr std::size_t MaxPayloadBytes = 512;
// Bibs are at most this long.
constexpr std::size_t MaxBibLength = 16;

enum class PayloadError {
  None,
  Empty,             // zero bytes, or only whitespace
  TooLong,           // more than MaxPayloadBytes
  ControlCharacter,  // a C0 control other than tab, CR and LF, DEL, or U+0080 to U+009F
  InvalidUtf8,       // not well-formed UTF-8
  NoBib,             // well-formed text in which no accepted form found a valid bib
};

struct BibPayload {
  std::string bib;  // empty unless error == PayloadError::None, letters in upper case
  PayloadError error = PayloadError::None;

  bool ok() const { return error == PayloadError::None; }
};

// English sentence for logs and the command line, for example "payload is over 512 bytes".
std::string_view describe(PayloadError error);

// True when text is 1 to MaxBibLength characters of [A-Za-z0-9._-] with at least one
// letter or digit, so "---" is invalid. Bibs are strings: "0042", "42" and "A-17" are three
// different valid bibs. Letter case is not checked here, but the parser and the roster import
// store bibs in upper case, so "a-17" and "A-17" are the same runner.
bool isValidBib(std::string_view text);

// Parser for the accepted payload forms, tried in this order:
//   1. the operator's regular expression, when configured: its first capture group is the bib
//   2. a small JSON object with a top-level "bib" field (string or non-negative integer,
//      key case-insensitive), e.g. {"bib":"0042"}; nesting deeper than MaxJsonDepth is rejected
//   3. a URL: a query parameter named bib, bib_number, bibnumber, bibno or race_number;
//      otherwise its last non-empty path segment
//   4. key-value text such as "BIB:1234", "BIB=1234" or "bib 1234"; the key (bib, bib number,
//      bib no or race number) is case-insensitive, and other "KEY:value" fields may surround
//      it separated by ';', ',', '|' or newlines
//   5. a plain bib
// Surrounding whitespace is trimmed. The returned bib always satisfies isValidBib, so a
// rejected payload never reaches SQL or the screen as text, and its ASCII letters are in
// upper case because the keypad types only capitals and roster bibs are stored that way.
class BibPayloadParser {
public:
  BibPayloadParser() = default;

  // Compiles customPattern with RE2, which matches in time linear in the payload, so no
  // pattern can make a scan hang. Throws std::invalid_argument naming the pattern when it is
  // not valid RE2 syntax (which has no backreferences or lookaround) or does not have
  // exactly one capture group. An empty pattern means that no custom pattern is configured.
  // When the pattern does not match a payload, or its group is not a valid bib, the other
  // forms are tried.
  explicit BibPayloadParser(const std::string& customPattern);

  // Rejections are checked in this order: Empty, TooLong, InvalidUtf8, ControlCharacter,
  // NoBib.
  BibPayload parse(std::string_view payload) const;

private:
  std::optional<std::string> findCustomPatternBib(std::string_view text) const;

  // Null when no custom pattern is configured. Shared so the parser stays copyable. RE2's
  // const matching methods are safe to call from several threads.
  std::shared_ptr<const re2::RE2> m_customPattern;
};

}  // namespace chillnode
