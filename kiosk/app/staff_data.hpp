#pragma once
// Reads what the staff screen shows beyond the bay board: today's figures, device health
// and runner lookup results. The app calls read every two seconds while the screen is open.

#include <optional>
#include <string>

#include "core/bay_board.hpp"
#include "core/time.hpp"
#include "store/database.hpp"
#include "ui/screens.hpp"

namespace chillnode {

class StaffDataSource {
public:
  StaffDataSource(Database& db, std::string databasePath) : m_db(db), m_databasePath(std::move(databasePath)) {}

  // query is the lookup entry: a bib or the start of a first or last name; empty finds nobody.
  // Never throws: a failed read leaves that part empty and is logged.
  ui::StaffData read(const std::string& query, const BayBoard& board, const Timestamp& now,
                     std::optional<double> cameraFps);

private:
  Database& m_db;
  std::string m_databasePath;
};

}  // namespace chillnode
