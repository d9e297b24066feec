#include "app/purge_command.hpp"

#include <cstdio>
#include <filesystem>

#include "core/time.hpp"
#include "store/purge.hpp"

namespace chillnode {

namespace {

void printCount(const char* label, std::int64_t count) {
  std::printf("%-38s %lld\n", label, static_cast<long long>(count));
}

void printCounts(const PurgeCounts& counts) {
  printCount("runners deleted", counts.runners);
  printCount("check-ins: bib cleared", counts.checkIns);
  printCount("sessions: bib cleared", counts.sessions);
  printCount("intake answers: bib, answers cleared", counts.intakeAnswers);
  printCount("surveys: bib, answers cleared", counts.surveys);
  printCount("consents: bib cleared", counts.consents);
  printCount("vouchers: bib, code cleared", counts.vouchers);
  printCount("redemptions: bib hash cleared", counts.redemptions);
  printCount("sent outbox rows deleted", counts.sentOutbox);
}

}  // namespace

int runPurge(const Config& config, const std::string& dateText, bool keepUnsent) {
  std::optional<std::int64_t> cutoffMs = parseUtcDateMs(dateText);
  if (!cutoffMs) {
    std::fprintf(stderr,
                 "chillnode: purge: --before \"%s\" is not a valid date: use YYYY-MM-DD, e.g. 2026-10-12 "
                 "(the day starts at 00:00 UTC)\n",
                 dateText.c_str());
    return PurgeFailed;
  }
  const std::string& path = config.databasePath;
  if (!std::filesystem::exists(path)) {
    std::fprintf(stderr, "chillnode: purge: database %s does not exist; nothing to purge\n", path.c_str());
    return PurgeFailed;
  }

  try {
    Database db(path);
    PurgeResult result = purgePersonalData(db, *cutoffMs, keepUnsent);
    if (result.refused) {
      std::fprintf(stderr,
                   "chillnode: purge refused: %lld outbox records from before %s hold bibs or answers and are "
                   "not yet acknowledged by HQ; nothing was changed. Run chillnode sync --once when a network "
                   "is there, or pass --keep-unsent to purge everything else and keep those records for HQ\n",
                   static_cast<long long>(result.counts.unsentOutbox), dateText.c_str());
      return PurgeRefused;
    }
    std::printf("purged records made before %s 00:00 UTC from %s:\n", dateText.c_str(), path.c_str());
    printCounts(result.counts);
    if (result.counts.unsentOutbox > 0) {
      std::fprintf(stderr,
                   "chillnode: purge: warning: %lld outbox records from before %s still hold bibs or answers, "
                   "because HQ has not acknowledged them; run the purge again after they are sent\n",
                   static_cast<long long>(result.counts.unsentOutbox), dateText.c_str());
    }
    // The purge is committed by now, so a failure here leaves old bytes, not old records.
    std::string wipeError;
    try {
      if (wipeRemovedBytes(db)) return 0;
      wipeError = "another process has the database open";
    } catch (const StoreError& error) {
      wipeError = error.what();
    }
    std::fprintf(stderr,
                 "chillnode: purge: the records are purged, but the removed data may still be in the bytes of %s "
                 "or its -wal file (%s): stop the kiosk (systemctl stop chillnode) and run the purge again\n",
                 path.c_str(), wipeError.c_str());
    return PurgeWalNotTruncated;
  } catch (const StoreError& error) {
    std::fprintf(stderr, "chillnode: purge failed: %s\n", error.what());
    return PurgeFailed;
  }
}

}  // namespace chillnode
