#pragma once
// Station types: the kinds of recovery session a booth offers, with their bays and limits.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/intake.hpp"

namespace chillnode {

// Longest default or maximum duration any station type may have.
constexpr std::int64_t MaxStationDurationMs = 3600 * 1000;
// Most bays one station type may have; the staff screen shows one tile per bay.
constexpr int MaxBaysPerStation = 32;

struct StationType {
  std::string id;    // short key used in config, records and logs, such as "cryo"
  std::string name;  // English display name; the screens translate it by id
  int bays = 1;
  std::int64_t defaultDurationMs = 0;
  std::int64_t maxDurationMs = 0;  // hard stop: no extension goes past it
  bool attended = false;           // a staff member must confirm watching before a start
  bool onePerDay = false;          // at most one started session per runner per race day
  std::vector<IntakeQuestion> questions;  // asked before the runner's first session
};

// Returns the four built-in types: whole-body cryo, cold plunge, compression boots and
// stretch mat, with their built-in questions.
std::vector<StationType> defaultStations();

// Returns the built-in type with this id, or nullopt for any other id.
std::optional<StationType> findDefaultStation(std::string_view id);

// Checks a list of station types. Returns nullopt when it is usable, else an error that
// starts with the config key at fault, such as "stations[1].default_s must not be more than
// stations[1].max_s". Rejects an empty list, an empty or duplicate id, an id outside
// [a-z0-9_-], bays outside 1..MaxBaysPerStation, durations outside 1 s..1 h, a default
// longer than the maximum, and duplicate question ids within a type.
std::optional<std::string> validateStations(const std::vector<StationType>& stations);

// Returns the type with this id in stations, or nullptr.
const StationType* findStation(const std::vector<StationType>& stations, std::string_view id);

}  // namespace chillnode
