#pragma once
// The unit's settings, loaded from a TOML file. Every setting has a default, so the kiosk
// starts with no file at all.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/station_config.hpp"
#include "app/voucher_config.hpp"
#include "core/display_orientation.hpp"
#include "core/staff_auth.hpp"
#include "platform/frame_source.hpp"
#include "sync/hq_settings.hpp"

namespace chillnode {

// Thrown for a config that cannot be used; the message names the file and the key.
class ConfigError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Config {
  // [unit]
  std::string unitId;           // default: the host name
  std::string language = "en";  // language of the attract screen
  // [database]
  std::string databasePath = "chillnode.db";
  // [camera]
  CameraSettings camera;
  std::int64_t holdOffMs = 5000;  // the same payload within this time counts once
  // [checkin]
  std::string bibPattern;  // optional regular expression with one capture group
  // [display]
  int width = 800;   // the panel's size in its native orientation, before any rotation
  int height = 480;
  DisplayOrientation orientation;  // rotation and touch_* keys
  bool fullscreen = true;
  std::string renderer;  // SDL render driver name, empty for SDL's choice
  std::int64_t idleTimeoutMs = 30'000;
  std::int64_t idleWarningMs = 10'000;
  // [paths]
  std::string fontRegular = "/usr/share/fonts/opentype/inter/Inter-SemiBold.otf";
  std::string fontBold = "/usr/share/fonts/opentype/inter/Inter-ExtraBold.otf";
  std::string localeDir;  // default: next to the binary, then the install prefix
  // [[stations]], [[intake.questions]], [queue]
  StationConfig stations;
  // [audio]
  int audioVolume = 80;     // percent
  bool audioQuiet = false;  // no sound at all
  bool audioGuided = false; // read each screen's main message aloud
  std::string audioClipDir; // default: the build tree's clips when run from it, else the install's
  // [unit] role, [vouchers], [[offers]]
  VoucherConfig vouchers;
  // [export] media_dir: where USB drives are mounted, for the staff screen's export button
  std::string mediaDir = "/media";
  // [staff] pin_hash (the shared PIN, member id "staff") and [[staff.members]]: who can open
  // the staff screen, each with an Argon2id hash from `chillnode pin set`. Empty means nobody.
  std::vector<StaffMember> staffMembers;
  // [hq] the race HQ database the outbox is sent to; sync is off while url is empty
  HqSettings hq;
};

// Loads path over the defaults. Throws ConfigError naming the file and key for a syntax
// error, a value of the wrong type, or a value out of range.
Config loadConfig(const std::string& path);

// Loads TOML text over the defaults; name stands for the file in messages.
Config parseConfig(std::string_view text, const std::string& name);

// Defaults only, with the unit id set from the host name.
Config defaultConfig();

}  // namespace chillnode
