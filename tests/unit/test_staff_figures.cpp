#include <catch2/catch.hpp>

#include "core/staff_figures.hpp"

using namespace chillnode;

namespace {

constexpr std::int64_t Minute = 60'000;
constexpr std::int64_t Hour = 60 * Minute;

SessionSummary ended(const char* type, std::int64_t queued, std::int64_t started,
                     std::int64_t length, SessionEnd end = SessionEnd::Completed) {
  SessionSummary session;
  session.type = type;
  session.bib = "100";
  session.queuedMs = queued;
  session.calledMs = started - Minute / 2;
  session.startedMs = started;
  session.endedMs = started + length;
  session.end = end;
  return session;
}

SessionSummary expired(const char* type, std::int64_t queued) {
  SessionSummary session;
  session.type = type;
  session.queuedMs = queued;
  session.calledMs = queued + Minute;
  session.endedMs = queued + 3 * Minute;
  session.end = SessionEnd::Expired;
  return session;
}

SessionSummary running(const char* type, std::int64_t queued, std::int64_t started) {
  SessionSummary session;
  session.type = type;
  session.queuedMs = queued;
  session.startedMs = started;
  return session;
}

}  // namespace

TEST_CASE("figures with no sessions are empty", "[staff][figures]") {
  CHECK(computeFigures({}, 10 * Hour).empty());
}

TEST_CASE("figures count each end state", "[staff][figures]") {
  const std::int64_t now = 10 * Hour;
  std::vector<SessionSummary> sessions = {
      ended("cryo", now - 50 * Minute, now - 40 * Minute, 150'000),
      ended("cryo", now - 45 * Minute, now - 35 * Minute, 60'000, SessionEnd::StoppedEarly),
      expired("cryo", now - 30 * Minute),
      running("cryo", now - 5 * Minute, now - 2 * Minute),
  };
  std::vector<TypeFigures> figures = computeFigures(sessions, now);
  REQUIRE(figures.size() == 1);
  const TypeFigures& cryo = figures[0];
  CHECK(cryo.type == "cryo");
  CHECK(cryo.sessions == 4);
  CHECK(cryo.started == 3);
  CHECK(cryo.completed == 1);
  CHECK(cryo.stoppedEarly == 1);
  CHECK(cryo.expired == 1);
  CHECK(cryo.runnersLastHour == 3);
  CHECK(cryo.activeHours == 1);
  CHECK(cryo.runnersPerHour == Approx(3.0));
  CHECK(cryo.medianWaitMs == 10 * Minute);  // waits of 10, 10 and 3 minutes
  CHECK(cryo.medianSessionMs == (150'000 + 60'000) / 2);  // the running one has no length
}

TEST_CASE("figures rate over active hours only", "[staff][figures]") {
  const std::int64_t now = 10 * Hour;
  std::vector<SessionSummary> sessions;
  // Four starts 5.5 hours ago, none in the 4 hours after, two in the last hour.
  for (int i = 0; i < 4; ++i) {
    std::int64_t started = now - 5 * Hour - 30 * Minute + i * Minute;
    sessions.push_back(ended("boots", now - 6 * Hour, started, 20 * Minute));
  }
  sessions.push_back(ended("boots", now - Hour, now - 30 * Minute, 20 * Minute));
  sessions.push_back(ended("boots", now - Hour, now - 10 * Minute, 5 * Minute));
  std::vector<TypeFigures> figures = computeFigures(sessions, now);
  REQUIRE(figures.size() == 1);
  CHECK(figures[0].activeHours == 2);
  CHECK(figures[0].runnersPerHour == Approx(3.0));
  CHECK(figures[0].runnersLastHour == 2);
}

TEST_CASE("figures split and sort by type", "[staff][figures]") {
  const std::int64_t now = 2 * Hour;
  std::vector<SessionSummary> sessions = {
      ended("plunge", 0, 10 * Minute, 10 * Minute),
      ended("cryo", 0, 4 * Minute, 150'000),
      expired("mat", 0),
  };
  std::vector<TypeFigures> figures = computeFigures(sessions, now);
  REQUIRE(figures.size() == 3);
  CHECK(figures[0].type == "cryo");
  CHECK(figures[1].type == "mat");
  CHECK(figures[2].type == "plunge");
  CHECK(figures[0].medianWaitMs == 4 * Minute);
  CHECK(figures[2].medianWaitMs == 10 * Minute);
  CHECK(figures[1].started == 0);
  CHECK(figures[1].runnersPerHour == 0.0);
  CHECK_FALSE(figures[1].medianWaitMs);
  CHECK_FALSE(figures[1].medianSessionMs);
  CHECK(figures[2].runnersLastHour == 0);
}

TEST_CASE("figures median of an odd count", "[staff][figures]") {
  const std::int64_t now = 2 * Hour;
  std::vector<SessionSummary> sessions = {
      ended("mat", 0, 7 * Minute, 9 * Minute),
      ended("mat", 0, 1 * Minute, 10 * Minute),
      ended("mat", 0, 30 * Minute, 1 * Minute, SessionEnd::StoppedEarly),
  };
  std::vector<TypeFigures> figures = computeFigures(sessions, now);
  REQUIRE(figures.size() == 1);
  CHECK(figures[0].medianWaitMs == 7 * Minute);
  CHECK(figures[0].medianSessionMs == 9 * Minute);
  CHECK(figures[0].stoppedEarly == 1);
}

TEST_CASE("figures count a start at now", "[staff][figures]") {
  std::vector<SessionSummary> sessions = {running("cryo", 0, 5 * Hour)};
  std::vector<TypeFigures> figures = computeFigures(sessions, 5 * Hour);
  REQUIRE(figures.size() == 1);
  CHECK(figures[0].runnersLastHour == 1);
  CHECK(figures[0].activeHours == 1);
}

TEST_CASE("figures count interrupted without a length", "[staff][figures]") {
  const std::int64_t now = 2 * Hour;
  // Noticed 40 minutes after its start, at the next start-up: that is downtime, not a length.
  SessionSummary interrupted = ended("cryo", 0, 5 * Minute, 40 * Minute, SessionEnd::Interrupted);
  std::vector<SessionSummary> sessions = {interrupted, ended("cryo", 0, 10 * Minute, 150'000)};
  std::vector<TypeFigures> figures = computeFigures(sessions, now);
  REQUIRE(figures.size() == 1);
  CHECK(figures[0].interrupted == 1);
  CHECK(figures[0].started == 2);
  CHECK(figures[0].completed == 1);
  CHECK(figures[0].stoppedEarly == 0);
  CHECK(figures[0].medianSessionMs == 150'000);
}
