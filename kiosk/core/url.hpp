#pragma once
// Minimal http/https URL splitting and percent-decoding for bib payloads .

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace chillnode {

// Parts of an absolute http or https URL, as views into the original text.
struct HttpUrl {
  std::string_view authority;  // "race.example:8080"
  std::string_view path;       // "/runners/0042", may be empty
  std::string_view query;      // text between '?' and '#', without either
};

// Splits text as an http:// or https:// URL (scheme matched case-insensitively). Returns
// nullopt for any other scheme or when text is not an absolute URL.
std::optional<HttpUrl> parseHttpUrl(std::string_view text);

// Decodes %XX escapes and, when plusIsSpace is set (query strings), '+' as a space. Returns
// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace);

// Returns the value, still percent-encoded, of the first query parameter whose decoded
// name equals one of names case-insensitively. Parameters are separated by '&' or ';'.
// Returns nullopt when no name matches.
std::optional<std::string_view> findQueryParameter(std::string_view query,
                                                   std::initializer_list<std::string_view> names);

// Returns the decoded last non-empty segment of path, or nullopt when there is none or it
// is malformed.
std::optional<std::string> lastPathSegment(std::string_view path);

}  // namespace chillnode
