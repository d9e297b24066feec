#pragma once
// SQLite connection with the kiosk's durability settings and numbered forward migrations.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace chillnode {

// Thrown when SQLite fails; the message names the operation, the file and SQLite's reason.
class StoreError : public std::runtime_error {
public:
  explicit StoreError(const std::string& message, int sqliteCode = 0)
      : std::runtime_error(message), m_sqliteCode(sqliteCode) {}
  // SQLite's extended result code (SQLITE_FULL, SQLITE_IOERR_WRITE ...), 0 when not from SQLite.
  int sqliteCode() const { return m_sqliteCode; }

private:
  int m_sqliteCode = 0;
};

// Why the database cannot store records: the storage itself failed, not the SQL.
enum class StorageProblem {
  Full,      // SQLITE_FULL: the file system has no space left (or the page limit was hit)
  ReadOnly,  // SQLITE_READONLY: the file, its folder or the file system became read-only
  IoError,   // SQLITE_IOERR, SQLITE_CANTOPEN or SQLITE_CORRUPT: the disk or card is failing
};

// "full", "read-only" or "I/O error", for logs.
std::string_view storageProblemName(StorageProblem problem);

// The last storage failure of a connection, until a write commits again.
struct StorageFault {
  StorageProblem problem = StorageProblem::Full;
  std::string message;  // the StoreError's message
};

// Returns the problem for a SQLite result code, or nullopt for failures that are not the
// storage's (a constraint, a busy lock, bad SQL).
std::optional<StorageProblem> storageProblemOf(int sqliteCode);

class Statement;

// Page cache of each connection, in KiB (PRAGMA cache_size = -PageCacheKiB). SQLite's
// default of 2,000 KiB fills with the pages that writes and reads touch, so it grows with
// the database. With that default, the kiosk's two long-lived connections (UI thread and
// sync thread) would add up to about 4 MB of heap over a race day. A page missing from the
// cache is read again from the OS's file cache.
constexpr int PageCacheKiB = 512;

// One connection per thread. Opens (creating when missing) the file in WAL mode with
// synchronous=FULL, so a committed transaction survives a pulled plug, caps its page cache
// at PageCacheKiB, then applies any migrations the file has not seen. Throws StoreError
// when the file cannot be opened, is not a database, is read-only, or has a schema newer
// than this program.
class Database {
public:
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void execute(std::string_view sql);
  Statement prepare(std::string_view sql);
  int schemaVersion();
  // Rows inserted, updated or deleted through this connection since it opened.
  std::int64_t totalChanges();
  const std::string& path() const { return m_path; }
  sqlite3* handle() { return m_db; }

  // Throws StoreError carrying `what`, the path and SQLite's current message and code. A
  // storage failure (see storageProblemOf) is also kept as storageFault().
  [[noreturn]] void fail(std::string_view what);

  // The storage failure of the last failed write, or nullopt once a transaction committed
  // after it (or none failed). Reads on a full disk keep working and leave it as it is.
  const std::optional<StorageFault>& storageFault() const { return m_storageFault; }
  // Commits a transaction that inserts 64 KiB into the storage_probe table and deletes it
  // again, so new pages are written and synced but no record changes. Returns whether it
  // committed; a success clears storageFault(). Used to learn that space was freed while
  // no record is being written.
  bool probeWrite();
  // Called by Transaction::commit after COMMIT succeeded.
  void noteCommitted() { m_storageFault.reset(); }

private:
  void migrate();

  std::string m_path;
  sqlite3* m_db = nullptr;
  std::optional<StorageFault> m_storageFault;
};

// RAII transaction: BEGIN IMMEDIATE on construction, ROLLBACK unless commit() was called.
class Transaction {
public:
  explicit Transaction(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

private:
  Database& m_db;
  bool m_done = false;
};

// Prepared statement with 1-based binds and 0-based column reads.
class Statement {
public:
  Statement(Database& db, sqlite3_stmt* stmt);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bindNull(int index);

  // Steps once; returns true when a row is available.
  bool step();
  // Steps to completion, for statements that return no rows.
  void run();
  void reset();

  std::string text(int column) const;
  std::int64_t integer(int column) const;
  bool isNull(int column) const;
  int columnCount() const;
  std::string columnName(int column) const;

private:
  Database& m_db;
  sqlite3_stmt* m_stmt;
};

}  // namespace chillnode
