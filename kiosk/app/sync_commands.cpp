#include "app/sync_commands.hpp"

#include <csignal>
#include <cstdio>

#include "platform/system_clock.hpp"
#include "store/outbox.hpp"
#include "store/time_anchor_store.hpp"
#include "sync/hq_schema.hpp"
#include "sync/outbox_sender.hpp"
#include "sync/sync_worker.hpp"

namespace chillnode {

int runHqSchema() {
  std::fputs(hqSchemaSql().c_str(), stdout);
  return 0;
}

int runHqAddUnit(const std::string& name, bool placeholder) {
  if (std::optional<std::string> problem = checkHqUnitName(name)) {
    std::fprintf(stderr, "hq add-unit: the unit name \"%s\" is invalid: it %s\n", name.c_str(), problem->c_str());
    return 2;
  }
  std::string sql = hqAddUnitSql(name, placeholder ? std::string() : generateHqPassword());
  std::fputs(sql.c_str(), stdout);
  return 0;
}

int runSyncOnce(const Config& config) {
  if (!config.hq.configured()) {
    std::fprintf(stderr, "sync: no HQ is configured: set url in the [hq] section of the config%s\n",
                 config.hq.enabled ? "" : " and enabled = true");
    return 2;
  }
  try {
    Database db(config.databasePath);
    SystemClock clock;
    recordKernelAnchorIfDue(db, config.unitId, clock.now());
    HqConnection hq;
    OutboxSender sender(db, hq, config.hq, config.unitId, [&clock] { return clock.now(); });
    SendReport report = sender.sendPending([] { return false; });
    std::int64_t pending = countPendingOutbox(db);
    std::printf("%lld rows sent to HQ (%lld quarantined, %lld pending)\n",
                static_cast<long long>(report.acknowledged), static_cast<long long>(report.quarantined),
                static_cast<long long>(pending));
    if (report.error) {
      std::fprintf(stderr, "sync: %s\n", report.error->c_str());
      return 1;
    }
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "sync: %s\n", error.what());
    return 1;
  }
}

int runSyncForever(const Config& config) {
  if (!config.hq.configured()) {
    std::fprintf(stderr, "sync: no HQ is configured: set url in the [hq] section of the config%s\n",
                 config.hq.enabled ? "" : " and enabled = true");
    return 2;
  }
  // Block the stop signals before the sync thread starts, so that sigwait receives them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
  SystemClock clock;
  SyncWorker worker(config.databasePath, config.unitId, config.hq, [&clock] { return clock.now(); });
  worker.start();
  int signal = 0;
  sigwait(&stopSignals, &signal);
  worker.stop();
  SyncStatus status = worker.status();
  std::printf("%lld rows sent to HQ (%lld quarantined, %lld pending)\n", static_cast<long long>(status.sentSinceStart),
              static_cast<long long>(status.quarantined), static_cast<long long>(status.pending));
  if (!status.lastError.empty()) std::fprintf(stderr, "sync: %s\n", status.lastError.c_str());
  return status.lastError.empty() ? 0 : 1;
}

}  // namespace chillnode
