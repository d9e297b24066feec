#pragma once
// Today's figures for the staff screen, computed from session summaries with no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chillnode {

// Interrupted: the unit rebooted while the session ran, so its true length is unknown.
enum class SessionEnd { Completed, StoppedEarly, Expired, Interrupted };

// One session as the figures need it. Times are monotonic ms of the current boot, and a time
// is empty until that step happened. An expired session (no-show) has no start.
struct SessionSummary {
  std::string type;  // station type id from the config, e.g. "cryo"
  std::string bib;
  std::int64_t queuedMs = 0;
  std::optional<std::int64_t> calledMs;
  std::optional<std::int64_t> startedMs;
  std::optional<std::int64_t> endedMs;
  std::optional<SessionEnd> end;  // empty while queued, called or running
};

struct TypeFigures {
  std::string type;
  int sessions = 0;       // every summary of this type, in any state
  int started = 0;        // runners who got a session: completed, stopped early, interrupted or running
  int completed = 0;
  int stoppedEarly = 0;
  int expired = 0;
  int interrupted = 0;
  int activeHours = 0;    // one-hour windows, counted back from now, with at least one start
  double runnersPerHour = 0;          // started / activeHours, 0 with no starts
  int runnersLastHour = 0;            // starts within the hour before now
  std::optional<std::int64_t> medianWaitMs;     // queued to started, over started sessions
  std::optional<std::int64_t> medianSessionMs;  // started to ended, over completed and stopped
                                                // early ones; interrupted ones have no true end
};

// Computes the figures per station type, sorted by type id. The caller passes today's
// sessions only, with times from before a reboot converted to this boot's clock. Hours are counted back from nowMs in whole hours, so they do not line up
// with the clock's hours. A start at or after nowMs counts in the last hour. Medians of an
// even count are the mean of the two middle values, rounded down.
std::vector<TypeFigures> computeFigures(const std::vector<SessionSummary>& sessions,
                                        std::int64_t nowMs);

}  // namespace chillnode
