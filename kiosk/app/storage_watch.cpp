#include "app/storage_watch.hpp"

#include <filesystem>

#include <spdlog/spdlog.h>

#include "platform/device_health.hpp"

namespace chillnode {

namespace {

ui::StorageAlert::Problem alertProblem(StorageProblem problem) {
  switch (problem) {
    case StorageProblem::Full: return ui::StorageAlert::Problem::Full;
    case StorageProblem::ReadOnly: return ui::StorageAlert::Problem::ReadOnly;
    case StorageProblem::IoError: return ui::StorageAlert::Problem::IoError;
  }
  return ui::StorageAlert::Problem::IoError;
}

std::string folderOf(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace

void StorageWatch::update(std::int64_t nowMs, std::size_t pendingSessionChanges) {
  const std::optional<StorageFault>& fault = m_db.storageFault();
  if (fault && (!m_alert.raised || alertProblem(fault->problem) != m_alert.problem)) raise(*fault, nowMs);
  if (!fault && m_alert.raised) lower(nowMs);
  if (!m_alert.raised) return;

  m_alert.pendingSessionChanges = pendingSessionChanges;
  if (nowMs - m_freeReadAtMs >= FreeSpaceEveryMs) {
    m_alert.freeDiskBytes = readFreeDiskBytes(folderOf(m_databasePath));
    m_freeReadAtMs = nowMs;
  }
  if (pendingSessionChanges == 0 && nowMs - m_probedAtMs >= ProbeEveryMs) {
    m_probedAtMs = nowMs;
    if (m_db.probeWrite()) lower(nowMs);
  }
}

void StorageWatch::raise(const StorageFault& fault, std::int64_t nowMs) {
  m_alert.raised = true;
  m_alert.problem = alertProblem(fault.problem);
  m_alert.freeDiskBytes = readFreeDiskBytes(folderOf(m_databasePath));
  m_raisedAtMs = nowMs;
  m_probedAtMs = nowMs;
  m_freeReadAtMs = nowMs;
  spdlog::error("storage alert: database {} is {} with {} bytes free, so records are not stored: {}",
                m_databasePath, storageProblemName(fault.problem), m_alert.freeDiskBytes.value_or(0), fault.message);
}

void StorageWatch::lower(std::int64_t nowMs) {
  spdlog::info("storage alert cleared: database {} stores records again, {} ms after the alert", m_databasePath,
               nowMs - m_raisedAtMs);
  m_alert = ui::StorageAlert{};
}

}  // namespace chillnode
