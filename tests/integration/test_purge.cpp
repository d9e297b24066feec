// `chillnode purge`: a database with planted names, e-mails, bibs, answers and voucher codes
// on both sides of the cutoff is purged by the real binary, then its files are searched byte
// by byte.

#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "core/bay_board.hpp"
#include "core/kiosk_flow.hpp"
#include "core/payload.hpp"
#include "store/checkin_store.hpp"
#include "store/outbox.hpp"
#include "store/session_store.hpp"
#include "store/survey_store.hpp"
#include "store/voucher_store.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::ProcessResult;
using chillnode::test::runProcess;
using chillnode::test::TempDir;

namespace {

const std::string Binary = CHILLNODE_BINARY;

constexpr std::int64_t CutoffMs = 1'791'763'200'000;  // 2026-10-12 00:00 UTC
constexpr std::int64_t HourMs = 3'600'000;
constexpr const char* Cutoff = "2026-10-12";

// Bibs and personal values that occur nowhere else, so a byte search finds only them.
constexpr const char* OldBib = "PRV-7301";
constexpr const char* OldBlockedBib = "PRV-7302";
constexpr const char* QueuedBib = "PRV-7303";
constexpr const char* NewBib = "PRV-7304";
constexpr const char* RosterOnlyOldBib = "PRV-7305";
constexpr const char* RosterOnlyNewBib = "PRV-7306";

const char* const RosterCsv =
    "Bib,First Name,Last Name,Email,Gender,Age,Team\n"
    "PRV-7301,Quillonia,Farthingale,quillonia.farthingale@planted.example,F,41,Velocirats\n"
    "PRV-7302,Berengar,Oxenhurst,berengar.oxenhurst@planted.example,M,38,Gravelhounds\n"
    "PRV-7303,Thessaly,Wimbourne,thessaly.wimbourne@planted.example,F,29,Kestrelfoot\n"
    "PRV-7304,Ysolde,Marchbanks,ysolde.marchbanks@planted.example,F,52,Larkspurs\n"
    "PRV-7305,Oswin,Pettigrew,oswin.pettigrew@planted.example,M,47,Fenwalkers\n"
    "PRV-7306,Melisande,Crouchley,melisande.crouchley@planted.example,F,33,Tidewaders\n";

// Values that must be gone from every file after the purge.
const std::vector<std::string> OldPersonalValues = {
    "PRV-7301", "PRV-7302", "PRV-7305", "Quillonia", "Farthingale", "quillonia.farthingale@planted.example",
    "Berengar", "Oxenhurst", "berengar.oxenhurst@planted.example", "Oswin", "Pettigrew",
    "oswin.pettigrew@planted.example", "Velocirats", "Gravelhounds", "Fenwalkers"};

Timestamp at(std::int64_t wallMs) {
  Timestamp t;
  t.wallMs = wallMs;
  t.wallSynced = true;
  t.bootId = "boot-purge";
  t.monoMs = 10'000'000 + (wallMs - CutoffMs);
  return t;
}

std::int64_t scalar(Database& db, const std::string& sql) {
  auto select = db.prepare(sql);
  REQUIRE(select.step());
  return select.integer(0);
}

std::string text(Database& db, const std::string& sql) {
  auto select = db.prepare(sql);
  REQUIRE(select.step());
  return select.text(0);
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

// The database file and its -wal and -shm files, as far as they exist, concatenated.
std::string databaseBytes(const std::string& path) {
  std::string bytes;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (std::filesystem::exists(path + suffix)) bytes += readFile(path + suffix);
  }
  return bytes;
}

ProcessResult purge(const std::string& db, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--db", db, "purge", "--before", Cutoff};
  args.insert(args.end(), extra.begin(), extra.end());
  return runProcess(Binary, args);
}

std::vector<Offer> offers() {
  Offer smoothie;
  smoothie.id = "smoothie";
  smoothie.sponsorId = "juice";
  smoothie.title = "Free smoothie";
  smoothie.validUntil = CutoffMs / 1000 + 30 * 86'400;
  smoothie.stations = {"plunge"};
  smoothie.perRunner = 1;
  smoothie.stock = 100;
  return {smoothie};
}

// Intake answers for a station, with the question at yesIndex answered "yes" (or none).
std::vector<IntakeAnswer> answersFor(const std::string& stationId, int yesIndex) {
  std::vector<IntakeAnswer> answers;
  int index = 0;
  for (const IntakeQuestion& question : builtInQuestionsFor(stationId)) {
    answers.push_back({question.id, index++ == yesIndex});
  }
  return answers;
}

// What the planted database holds; the test reads the values the stores made.
struct Planted {
  std::string oldVoucherCode;
  std::string oldBibHash;
  std::string oldBlockedAnswers;
  std::string oldSurveyAnswers;
  std::string newIntakeAnswers;
};

// A runner session on a plunge bay from the queue to its end, written through the stores.
std::string plungeSession(BayBoard& board, SessionStore& store, const std::string& bib, std::int64_t wallMs) {
  std::int64_t mono = at(wallMs).monoMs;
  std::vector<IntakeAnswer> answers = answersFor("plunge", -1);
  IntakeEvaluation evaluation = board.submitIntake(bib, "plunge", answers);
  store.saveIntake(bib, "plunge", answers, evaluation, at(wallMs));
  std::string id = board.join(bib, "plunge", mono).sessionId;
  board.tick(mono);
  SessionEvent start;
  start.kind = SessionEventKind::Start;
  start.actor = Actor::Runner;
  REQUIRE(board.apply(id, start, mono + 1000) == SessionError::None);
  board.tick(mono + 1000);
  store.saveAll(board.takeChanges(), at(wallMs + 1000));
  board.tick(mono + 1000 + 20 * 60'000);
  store.saveAll(board.takeChanges(), at(wallMs + 1000 + 20 * 60'000));
  return id;
}

// Builds the database: a roster, and for each side of the cutoff check-ins, intake answers,
// sessions, a survey with consent, a voucher and its redemption. One runner's session was
// queued before the cutoff and is still open. With sendOld, HQ has acknowledged every outbox
// row from before the cutoff.
Planted plantDatabase(const std::string& path, const TempDir& dir, bool sendOld) {
  std::ofstream(dir.file("roster.csv")) << RosterCsv;
  REQUIRE(runProcess(Binary, {"--db", path, "roster", "import", dir.file("roster.csv")}).exitCode == 0);

  Planted planted;
  Database db(path);
  // The roster came two days before the cutoff, except one runner added on the cutoff day.
  db.execute("UPDATE runners SET imported_wall_ms = " + std::to_string(CutoffMs - 48 * HourMs));
  db.execute("UPDATE runners SET imported_wall_ms = " + std::to_string(CutoffMs + 6 * HourMs) +
             " WHERE bib = 'PRV-7306'");

  BibPayloadParser parser("");
  CheckInStore checkIns(db, "booth-1", parser);
  SessionStore sessions(db, "booth-1");
  SurveyStore surveys(db, "booth-1");
  VoucherStore vouchers(db, "booth-1");
  RedemptionLedger ledger(db, "booth-1");
  SigningKey key = generateSigningKey("booth-1");
  BayBoard board(defaultStations());

  // Before the cutoff: 2026-10-11 from 09:00 UTC.
  std::int64_t old = CutoffMs - 15 * HourMs;
  REQUIRE(checkIns.checkIn(std::string("https://race.example/bib/") + OldBib, CheckInMethod::Scan, at(old)).stored);
  REQUIRE(checkIns.checkIn(OldBlockedBib, CheckInMethod::Keypad, at(old + 60'000)).stored);
  REQUIRE(checkIns.checkIn(QueuedBib, CheckInMethod::Keypad, at(old + 90'000)).stored);
  std::vector<IntakeAnswer> blocked = answersFor("cryo", 1);
  sessions.saveIntake(OldBlockedBib, "cryo", blocked, evaluateIntake(builtInQuestionsFor("cryo"), blocked),
                      at(old + 120'000));
  std::string oldSession = plungeSession(board, sessions, OldBib, old + 180'000);
  SurveySubmission survey{OldBib, SurveyKind::Before, oldSession, {{"soreness", 7}}, true};
  surveys.save(survey, at(old + 200'000));
  std::optional<IssuedVoucher> voucher =
      vouchers.issue(OldBib, oldSession, "plunge", offers(), key, at(old + 1'500'000));
  REQUIRE(voucher);
  planted.oldVoucherCode = voucher->code;
  VerifyKey verify{key.keyId, key.publicKey};
  REQUIRE(ledger.redeem(voucher->code, {verify}, "juice", offers(), at(old + 2'000'000)).outcome ==
          RedeemOutcome::Valid);
  // Queued before the cutoff and never called: an open session.
  std::vector<IntakeAnswer> none = answersFor("boots", -1);
  IntakeEvaluation queuedIntake = board.submitIntake(QueuedBib, "boots", none);
  sessions.saveIntake(QueuedBib, "boots", none, queuedIntake, at(old + 2'100'000));
  for (int bay = 0; bay < 8; ++bay) {
    // Fill the boots bays, so the runner stays queued.
    std::string filler = "FILL-" + std::to_string(bay);
    board.submitIntake(filler, "boots", none);
    board.join(filler, "boots", at(old + 2'100'000).monoMs);
  }
  board.join(QueuedBib, "boots", at(old + 2'150'000).monoMs);
  board.tick(at(old + 2'150'000).monoMs);
  sessions.saveAll(board.takeChanges(), at(old + 2'150'000));

  planted.oldBibHash = text(db, "SELECT bib_hash FROM vouchers");
  planted.oldBlockedAnswers = text(db, "SELECT answers FROM intake_answers WHERE decision = 'blocked'");
  planted.oldSurveyAnswers = text(db, "SELECT answers FROM surveys");
  if (sendOld) markOutboxSent(db, 1, scalar(db, "SELECT max(seq) FROM outbox"), old + 3'000'000);

  // From the cutoff on: 2026-10-12 from 08:00 UTC.
  std::int64_t fresh = CutoffMs + 8 * HourMs;
  REQUIRE(checkIns.checkIn(NewBib, CheckInMethod::Keypad, at(fresh)).stored);
  std::vector<IntakeAnswer> freshAnswers = answersFor("cryo", 2);
  sessions.saveIntake(NewBib, "cryo", freshAnswers,
                      evaluateIntake(builtInQuestionsFor("cryo"), freshAnswers), at(fresh + 60'000));
  planted.newIntakeAnswers = text(db, "SELECT answers FROM intake_answers WHERE bib = 'PRV-7304'");
  return planted;
}

// Counts that must not change: check-ins per day, sessions per type and state, intake
// decisions, vouchers per offer and redemptions per result.
std::string anonymousCounts(Database& db) {
  std::string out;
  for (const char* sql :
       {"SELECT date(wall_ms / 1000, 'unixepoch') || ' ' || count(*) || ' ' || sum(visits) FROM checkins"
        " GROUP BY date(wall_ms / 1000, 'unixepoch') ORDER BY 1",
        "SELECT station || ' ' || state || ' ' || count(*) FROM sessions GROUP BY station, state ORDER BY 1",
        "SELECT station || ' ' || decision || ' ' || count(*) FROM intake_answers GROUP BY station, decision"
        " ORDER BY 1",
        "SELECT offer_id || ' ' || count(*) FROM vouchers GROUP BY offer_id",
        "SELECT offer_id || ' ' || result || ' ' || count(*) FROM redemptions GROUP BY offer_id, result",
        "SELECT kind || ' ' || count(*) FROM surveys GROUP BY kind"}) {
    auto select = db.prepare(sql);
    while (select.step()) out += select.text(0) + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("purge removes old personal data", "[cli][purge]") {
  TempDir dir;
  std::string path = dir.file("kiosk.db");
  Planted planted = plantDatabase(path, dir, true);
  std::string countsBefore;
  std::int64_t oldSent = 0;
  {
    Database db(path);
    countsBefore = anonymousCounts(db);
    oldSent = scalar(db, "SELECT count(*) FROM outbox WHERE sent_at_ms IS NOT NULL AND wall_ms < " +
                             std::to_string(CutoffMs));
  }
  REQUIRE(oldSent > 10);
  // The search finds what was planted before the purge, so its silence afterwards counts.
  std::string before = databaseBytes(path);
  for (const std::string& value : OldPersonalValues) {
    INFO(value);
    CHECK(before.find(value) != std::string::npos);
  }
  CHECK(before.find(planted.oldVoucherCode) != std::string::npos);
  CHECK(before.find(planted.oldBlockedAnswers) != std::string::npos);
  CHECK(before.find(planted.oldSurveyAnswers) != std::string::npos);

  ProcessResult result = purge(path);
  INFO(result.err);
  REQUIRE(result.exitCode == 0);
  CHECK(result.err.empty());
  CHECK(result.out == "purged records made before 2026-10-12 00:00 UTC from " + path + ":\n"
                      "runners deleted                        3\n"
                      "check-ins: bib cleared                 3\n"
                      "sessions: bib cleared                  1\n"
                      "intake answers: bib, answers cleared   3\n"
                      "surveys: bib, answers cleared          1\n"
                      "consents: bib cleared                  1\n"
                      "vouchers: bib, code cleared            1\n"
                      "redemptions: bib hash cleared          1\n"
                      "sent outbox rows deleted               " + std::to_string(oldSent) + "\n");

  SECTION("no planted value is left in the database, WAL or shared-memory file") {
    std::string after = databaseBytes(path);
    for (const std::string& value : OldPersonalValues) {
      INFO(value);
      CHECK(after.find(value) == std::string::npos);
    }
    CHECK(after.find(planted.oldVoucherCode.substr(5, 40)) == std::string::npos);
    CHECK(after.find(planted.oldBibHash) == std::string::npos);
    CHECK(after.find(planted.oldBlockedAnswers) == std::string::npos);
    CHECK(after.find(planted.oldSurveyAnswers) == std::string::npos);
    // The WAL was truncated, or removed when the purge closed the last connection.
    CHECK((!std::filesystem::exists(path + "-wal") || std::filesystem::file_size(path + "-wal") == 0));
  }

  SECTION("anonymous counts and newer records stay") {
    Database db(path);
    CHECK(anonymousCounts(db) == countsBefore);
    CHECK(scalar(db, "SELECT count(*) FROM intake_answers WHERE decision = 'blocked'") == 2);
    CHECK(text(db, "SELECT answers FROM intake_answers WHERE bib = 'PRV-7304'") == planted.newIntakeAnswers);
    CHECK(scalar(db, "SELECT count(*) FROM checkins WHERE bib = 'PRV-7304'") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM runners WHERE bib IN ('PRV-7304', 'PRV-7306')") == 2);
    // The open session keeps its bib, so its runner stays in the roster.
    CHECK(scalar(db, "SELECT count(*) FROM sessions WHERE bib = 'PRV-7303' AND state = 'queued'") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM runners WHERE bib = 'PRV-7303'") == 1);
    CHECK(scalar(db, "SELECT count(*) FROM checkins WHERE bib = 'PRV-7303'") == 0);
    CHECK(scalar(db, "SELECT count(*) FROM runners") == 3);
    CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE wall_ms >= " + std::to_string(CutoffMs)) == 2);
    CHECK(text(db, "PRAGMA integrity_check") == "ok");
  }

  SECTION("a second purge finds nothing left") {
    ProcessResult again = purge(path);
    CHECK(again.exitCode == 0);
    CHECK(again.out.find("runners deleted                        0\n") != std::string::npos);
    CHECK(again.out.find("sent outbox rows deleted               0\n") != std::string::npos);
  }
}

TEST_CASE("purge warns while a reader blocks the WAL", "[cli][purge]") {
  TempDir dir;
  std::string path = dir.file("kiosk.db");
  plantDatabase(path, dir, true);
  {
    // An open read transaction, as a running kiosk may hold, keeps the checkpoint from
    // truncating the WAL.
    Database reader(path);
    reader.execute("BEGIN");
    auto read = reader.prepare("SELECT count(*) FROM runners");
    REQUIRE(read.step());
    ProcessResult blocked = purge(path);
    CHECK(blocked.exitCode == 3);
    CHECK(blocked.out.find("runners deleted                        3\n") != std::string::npos);
    CHECK(blocked.err.find("chillnode: purge: the records are purged, but the removed data may still be in the "
                           "bytes of " + path + " or its -wal file (") != std::string::npos);
    CHECK(blocked.err.find("stop the kiosk (systemctl stop chillnode) and run the purge again\n") != std::string::npos);
  }
  ProcessResult again = purge(path);
  CHECK(again.exitCode == 0);
  CHECK(databaseBytes(path).find("Quillonia") == std::string::npos);
}

TEST_CASE("purge refuses unsent personal rows", "[cli][purge]") {
  TempDir dir;
  std::string path = dir.file("kiosk.db");
  Planted planted = plantDatabase(path, dir, false);
  std::int64_t unsent = 0;
  {
    Database db(path);
    unsent = scalar(db, "SELECT count(*) FROM outbox WHERE kind IN ('checkin', 'intake', 'session', 'survey',"
                        " 'consent', 'voucher') AND wall_ms < " + std::to_string(CutoffMs));
  }
  REQUIRE(unsent > 5);
  std::string before = runProcess("/usr/bin/sqlite3", {path, ".dump"}).out;

  ProcessResult refused = purge(path);
  CHECK(refused.exitCode == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err == "chillnode: purge refused: " + std::to_string(unsent) +
                           " outbox records from before 2026-10-12 hold bibs or answers and are not yet acknowledged"
                           " by HQ; nothing was changed. Run chillnode sync --once when a network is there, or pass"
                           " --keep-unsent to purge everything else and keep those records for HQ\n");
  CHECK(runProcess("/usr/bin/sqlite3", {path, ".dump"}).out == before);

  ProcessResult kept = purge(path, {"--keep-unsent"});
  CHECK(kept.exitCode == 0);
  CHECK(kept.err == "chillnode: purge: warning: " + std::to_string(unsent) +
                        " outbox records from before 2026-10-12 still hold bibs or answers, because HQ has not"
                        " acknowledged them; run the purge again after they are sent\n");
  CHECK(kept.out.find("runners deleted                        3\n") != std::string::npos);
  CHECK(kept.out.find("sent outbox rows deleted               0\n") != std::string::npos);
  Database db(path);
  // The unsent rows are untouched and still pending, while the tables hold no old bib.
  CHECK(countPendingOutbox(db) == scalar(db, "SELECT count(*) FROM outbox"));
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE body LIKE '%PRV-7301%'") > 0);
  CHECK(scalar(db, "SELECT count(*) FROM checkins WHERE bib = 'PRV-7301'") == 0);
  CHECK(scalar(db, "SELECT count(*) FROM runners WHERE bib = 'PRV-7301'") == 0);
  std::string after = databaseBytes(path);
  CHECK(after.find("Quillonia") == std::string::npos);
  CHECK(after.find(planted.oldVoucherCode.substr(5, 40)) == std::string::npos);
}

TEST_CASE("purge rejects malformed dates", "[cli][purge][bad-input]") {
  TempDir dir;
  std::string path = dir.file("kiosk.db");
  { Database db(path); }
  for (const char* date : {"2026-13-01", "2026-02-30", "2026-1-05", "12/10/2026", "2026-10-12T00:00", "",
                           "yesterday", "1969-12-31", "2026-10-1x", " 2026-10-12"}) {
    INFO(date);
    ProcessResult result = runProcess(Binary, {"--db", path, "purge", "--before", date});
    CHECK(result.exitCode == 1);
    CHECK(result.err == std::string("chillnode: purge: --before \"") + date +
                            "\" is not a valid date: use YYYY-MM-DD, e.g. 2026-10-12 (the day starts at 00:00 UTC)\n");
    CHECK(result.out.empty());
  }
  ProcessResult leap = runProcess(Binary, {"--db", path, "purge", "--before", "2028-02-29"});
  CHECK(leap.exitCode == 0);
}

TEST_CASE("purge never creates a missing database", "[cli][purge][bad-input]") {
  TempDir dir;
  std::string path = dir.file("missing.db");
  ProcessResult result = runProcess(Binary, {"--db", path, "purge", "--before", Cutoff});
  CHECK(result.exitCode == 1);
  CHECK(result.err == "chillnode: purge: database " + path + " does not exist; nothing to purge\n");
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("roster import stamps the import time", "[cli][purge][roster]") {
  TempDir dir;
  std::string path = dir.file("kiosk.db");
  std::ofstream(dir.file("roster.csv")) << RosterCsv;
  auto nowMs = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
  };
  std::int64_t before = nowMs();
  REQUIRE(runProcess(Binary, {"--db", path, "roster", "import", dir.file("roster.csv")}).exitCode == 0);
  std::int64_t after = nowMs();
  Database db(path);
  CHECK(scalar(db, "SELECT count(*) FROM runners WHERE imported_wall_ms BETWEEN " + std::to_string(before - 5) +
                       " AND " + std::to_string(after + 5)) == 6);
  // An unchanged row imported again counts as imported again.
  db.execute("UPDATE runners SET imported_wall_ms = 1");
  REQUIRE(runProcess(Binary, {"--db", path, "roster", "import", dir.file("roster.csv")}).exitCode == 0);
  CHECK(scalar(db, "SELECT count(*) FROM runners WHERE imported_wall_ms >= " + std::to_string(before - 5)) == 6);
}

// Builds a database with many old rows, all acknowledged by HQ, so that a purge takes long
// enough to be killed in the middle.
void plantManyRows(const std::string& path, int rows) {
  Database db(path);
  Transaction tx(db);
  auto runner = db.prepare("INSERT INTO runners (bib, first_name, last_name, email, imported_wall_ms)"
                           " VALUES (?, 'Pemberton', 'Quarrendon', ?, 0)");
  auto checkin = db.prepare("INSERT INTO checkins (id, bib, unit_id, method, wall_ms, wall_synced, boot_id, mono_ms)"
                            " VALUES (?, ?, 'booth-1', 'scan', ?, 1, 'boot', ?)");
  for (int i = 0; i < rows; ++i) {
    std::string bib = "KIL-" + std::to_string(i);
    runner.reset();
    runner.bind(1, bib).bind(2, "pemberton." + std::to_string(i) + "@planted.example").run();
    std::string id = "checkin-" + std::to_string(i);
    Timestamp when = at(CutoffMs - 20 * HourMs + i);
    checkin.reset();
    checkin.bind(1, id).bind(2, bib).bind(3, when.wallMs).bind(4, when.monoMs).run();
    appendOutbox(db, id, "checkin", when, "{\"checkin_id\":\"" + id + "\",\"bib\":\"" + bib + "\"}");
  }
  db.execute("UPDATE outbox SET sent_at_ms = 1");
  tx.commit();
}

TEST_CASE("purge killed midway leaves all or nothing", "[cli][purge][sigkill]") {
  constexpr int Rows = 20'000;
  constexpr int Rounds = 20;
  TempDir dir;
  std::string original = dir.file("original.db");
  plantManyRows(original, Rows);
  {
    Database db(original);
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  // One full purge first, to learn how long it takes here.
  std::string path = dir.file("kiosk.db");
  std::filesystem::copy_file(original, path);
  auto started = std::chrono::steady_clock::now();
  REQUIRE(purge(path).exitCode == 0);
  auto fullMs = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();

  std::mt19937 random(20261012);
  // Kills land from before the process opens the database to after the purge ended.
  std::uniform_int_distribution<long> delay(0, std::max<long>(fullMs * 3 / 2, 10));
  int untouched = 0;
  int purged = 0;
  for (int round = 0; round < Rounds; ++round) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::filesystem::copy_file(original, path);
    pid_t pid = fork();
    if (pid == 0) {
      std::string db = path;
      execl(Binary.c_str(), Binary.c_str(), "--db", db.c_str(), "purge", "--before", Cutoff,
            static_cast<char*>(nullptr));
      _exit(127);
    }
    REQUIRE(pid > 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay(random)));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);

    Database db(path);
    INFO("round " << round);
    REQUIRE(text(db, "PRAGMA integrity_check") == "ok");
    std::int64_t runners = scalar(db, "SELECT count(*) FROM runners");
    std::int64_t named = scalar(db, "SELECT count(*) FROM checkins WHERE bib <> ''");
    std::int64_t outbox = scalar(db, "SELECT count(*) FROM outbox");
    bool isUntouched = runners == Rows && named == Rows && outbox == Rows;
    bool isPurged = runners == 0 && named == 0 && outbox == 0;
    CHECK((isUntouched || isPurged));
    CHECK(scalar(db, "SELECT count(*) FROM checkins") == Rows);
    untouched += isUntouched ? 1 : 0;
    purged += isPurged ? 1 : 0;
  }
  WARN("purge of " << Rows << " rows took " << fullMs << " ms; killed " << Rounds << " times: " << untouched
                   << " untouched, " << purged << " purged");
}
