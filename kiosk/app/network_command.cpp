#include "app/network_command.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include <toml++/toml.h>

#include "app/config.hpp"
#include "app/network_config.hpp"

namespace chillnode {

namespace {

namespace fs = std::filesystem;

class RenderError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

NetworkSettings readSettings(const std::string& configPath) {
  if (configPath.empty()) return {};
  toml::table table;
  try {
    table = toml::parse_file(configPath);
  } catch (const toml::parse_error& error) {
    throw ConfigError("config " + configPath + " line " + std::to_string(error.source().begin.line) + ": " +
                      std::string(error.description()));
  }
  return readNetworkSettings(table, configPath);
}

void removeOld(const fs::path& target) {
  std::error_code error;
  if (fs::remove(target, error)) std::printf("network render: removed %s\n", target.c_str());
  if (error) throw RenderError("cannot remove " + target.string() + ": " + error.message());
}

// Writes text to target with mode 0600 from the start: a temporary file in the same folder,
// flushed, then renamed over target, so a reader sees the old file or the whole new one.
void writePrivateFile(const fs::path& target, const std::string& text) {
  std::string temporary = (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  int fd = mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) throw RenderError("cannot create a file in " + target.parent_path().string() + ": " + std::strerror(errno));
  bool written = fchmod(fd, 0600) == 0 &&
                 ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && fsync(fd) == 0;
  int savedErrno = errno;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), target.c_str()) != 0) {
    if (written) savedErrno = errno;
    ::unlink(temporary.c_str());
    throw RenderError("cannot write " + target.string() + ": " + std::strerror(savedErrno));
  }
}

}  // namespace

int runNetworkRender(const std::string& configPath, const std::string& outDir) {
  fs::path target = fs::path(outDir) / WpaSupplicantFileName;
  try {
    std::error_code error;
    fs::create_directories(outDir, error);
    if (error) throw RenderError("cannot create the folder " + outDir + ": " + error.message());

    NetworkSettings settings;
    try {
      settings = readSettings(configPath);
    } catch (const ConfigError& configError) {
      std::fprintf(stderr, "network render: %s; the unit joins no Wi-Fi (a network cable still works)\n",
                   configError.what());
      removeOld(target);
      return 1;
    }
    if (!settings.wifiConfigured()) {
      std::printf("network render: no Wi-Fi configured (network.wifi_ssid is empty)\n");
      removeOld(target);
      return 0;
    }
    std::string text = renderWpaSupplicantConfig(settings);
    writePrivateFile(target, text);
    OPENSSL_cleanse(text.data(), text.size());
    std::printf("network render: wrote %s for Wi-Fi \"%s\" (%s, country %s%s)\n", target.c_str(),
                escapeForMessage(settings.wifiSsid).c_str(), settings.wifiPassphrase.empty() ? "open" : "WPA-PSK",
                settings.wifiCountry.c_str(), settings.wifiHidden ? ", hidden" : "");
    return 0;
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "network render: %s\n", error.what());
    return 1;
  }
}

}  // namespace chillnode
