// Fuzz target: the TOML config loader. Any text must either load or be rejected with a
// ConfigError. Any other exception or a crash is a finding.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    chillnode::Config config = chillnode::parseConfig(text, "fuzz.toml");
    static_cast<void>(config);
  } catch (const chillnode::ConfigError&) {
  }
  return 0;
}
