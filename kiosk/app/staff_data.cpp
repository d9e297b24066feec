#include "app/staff_data.hpp"

#include <pthread.h>

#include <spdlog/spdlog.h>

#include "platform/device_health.hpp"
#include "store/checkin_store.hpp"
#include "store/roster_store.hpp"
#include "store/staff_queries.hpp"
#include "store/voucher_store.hpp"

namespace chillnode {

namespace {

constexpr int MaxMatches = 6;

}  // namespace

ui::StaffData StaffDataSource::read(StaffTab tab, const std::string& query, const BayBoard& board,
                                    const Timestamp& now, std::optional<double> cameraFps) {
  ui::StaffData data;
  DeviceHealth health = readDeviceHealth(m_databasePath, cameraFps);
  data.freeDiskBytes = health.freeDiskBytes;
  data.databaseBytes = health.databaseBytes;
  data.cameraFps = health.cameraFps;
  data.clockSynced = now.wallSynced;
  readAlerts(data, now);
  bool today = tab == StaffTab::Today;
  bool stale = !m_todayShown || now.monoMs - m_figuresAtMs >= FiguresRefreshMs;
  if (today && stale && !m_figuresRead.valid()) startFiguresRead(now);
  m_todayShown = today;
  if (tab == StaffTab::Runners && !query.empty()) readMatches(data, query, now);
  if (today) readVouchers(data);
  updateEachFrame(board, data);
  return data;
}

void StaffDataSource::startFiguresRead(const Timestamp& now) {
  m_figuresAtMs = now.monoMs;
  auto readFigures = [path = m_databasePath, now] {
    pthread_setname_np(pthread_self(), "staff-figures");
    try {
      // SQLite connections are not shared between threads, and WAL lets this one read
      // while the UI thread writes.
      Database db(path);
      return computeFigures(readTodaySessions(db, now), now.monoMs);
    } catch (const std::exception& error) {
      spdlog::error("staff figures not read: {}", error.what());
      return std::vector<TypeFigures>{};
    }
  };
  try {
    m_figuresRead = std::async(std::launch::async, readFigures);
  } catch (const std::system_error& error) {
    spdlog::error("staff figures not read: no thread for the read: {}", error.what());
  }
}

void StaffDataSource::readMatches(ui::StaffData& data, const std::string& query, const Timestamp& now) {
  try {
    for (const Runner& runner : searchRunners(m_db, query, MaxMatches)) {
      bool checkedIn = isCheckedInToday(m_db, runner.bib, now);
      data.matches.push_back({runner.bib, runner.firstName, runner.lastName, checkedIn});
    }
  } catch (const StoreError& error) {
    spdlog::error("staff lookup failed: {}", error.what());
  }
}

void StaffDataSource::readVouchers(ui::StaffData& data) {
  if (m_offers.empty()) return;
  try {
    for (const OfferTally& tally : tallyOffers({&m_db}, m_offers)) {
      std::string title = tally.offerId;
      for (const Offer& offer : m_offers) {
        if (offer.id == tally.offerId) title = offer.title;
      }
      data.vouchers.push_back({title, tally.issued, tally.redeemed, tally.medianSecondsToRedeem});
    }
  } catch (const StoreError& error) {
    spdlog::error("voucher counts not read: {}", error.what());
  }
}

void StaffDataSource::readAlerts(ui::StaffData& data, const Timestamp& now) {
  try {
    for (IntakeBlock& block : readOpenIntakeBlocks(m_db, now)) {
      data.blockedAlerts.push_back({std::move(block.bib), std::move(block.stationId), std::move(block.firstName)});
    }
  } catch (const StoreError& error) {
    spdlog::error("intake alerts not read: {}", error.what());
  }
}

void StaffDataSource::updateEachFrame(const BayBoard& board, ui::StaffData& data) {
  if (m_figuresRead.valid() && m_figuresRead.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
    m_figures = m_figuresRead.get();
  }
  data.figures = m_figures;
  for (const StationType& station : board.stations()) {
    for (const Session* holder : board.bays(station.id)) {
      if (holder) data.firstNames.try_emplace(holder->data().bib, firstName(holder->data().bib));
    }
    for (const Session* waiting : board.queue(station.id)) {
      data.firstNames.try_emplace(waiting->data().bib, firstName(waiting->data().bib));
    }
  }
}

const std::string& StaffDataSource::firstName(const std::string& bib) {
  auto known = m_firstNames.find(bib);
  if (known != m_firstNames.end()) return known->second;
  std::string name;
  try {
    if (std::optional<Runner> runner = findRunner(m_db, bib)) name = runner->firstName;
  } catch (const StoreError& error) {
    // Not cached, so a later frame tries again. Logged once until a read works.
    if (!m_nameReadFailing) spdlog::error("runner names for the staff screen not read: {}", error.what());
    m_nameReadFailing = true;
    static const std::string None;
    return None;
  }
  m_nameReadFailing = false;
  return m_firstNames.emplace(bib, std::move(name)).first->second;
}

}  // namespace chillnode
