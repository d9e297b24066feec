#include "sync/sync_worker.hpp"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <memory>
#include <random>

#include <spdlog/spdlog.h>

#include "store/time_anchor_store.hpp"
#include "sync/backoff.hpp"
#include "sync/conninfo.hpp"

namespace chillnode {

namespace {

// Without a notify, the thread still looks for rows written by other processes (the
// command-line tools) this often.
constexpr std::chrono::milliseconds IdlePollInterval{5000};

// A repeated error is logged again after this many further failures.
constexpr int RepeatsBetweenLogs = 20;

}  // namespace

SyncWorker::SyncWorker(std::string databasePath, std::string unitId, HqSettings settings, ClockFunction clock)
    : m_databasePath(std::move(databasePath)),
      m_unitId(std::move(unitId)),
      m_settings(std::move(settings)),
      m_clock(std::move(clock)) {}

SyncWorker::~SyncWorker() {
  stop();
}

void SyncWorker::start() {
  if (m_thread.joinable()) return;
  m_stopFd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  {
    std::lock_guard lock(m_mutex);
    m_stopping = false;
    m_status.running = true;
  }
  spdlog::info("sync: sending outbox to HQ at {} as unit {}, batches of {}", redactConninfo(m_settings.url),
               m_unitId, m_settings.batchSize);
  if (m_settings.sslMode != "verify-full") {
    spdlog::warn("sync: hq.sslmode is \"{}\", so the HQ server's identity is not fully verified", m_settings.sslMode);
  }
  m_thread = std::thread([this] { run(); });
  pthread_setname_np(m_thread.native_handle(), "sync");
}

void SyncWorker::notify() {
  {
    std::lock_guard lock(m_mutex);
    m_notified = true;
  }
  m_wake.notify_one();
}

void SyncWorker::stop() {
  if (!m_thread.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  std::uint64_t increment = 1;
  if (write(m_stopFd, &increment, sizeof increment) < 0) {
    spdlog::warn("sync: cannot signal the sync thread to stop a statement in progress");
  }
  m_wake.notify_one();
  m_thread.join();
  ::close(m_stopFd);
  m_stopFd = -1;
  std::lock_guard lock(m_mutex);
  m_status.running = false;
  m_status.connected = false;
  spdlog::info("sync: stopped with {} rows pending", m_status.pending);
}

SyncStatus SyncWorker::status() const {
  std::lock_guard lock(m_mutex);
  return m_status;
}

bool SyncWorker::stopRequested() const {
  std::lock_guard lock(m_mutex);
  return m_stopping;
}

void SyncWorker::recordFailure(const std::string& error) {
  std::lock_guard lock(m_mutex);
  m_status.lastError = error;
  ++m_status.failuresInARow;
  // Log a new error at once and a repeated one now and then, with the count.
  if (error != m_loggedError) {
    spdlog::error("sync: {}", error);
    m_loggedError = error;
    m_repeatsSinceLogged = 0;
  } else if (++m_repeatsSinceLogged >= RepeatsBetweenLogs) {
    spdlog::error("sync: {} ({} failed attempts in a row)", error, m_status.failuresInARow);
    m_repeatsSinceLogged = 0;
  }
}

bool SyncWorker::runPass(Database& db, OutboxSender& sender) {
  Timestamp now = m_clock();
  if (recordKernelAnchorIfDue(db, m_unitId, now)) {
    spdlog::info("sync: wall clock synchronized, time anchor recorded for boot {}", now.bootId);
  }
  SendReport report = sender.sendPending([this] { return stopRequested(); });
  std::int64_t pending = countPendingOutbox(db);
  std::int64_t quarantined = countQuarantinedOutbox(db);

  bool failed = report.error.has_value() && !report.stopped;
  int failuresBefore = 0;
  {
    std::lock_guard lock(m_mutex);
    failuresBefore = m_status.failuresInARow;
    m_status.pending = pending;
    m_status.quarantined = quarantined;
    m_status.sentSinceStart += report.acknowledged;
    if (report.acknowledged > 0) {
      Timestamp done = m_clock();
      m_status.lastSuccessWallMs = done.wallMs;
      m_status.lastSuccessMonoMs = done.monoMs;
    }
  }
  if (failed) {
    recordFailure(*report.error);
  } else if (!report.stopped) {
    std::lock_guard lock(m_mutex);
    if (failuresBefore > 0) {
      spdlog::info("sync: HQ reachable again after {} failed attempts, {} rows sent", failuresBefore,
                   report.acknowledged);
    }
    m_status.lastError.clear();
    m_status.failuresInARow = 0;
    m_loggedError.clear();
  }
  if (report.acknowledged > 0) {
    spdlog::debug("sync: {} rows acknowledged ({} new at HQ, {} quarantined), {} pending", report.acknowledged,
                  report.newAtHq, report.quarantined, pending);
  }
  return failed;
}

void SyncWorker::run() {
  std::mt19937_64 random(std::random_device{}());
  HqConnection hq(m_stopFd);
  std::unique_ptr<Database> db;
  std::unique_ptr<OutboxSender> sender;
  int failures = 0;
  while (!stopRequested()) {
    bool failed = false;
    try {
      if (!db) {
        db = std::make_unique<Database>(m_databasePath);
        sender = std::make_unique<OutboxSender>(*db, hq, m_settings, m_unitId, m_clock);
      }
      failed = runPass(*db, *sender);
    } catch (const StoreError& error) {
      // Reopened on the next try: a full disk or a lock held too long can pass.
      recordFailure(std::string("the unit's database failed: ") + error.what());
      sender.reset();
      db.reset();
      failed = true;
    } catch (const std::exception& error) {
      // An unexpected reply (say, a clock value that is not a number) must not end the
      // kiosk: the connection is dropped and the pass tried again later.
      recordFailure(std::string("sync failed: ") + error.what());
      hq.close();
      failed = true;
    }
    {
      std::lock_guard lock(m_mutex);
      m_status.connected = hq.isOpen();
    }
    failures = failed ? failures + 1 : 0;
    std::chrono::milliseconds delay = failed ? backoffDelay(failures, random) : IdlePollInterval;
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, delay, [this] { return m_stopping || m_notified; });
    m_notified = false;
  }
}

}  // namespace chillnode
