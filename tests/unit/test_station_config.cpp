#include <catch2/catch.hpp>

#include <string>

#include "app/config.hpp"
#include "app/station_config.hpp"

using namespace chillnode;

namespace {

std::string stationFile(const std::string& name) {
  return CHILLNODE_TEST_DATA "/stations/" + name;
}

StationConfig readFile(const std::string& name) {
  std::string path = stationFile(name);
  return readStationConfig(toml::parse_file(path), path);
}

std::string errorFor(const std::string& name) {
  try {
    readFile(name);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("no stations table gives the defaults", "[config][stations]") {
  StationConfig config = readStationConfig(toml::table{}, "empty.toml");
  CHECK(config.callTimeoutMs == 120'000);
  REQUIRE(config.stations.size() == 4);
  const StationType& cryo = config.stations[0];
  CHECK(cryo.id == "cryo");
  CHECK(cryo.bays == 1);
  CHECK(cryo.defaultDurationMs == 150'000);
  CHECK(cryo.maxDurationMs == 180'000);
  CHECK(cryo.attended);
  CHECK(cryo.onePerDay);
  CHECK(cryo.questions.size() == 8);
  CHECK(config.stations[1].id == "plunge");
  CHECK(config.stations[1].maxDurationMs == 15 * 60'000);
  CHECK(config.stations[2].id == "boots");
  CHECK(config.stations[2].defaultDurationMs == 20 * 60'000);
  CHECK(config.stations[3].id == "mat");
  CHECK(config.stations[3].maxDurationMs == 20 * 60'000);
  CHECK_FALSE(validateStations(config.stations).has_value());
}

TEST_CASE("default station values are the documented ones", "[config][stations]") {
  struct Expected {
    const char* id;
    int bays;
    std::int64_t defaultMs;
    std::int64_t maxMs;
    bool attended;
    bool onePerDay;
  };
  const Expected expected[] = {
      {"cryo", 1, 150'000, 180'000, true, true},
      {"plunge", 2, 10 * 60'000, 15 * 60'000, false, false},
      {"boots", 4, 20 * 60'000, 30 * 60'000, false, false},
      {"mat", 4, 10 * 60'000, 20 * 60'000, false, false},
  };
  std::vector<StationType> stations = defaultStations();
  REQUIRE(stations.size() == 4);
  for (std::size_t i = 0; i < stations.size(); ++i) {
    INFO(expected[i].id);
    CHECK(stations[i].id == expected[i].id);
    CHECK(stations[i].bays == expected[i].bays);
    CHECK(stations[i].defaultDurationMs == expected[i].defaultMs);
    CHECK(stations[i].maxDurationMs == expected[i].maxMs);
    CHECK(stations[i].attended == expected[i].attended);
    CHECK(stations[i].onePerDay == expected[i].onePerDay);
  }
  std::vector<std::string> cryoQuestions;
  for (const IntakeQuestion& question : stations[0].questions) cryoQuestions.push_back(question.id);
  CHECK(cryoQuestions == std::vector<std::string>{"heart_condition", "high_blood_pressure", "cold_sensitivity",
                                                  "pregnancy", "seizures", "open_wounds", "under_18",
                                                  "alcohol_today"});
}

TEST_CASE("full example equals the defaults", "[config][stations]") {
  StationConfig example = readFile("full_example.toml");
  std::vector<StationType> defaults = defaultStations();
  CHECK(example.callTimeoutMs == 120'000);
  REQUIRE(example.stations.size() == defaults.size());
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    const StationType& read = example.stations[i];
    const StationType& builtIn = defaults[i];
    INFO(builtIn.id);
    CHECK(read.id == builtIn.id);
    CHECK(read.name == builtIn.name);
    CHECK(read.bays == builtIn.bays);
    CHECK(read.defaultDurationMs == builtIn.defaultDurationMs);
    CHECK(read.maxDurationMs == builtIn.maxDurationMs);
    CHECK(read.attended == builtIn.attended);
    CHECK(read.onePerDay == builtIn.onePerDay);
    REQUIRE(read.questions.size() == builtIn.questions.size());
    for (std::size_t q = 0; q < builtIn.questions.size(); ++q) {
      CHECK(read.questions[q].id == builtIn.questions[q].id);
    }
  }
}

TEST_CASE("stations and intake questions are read", "[config][stations]") {
  StationConfig config = readFile("custom.toml");
  CHECK(config.callTimeoutMs == 90'000);
  REQUIRE(config.stations.size() == 2);
  const StationType& cryo = config.stations[0];
  CHECK(cryo.bays == 2);
  CHECK(cryo.maxDurationMs == 180'000);  // unset keys keep the built-in values
  CHECK(cryo.attended);
  REQUIRE(cryo.questions.size() == 9);
  CHECK(cryo.questions.back().id == "recent_surgery");
  CHECK(cryo.questions.back().text == "Have you had surgery in the last six weeks?");
  const StationType& sauna = config.stations[1];
  CHECK(sauna.name == "Infrared sauna");
  CHECK(sauna.bays == 3);
  CHECK(sauna.defaultDurationMs == 900'000);
  CHECK(sauna.maxDurationMs == 1'200'000);
  CHECK_FALSE(sauna.attended);
  REQUIRE(sauna.questions.size() == 2);
  CHECK(sauna.questions[1].id == "pregnancy");
}

TEST_CASE("bad station configs name the key", "[config][stations][bad-input]") {
  struct Case {
    const char* file;
    const char* expected;
  };
  const Case cases[] = {
      {"negative_duration.toml", "stations[0].default_s must be a whole number from 1 to 3600"},
      {"zero_duration.toml", "stations[1].max_s must be a whole number from 1 to 3600"},
      {"string_duration.toml", "stations[0].default_s must be a whole number"},
      {"float_duration.toml", "stations[0].default_s must be a whole number"},
      {"too_long.toml", "stations[0].max_s must be a whole number from 1 to 3600"},
      {"default_over_max.toml", "stations[2].default_s must not be more than stations[2].max_s"},
      {"zero_bays.toml", "stations[0].bays must be a whole number from 1 to 32"},
      {"duplicate_id.toml", "stations[1].id \"mat\" is used by an earlier station"},
      {"empty_id.toml", "stations[0].id must be 1 to 32"},
      {"missing_duration.toml", "stations[0].default_s is missing"},
      {"unknown_question.toml", "stations[0].questions[1] is \"fear_of_heights\""},
      {"misspelled_key.toml", "stations[0].max_seconds is not a known key"},
      {"intake_unknown_station.toml", "intake.questions[0].station is \"sauna\": no such station type"},
      {"intake_repeated_question.toml", "intake.questions[0].id is \"pregnancy\": already asked"},
      {"intake_bad_question_id.toml", "intake.questions[0].id is \"Recent surgery?\": use 1 to 40"},
      {"bad_call_timeout.toml", "queue.call_timeout_s must be a whole number from 10 to 1800"},
      {"stations_not_a_list.toml", "stations must be a list of [[stations]] tables"},
  };
  for (const Case& c : cases) {
    INFO(c.file);
    std::string message = errorFor(c.file);
    CHECK(message.find(c.expected) != std::string::npos);
    CHECK(message.find("config " + stationFile(c.file) + ": ") == 0);
  }
}

TEST_CASE("validation rejects broken station lists", "[stations][bad-input]") {
  std::vector<StationType> stations = defaultStations();
  CHECK_FALSE(validateStations(stations).has_value());
  CHECK(validateStations({}) == std::optional<std::string>("stations must list at least one station type"));

  stations[1].defaultDurationMs = stations[1].maxDurationMs + 1000;
  CHECK(validateStations(stations)->find("stations[1].default_s must not be more than") == 0);
  stations = defaultStations();
  stations[3].bays = 0;
  CHECK(validateStations(stations)->find("stations[3].bays") == 0);
  stations = defaultStations();
  stations[2].id = "cryo";
  CHECK(validateStations(stations)->find("stations[2].id \"cryo\" is used") == 0);
  stations = defaultStations();
  stations[0].id = "";
  CHECK(validateStations(stations)->find("stations[0].id must be") == 0);
  stations = defaultStations();
  stations[0].questions.push_back(stations[0].questions.front());
  CHECK(validateStations(stations)->find("stations[0].questions has an empty or repeated") == 0);
}
