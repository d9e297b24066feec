#pragma once
// Reads what the staff screen shows beyond the bay board: today's figures, intake alerts,
// device health, runner lookup results and the first names of the runners on the board.

#include <map>
#include <optional>
#include <string>

#include "core/bay_board.hpp"
#include "core/kiosk_flow.hpp"
#include "core/time.hpp"
#include "store/database.hpp"
#include "ui/screens.hpp"

namespace chillnode {

class StaffDataSource {
public:
  StaffDataSource(Database& db, std::string databasePath) : m_db(db), m_databasePath(std::move(databasePath)) {}

  // Reads the parts that the tab shows: figures on the today tab and lookup results for
  // query on the runners tab, where query is a bib or the start of a first or last name.
  // Health and intake alerts are read on every tab. Never throws: a failed read leaves that
  // part empty and is logged.
  ui::StaffData read(StaffTab tab, const std::string& query, const BayBoard& board, const Timestamp& now,
                     std::optional<double> cameraFps);

  // Adds to data.firstNames the runners on the board's bays and queues. A bib is looked up
  // once, so this is cheap enough for every frame.
  void addFirstNames(const BayBoard& board, ui::StaffData& data);

private:
  void readFigures(ui::StaffData& data, const Timestamp& now);
  void readMatches(ui::StaffData& data, const std::string& query, const Timestamp& now);
  void readAlerts(ui::StaffData& data, const Timestamp& now);
  const std::string& firstName(const std::string& bib);

  Database& m_db;
  std::string m_databasePath;
  // By bib, empty for a bib not in the roster. NOTE: a roster imported while the kiosk runs
  // shows its new names only after a restart.
  std::map<std::string, std::string> m_firstNames;
  bool m_nameReadFailing = false;
};

}  // namespace chillnode
