#pragma once
// SQLite connection with the kiosk's durability settings and numbered forward migrations.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace chillnode {

// Thrown when SQLite fails; the message names the operation, the file and SQLite's reason.
class StoreError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Statement;

// One connection per thread. Opens (creating when missing) the file in WAL mode with
// synchronous=FULL, so a committed transaction survives a pulled plug, then applies any
// migrations the file has not seen. Throws StoreError when the file cannot be opened,
// is not a database, is read-only, or has a schema newer than this program.
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

  // Throws StoreError carrying `what`, the path and SQLite's current message.
  [[noreturn]] void fail(std::string_view what);

private:
  void migrate();

  std::string m_path;
  sqlite3* m_db = nullptr;
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
