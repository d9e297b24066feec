#include "sync/conninfo.hpp"

#include <cctype>

namespace chillnode {

namespace {

constexpr std::string_view Hidden = "***";
constexpr std::string_view Unparsable = "(connection string not shown: it could not be parsed)";

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool isSpace(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0;
}

// Redacts "password=VALUE" items of a URI query ("a=1&password=x&b=2").
std::string redactQuery(std::string_view query) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(start, end - start);
    if (startsWith(item, "password=")) {
      out += "password=";
      out += Hidden;
    } else {
      out += item;
    }
    if (end == query.size()) break;
    out += '&';
    start = end + 1;
  }
  return out;
}

std::string redactUri(std::string_view uri) {
  std::size_t schemeEnd = uri.find("://") + 3;
  std::size_t authorityEnd = uri.find_first_of("/?", schemeEnd);
  if (authorityEnd == std::string_view::npos) authorityEnd = uri.size();
  std::string_view authority = uri.substr(schemeEnd, authorityEnd - schemeEnd);

  std::string out(uri.substr(0, schemeEnd));
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view userInfo = authority.substr(0, at);
    std::size_t colon = userInfo.find(':');
    if (colon != std::string_view::npos) {
      out += userInfo.substr(0, colon + 1);
      out += Hidden;
    } else {
      out += userInfo;
    }
    out += authority.substr(at);
  } else {
    out += authority;
  }

  std::string_view rest = uri.substr(authorityEnd);
  std::size_t question = rest.find('?');
  if (question == std::string_view::npos) return out + std::string(rest);
  out += rest.substr(0, question + 1);
  return out + redactQuery(rest.substr(question + 1));
}

// Parses libpq's key = value form: values are bare words or single-quoted with backslash
// escapes. Returns false for text libpq would reject too.
bool redactKeyValues(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (isSpace(text[i])) {
      out += text[i++];
      continue;
    }
    std::size_t keyStart = i;
    while (i < text.size() && text[i] != '=' && !isSpace(text[i])) ++i;
    std::string_view key = text.substr(keyStart, i - keyStart);
    std::size_t equalsStart = i;
    while (i < text.size() && isSpace(text[i])) ++i;
    if (i == text.size() || text[i] != '=') return false;
    ++i;
    while (i < text.size() && isSpace(text[i])) ++i;
    std::string_view separator = text.substr(equalsStart, i - equalsStart);

    std::size_t valueStart = i;
    if (i < text.size() && text[i] == '\'') {
      ++i;
      while (i < text.size() && text[i] != '\'') i += text[i] == '\\' ? 2 : 1;
      if (i >= text.size()) return false;
      ++i;
    } else {
      while (i < text.size() && !isSpace(text[i])) i += text[i] == '\\' ? 2 : 1;
      i = std::min(i, text.size());
    }
    out += key;
    out += separator;
    if (key == "password") out += Hidden;
    else out += text.substr(valueStart, i - valueStart);
  }
  return true;
}

}  // namespace

std::string redactConninfo(std::string_view conninfo) {
  if (startsWith(conninfo, "postgresql://") || startsWith(conninfo, "postgres://")) {
    return redactUri(conninfo);
  }
  std::string out;
  if (!redactKeyValues(conninfo, out)) return std::string(Unparsable);
  return out;
}

}  // namespace chillnode
