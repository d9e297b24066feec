#include "core/json_writer.hpp"

#include <cstdio>

namespace chillnode {

void appendJsonString(std::string& out, std::string_view text) {
  out.push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

void JsonObjectWriter::key(std::string_view name) {
  if (m_text.size() > 1) m_text.push_back(',');
  appendJsonString(m_text, name);
  m_text.push_back(':');
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::string_view value) {
  key(name);
  appendJsonString(m_text, value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::int64_t value) {
  key(name);
  m_text += std::to_string(value);
  return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, bool value) {
  key(name);
  m_text += value ? "true" : "false";
  return *this;
}

JsonObjectWriter& JsonObjectWriter::jsonField(std::string_view name, std::string_view json) {
  key(name);
  m_text += json;
  return *this;
}

std::string JsonObjectWriter::finish() {
  m_text.push_back('}');
  return std::move(m_text);
}

}  // namespace chillnode
