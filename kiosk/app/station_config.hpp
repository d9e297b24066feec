#pragma once
// Reads the station types, operator intake questions and queue settings from the parsed
// config file. Kept apart from config.cpp so loadConfig can call it and tests can feed it
// small tables.

#include <cstdint>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/stations.hpp"

namespace chillnode {

struct StationConfig {
  std::vector<StationType> stations;     // the four defaults when the file has no [[stations]]
  std::int64_t callTimeoutMs = 120'000;  // [queue] call_timeout_s
};

// Reads [[stations]], [[intake.questions]] and [queue] from table, which was parsed from
// file (used only in messages). A [[stations]] entry whose id is a built-in type ("cryo",
// "plunge", "boots", "mat") starts from that type's values. Any other id must set default_s
// and max_s. Throws ConfigError naming the file and key, such as
// "config booth.toml: stations[2].default_s must be a whole number from 1 to 3600", for a
// value of the wrong type or out of range, a default longer than the maximum, zero bays,
// an empty or repeated id, an unknown question id or an unknown key in a station table.
StationConfig readStationConfig(const toml::table& table, const std::string& file);

// readStationConfig's station types only.
std::vector<StationType> readStations(const toml::table& table, const std::string& file);

}  // namespace chillnode
