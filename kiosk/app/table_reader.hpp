#pragma once
// Reads the keys of one table of the parsed config file, naming file and key in every error.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "app/config.hpp"

namespace chillnode {

// Reads the keys of one TOML table whose path, such as "stations[2]", prefixes each key.
class TableReader {
public:
  TableReader(const toml::table& table, std::string path, const std::string& file)
      : m_table(table), m_path(std::move(path)), m_file(file) {}

  std::string key(std::string_view name) const {
    return m_path.empty() ? std::string(name) : m_path + "." + std::string(name);
  }

  [[noreturn]] void fail(std::string_view name, const std::string& rule) const {
    throw ConfigError("config " + m_file + ": " + key(name) + " " + rule);
  }

  const toml::node* find(std::string_view name) const { return m_table.get(name); }

  bool text(std::string_view name, std::string& out) const {
    const toml::node* node = find(name);
    if (!node) return false;
    auto value = node->value_exact<std::string>();
    if (!value) fail(name, "must be a string in quotes");
    out = *value;
    return true;
  }

  bool boolean(std::string_view name, bool& out) const {
    const toml::node* node = find(name);
    if (!node) return false;
    auto value = node->value_exact<bool>();
    if (!value) fail(name, "must be true or false");
    out = *value;
    return true;
  }

  bool integer(std::string_view name, std::int64_t& out, std::int64_t min, std::int64_t max) const {
    const toml::node* node = find(name);
    if (!node) return false;
    auto value = node->value_exact<std::int64_t>();
    if (!value || *value < min || *value > max) {
      fail(name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = *value;
    return true;
  }

  void rejectUnknownKeys(const std::set<std::string_view>& known) const {
    for (const auto& [name, node] : m_table) {
      if (!known.count(name.str())) fail(name.str(), "is not a known key: check its spelling");
    }
  }

  const std::string& file() const { return m_file; }

private:
  const toml::table& m_table;
  std::string m_path;
  const std::string& m_file;
};

}  // namespace chillnode
