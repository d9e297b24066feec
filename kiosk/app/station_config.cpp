#include "app/station_config.hpp"

#include <set>

#include "app/config.hpp"
#include "app/table_reader.hpp"

namespace chillnode {

namespace {

constexpr std::int64_t MaxDurationS = MaxStationDurationMs / 1000;
constexpr std::size_t MaxQuestionTextLength = 200;

// Question ids end up in stored answers and translation catalogs, so they keep to a safe alphabet.
bool isValidQuestionId(const std::string& id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

const std::set<std::string_view> StationKeys = {"id", "name", "bays", "default_s", "max_s",
                                                "attended", "one_per_day", "questions"};

std::int64_t readDuration(const TableReader& reader, std::string_view name, std::int64_t currentMs,
                          bool required) {
  std::int64_t seconds = currentMs / 1000;
  if (!reader.integer(name, seconds, 1, MaxDurationS) && required) {
    reader.fail(name, "is missing: set it in seconds for a station type that is not built in");
  }
  return seconds * 1000;
}

std::vector<IntakeQuestion> readQuestionIds(const TableReader& reader) {
  const toml::node* node = reader.find("questions");
  const toml::array* ids = node ? node->as_array() : nullptr;
  if (!ids) reader.fail("questions", "must be a list of question ids in quotes");
  std::vector<IntakeQuestion> questions;
  for (std::size_t i = 0; i < ids->size(); ++i) {
    std::string where = "questions[" + std::to_string(i) + "]";
    auto id = ids->get(i)->value_exact<std::string>();
    if (!id) reader.fail(where, "must be a question id in quotes");
    std::optional<IntakeQuestion> question = findBuiltInQuestion(*id);
    if (!question) {
      reader.fail(where, "is \"" + id->substr(0, 40) +
                             "\": not a built-in question; add your own under [[intake.questions]]");
    }
    questions.push_back(*question);
  }
  return questions;
}

StationType readStation(const toml::table& table, std::size_t index, const std::string& file) {
  TableReader reader(table, "stations[" + std::to_string(index) + "]", file);
  reader.rejectUnknownKeys(StationKeys);
  std::string id;
  if (!reader.text("id", id)) reader.fail("id", "is missing: give each station type a short id");

  std::optional<StationType> builtIn = findDefaultStation(id);
  StationType station = builtIn.value_or(StationType{});
  station.id = id;
  if (!builtIn) station.name = id;
  // Names show on buttons and bay tiles, so a long one would not fit them.
  bool named = reader.text("name", station.name);
  if (named && (station.name.empty() || station.name.size() > 32)) {
    reader.fail("name", "must be 1 to 32 characters, such as \"Infrared sauna\"");
  }
  std::int64_t bays = station.bays;
  reader.integer("bays", bays, 1, MaxBaysPerStation);
  station.bays = static_cast<int>(bays);
  station.defaultDurationMs = readDuration(reader, "default_s", station.defaultDurationMs, !builtIn);
  station.maxDurationMs = readDuration(reader, "max_s", station.maxDurationMs, !builtIn);
  reader.boolean("attended", station.attended);
  reader.boolean("one_per_day", station.onePerDay);
  if (reader.find("questions")) station.questions = readQuestionIds(reader);
  return station;
}

std::vector<StationType> readStationList(const toml::table& table, const std::string& file) {
  const toml::node* node = table.get("stations");
  if (!node) return defaultStations();
  const toml::array* list = node->as_array();
  if (!list || !list->is_array_of_tables()) {
    throw ConfigError("config " + file + ": stations must be a list of [[stations]] tables");
  }
  std::vector<StationType> stations;
  for (std::size_t i = 0; i < list->size(); ++i) {
    stations.push_back(readStation(*list->get(i)->as_table(), i, file));
  }
  return stations;
}

void readIntakeQuestion(const TableReader& reader, std::vector<StationType>& stations) {
  reader.rejectUnknownKeys({"station", "id", "text"});
  std::string stationId;
  std::string id;
  std::string text;
  if (!reader.text("station", stationId)) reader.fail("station", "is missing: name a station type id");
  if (!reader.text("id", id)) reader.fail("id", "is missing: give the question a short id");
  if (!isValidQuestionId(id)) {
    reader.fail("id", "is \"" + id.substr(0, 40) + "\": use 1 to 40 lower-case letters, digits or '_'");
  }
  if (!reader.text("text", text) || text.empty() || text.size() > MaxQuestionTextLength) {
    reader.fail("text", "must be a yes/no question of 1 to 200 characters");
  }
  StationType* station = nullptr;
  for (StationType& candidate : stations) {
    if (candidate.id == stationId) station = &candidate;
  }
  if (!station) reader.fail("station", "is \"" + stationId.substr(0, 40) + "\": no such station type");
  for (const IntakeQuestion& question : station->questions) {
    if (question.id == id) reader.fail("id", "is \"" + id.substr(0, 40) + "\": already asked for " + stationId);
  }
  station->questions.push_back({id, text});
}

void readIntake(const toml::table& table, const std::string& file, std::vector<StationType>& stations) {
  const toml::node* node = table.at_path("intake.questions").node();
  if (!node) return;
  const toml::array* list = node->as_array();
  if (!list || !list->is_array_of_tables()) {
    throw ConfigError("config " + file + ": intake.questions must be a list of [[intake.questions]] tables");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    TableReader reader(*list->get(i)->as_table(), "intake.questions[" + std::to_string(i) + "]", file);
    readIntakeQuestion(reader, stations);
  }
}

std::int64_t readCallTimeoutMs(const toml::table& table, const std::string& file) {
  std::int64_t seconds = 120;
  const toml::table* queue = table.get_as<toml::table>("queue");
  if (table.get("queue") && !queue) throw ConfigError("config " + file + ": queue must be a table");
  if (queue) TableReader(*queue, "queue", file).integer("call_timeout_s", seconds, 10, 1800);
  return seconds * 1000;
}

}  // namespace

StationConfig readStationConfig(const toml::table& table, const std::string& file) {
  StationConfig config;
  config.stations = readStationList(table, file);
  readIntake(table, file, config.stations);
  if (std::optional<std::string> error = validateStations(config.stations)) {
    throw ConfigError("config " + file + ": " + *error);
  }
  config.callTimeoutMs = readCallTimeoutMs(table, file);
  return config;
}

std::vector<StationType> readStations(const toml::table& table, const std::string& file) {
  return readStationConfig(table, file).stations;
}

}  // namespace chillnode
