#pragma once
// Minimal JSON object writer for outbox records: flat objects of strings, integers and bools.

#include <cstdint>
#include <string>
#include <string_view>

namespace chillnode {

class JsonObjectWriter {
public:
  JsonObjectWriter& field(std::string_view key, std::string_view value);
  JsonObjectWriter& field(std::string_view key, std::int64_t value);
  JsonObjectWriter& field(std::string_view key, bool value);
  // Adds a value that is already JSON text, such as a nested object from another writer.
  // The caller guarantees that json is valid JSON.
  JsonObjectWriter& jsonField(std::string_view key, std::string_view json);
  // Returns the finished object text; the writer must not be used afterwards.
  std::string finish();

private:
  void key(std::string_view name);
  std::string m_text = "{";
};

// Appends text to out as a JSON string literal with quotes, escaping what JSON requires.
void appendJsonString(std::string& out, std::string_view text);

}  // namespace chillnode
