#include "app/config.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "app/staff_config.hpp"
#include "core/payload.hpp"
#include "sync/hq_schema.hpp"
#include "ui/text.hpp"

namespace chillnode {

namespace {

std::string hostName() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0 || name[0] == 0) return "chillnode";
  return name;
}

// Unit ids end up in HQ role names and log lines, so they keep to a safe alphabet.
bool isValidUnitId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!alnum && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

class Reader {
public:
  Reader(const toml::table& table, std::string file) : m_table(table), m_file(std::move(file)) {}

  void text(std::string_view key, std::string& out) {
    const toml::node* node = m_table.at_path(key).node();
    if (!node) return;
    if (!node->is_string()) fail(key, "must be a string in quotes");
    out = node->as_string()->get();
  }

  // Like text, for settings that cannot be empty.
  void nonEmptyText(std::string_view key, std::string& out) {
    text(key, out);
    if (out.empty()) fail(key, "must not be empty");
  }

  void boolean(std::string_view key, bool& out) {
    const toml::node* node = m_table.at_path(key).node();
    if (!node) return;
    if (!node->is_boolean()) fail(key, "must be true or false");
    out = node->as_boolean()->get();
  }

  template <typename Int>
  void integer(std::string_view key, Int& out, std::int64_t min, std::int64_t max) {
    const toml::node* node = m_table.at_path(key).node();
    if (!node) return;
    auto value = node->is_integer() ? std::optional<std::int64_t>(node->as_integer()->get()) : std::nullopt;
    if (!value || *value < min || *value > max) {
      fail(key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    out = static_cast<Int>(*value);
  }

  const toml::node* find(std::string_view key) const { return m_table.at_path(key).node(); }

  [[noreturn]] void fail(std::string_view key, const std::string& rule) {
    throw ConfigError("config " + m_file + ": " + std::string(key) + " " + rule);
  }

private:
  const toml::table& m_table;
  std::string m_file;
};

void readCamera(Reader& reader, Config& config) {
  std::string kind;
  reader.text("camera.kind", kind);
  if (!kind.empty() && !parseCameraKind(kind, config.camera.kind)) {
    reader.fail("camera.kind", "is \"" + kind + "\": use \"v4l2\", \"gstreamer\", \"file\" or \"folder\"");
  }
  reader.nonEmptyText("camera.source", config.camera.source);
  reader.integer("camera.width", config.camera.width, 160, 4096);
  reader.integer("camera.height", config.camera.height, 120, 4096);
  reader.boolean("camera.loop", config.camera.loop);
  reader.integer("camera.folder_frame_ms", config.camera.folderFrameMs, 50, 60'000);
  reader.integer("camera.hold_off_ms", config.holdOffMs, 0, 600'000);
}

// A rotation of another kind (text, a fraction) is shown as the file has it, in short.
void readOrientation(Reader& reader, DisplayOrientation& orientation) {
  if (const toml::node* node = reader.find("display.rotation")) {
    std::optional<PanelRotation> rotation;
    if (node->is_integer()) rotation = panelRotationFromDegrees(node->as_integer()->get());
    if (!rotation) {
      std::ostringstream written;
      if (node->is_string()) written << '"' << node->as_string()->get().substr(0, 20) << '"';
      else node->visit([&written](const auto& value) { written << value; });
      reader.fail("display.rotation", "is " + written.str().substr(0, 24) +
                                          ": use 0, 90, 180 or 270, the degrees the panel is turned clockwise "
                                          "from its native orientation");
    }
    orientation.rotation = *rotation;
  }
  reader.boolean("display.touch_swap_xy", orientation.touch.swapXY);
  reader.boolean("display.touch_invert_x", orientation.touch.invertX);
  reader.boolean("display.touch_invert_y", orientation.touch.invertY);
}

void readDisplay(Reader& reader, Config& config) {
  reader.integer("display.width", config.width, 320, 7680);
  reader.integer("display.height", config.height, 240, 7680);
  reader.boolean("display.fullscreen", config.fullscreen);
  reader.text("display.renderer", config.renderer);
  static const std::set<std::string> Renderers = {"", "software", "opengl", "opengles2", "opengles"};
  if (!Renderers.contains(config.renderer)) {
    reader.fail("display.renderer", "is \"" + config.renderer +
                                        "\": use \"software\", \"opengl\", \"opengles2\" or \"\" for SDL's choice");
  }
  readOrientation(reader, config.orientation);
  std::int64_t idleSeconds = config.idleTimeoutMs / 1000;
  std::int64_t warningSeconds = config.idleWarningMs / 1000;
  reader.integer("display.idle_timeout_s", idleSeconds, 5, 3600);
  reader.integer("display.idle_warning_s", warningSeconds, 1, 3600);
  if (warningSeconds >= idleSeconds) {
    reader.fail("display.idle_warning_s", "must be less than display.idle_timeout_s");
  }
  config.idleTimeoutMs = idleSeconds * 1000;
  config.idleWarningMs = warningSeconds * 1000;
}

bool isKnownLanguage(const std::string& code);

void readUnit(Reader& reader, Config& config) {
  reader.text("unit.id", config.unitId);
  if (!isValidUnitId(config.unitId)) {
    reader.fail("unit.id", "is \"" + config.unitId.substr(0, 40) +
                               "\": use 1 to 64 letters, digits, '-', '_' or '.'");
  }
  reader.text("unit.language", config.language);
  if (!isKnownLanguage(config.language)) {
    reader.fail("unit.language", "is \"" + config.language.substr(0, 20) + "\": use \"en\" or \"es\"");
  }
}

void readCheckIn(Reader& reader, Config& config) {
  reader.text("checkin.bib_pattern", config.bibPattern);
  try {
    BibPayloadParser check(config.bibPattern);
  } catch (const std::invalid_argument& error) {
    reader.fail("checkin.bib_pattern", std::string("is invalid: ") + error.what());
  }
}

bool isKnownLanguage(const std::string& code) {
  for (const ui::Language& language : ui::languages()) {
    if (code == language.code) return true;
  }
  return false;
}

// A font the config names must exist and be a TrueType or OpenType file: ImGui aborts on
// anything else, so this is checked before any window opens.
void readFont(Reader& reader, std::string_view key, std::string& out) {
  std::string path;
  reader.text(key, path);
  if (path.empty()) return;
  std::ifstream file(path, std::ios::binary);
  char magic[4] = {};
  if (!file.read(magic, sizeof magic)) reader.fail(key, "is \"" + path + "\", which cannot be read");
  std::string_view tag(magic, sizeof magic);
  bool font = tag == std::string_view("\0\1\0\0", 4) || tag == "OTTO" || tag == "true" || tag == "ttcf";
  if (!font) reader.fail(key, "is \"" + path + "\", which is not a TrueType or OpenType font");
  out = path;
}

// Settings this file reads; a key outside them is a typo that would silently be ignored.
// Sections read elsewhere (stations, intake, queue, staff, vouchers, offers) check their own keys.
// The kiosk ignores [network]: `chillnode network render` and the doctor check it, so a Wi-Fi
// mistake costs the unit its Wi-Fi and never its kiosk.
void rejectUnknownKeys(Reader& reader, const toml::table& table) {
  static const std::map<std::string, std::set<std::string>> Known = {
      {"unit", {"id", "language", "role"}},
      {"database", {"path"}},
      {"camera", {"kind", "source", "width", "height", "loop", "folder_frame_ms", "hold_off_ms"}},
      {"checkin", {"bib_pattern"}},
      {"display",
       {"width", "height", "fullscreen", "renderer", "idle_timeout_s", "idle_warning_s", "rotation", "touch_swap_xy",
        "touch_invert_x", "touch_invert_y"}},
      {"paths", {"font_regular", "font_bold", "locale_dir"}},
      {"audio", {"volume", "quiet", "guided", "clip_dir"}},
      {"export", {"media_dir"}},
      {"hq", {"enabled", "url", "sslmode", "sslrootcert", "sslcert", "sslkey", "batch_size"}},
  };
  static const std::set<std::string> ReadElsewhere = {"stations", "intake", "queue", "staff", "vouchers", "offers",
                                                      "network"};
  for (const auto& [section, node] : table) {
    std::string name(section.str());
    if (ReadElsewhere.contains(name)) continue;
    auto known = Known.find(name);
    if (known == Known.end() || !node.is_table()) reader.fail(name, "is not a known setting: check the spelling");
    for (const auto& [key, value] : *node.as_table()) {
      (void)value;
      if (!known->second.contains(std::string(key.str()))) {
        reader.fail(name + "." + std::string(key.str()), "is not a known setting: check the spelling");
      }
    }
  }
}

// The batch limit keeps one INSERT under PostgreSQL's 65,535 parameters (nine per row).
void readHq(Reader& reader, Config& config) {
  HqSettings& hq = config.hq;
  reader.boolean("hq.enabled", hq.enabled);
  reader.text("hq.url", hq.url);
  reader.text("hq.sslmode", hq.sslMode);
  if (!isValidSslMode(hq.sslMode)) {
    reader.fail("hq.sslmode", "is \"" + hq.sslMode.substr(0, 20) +
                                  "\": use \"verify-full\", \"verify-ca\", \"require\", \"prefer\", \"allow\" or \"disable\"");
  }
  reader.text("hq.sslrootcert", hq.sslRootCert);
  reader.text("hq.sslcert", hq.sslCert);
  reader.text("hq.sslkey", hq.sslKey);
  reader.integer("hq.batch_size", hq.batchSize, 1, 5000);
  if (!hq.configured()) return;
  // HQ checks each row's unit id against the login role, so the id must be a role name too.
  if (std::optional<std::string> problem = checkHqUnitName(config.unitId)) {
    reader.fail("unit.id", "is \"" + config.unitId.substr(0, 40) + "\", which cannot be an HQ role name: it " +
                               *problem);
  }
}

}  // namespace

Config defaultConfig() {
  Config config;
  config.unitId = hostName();
  return config;
}

Config loadConfig(const std::string& path) {
  std::string text;
  std::ifstream file(path, std::ios::binary);
  try {
    if (file) text.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure&) {
    file.setstate(std::ios::badbit);  // libstdc++ throws when a read fails, e.g. on a folder
  }
  if (!file && !file.eof()) {
    throw ConfigError("config " + path + " cannot be read: " + std::strerror(errno) +
                      "; give --config the path of a TOML file");
  }
  return parseConfig(text, path);
}

Config parseConfig(std::string_view text, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    throw ConfigError("config " + path + " line " + std::to_string(begin.line) + ": " +
                      std::string(error.description()));
  }
  Config config = defaultConfig();
  Reader reader(table, path);
  readUnit(reader, config);
  reader.nonEmptyText("database.path", config.databasePath);
  readCheckIn(reader, config);
  readFont(reader, "paths.font_regular", config.fontRegular);
  readFont(reader, "paths.font_bold", config.fontBold);
  reader.text("paths.locale_dir", config.localeDir);
  readCamera(reader, config);
  readDisplay(reader, config);
  reader.integer("audio.volume", config.audioVolume, 0, 100);
  reader.boolean("audio.quiet", config.audioQuiet);
  reader.boolean("audio.guided", config.audioGuided);
  reader.text("audio.clip_dir", config.audioClipDir);
  reader.nonEmptyText("export.media_dir", config.mediaDir);
  readHq(reader, config);
  rejectUnknownKeys(reader, table);

  // Sections with readers of their own.
  config.stations = readStationConfig(table, path);
  config.staffMembers = readStaffMembers(table, path);
  std::vector<std::string> stationIds;
  for (const StationType& station : config.stations.stations) stationIds.push_back(station.id);
  config.vouchers = readVoucherConfig(table, path, stationIds);
  return config;
}

}  // namespace chillnode
