#include "app/doctor_command.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include <SDL.h>
#include <toml++/toml.h>

#include "app/config.hpp"
#include "app/file_modes.hpp"
#include "app/network_config.hpp"
#include "platform/device_health.hpp"
#include "platform/frame_source.hpp"
#include "platform/system_clock.hpp"
#include "store/database.hpp"

namespace chillnode {

namespace {

namespace fs = std::filesystem;

constexpr int HqConnectTimeoutMs = 3000;

CheckResult ok(std::string name, std::string detail) {
  return {std::move(name), CheckStatus::Ok, std::move(detail)};
}
CheckResult warning(std::string name, std::string detail) {
  return {std::move(name), CheckStatus::Warning, std::move(detail)};
}
CheckResult failed(std::string name, std::string detail) {
  return {std::move(name), CheckStatus::Failed, std::move(detail)};
}
CheckResult skipped(std::string name, std::string detail) {
  return {std::move(name), CheckStatus::Skipped, std::move(detail)};
}

std::string folderOf(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string formatBytes(std::uint64_t bytes) {
  constexpr double MiB = 1024.0 * 1024.0;
  auto value = static_cast<double>(bytes);
  char text[32];
  if (value >= 1024 * MiB) std::snprintf(text, sizeof text, "%.1f GiB", value / (1024 * MiB));
  else std::snprintf(text, sizeof text, "%.0f MiB", value / MiB);
  return text;
}

// ---- config and database

CheckResult checkConfig(const std::string& configPath, Config& config) {
  if (configPath.empty()) {
    config = defaultConfig();
    return ok("config", "no --config given; using the defaults");
  }
  try {
    config = loadConfig(configPath);
  } catch (const ConfigError& error) {
    config = defaultConfig();
    return failed("config", std::string(error.what()) + " (the other checks use the defaults)");
  }
  // The kiosk refuses to start with these, so they fail here too.
  if (std::optional<std::string> problem = checkSecretFileModes(configPath, config)) return failed("config", *problem);
  return ok("config", configPath + " is valid");
}

std::string describeRoster(Database& db) {
  Statement count = db.prepare("SELECT count(*) FROM runners");
  count.step();
  std::int64_t runners = count.integer(0);
  return std::to_string(runners) + (runners == 1 ? " runner" : " runners") + " in the roster";
}

CheckResult checkDatabase(const std::string& path) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    // Creating the file here would leave it owned by the user running the doctor (often root),
    // and the kiosk's user could then not write it.
    std::string folder = folderOf(path);
    if (access(folder.c_str(), W_OK) != 0) {
      return failed("database", path + " is missing and its folder " + folder +
                                    " is not writable: create the folder and give the kiosk user write access");
    }
    return ok("database", path + " does not exist yet; the kiosk creates it at start in " + folder);
  }
  try {
    Database db(path);
    Statement check = db.prepare("PRAGMA integrity_check");
    std::string verdict = check.step() ? check.text(0) : "no result";
    if (verdict != "ok") {
      return failed("database", path + " failed PRAGMA integrity_check: " + verdict.substr(0, 200) +
                                    ": restore it from a backup or export it and start a new file");
    }
    // BEGIN IMMEDIATE takes the write lock, which SQLite rejects for a read-only file or folder.
    { Transaction probe(db); }
    return ok("database", path + " is writable, integrity check ok, " + describeRoster(db));
  } catch (const StoreError& storeError) {
    return failed("database", storeError.what());
  }
}

CheckResult checkDisk(const std::string& databasePath) {
  std::string folder = folderOf(databasePath);
  std::optional<std::uint64_t> free = readFreeDiskBytes(folder);
  if (!free) return failed("disk", "cannot read the free space of " + folder + ": the folder may be missing");
  std::string detail = formatBytes(*free) + " free on the file system of " + folder;
  if (*free < MinFreeDiskBytes) return failed("disk", detail + ", below the " + formatBytes(MinFreeDiskBytes) + " minimum");
  if (*free < LowFreeDiskBytes) return warning("disk", detail + ", below " + formatBytes(LowFreeDiskBytes));
  return ok("disk", detail);
}

// ---- devices

CheckResult checkCamera(const CameraSettings& settings) {
  bool path = settings.kind != CameraKind::GStreamer;
  std::error_code error;
  if (path && !fs::exists(settings.source, error)) {
    return failed("camera", settings.source + " not found: plug in the camera or fix camera.source");
  }
  std::unique_ptr<FrameSource> source = makeFrameSource(settings);
  if (!source->open()) {
    return failed("camera", source->error() + ": if the kiosk is running and holds the camera, stop it and run the doctor again");
  }
  source->close();
  return ok("camera", settings.source + " opens");
}

// Returns the number of sound cards in /proc/asound/cards, whose card lines start with a number.
int countAlsaCards() {
  std::ifstream cards("/proc/asound/cards");
  int count = 0;
  std::string line;
  while (std::getline(cards, line)) {
    std::size_t start = line.find_first_not_of(' ');
    if (start != std::string::npos && line[start] >= '0' && line[start] <= '9') ++count;
  }
  return count;
}

CheckResult checkAudio(const Config& config) {
  if (config.audioQuiet) return skipped("audio", "audio.quiet is true; the kiosk plays no sound");
  if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
    return failed("audio", std::string("no SDL audio driver starts: ") + SDL_GetError() +
                               ": check the sound card and SDL_AUDIODRIVER");
  }
  std::string driver = SDL_GetCurrentAudioDriver();
  int devices = SDL_GetNumAudioDevices(0);
  std::string first = devices > 0 && SDL_GetAudioDeviceName(0, 0) ? SDL_GetAudioDeviceName(0, 0) : "";
  SDL_QuitSubSystem(SDL_INIT_AUDIO);
  int cards = driver == "alsa" ? countAlsaCards() : -1;
  if (devices == 0 || cards == 0) {
    return failed("audio", "no playback device through SDL's " + driver + " driver: connect a speaker or set audio.quiet");
  }
  std::string detail = "SDL's " + driver + " driver";
  if (devices > 0) detail += ", playback devices: " + std::to_string(devices) + ", first \"" + first + "\"";
  if (cards > 0) detail += ", ALSA sound cards: " + std::to_string(cards);
  return ok("audio", detail);
}

CheckResult checkClock() {
  Timestamp now = SystemClock().now();
  if (now.wallSynced) return ok("clock", "wall clock synchronized");
  return warning("clock", "wall clock not synchronized; records are marked unsynchronized until NTP sets it");
}

// ---- HQ

// Connects over TCP within HqConnectTimeoutMs. Returns an empty string on success, else the reason.
std::string connectTcp(const std::string& host, const std::string& port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  if (int status = getaddrinfo(host.c_str(), port.c_str(), &hints, &addresses); status != 0) {
    return std::string("host name lookup failed: ") + gai_strerror(status);
  }
  std::string reason = "no address";
  for (addrinfo* address = addresses; address; address = address->ai_next) {
    int fd = socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, address->ai_protocol);
    if (fd < 0) continue;
    int result = connect(fd, address->ai_addr, address->ai_addrlen);
    if (result != 0 && errno == EINPROGRESS) {
      pollfd poll{fd, POLLOUT, 0};
      int ready = ::poll(&poll, 1, HqConnectTimeoutMs);
      int socketError = ETIMEDOUT;
      socklen_t length = sizeof socketError;
      if (ready > 0) getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length);
      result = socketError == 0 ? 0 : -1;
      errno = socketError;
    }
    if (result != 0) reason = std::strerror(errno);
    close(fd);
    if (result == 0) {
      freeaddrinfo(addresses);
      return "";
    }
  }
  freeaddrinfo(addresses);
  return reason;
}

// The [hq] table is read here straight from the file, so the doctor does not depend on how
// the HQ settings are stored in Config.
CheckResult checkHq(const std::string& configPath) {
  if (configPath.empty()) return skipped("hq", "not configured");
  toml::table table;
  try {
    table = toml::parse_file(configPath);
  } catch (const toml::parse_error&) {
    return skipped("hq", "not checked because the config cannot be read");
  }
  const toml::table* hq = table["hq"].as_table();
  std::string url = hq ? (*hq)["url"].value_or(std::string()) : "";
  if (url.empty()) return skipped("hq", "not configured");
  if (!(*hq)["enabled"].value_or(true)) return skipped("hq", "disabled (hq.enabled = false)");
  std::string address = hqAddressOf(url);
  if (address.empty()) return warning("hq", "hq.url names no host; records stay in the outbox");
  std::size_t colon = address.rfind(':');
  std::string host = address.substr(0, colon);
  if (host.size() > 1 && host.front() == '[') host = host.substr(1, host.size() - 2);
  std::string reason = connectTcp(host, address.substr(colon + 1));
  if (!reason.empty()) return warning("hq", address + " is unreachable: " + reason + "; records wait in the outbox");
  return ok("hq", address + " accepts TCP connections");
}

// ---- Wi-Fi

// A wrong [network] only warns: the kiosk works without a network, and a cable still works.
CheckResult checkNetwork(const std::string& configPath) {
  if (configPath.empty()) return skipped("wifi", "not configured");
  toml::table table;
  try {
    table = toml::parse_file(configPath);
  } catch (const toml::parse_error&) {
    return skipped("wifi", "not checked because the config cannot be read");
  }
  NetworkSettings settings;
  try {
    settings = readNetworkSettings(table, configPath);
  } catch (const ConfigError& error) {
    return warning("wifi", std::string(error.what()) + "; the unit joins no Wi-Fi");
  }
  if (!settings.wifiConfigured()) return skipped("wifi", "not configured (network.wifi_ssid is empty)");
  std::string security = settings.wifiPassphrase.empty() ? "open network" : "WPA-PSK";
  return ok("wifi", "\"" + escapeForMessage(settings.wifiSsid) + "\" (" + security + ", country " +
                        settings.wifiCountry + (settings.wifiHidden ? ", hidden" : "") + ") is valid");
}

const char* statusLabel(CheckStatus status) {
  switch (status) {
    case CheckStatus::Ok: return "ok";
    case CheckStatus::Warning: return "warn";
    case CheckStatus::Failed: return "FAIL";
    case CheckStatus::Skipped: return "skip";
  }
  return "?";
}

// ---- connection string parsing

std::string hostPortOfUri(std::string rest) {
  rest = rest.substr(0, rest.find_first_of("/?"));
  std::size_t at = rest.rfind('@');
  if (at != std::string::npos) rest = rest.substr(at + 1);
  rest = rest.substr(0, rest.find(','));  // the first of several hosts
  if (rest.empty()) return "";
  std::size_t bracket = rest.find(']');
  std::size_t colon = rest.find(':', bracket == std::string::npos ? 0 : bracket);
  if (colon == std::string::npos) return rest + ":5432";
  if (colon == 0) return "";
  if (colon + 1 == rest.size()) return rest + "5432";
  return rest;
}

// Reads key=value pairs separated by spaces, values optionally in single quotes.
std::string hostPortOfKeyValues(const std::string& text) {
  std::string host;
  std::string port = "5432";
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t equals = text.find('=', i);
    if (equals == std::string::npos) break;
    std::string key = text.substr(i, equals - i);
    while (!key.empty() && key.back() == ' ') key.pop_back();
    i = equals + 1;
    while (i < text.size() && text[i] == ' ') ++i;
    std::string value;
    if (i < text.size() && text[i] == '\'') {
      for (++i; i < text.size() && text[i] != '\''; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value.push_back(text[i]);
      }
      ++i;
    } else {
      while (i < text.size() && text[i] != ' ') value.push_back(text[i++]);
    }
    if (key == "host" || (key == "hostaddr" && host.empty())) host = value.substr(0, value.find(','));
    if (key == "port") port = value.substr(0, value.find(','));
  }
  if (host.empty() || host.front() == '/') return "";  // none, or a Unix socket folder
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
}

}  // namespace

std::string hqAddressOf(const std::string& connectionString) {
  for (const char* scheme : {"postgresql://", "postgres://"}) {
    if (connectionString.starts_with(scheme)) {
      return hostPortOfUri(connectionString.substr(std::string(scheme).size()));
    }
  }
  return hostPortOfKeyValues(connectionString);
}

int runDoctor(const std::string& configPath, const std::string& dbPath) {
  Config config;
  std::vector<CheckResult> results;
  results.push_back(checkConfig(configPath, config));
  if (!dbPath.empty()) config.databasePath = dbPath;
  results.push_back(checkDatabase(config.databasePath));
  results.push_back(checkCamera(config.camera));
  results.push_back(checkAudio(config));
  results.push_back(checkDisk(config.databasePath));
  results.push_back(checkClock());
  results.push_back(checkNetwork(configPath));
  results.push_back(checkHq(configPath));

  std::string failedNames;
  for (const CheckResult& result : results) {
    std::printf("%-4s  %-8s  %s\n", statusLabel(result.status), result.name.c_str(), result.detail.c_str());
    if (result.status == CheckStatus::Failed) failedNames += (failedNames.empty() ? "" : ", ") + result.name;
  }
  if (failedNames.empty()) {
    std::printf("doctor: every check a race needs passed\n");
    return 0;
  }
  std::printf("doctor: failed: %s; this unit is not ready for a race\n", failedNames.c_str());
  return 1;
}

}  // namespace chillnode
