#pragma once
// The sync thread: pushes the outbox to HQ over its own SQLite and libpq connections,
// backs off after failures, and keeps a status snapshot for the staff screen.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "sync/hq_settings.hpp"
#include "sync/outbox_sender.hpp"

namespace chillnode {

struct SyncStatus {
  bool running = false;
  bool connected = false;
  std::int64_t pending = 0;      // outbox rows not yet acknowledged by HQ, quarantined ones excluded
  std::int64_t quarantined = 0;  // rows HQ rejected for their content, kept on the unit
  std::int64_t sentSinceStart = 0;
  std::optional<std::int64_t> lastSuccessWallMs;  // Unix ms by the unit's clock
  std::optional<std::int64_t> lastSuccessMonoMs;  // CLOCK_BOOTTIME ms, for "N minutes ago"
  std::string lastError;  // in plain words, cleared by the next pass that did not fail
  int failuresInARow = 0;
};

class SyncWorker {
public:
  SyncWorker(std::string databasePath, std::string unitId, HqSettings settings, ClockFunction clock);
  ~SyncWorker();
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void start();
  // Tells the thread that new outbox rows exist: it sends them now, even while backing off.
  void notify();
  // Ends any wait or statement in progress and joins the thread. Safe to call twice.
  void stop();
  SyncStatus status() const;

private:
  void run();
  // One wake-up: kernel time anchor, counts, and a send pass when rows are pending.
  // Returns true when the pass failed.
  bool runPass(Database& db, OutboxSender& sender);
  void recordFailure(const std::string& error);
  bool stopRequested() const;

  std::string m_databasePath;
  std::string m_unitId;
  HqSettings m_settings;
  ClockFunction m_clock;
  std::thread m_thread;
  int m_stopFd = -1;

  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_notified = false;
  bool m_stopping = false;
  SyncStatus m_status;
  std::string m_loggedError;
  int m_repeatsSinceLogged = 0;
};

}  // namespace chillnode
