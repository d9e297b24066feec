#include <catch2/catch.hpp>

#include <fstream>

#include "app/config.hpp"
#include "temp_dir.hpp"

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
  CHECK(example.orientation.rotation == defaults.orientation.rotation);
  CHECK(example.orientation.touch.swapXY == defaults.orientation.touch.swapXY);
  CHECK(example.orientation.touch.invertX == defaults.orientation.touch.invertX);
  CHECK(example.orientation.touch.invertY == defaults.orientation.touch.invertY);
  CHECK(example.idleTimeoutMs == defaults.idleTimeoutMs);
  CHECK(example.idleWarningMs == defaults.idleWarningMs);
  CHECK(example.fontRegular == defaults.fontRegular);
  CHECK(example.audioVolume == defaults.audioVolume);
  CHECK(example.audioQuiet == defaults.audioQuiet);
  CHECK(example.audioGuided == defaults.audioGuided);
  CHECK(example.audioClipDir == defaults.audioClipDir);
  CHECK(example.hq.url == defaults.hq.url);
  CHECK(example.hq.enabled == defaults.hq.enabled);
  CHECK(example.hq.sslMode == defaults.hq.sslMode);
  CHECK(example.hq.batchSize == defaults.hq.batchSize);
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

TEST_CASE("display rotation and touch flags are read", "[config][display]") {
  Config config = loadConfig(CHILLNODE_TEST_DATA "/config/rotated_panel.toml");
  CHECK(config.orientation.rotation == PanelRotation::Clockwise90);
  CHECK(config.orientation.touch.swapXY);
  CHECK_FALSE(config.orientation.touch.invertX);
  CHECK(config.orientation.touch.invertY);
  CHECK(config.width == 800);
  CHECK(config.height == 480);
  CHECK(defaultConfig().orientation.rotation == PanelRotation::None);
}

TEST_CASE("hq settings are read", "[config][sync]") {
  Config config = loadConfig(CHILLNODE_TEST_DATA "/config/hq_settings.toml");
  CHECK(config.hq.url == "postgresql://booth-7:secret@127.0.0.1:5432/race");
  CHECK(config.hq.sslMode == "verify-ca");
  CHECK(config.hq.sslRootCert == "/etc/chillnode/hq-ca.crt");
  CHECK(config.hq.sslCert == "/etc/chillnode/booth-7.crt");
  CHECK(config.hq.sslKey == "/etc/chillnode/booth-7.key");
  CHECK(config.hq.batchSize == 50);
  CHECK(config.hq.configured());
  CHECK_FALSE(defaultConfig().hq.configured());
  CHECK(defaultConfig().hq.sslMode == "verify-full");
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
      {"hq_bad_sslmode.toml", "hq.sslmode is \"on\""},
      {"hq_batch_too_large.toml", "hq.batch_size must be a whole number from 1 to 5000"},
      {"hq_unit_id_too_long.toml", "cannot be an HQ role name: it must be 1 to 63 characters long"},
      {"rotation_not_quarter_turn.toml", "display.rotation is 45: use 0, 90, 180 or 270"},
      {"rotation_in_quotes.toml", "display.rotation is \"90\": use 0, 90, 180 or 270"},
      {"touch_flag_not_bool.toml", "display.touch_invert_x must be true or false"},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    std::string message = errorFor(c.file);
    CHECK(message.find(c.expected) != std::string::npos);
    CHECK(message.find(c.file) != std::string::npos);
  }
}

TEST_CASE("a logo too large to decode is refused", "[config][bad-input]") {
  chillnode::test::TempDir scratch;
  std::string config = scratch.file("logo.toml");
  std::ofstream(config) << "[[offers]]\nid = \"smoothie\"\nsponsor = \"juice\"\ntitle = \"Free smoothie\"\n"
                           "valid_until = 2026-12-31T18:00:00Z\nstations = [\"cryo\"]\nstock = 10\nlogo = \""
                        << CHILLNODE_TEST_DATA << "/config/huge_logo.png\"\n";
  CHECK_THROWS_WITH(loadConfig(config), Catch::Contains("offers[0].logo") && Catch::Contains("16000x16000 pixels"));
}

TEST_CASE("a station name too long for its buttons is refused", "[config][bad-input]") {
  chillnode::test::TempDir scratch;
  std::string config = scratch.file("name.toml");
  std::ofstream(config) << "[[stations]]\nid = \"sauna\"\nname = \"Infrared sauna with guided breathing for legs\"\n"
                           "default_s = 600\nmax_s = 900\n";
  CHECK_THROWS_WITH(loadConfig(config), Catch::Contains("stations[0].name must be 1 to 32 characters"));
}

TEST_CASE("missing config file is reported", "[config][bad-input]") {
  std::string message = errorFor("no_such_file.toml");
  CHECK_THAT(message, Catch::Contains("no_such_file.toml cannot be read: No such file or directory") &&
                          Catch::Contains("give --config the path of a TOML file"));
  CHECK_THAT(message, !Catch::Contains("line 0"));
}

TEST_CASE("a folder given as the config is reported", "[config][bad-input]") {
  chillnode::test::TempDir scratch;
  CHECK_THROWS_WITH(loadConfig(scratch.path().string()), Catch::Contains("cannot be read: Is a directory"));
}
