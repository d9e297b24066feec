#include "sync/conninfo.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

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

// The passwords found while redacting, as written in the connection string.
using Passwords = std::vector<std::string>;

// Redacts "password=VALUE" items of a URI query ("a=1&password=x&b=2").
std::string redactQuery(std::string_view query, Passwords& found) {
  std::string out;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view item = query.substr(start, end - start);
    if (startsWith(item, "password=")) {
      found.emplace_back(item.substr(9));
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

std::string redactUri(std::string_view uri, Passwords& found) {
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
      found.emplace_back(userInfo.substr(colon + 1));
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
  return out + redactQuery(rest.substr(question + 1), found);
}

// Parses libpq's key = value form: values are bare words or single-quoted with backslash
// escapes. Returns false for text libpq would reject too.
bool redactKeyValues(std::string_view text, std::string& out, Passwords& found) {
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
    std::string_view value = text.substr(valueStart, i - valueStart);
    if (key == "password") {
      found.emplace_back(value);
      out += Hidden;
    } else {
      out += value;
    }
  }
  return true;
}

bool isUri(std::string_view conninfo) {
  return startsWith(conninfo, "postgresql://") || startsWith(conninfo, "postgres://");
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes. A malformed escape stays as written.
std::string percentDecoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Strips the single quotes and backslash escapes of a key = value string's value.
std::string unquoted(std::string_view value) {
  if (!value.empty() && value.front() == '\'') value = value.substr(1, value.size() >= 2 ? value.size() - 2 : 0);
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) ++i;
    out += value[i];
  }
  return out;
}

void replaceAll(std::string& text, const std::string& secret) {
  std::size_t at = 0;
  while ((at = text.find(secret, at)) != std::string::npos) {
    text.replace(at, secret.size(), Hidden);
    at += Hidden.size();
  }
}

}  // namespace

std::string redactConninfo(std::string_view conninfo) {
  Passwords found;
  if (isUri(conninfo)) return redactUri(conninfo, found);
  std::string out;
  if (!redactKeyValues(conninfo, out, found)) return std::string(Unparsable);
  return out;
}

std::string redactPasswords(std::string message, std::string_view conninfo) {
  Passwords found;
  std::string ignored;
  if (isUri(conninfo)) {
    redactUri(conninfo, found);
    for (std::size_t i = 0, written = found.size(); i < written; ++i) found.push_back(percentDecoded(found[i]));
  } else {
    redactKeyValues(conninfo, ignored, found);
    for (std::size_t i = 0, written = found.size(); i < written; ++i) found.push_back(unquoted(found[i]));
  }
  // Longest first, so a password that contains another is hidden whole.
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& secret : found) {
    if (!secret.empty()) replaceAll(message, secret);
  }
  return message;
}

}  // namespace chillnode
