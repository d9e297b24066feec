#include "core/url.hpp"

#include "core/text.hpp"

namespace chillnode {

namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  char lower = toLowerAscii(c);
  if (lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
  return -1;
}

// Removes "http://" or "https://" from the front of text, or returns false.
bool stripHttpScheme(std::string_view& text) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (text.size() >= scheme.size() && equalsIgnoreCase(text.substr(0, scheme.size()), scheme)) {
      text.remove_prefix(scheme.size());
      return true;
    }
  }
  return false;
}

// Returns the undecoded value of "name=value" when the decoded name is one of names.
std::optional<std::string_view> rawValueIfNamed(std::string_view parameter,
                                                std::initializer_list<std::string_view> names) {
  std::size_t equals = parameter.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  std::optional<std::string> name = percentDecode(parameter.substr(0, equals), true);
  if (!name) return std::nullopt;
  for (std::string_view candidate : names) {
    if (equalsIgnoreCase(*name, candidate)) return parameter.substr(equals + 1);
  }
  return std::nullopt;
}

// Decodes the "%XX" escape at text[index], or returns -1 when it is malformed.
int decodeEscapeAt(std::string_view text, std::size_t index) {
  if (index + 2 >= text.size()) return -1;
  int high = hexValue(text[index + 1]);
  int low = hexValue(text[index + 2]);
  if (high < 0 || low < 0) return -1;
  return high * 16 + low;
}

}  // namespace

std::optional<HttpUrl> parseHttpUrl(std::string_view text) {
  if (!stripHttpScheme(text)) return std::nullopt;

  text = text.substr(0, text.find('#'));
  HttpUrl url;
  std::size_t authorityEnd = text.find_first_of("/?");
  url.authority = text.substr(0, authorityEnd);
  if (url.authority.empty()) return std::nullopt;
  if (authorityEnd == std::string_view::npos) return url;

  std::string_view rest = text.substr(authorityEnd);
  std::size_t question = rest.find('?');
  url.path = rest.substr(0, question);
  if (question != std::string_view::npos) url.query = rest.substr(question + 1);
  return url;
}

std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      int byte = decodeEscapeAt(text, i);
      if (byte < 0) return std::nullopt;
      decoded += static_cast<char>(byte);
      i += 2;
    } else {
      decoded += (text[i] == '+' && plusIsSpace) ? ' ' : text[i];
    }
  }
  return decoded;
}

std::optional<std::string_view> findQueryParameter(std::string_view query,
                                                   std::initializer_list<std::string_view> names) {
  while (!query.empty()) {
    std::size_t end = query.find_first_of("&;");
    std::optional<std::string_view> raw = rawValueIfNamed(query.substr(0, end), names);
    if (raw) return raw;
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::optional<std::string> lastPathSegment(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return std::nullopt;
  std::size_t slash = path.rfind('/');
  std::string_view segment = slash == std::string_view::npos ? path : path.substr(slash + 1);
  return percentDecode(segment, false);
}

}  // namespace chillnode
