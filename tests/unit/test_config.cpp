#include <catch2/catch.hpp>

#include "app/config.hpp"

using namespace chillnode;

namespace {

std::string errorFor(const std::string& file) {
  try {
    loadConfig(CHILLNODE_TEST_DATA "/config/" + file);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("example config matches the defaults", "[config]") {
  Config example = loadConfig(CHILLNODE_ASSETS "/config/chillnode.toml");
  Config defaults = defaultConfig();
  CHECK(example.unitId == defaults.unitId);
  CHECK(example.language == defaults.language);
  CHECK(example.databasePath == defaults.databasePath);
  CHECK(example.camera.kind == defaults.camera.kind);
  CHECK(example.camera.source == defaults.camera.source);
  CHECK(example.camera.width == defaults.camera.width);
  CHECK(example.holdOffMs == defaults.holdOffMs);
  CHECK(example.width == defaults.width);
  CHECK(example.height == defaults.height);
  CHECK(example.fullscreen == defaults.fullscreen);
  CHECK(example.idleTimeoutMs == defaults.idleTimeoutMs);
  CHECK(example.idleWarningMs == defaults.idleWarningMs);
  CHECK(example.fontRegular == defaults.fontRegular);
  CHECK(example.audioVolume == defaults.audioVolume);
  CHECK(example.audioQuiet == defaults.audioQuiet);
  CHECK(example.audioGuided == defaults.audioGuided);
  CHECK(example.audioClipDir == defaults.audioClipDir);
}

TEST_CASE("audio settings are read", "[config]") {
  Config config = loadConfig(CHILLNODE_TEST_DATA "/config/audio_settings.toml");
  CHECK(config.audioVolume == 35);
  CHECK(config.audioQuiet);
  CHECK(config.audioGuided);
  CHECK(config.audioClipDir == "/srv/clips");
  CHECK_FALSE(defaultConfig().audioQuiet);
  CHECK(defaultConfig().audioVolume == 80);
}

TEST_CASE("defaults need no file", "[config]") {
  Config config = defaultConfig();
  CHECK_FALSE(config.unitId.empty());
  CHECK(config.idleTimeoutMs == 30'000);
  CHECK(config.holdOffMs == 5000);
}

TEST_CASE("bad config values name the key", "[config][bad-input]") {
  struct Case {
    const char* file;
    const char* expected;
  };
  const Case cases[] = {
      {"wrong_type.toml", "display.width must be a whole number"},
      {"out_of_range.toml", "display.idle_timeout_s must be a whole number from 5"},
      {"bad_camera_kind.toml", "camera.kind is \"webcam\""},
      {"bad_regex.toml", "checkin.bib_pattern is invalid"},
      {"two_groups.toml", "checkin.bib_pattern is invalid"},
      {"bad_unit_id.toml", "unit.id is \"booth 1; DROP\""},
      {"syntax_error.toml", "line 1"},
      {"warning_not_before_timeout.toml", "display.idle_warning_s must be less than"},
      {"audio_volume_too_loud.toml", "audio.volume must be a whole number from 0 to 100"},
      {"audio_quiet_not_bool.toml", "audio.quiet must be true or false"},
      {"offer_date_without_zone.toml", "offers[0].valid_until must be a date and time with its zone"},
      {"offer_unknown_station.toml", "offers[0].stations names \"sauna\""},
      {"offer_negative_stock.toml", "offers[0].stock must be a whole number from 0"},
      {"sponsor_without_keys.toml", "vouchers.public_keys is missing"},
      {"bad_role.toml", "unit.role must be \"booth\" or \"sponsor\""},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    std::string message = errorFor(c.file);
    CHECK(message.find(c.expected) != std::string::npos);
    CHECK(message.find(c.file) != std::string::npos);
  }
}

TEST_CASE("missing config file is reported", "[config][bad-input]") {
  std::string message = errorFor("no_such_file.toml");
  CHECK(message.find("no_such_file.toml") != std::string::npos);
}
