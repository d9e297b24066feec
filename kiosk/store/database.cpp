#include "store/database.hpp"

#include <array>
#include <sqlite3.h>

#include "core/text.hpp"

namespace chillnode {

namespace {

// Each entry moves the schema one version forward; entries are never edited once shipped.
constexpr std::array<std::string_view, 9> Migrations = {
    R"sql(
    CREATE TABLE runners (
      bib TEXT PRIMARY KEY NOT NULL,
      first_name TEXT NOT NULL DEFAULT '',
      last_name TEXT NOT NULL DEFAULT '',
      gender TEXT NOT NULL DEFAULT '',
      age INTEGER,
      date_of_birth TEXT NOT NULL DEFAULT '',
      email TEXT NOT NULL DEFAULT '',
      event TEXT NOT NULL DEFAULT '',
      distance TEXT NOT NULL DEFAULT '',
      wave TEXT NOT NULL DEFAULT '',
      team TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE checkins (
      id TEXT PRIMARY KEY NOT NULL,
      bib TEXT NOT NULL,
      unit_id TEXT NOT NULL,
      method TEXT NOT NULL CHECK (method IN ('scan', 'keypad')),
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL,
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      visits INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX checkins_bib ON checkins (bib);
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      event_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      schema_version INTEGER NOT NULL,
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL,
      body TEXT NOT NULL,
      sent_at_ms INTEGER
    );
    CREATE TRIGGER outbox_immutable BEFORE UPDATE OF event_id, kind, schema_version, boot_id,
        mono_ms, wall_ms, wall_synced, body ON outbox
      BEGIN SELECT RAISE(ABORT, 'outbox rows are immutable'); END;
    CREATE TRIGGER outbox_keep_pending BEFORE DELETE ON outbox WHEN OLD.sent_at_ms IS NULL
      BEGIN SELECT RAISE(ABORT, 'outbox row not yet acknowledged by HQ'); END;
    )sql",
    // 2: recovery sessions, their transitions and intake answers. Monotonic times count
    // from the boot named in the row's boot_id; start_boot_id names the start's boot.
    R"sql(
    CREATE TABLE sessions (
      id TEXT PRIMARY KEY NOT NULL,
      bib TEXT NOT NULL,
      unit_id TEXT NOT NULL,
      station TEXT NOT NULL,
      bay INTEGER NOT NULL DEFAULT -1,
      state TEXT NOT NULL CHECK (state IN ('queued', 'called', 'running', 'completed',
                                           'stopped_early', 'expired', 'interrupted')),
      queue_rank INTEGER NOT NULL,
      boot_id TEXT NOT NULL,
      queued_mono_ms INTEGER NOT NULL,
      called_mono_ms INTEGER NOT NULL DEFAULT 0,
      start_boot_id TEXT NOT NULL DEFAULT '',
      start_mono_ms INTEGER NOT NULL DEFAULT 0,
      end_mono_ms INTEGER NOT NULL DEFAULT 0,
      planned_ms INTEGER NOT NULL DEFAULT 0,
      watching_staff_id TEXT NOT NULL DEFAULT '',
      warning_given INTEGER NOT NULL DEFAULT 0,
      alarm_pending INTEGER NOT NULL DEFAULT 0,
      created_wall_ms INTEGER NOT NULL,
      created_wall_synced INTEGER NOT NULL,
      start_wall_ms INTEGER,
      start_wall_synced INTEGER,
      end_wall_ms INTEGER,
      end_wall_synced INTEGER,
      utc_offset_minutes INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_open ON sessions (state, alarm_pending);
    CREATE INDEX sessions_bib ON sessions (bib, station);
    CREATE TABLE session_transitions (
      id TEXT PRIMARY KEY NOT NULL,
      session_id TEXT NOT NULL REFERENCES sessions (id),
      from_state TEXT,
      to_state TEXT NOT NULL,
      reason TEXT NOT NULL,
      staff_id TEXT NOT NULL DEFAULT '',
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL
    );
    CREATE INDEX session_transitions_session ON session_transitions (session_id);
    CREATE TABLE intake_answers (
      id TEXT PRIMARY KEY NOT NULL,
      bib TEXT NOT NULL,
      unit_id TEXT NOT NULL,
      station TEXT NOT NULL,
      answers TEXT NOT NULL,
      decision TEXT NOT NULL CHECK (decision IN ('allowed', 'blocked')),
      consent_version TEXT NOT NULL,
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL,
      utc_offset_minutes INTEGER NOT NULL DEFAULT 0,
      override_staff_id TEXT,
      override_wall_ms INTEGER,
      override_wall_synced INTEGER
    );
    CREATE INDEX intake_answers_bib ON intake_answers (bib, station);
    )sql",
    R"sql(
    CREATE TABLE vouchers (
      id TEXT PRIMARY KEY NOT NULL,
      offer_id TEXT NOT NULL,
      bib TEXT NOT NULL,
      bib_hash TEXT NOT NULL,
      session_id TEXT NOT NULL,
      unit_id TEXT NOT NULL,
      key_id TEXT NOT NULL,
      issued_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      code TEXT NOT NULL,
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL
    );
    CREATE INDEX vouchers_offer_bib ON vouchers (offer_id, bib);
    CREATE UNIQUE INDEX vouchers_session_offer ON vouchers (session_id, offer_id);
    CREATE TABLE redemptions (
      id TEXT PRIMARY KEY NOT NULL,
      voucher_id TEXT NOT NULL,
      offer_id TEXT NOT NULL,
      issuing_unit TEXT NOT NULL,
      key_id TEXT NOT NULL,
      bib_hash TEXT NOT NULL,
      issued_at INTEGER NOT NULL,
      unit_id TEXT NOT NULL,
      result TEXT NOT NULL CHECK (result IN ('valid', 'already_used', 'expired', 'wrong_sponsor',
                                             'unknown_key', 'forged')),
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL
    );
    CREATE INDEX redemptions_voucher ON redemptions (voucher_id, result);
    )sql",
    R"sql(
    CREATE TABLE runner_consent (
      id TEXT PRIMARY KEY NOT NULL,
      bib TEXT NOT NULL,
      consent INTEGER NOT NULL,
      text_version TEXT NOT NULL,
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL
    );
    CREATE INDEX runner_consent_bib ON runner_consent (bib);
    CREATE TABLE surveys (
      id TEXT PRIMARY KEY NOT NULL,
      bib TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('before', 'after', 'follow_up')),
      session_id TEXT NOT NULL,
      answers TEXT NOT NULL,
      shared INTEGER NOT NULL,
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL
    );
    CREATE INDEX surveys_bib ON surveys (bib, kind);
    )sql",
    // 5: HQ sync. The epoch is a random version 4 UUID made once per database, so HQ's
    // unique (unit, epoch, seq) still holds when a re-imaged unit counts seq from 1 again.
    // A row HQ rejected for its content is quarantined: kept (still unsent, so it cannot be
    // deleted) but no longer offered to HQ. Time anchors pair a trusted wall time with the
    // unit's boot id and monotonic time, so HQ can correct records made while the clock was wrong.
    R"sql(
    CREATE TABLE unit_epoch (
      singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
      epoch TEXT NOT NULL
    );
    INSERT INTO unit_epoch (singleton, epoch)
      SELECT 1, lower(substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-' ||
                      substr('89ab', 1 + (random() & 3), 1) || substr(h, 18, 3) || '-' ||
                      substr(h, 21, 12))
      FROM (SELECT hex(randomblob(16)) AS h);
    CREATE TRIGGER unit_epoch_immutable BEFORE UPDATE ON unit_epoch
      BEGIN SELECT RAISE(ABORT, 'the database epoch never changes'); END;
    CREATE TRIGGER unit_epoch_kept BEFORE DELETE ON unit_epoch
      BEGIN SELECT RAISE(ABORT, 'the database epoch never changes'); END;

    ALTER TABLE outbox ADD COLUMN quarantined_at_ms INTEGER;
    ALTER TABLE outbox ADD COLUMN quarantine_reason TEXT;
    CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at_ms IS NULL AND quarantined_at_ms IS NULL;
    CREATE TRIGGER outbox_sent_once BEFORE UPDATE OF sent_at_ms ON outbox
      WHEN OLD.sent_at_ms IS NOT NULL AND NEW.sent_at_ms IS NOT OLD.sent_at_ms
      BEGIN SELECT RAISE(ABORT, 'an acknowledged outbox row stays acknowledged'); END;
    CREATE TRIGGER outbox_quarantined_once BEFORE UPDATE OF quarantined_at_ms, quarantine_reason ON outbox
      WHEN OLD.quarantined_at_ms IS NOT NULL
      BEGIN SELECT RAISE(ABORT, 'a quarantined outbox row stays quarantined'); END;

    CREATE TABLE time_anchors (
      id TEXT PRIMARY KEY NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('kernel', 'hq')),
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      unit_wall_ms INTEGER NOT NULL,
      unit_wall_synced INTEGER NOT NULL,
      reference_wall_ms INTEGER NOT NULL,
      uncertainty_ms INTEGER NOT NULL
    );
    CREATE INDEX time_anchors_boot ON time_anchors (boot_id, source, mono_ms);
    )sql",
    // 6: when each roster row was last imported (Unix ms), so a purge can tell an old roster
    // from today's. Rows imported before this version have none and count as old.
    R"sql(
    ALTER TABLE runners ADD COLUMN imported_wall_ms INTEGER;
    )sql",
    // 7: an always-empty table that Database::probeWrite fills and empties in one
    // transaction, to learn whether records can be stored again after a full disk.
    R"sql(
    CREATE TABLE storage_probe (
      id INTEGER PRIMARY KEY,
      filler BLOB NOT NULL
    );
    )sql",
    // 8: a sponsor unit's bib checks: whether the bib shown after a Valid redemption hashes
    // to the voucher's bib hash. The bib itself is not stored.
    R"sql(
    CREATE TABLE bib_checks (
      id TEXT PRIMARY KEY NOT NULL,
      redemption_id TEXT NOT NULL,
      voucher_id TEXT NOT NULL,
      unit_id TEXT NOT NULL,
      matched INTEGER NOT NULL CHECK (matched IN (0, 1)),
      boot_id TEXT NOT NULL,
      mono_ms INTEGER NOT NULL,
      wall_ms INTEGER NOT NULL,
      wall_synced INTEGER NOT NULL
    );
    CREATE INDEX bib_checks_redemption ON bib_checks (redemption_id);
    )sql",
    // 9: the staff PIN lock's failure counts and lockout, so a restart does not clear them. The
    // lockout's end is CLOCK_BOOTTIME ms of the boot named in boot_id; saved_mono_ms is when
    // the row was written in that boot.
    R"sql(
    CREATE TABLE staff_lock (
      singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
      failures_in_row INTEGER NOT NULL,
      lockouts INTEGER NOT NULL,
      locked_out_until_mono_ms INTEGER NOT NULL,
      boot_id TEXT NOT NULL,
      saved_mono_ms INTEGER NOT NULL
    );
    )sql",
};

// Size of the row that probeWrite writes and deletes: about three check-ins with their outbox
// rows in WAL frames, so a success means the next record has room.
constexpr int ProbeBytes = 64 * 1024;

}  // namespace

std::string_view storageProblemName(StorageProblem problem) {
  switch (problem) {
    case StorageProblem::Full: return "full";
    case StorageProblem::ReadOnly: return "read-only";
    case StorageProblem::IoError: return "I/O error";
  }
  return "I/O error";
}

std::optional<StorageProblem> storageProblemOf(int sqliteCode) {
  switch (sqliteCode & 0xFF) {
    case SQLITE_FULL: return StorageProblem::Full;
    case SQLITE_READONLY: return StorageProblem::ReadOnly;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT: return StorageProblem::IoError;
    default: return std::nullopt;
  }
}

namespace {

// search_fold(text): foldForSearch as an SQL function, for name lookups. NULL stays NULL.
void searchFold(sqlite3_context* context, int, sqlite3_value** arguments) {
  const unsigned char* text = sqlite3_value_text(arguments[0]);
  if (text == nullptr) {
    sqlite3_result_null(context);
    return;
  }
  std::string folded = foldForSearch(reinterpret_cast<const char*>(text));
  sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

}  // namespace

Database::Database(const std::string& path) : m_path(path) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
    std::string reason = m_db ? sqlite3_errmsg(m_db) : "out of memory";
    sqlite3_close(m_db);
    m_db = nullptr;
    throw StoreError("cannot open database " + path + ": " + reason);
  }
  if (sqlite3_db_readonly(m_db, "main") == 1) {
    sqlite3_close(m_db);
    m_db = nullptr;
    throw StoreError("database " + path + " is read-only: give the kiosk user write access to the file "
                     "and its folder, or use another --db path");
  }
  sqlite3_busy_timeout(m_db, 5000);
  sqlite3_extended_result_codes(m_db, 1);
  sqlite3_create_function(m_db, "search_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, searchFold, nullptr,
                          nullptr);
  try {
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=FULL");
    execute("PRAGMA foreign_keys=ON");
    execute("PRAGMA cache_size=-" + std::to_string(PageCacheKiB));
    migrate();
  } catch (...) {
    sqlite3_close(m_db);
    m_db = nullptr;
    throw;
  }
}

Database::~Database() {
  sqlite3_close(m_db);
}

void Database::fail(std::string_view what) {
  int code = sqlite3_extended_errcode(m_db);
  std::string message = std::string(what) + " failed on database " + m_path + ": " + sqlite3_errmsg(m_db);
  if ((code & 0xFF) == SQLITE_READONLY) {
    // WAL mode writes -wal and -shm files beside the database, so the folder must be writable.
    message += ": give the kiosk user write access to the file and its folder, or use another --db path";
  }
  if (std::optional<StorageProblem> problem = storageProblemOf(code)) m_storageFault = StorageFault{*problem, message};
  throw StoreError(message, code);
}

bool Database::probeWrite() {
  try {
    Transaction tx(*this);
    auto insert = prepare("INSERT INTO storage_probe (filler) VALUES (zeroblob(?))");
    insert.bind(1, std::int64_t{ProbeBytes});
    insert.run();
    execute("DELETE FROM storage_probe");
    tx.commit();
    return true;
  } catch (const StoreError&) {
    return false;
  }
}

void Database::execute(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    fail("executing SQL");
  }
}

Statement Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    fail("preparing SQL");
  }
  return Statement(*this, stmt);
}

int Database::schemaVersion() {
  auto stmt = prepare("PRAGMA user_version");
  stmt.step();
  return static_cast<int>(stmt.integer(0));
}

std::int64_t Database::totalChanges() {
  return sqlite3_total_changes64(m_db);
}

void Database::migrate() {
  int current = schemaVersion();
  int latest = static_cast<int>(Migrations.size());
  if (current > latest) {
    throw StoreError("database " + m_path + " has schema version " + std::to_string(current) +
                     " but this program knows only up to " + std::to_string(latest) +
                     ": install a newer chillnode or use another --db file");
  }
  for (int version = current; version < latest; ++version) {
    Transaction tx(*this);
    execute(Migrations[static_cast<std::size_t>(version)]);
    execute("PRAGMA user_version=" + std::to_string(version + 1));
    tx.commit();
  }
}

Transaction::Transaction(Database& db) : m_db(db) {
  m_db.execute("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!m_done) sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  m_db.execute("COMMIT");
  m_done = true;
  m_db.noteCommitted();
}

Statement::Statement(Database& db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}

Statement::Statement(Statement&& other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt) {
  other.m_stmt = nullptr;
}

Statement::~Statement() {
  sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text(m_stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    m_db.fail("binding a value");
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(m_stmt, index, value) != SQLITE_OK) m_db.fail("binding a value");
  return *this;
}

Statement& Statement::bindNull(int index) {
  if (sqlite3_bind_null(m_stmt, index) != SQLITE_OK) m_db.fail("binding a value");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  m_db.fail("running SQL");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

std::string Statement::text(int column) const {
  const unsigned char* value = sqlite3_column_text(m_stmt, column);
  if (!value) return {};
  return std::string(reinterpret_cast<const char*>(value), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

int Statement::columnCount() const {
  return sqlite3_column_count(m_stmt);
}

std::string Statement::columnName(int column) const {
  const char* name = sqlite3_column_name(m_stmt, column);
  return name ? name : "";
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(m_stmt, column);
}

bool Statement::isNull(int column) const {
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

}  // namespace chillnode
