#include <catch2/catch.hpp>

#include "core/kiosk_flow.hpp"
#include "store/staff_lock_store.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

Timestamp at(std::int64_t monoMs, const char* bootId = "boot-a", std::int64_t wallMs = 1'791'100'800'000) {
  Timestamp t;
  t.wallMs = wallMs;
  t.wallSynced = true;
  t.bootId = bootId;
  t.monoMs = monoMs;
  return t;
}

Intent pinIntent(IntentKind kind, char key = 0) {
  Intent intent;
  intent.kind = kind;
  intent.key = key;
  return intent;
}

// Types a PIN on the flow's PIN pad and applies verdict, as the app does after verifyPin.
void enterPin(KioskFlow& flow, const std::string& pin, PinVerdict verdict, std::int64_t nowMs) {
  for (char digit : pin) flow.apply(pinIntent(IntentKind::PinDigit, digit), nowMs);
  flow.apply(pinIntent(IntentKind::PinSubmit), nowMs);
  REQUIRE(flow.takePinSubmission());
  flow.applyPinVerdict(verdict, nowMs);
}

}  // namespace

TEST_CASE("staff lock store starts empty", "[store][staff][lock]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  CHECK_FALSE(loadStaffLock(db));
}

TEST_CASE("staff lock store round trip", "[store][staff][lock]") {
  TempDir dir;
  StaffLockRecord record;
  record.failuresInRow = 3;
  record.lockouts = 2;
  record.lockedOutUntilMs = 95'000;
  {
    Database db(dir.file("kiosk.db"));
    saveStaffLock(db, record, at(35'000));
  }
  Database reopened(dir.file("kiosk.db"));
  std::optional<StaffLockSnapshot> loaded = loadStaffLock(reopened);
  REQUIRE(loaded);
  CHECK(loaded->record == record);
  CHECK(loaded->bootId == "boot-a");
  CHECK(loaded->savedMonoMs == 35'000);

  // A later save replaces the row rather than adding one.
  saveStaffLock(reopened, StaffLockRecord{}, at(40'000));
  loaded = loadStaffLock(reopened);
  REQUIRE(loaded);
  CHECK(loaded->record == StaffLockRecord{});
  CHECK(loaded->savedMonoMs == 40'000);
  Statement count = reopened.prepare("SELECT count(*) FROM staff_lock");
  REQUIRE(count.step());
  CHECK(count.integer(0) == 1);
}

TEST_CASE("lockout survives a restart of the flow", "[store][staff][lock]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  StaffLockSettings settings;
  {
    KioskFlow flow;
    flow.apply(pinIntent(IntentKind::OpenStaff), 10'000);
    for (int i = 0; i < 5; ++i) enterPin(flow, "0000", PinVerdict::Mismatch, 10'000);
    REQUIRE(flow.staffLock().state == StaffLockState::LockedOut);
    saveStaffLock(db, flow.staffLockRecord(), at(10'000));
  }

  // Same boot, 12 s later: the lockout ends at its stored time, 30 s after it began, even
  // though the wall clock was set back a year meanwhile.
  std::optional<StaffLockSnapshot> saved = loadStaffLock(db);
  REQUIRE(saved);
  Timestamp restart = at(22'000, "boot-a", 1'791'100'800'000 - 365LL * 24 * 3600 * 1000);
  KioskFlow flow({}, nullptr, settings, restoreStaffLock(*saved, restart.bootId, restart.monoMs, settings));
  flow.tick(restart.monoMs);
  flow.apply(pinIntent(IntentKind::OpenStaff), restart.monoMs);
  CHECK(flow.staffLock().state == StaffLockState::LockedOut);
  CHECK(flow.staffLock().lockoutSecondsLeft == 18);

  // The right PIN typed during the lockout is not even submitted.
  for (char digit : std::string("4821")) flow.apply(pinIntent(IntentKind::PinDigit, digit), 23'000);
  flow.apply(pinIntent(IntentKind::PinSubmit), 23'000);
  CHECK_FALSE(flow.takePinSubmission());
  CHECK_FALSE(flow.staffUnlocked());

  flow.tick(40'000);
  CHECK(flow.staffLock().state == StaffLockState::Locked);
}

TEST_CASE("restore keeps a lockout within the boot", "[staff][lock]") {
  StaffLockSettings settings;
  StaffLockSnapshot saved{{0, 1, 40'000}, "boot-a", 10'000};
  CHECK(restoreStaffLock(saved, "boot-a", 25'000, settings).lockedOutUntilMs == 40'000);
  // A lockout that ended while the kiosk was down ends at the first tick.
  StaffLock lock(settings, restoreStaffLock(saved, "boot-a", 50'000, settings));
  lock.tick(50'000);
  CHECK(lock.view().state == StaffLockState::Locked);
  CHECK(lock.record().lockouts == 1);
}

TEST_CASE("restore reruns a lockout after a reboot", "[staff][lock]") {
  StaffLockSettings settings;
  StaffLockSnapshot saved{{0, 2, 1'000'000 + 60'000}, "boot-a", 1'000'000};
  StaffLockRecord record = restoreStaffLock(saved, "boot-b", 8'000, settings);
  CHECK(record.lockedOutUntilMs == 8'000 + 60'000);
  CHECK(record.lockouts == 2);

  // Two boots with the same unreadable id: the stored end, far beyond this boot's clock, is
  // cut to the time the lockout had left.
  saved.bootId = "unknown-boot";
  CHECK(restoreStaffLock(saved, "unknown-boot", 8'000, settings).lockedOutUntilMs == 68'000);
}

TEST_CASE("restore caps a stored lockout", "[staff][lock][bad-input]") {
  StaffLockSettings settings;
  StaffLockSnapshot saved{{0, 1, 500'000'000}, "boot-a", 0};
  CHECK(restoreStaffLock(saved, "boot-b", 1'000, settings).lockedOutUntilMs == 1'000 + settings.maxLockoutMs);
  saved.record.lockedOutUntilMs = 0;
  saved.record.failuresInRow = 4;
  StaffLockRecord record = restoreStaffLock(saved, "boot-b", 1'000, settings);
  CHECK(record.lockedOutUntilMs == 0);
  CHECK(record.failuresInRow == 4);
}
