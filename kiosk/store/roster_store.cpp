#include "store/roster_store.hpp"

#include <string>

#include "core/text.hpp"

namespace chillnode {

namespace {

// Returns a LIKE pattern for values that start with text. LIKE's own wildcards in text are
// matched literally.
std::string prefixPattern(std::string_view text) {
  std::string pattern;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern + '%';
}

constexpr const char* SelectRunnerColumnsSql =
    "SELECT bib, first_name, last_name, gender, age, date_of_birth, email, event, distance,"
    " wave, team FROM runners";
const std::string SelectRunnerSql = std::string(SelectRunnerColumnsSql) + " WHERE bib = ?";

// Reads the runner on the current row of a statement that runs SelectRunnerSql.
Runner readRunner(Statement& select) {
  Runner runner;
  runner.bib = select.text(0);
  runner.firstName = select.text(1);
  runner.lastName = select.text(2);
  runner.gender = select.text(3);
  if (!select.isNull(4)) runner.age = static_cast<int>(select.integer(4));
  runner.dateOfBirth = select.text(5);
  runner.email = select.text(6);
  runner.event = select.text(7);
  runner.distance = select.text(8);
  runner.wave = select.text(9);
  runner.team = select.text(10);
  return runner;
}

std::optional<Runner> selectRunner(Statement& select, const std::string& bib) {
  select.reset();
  select.bind(1, bib);
  if (!select.step()) return std::nullopt;
  return readRunner(select);
}

void bindRunner(Statement& upsert, const Runner& runner) {
  upsert.bind(1, runner.bib).bind(2, runner.firstName).bind(3, runner.lastName);
  upsert.bind(4, runner.gender);
  if (runner.age) upsert.bind(5, std::int64_t{*runner.age});
  else upsert.bindNull(5);
  upsert.bind(6, runner.dateOfBirth).bind(7, runner.email).bind(8, runner.event);
  upsert.bind(9, runner.distance).bind(10, runner.wave).bind(11, runner.team);
}

}  // namespace

RosterImportCounts importRunners(Database& db, const std::vector<Runner>& runners) {
  RosterImportCounts counts;
  Transaction tx(db);
  auto select = db.prepare(SelectRunnerSql);
  // Every row in the file counts as imported now, changed or not, so a purge keeps it.
  auto stamp = db.prepare(
      "UPDATE runners SET imported_wall_ms = CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)"
      " WHERE bib = ?");
  auto upsert = db.prepare(
      "INSERT INTO runners (bib, first_name, last_name, gender, age, date_of_birth, email, event,"
      " distance, wave, team) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
      " ON CONFLICT (bib) DO UPDATE SET first_name = excluded.first_name,"
      " last_name = excluded.last_name, gender = excluded.gender, age = excluded.age,"
      " date_of_birth = excluded.date_of_birth, email = excluded.email, event = excluded.event,"
      " distance = excluded.distance, wave = excluded.wave, team = excluded.team");
  for (const Runner& runner : runners) {
    std::optional<Runner> stored = selectRunner(select, runner.bib);
    if (stored && *stored == runner) {
      ++counts.unchanged;
    } else {
      if (stored) ++counts.updated;
      else ++counts.added;
      upsert.reset();
      bindRunner(upsert, runner);
      upsert.run();
    }
    stamp.reset();
    stamp.bind(1, runner.bib);
    stamp.run();
  }
  tx.commit();
  return counts;
}

std::optional<Runner> findRunner(Database& db, const std::string& bib) {
  auto select = db.prepare(SelectRunnerSql);
  return selectRunner(select, bib);
}

std::vector<Runner> searchRunners(Database& db, const std::string& text, int limit) {
  // Names are compared folded (search_fold, registered by Database), so "NOEMIE" typed on
  // the staff keyboard finds "Noémie".
  auto select = db.prepare(std::string(SelectRunnerColumnsSql) +
                           " WHERE bib LIKE ?1 ESCAPE '\\' OR search_fold(first_name) LIKE ?3 ESCAPE '\\'"
                           " OR search_fold(last_name) LIKE ?3 ESCAPE '\\'"
                           " ORDER BY bib LIKE ?1 ESCAPE '\\' DESC, bib LIMIT ?2");
  select.bind(1, prefixPattern(text)).bind(2, limit).bind(3, prefixPattern(foldForSearch(text)));
  std::vector<Runner> found;
  while (select.step()) found.push_back(readRunner(select));
  return found;
}

int countRunners(Database& db) {
  auto count = db.prepare("SELECT count(*) FROM runners");
  count.step();
  return static_cast<int>(count.integer(0));
}

}  // namespace chillnode
