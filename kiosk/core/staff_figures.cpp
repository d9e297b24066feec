#include "core/staff_figures.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace chillnode {

namespace {

constexpr std::int64_t HourMs = 60 * 60 * 1000;

std::optional<std::int64_t> median(std::vector<std::int64_t> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  std::size_t middle = values.size() / 2;
  if (values.size() % 2 == 1) return values[middle];
  return values[middle - 1] + (values[middle] - values[middle - 1]) / 2;
}

// The sessions of one type, accumulated before the medians and rates are taken.
struct TypeTally {
  TypeFigures figures;
  std::set<std::int64_t> hoursWithStarts;  // hours back from now, 0 for the last hour
  std::vector<std::int64_t> waitsMs;
  std::vector<std::int64_t> lengthsMs;
};

void countEnd(const SessionSummary& session, TypeTally& tally) {
  if (!session.end) return;
  switch (*session.end) {
    case SessionEnd::Completed: ++tally.figures.completed; break;
    case SessionEnd::StoppedEarly: ++tally.figures.stoppedEarly; break;
    case SessionEnd::Expired: ++tally.figures.expired; break;
    case SessionEnd::Interrupted: ++tally.figures.interrupted; break;
  }
  // An interruption is noticed at the next start-up, so its end time includes the downtime.
  bool ranToAnEnd = *session.end == SessionEnd::Completed || *session.end == SessionEnd::StoppedEarly;
  if (ranToAnEnd && session.startedMs && session.endedMs) {
    tally.lengthsMs.push_back(*session.endedMs - *session.startedMs);
  }
}

void countStart(const SessionSummary& session, std::int64_t nowMs, TypeTally& tally) {
  if (!session.startedMs || session.end == SessionEnd::Expired) return;
  ++tally.figures.started;
  tally.waitsMs.push_back(*session.startedMs - session.queuedMs);
  std::int64_t hoursBack = std::max<std::int64_t>(nowMs - *session.startedMs, 0) / HourMs;
  tally.hoursWithStarts.insert(hoursBack);
  if (hoursBack == 0) ++tally.figures.runnersLastHour;
}

TypeFigures finish(TypeTally& tally) {
  TypeFigures figures = tally.figures;
  figures.activeHours = static_cast<int>(tally.hoursWithStarts.size());
  if (figures.activeHours > 0) {
    figures.runnersPerHour = static_cast<double>(figures.started) / figures.activeHours;
  }
  figures.medianWaitMs = median(std::move(tally.waitsMs));
  figures.medianSessionMs = median(std::move(tally.lengthsMs));
  return figures;
}

}  // namespace

std::vector<TypeFigures> computeFigures(const std::vector<SessionSummary>& sessions,
                                        std::int64_t nowMs) {
  std::map<std::string, TypeTally> tallies;
  for (const SessionSummary& session : sessions) {
    TypeTally& tally = tallies[session.type];
    tally.figures.type = session.type;
    ++tally.figures.sessions;
    countStart(session, nowMs, tally);
    countEnd(session, tally);
  }
  std::vector<TypeFigures> result;
  for (auto& [type, tally] : tallies) result.push_back(finish(tally));
  return result;
}

}  // namespace chillnode
