#include "staff_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/bay_board.hpp"
#include "core/staff_figures.hpp"
#include "store/session_store.hpp"
#include "store/staff_queries.hpp"

namespace chillnode::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int Runs = 9;
constexpr int BlockedIntakes = 50;
constexpr std::int64_t SessionMs = 60'000;
constexpr std::int64_t DayStartMono = 3'600'000;
constexpr std::int64_t DayStartWall = 1'791'100'800'000;  // 08:00 UTC

Timestamp at(std::int64_t monoMs) {
  Timestamp t;
  t.wallMs = DayStartWall + (monoMs - DayStartMono);
  t.wallSynced = true;
  t.bootId = "bench-boot";
  t.monoMs = monoMs;
  return t;
}

// Four types of eight bays without questions, so every runner can join at once.
std::vector<StationType> benchStations() {
  std::vector<StationType> stations;
  for (const char* id : {"cryo", "plunge", "boots", "mat"}) {
    StationType station;
    station.id = id;
    station.name = id;
    station.bays = 8;
    station.defaultDurationMs = SessionMs;
    station.maxDurationMs = 2 * SessionMs;
    stations.push_back(station);
  }
  return stations;
}

// Runs each session through join, call, start and time up, 32 at a time, as the kiosk
// stores them, and stores the blocked intakes. Returns the time after the last session.
std::int64_t fillDay(Database& db, int sessions) {
  BayBoard board(benchStations());
  SessionStore store(db, "bench-unit");
  std::int64_t now = DayStartMono;
  const std::vector<StationType>& stations = board.stations();
  for (int first = 0; first < sessions; first += 32) {
    std::vector<std::string> ids;
    for (int i = first; i < std::min(sessions, first + 32); ++i) {
      const StationType& station = stations[static_cast<std::size_t>(i) % stations.size()];
      ids.push_back(board.join(std::to_string(10000 + i), station.id, now).sessionId);
    }
    board.tick(now);
    SessionEvent start;
    start.kind = SessionEventKind::Start;
    for (const std::string& id : ids) board.apply(id, start, now + 1000);
    now += SessionMs + 1000;
    board.tick(now);
    store.saveAll(board.takeChanges(), at(now));
    now += 1000;
  }
  std::vector<IntakeQuestion> questions = {{"pain_today", "Are you in pain?"}};
  for (int i = 0; i < BlockedIntakes; ++i) {
    std::vector<IntakeAnswer> answers = {{"pain_today", true}};
    store.saveIntake(std::to_string(20000 + i), "mat", answers, evaluateIntake(questions, answers), at(now));
  }
  return now;
}

// Returns the median and the slowest of Runs calls, in ms.
std::pair<double, double> timeRuns(const std::function<void()>& run) {
  std::vector<double> ms;
  for (int i = 0; i < Runs; ++i) {
    Clock::time_point start = Clock::now();
    run();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.back()};
}

}  // namespace

int runStaffBench(int argc, char** argv) {
  if (argc < 1) throw std::runtime_error(std::string("missing DBFILE: ") + StaffUsage);
  std::string path = argv[0];
  int sessions = argc > 1 ? std::stoi(argv[1]) : 3000;
  if (std::filesystem::exists(path)) throw std::runtime_error(path + " exists: give a new file");

  Database db(path);
  Timestamp now = at(fillDay(db, sessions) + 1000);
  std::size_t summaries = 0;
  std::size_t blocks = 0;
  auto [figuresMedian, figuresMax] = timeRuns([&] {
    std::vector<SessionSummary> today = readTodaySessions(db, now);
    summaries = today.size();
    computeFigures(today, now.monoMs);
  });
  auto [blocksMedian, blocksMax] = timeRuns([&] { blocks = readOpenIntakeBlocks(db, now).size(); });

  std::printf("%-40s %8s %10s %10s\n", "read", "rows", "median ms", "max ms");
  std::printf("%-40s %8zu %10.1f %10.1f\n", "readTodaySessions + computeFigures", summaries, figuresMedian,
              figuresMax);
  std::printf("%-40s %8zu %10.2f %10.2f\n", "readOpenIntakeBlocks", blocks, blocksMedian, blocksMax);
  return 0;
}

}  // namespace chillnode::bench
