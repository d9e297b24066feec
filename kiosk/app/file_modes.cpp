#include "app/file_modes.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sync/conninfo.hpp"

namespace chillnode {

namespace {

// A root-owned file may be shared with the kiosk's group, so the fix keeps group read there.
std::string privateModeFor(const struct stat& info) {
  return info.st_uid == 0 && ::geteuid() != 0 ? "640" : "600";
}

std::string joinWithAnd(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

// libpq reads ~/.postgresql/postgresql.key when hq.sslkey is empty.
std::string hqClientKeyPath(const HqSettings& hq) {
  if (!hq.sslKey.empty()) return hq.sslKey;
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.postgresql/postgresql.key" : std::string();
}

}  // namespace

std::string modeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::optional<std::string> checkPrivateFile(const std::string& description, const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return std::nullopt;
    return description + " " + path + " cannot be examined: " + std::strerror(errno);
  }
  bool groupReadAllowed = info.st_uid == 0;
  mode_t forbidden = groupReadAllowed ? 037 : 077;
  if ((info.st_mode & forbidden) == 0) return std::nullopt;
  std::string access = (info.st_mode & 022) != 0 ? "change" : "read";
  return description + " " + path + " has mode " + modeText(info.st_mode) + ", so other users can " + access +
         " it: run chmod " + privateModeFor(info) + " " + path;
}

std::vector<std::string> configSecrets(const Config& config) {
  std::vector<std::string> secrets;
  auto shared = [](const StaffMember& member) { return member.id == SharedPinStaffId; };
  const std::vector<StaffMember>& members = config.staffMembers;
  if (std::any_of(members.begin(), members.end(), shared)) secrets.push_back("staff.pin_hash");
  if (!std::all_of(members.begin(), members.end(), shared)) secrets.push_back("the pin_hash keys of [[staff.members]]");
  // The redacted form differs exactly when the url carries a password, or cannot be parsed.
  if (!config.hq.url.empty() && redactConninfo(config.hq.url) != config.hq.url) {
    secrets.push_back("the password in hq.url");
  }
  return secrets;
}

std::optional<std::string> checkSecretFileModes(const std::string& configPath, const Config& config) {
  if (!configPath.empty()) {
    std::vector<std::string> secrets = configSecrets(config);
    struct stat info {};
    if (::stat(configPath.c_str(), &info) != 0) {
      return "config " + configPath + " cannot be examined: " + std::strerror(errno);
    }
    std::string fix = secrets.empty() ? "644" : privateModeFor(info);
    if ((info.st_mode & 022) != 0) {
      return "config " + configPath + " has mode " + modeText(info.st_mode) +
             ", so other users can change it: run chmod " + fix + " " + configPath;
    }
    if (!secrets.empty() && checkPrivateFile("config", configPath)) {
      return "config " + configPath + " has mode " + modeText(info.st_mode) + " and holds " + joinWithAnd(secrets) +
             ", so other users can read them: run chmod " + fix + " " + configPath;
    }
  }
  if (config.hq.configured()) {
    std::string key = hqClientKeyPath(config.hq);
    if (!key.empty()) {
      if (std::optional<std::string> problem = checkPrivateFile("HQ client key (hq.sslkey)", key)) return problem;
    }
  }
  return std::nullopt;
}

}  // namespace chillnode
