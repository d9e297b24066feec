#include "core/stations.hpp"

#include <set>

namespace chillnode {

namespace {

StationType makeStation(std::string id, std::string name, int bays, std::int64_t defaultS,
                        std::int64_t maxS, bool attended, bool onePerDay) {
  StationType station;
  station.questions = builtInQuestionsFor(id);
  station.id = std::move(id);
  station.name = std::move(name);
  station.bays = bays;
  station.defaultDurationMs = defaultS * 1000;
  station.maxDurationMs = maxS * 1000;
  station.attended = attended;
  station.onePerDay = onePerDay;
  return station;
}

bool isValidStationId(const std::string& id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!allowed) return false;
  }
  return true;
}

std::optional<std::string> checkDurations(const StationType& station, const std::string& key) {
  if (station.defaultDurationMs < 1000 || station.defaultDurationMs > MaxStationDurationMs) {
    return key + ".default_s must be from 1 to 3600 seconds";
  }
  if (station.maxDurationMs < 1000 || station.maxDurationMs > MaxStationDurationMs) {
    return key + ".max_s must be from 1 to 3600 seconds";
  }
  if (station.defaultDurationMs > station.maxDurationMs) {
    return key + ".default_s must not be more than " + key + ".max_s";
  }
  return std::nullopt;
}

std::optional<std::string> checkStation(const StationType& station, const std::string& key) {
  if (!isValidStationId(station.id)) {
    return key + ".id must be 1 to 32 lower-case letters, digits, '_' or '-'";
  }
  if (station.bays < 1 || station.bays > MaxBaysPerStation) {
    return key + ".bays must be from 1 to " + std::to_string(MaxBaysPerStation);
  }
  if (auto error = checkDurations(station, key)) return error;
  std::set<std::string> questionIds;
  for (const IntakeQuestion& question : station.questions) {
    if (question.id.empty() || !questionIds.insert(question.id).second) {
      return key + ".questions has an empty or repeated question id \"" + question.id + "\"";
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<StationType> defaultStations() {
  return {
      makeStation("cryo", std::string(screenText("Whole-body cryo")), 1, 150, 180, true, true),
      makeStation("plunge", std::string(screenText("Cold plunge")), 2, 10 * 60, 15 * 60, false, false),
      makeStation("boots", std::string(screenText("Compression boots")), 4, 20 * 60, 30 * 60, false, false),
      makeStation("mat", std::string(screenText("Stretch mat")), 4, 10 * 60, 20 * 60, false, false),
  };
}

std::optional<StationType> findDefaultStation(std::string_view id) {
  for (StationType& station : defaultStations()) {
    if (station.id == id) return std::move(station);
  }
  return std::nullopt;
}

std::optional<std::string> validateStations(const std::vector<StationType>& stations) {
  if (stations.empty()) return "stations must list at least one station type";
  std::set<std::string> ids;
  for (std::size_t i = 0; i < stations.size(); ++i) {
    std::string key = "stations[" + std::to_string(i) + "]";
    if (auto error = checkStation(stations[i], key)) return error;
    if (!ids.insert(stations[i].id).second) {
      return key + ".id \"" + stations[i].id + "\" is used by an earlier station";
    }
  }
  return std::nullopt;
}

const StationType* findStation(const std::vector<StationType>& stations, std::string_view id) {
  for (const StationType& station : stations) {
    if (station.id == id) return &station;
  }
  return nullptr;
}

}  // namespace chillnode
