#pragma once
// Reads what the staff screen shows beyond the bay board: today's figures, intake alerts,
// device health, runner lookup results and the first names of the runners on the board.

#include <cstdint>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/bay_board.hpp"
#include "core/kiosk_flow.hpp"
#include "core/time.hpp"
#include "core/offer.hpp"
#include "store/database.hpp"
#include "ui/screens.hpp"

namespace chillnode {

class StaffDataSource {
public:
  StaffDataSource(Database& db, std::string databasePath, std::vector<Offer> offers = {})
      : m_db(db), m_databasePath(std::move(databasePath)), m_offers(std::move(offers)) {}

  // Reads the parts that the tab shows: lookup results for query on the runners tab, where
  // query is a bib or the start of a first or last name, and on the today tab the last
  // figures read. Health and intake alerts are read on every tab. Never throws: a failed
  // read leaves that part empty and is logged.
  ui::StaffData read(StaffTab tab, const std::string& query, const BayBoard& board, const Timestamp& now,
                     std::optional<double> cameraFps);

  // Adds to data the first names of the runners on the board's bays and queues, and the
  // figures once a read finished. A bib is looked up once, so this is cheap enough for
  // every frame.
  void updateEachFrame(const BayBoard& board, ui::StaffData& data);

  // Reading the figures scans every transition of the day, a median of 29 to 79 ms for
  // 3,000 sessions on a busy 2-core AMD EPYC server (`chillnode-bench staff`, BENCHMARKS.md).
  // So it runs on a worker thread with its own connection, when the today tab opens and then
  // at most this often.
  static constexpr std::int64_t FiguresRefreshMs = 10'000;

private:
  void startFiguresRead(const Timestamp& now);
  void readMatches(ui::StaffData& data, const std::string& query, const Timestamp& now);
  void readAlerts(ui::StaffData& data, const Timestamp& now);
  void readVouchers(ui::StaffData& data);
  const std::string& firstName(const std::string& bib);

  Database& m_db;
  std::string m_databasePath;
  std::vector<Offer> m_offers;
  // By bib, empty for a bib not in the roster. NOTE: a roster imported while the kiosk runs
  // shows its new names only after a restart.
  std::map<std::string, std::string> m_firstNames;
  bool m_nameReadFailing = false;
  std::vector<TypeFigures> m_figures;
  std::future<std::vector<TypeFigures>> m_figuresRead;  // valid while a worker reads
  std::int64_t m_figuresAtMs = 0;                       // when the last read started
  bool m_todayShown = false;                            // the last read was for the today tab
};

}  // namespace chillnode
