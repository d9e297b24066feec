#pragma once
// Start-up checks of the modes of files that hold secrets: the config when it contains the
// staff PIN hash or the HQ password, and the HQ client key. A unit refuses to run with a
// secret that other users of the machine could read, or a config that they could change.

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace chillnode {

// The permission bits of mode as four octal digits, e.g. "0644".
std::string modeText(mode_t mode);

// Checks that path gives others no access and its group none either, except read access
// when root owns the file. This is the rule of libpq's client key check (PostgreSQL 15), which
// lets a root-owned key be shared with the kiosk's group. Returns nullopt when the file is
// private or does not exist. Otherwise returns a message such as "DESCRIPTION PATH has mode
// 0644, so other users can read it: run chmod 600 PATH", also when stat() fails.
std::optional<std::string> checkPrivateFile(const std::string& description, const std::string& path);

// The config keys whose values are secrets in this config, e.g. "staff.pin_hash" and
// "the password in hq.url".
std::vector<std::string> configSecrets(const Config& config);

// Checks the config file (never writable by group or others, and private by
// checkPrivateFile's rule when it contains a secret) and, when [hq] has a url, the client key
// that libpq would use. Returns the first problem's message, or nullopt.
std::optional<std::string> checkSecretFileModes(const std::string& configPath, const Config& config);

}  // namespace chillnode
