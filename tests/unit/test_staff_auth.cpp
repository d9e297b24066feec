#include <catch2/catch.hpp>

#include <sodium.h>

#include "core/staff_auth.hpp"

using namespace chillnode;

namespace {

void requireSodium() { REQUIRE(sodium_init() >= 0); }

void typePin(StaffLock& lock, const std::string& pin, std::int64_t nowMs) {
  for (char digit : pin) lock.typeDigit(digit, nowMs);
}

// Types a PIN, submits it and applies the verdict, as the app does with a worker in between.
void enterPin(StaffLock& lock, const std::string& pin, PinVerdict verdict, std::int64_t nowMs) {
  typePin(lock, pin, nowMs);
  std::optional<std::string> submitted = lock.submit(nowMs);
  REQUIRE(submitted);
  CHECK(*submitted == pin);
  CHECK(lock.view().state == StaffLockState::Verifying);
  lock.applyVerdict(verdict, nowMs);
}

void enterWrongPins(StaffLock& lock, int count, std::int64_t nowMs) {
  for (int i = 0; i < count; ++i) enterPin(lock, "0000", PinVerdict::Mismatch, nowMs);
}

}  // namespace

TEST_CASE("PIN rules accept 4 to 12 digits", "[staff][pin]") {
  CHECK(checkPin("1234") == PinProblem::None);
  CHECK(checkPin("123456789012") == PinProblem::None);
  CHECK(checkPin("123") == PinProblem::TooShort);
  CHECK(checkPin("") == PinProblem::TooShort);
  CHECK(checkPin("1234567890123") == PinProblem::TooLong);
  CHECK(checkPin("12a4") == PinProblem::NotDigits);
  CHECK(checkPin("12 34") == PinProblem::NotDigits);
  CHECK(checkPin("-1234") == PinProblem::NotDigits);
  CHECK(checkPin("１２３４") == PinProblem::NotDigits);  // full-width digits
  CHECK(describePinProblem(PinProblem::TooShort).find("4 to 12 digits") != std::string::npos);
  CHECK(describePinProblem(PinProblem::None).empty());
}

TEST_CASE("PIN hash round trip", "[staff][pin]") {
  requireSodium();
  std::optional<std::string> hash = hashPin("4821");
  REQUIRE(hash);
  CHECK(hash->starts_with("$argon2id$v=19$m=65536,t=2,p=1$"));
  CHECK(isValidPinHash(*hash));
  CHECK(verifyPin("4821", *hash) == PinVerdict::Match);
  CHECK(verifyPin("4822", *hash) == PinVerdict::Mismatch);
  CHECK(verifyPin("48210", *hash) == PinVerdict::Mismatch);
  CHECK(verifyPin("48a1", *hash) == PinVerdict::Mismatch);
}

TEST_CASE("PIN hashes are salted", "[staff][pin]") {
  requireSodium();
  std::optional<std::string> first = hashPin("4821");
  std::optional<std::string> second = hashPin("4821");
  REQUIRE(first);
  REQUIRE(second);
  CHECK(*first != *second);
}

TEST_CASE("wrong hash format is rejected", "[staff][pin][bad-input]") {
  requireSodium();
  const char* hashes[] = {
      "",
      "1234",
      "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
      "$2b$12$abcdefghijklmnopqrstuu5Sx6Xl1sHzm8ZzKcQ5rN9pPjJ5H5Y2",
      "$argon2id$",
      "$argon2id$v=19$m=65536,t=2,p=1$",
      "$argon2id$v=19$m=x,t=2,p=1$c29tZXNhbHQ$aGFzaA",
  };
  for (const char* hash : hashes) {
    INFO(hash);
    CHECK_FALSE(isValidPinHash(hash));
    CHECK(verifyPin("1234", hash) == PinVerdict::InvalidHash);
  }
}

TEST_CASE("staff lock opens with the right PIN", "[staff][lock]") {
  StaffLock lock;
  CHECK(lock.view().state == StaffLockState::Locked);
  enterPin(lock, "4821", PinVerdict::Match, 1000);
  CHECK(lock.unlocked());
  CHECK(lock.view().digitsEntered == 0);
  lock.lock(2000);
  CHECK(lock.view().state == StaffLockState::Locked);
}

TEST_CASE("staff lock entry takes digits only", "[staff][lock]") {
  StaffLock lock;
  CHECK_FALSE(lock.submit(0));
  typePin(lock, "12a-3", 0);
  CHECK(lock.view().digitsEntered == 3);
  lock.deleteDigit(0);
  CHECK(lock.view().digitsEntered == 2);
  typePin(lock, "1234567890123", 0);
  CHECK(lock.view().digitsEntered == MaxPinLength);
}

TEST_CASE("five wrong PINs lock for growing times", "[staff][lock]") {
  StaffLock lock;
  enterWrongPins(lock, 4, 0);
  CHECK(lock.view().state == StaffLockState::Locked);
  CHECK(lock.view().lastPinWrong);
  CHECK(lock.view().failuresLeft == 1);

  enterWrongPins(lock, 1, 0);
  CHECK(lock.view().state == StaffLockState::LockedOut);
  CHECK(lock.view().lockoutSecondsLeft == 30);
  CHECK(lock.record().lockedOutUntilMs == 30'000);
  CHECK(lock.nextDeadlineMs() == 30'000);

  // Digits typed during the lockout are ignored.
  lock.typeDigit('1', 10'000);
  CHECK_FALSE(lock.submit(10'000));
  lock.tick(29'999);
  CHECK(lock.view().state == StaffLockState::LockedOut);
  CHECK(lock.view().lockoutSecondsLeft == 1);
  lock.tick(30'000);
  CHECK(lock.view().state == StaffLockState::Locked);
  CHECK(lock.view().failuresLeft == 5);

  enterWrongPins(lock, 5, 40'000);
  CHECK(lock.record().lockedOutUntilMs == 40'000 + 60'000);
  lock.tick(100'000);
  enterWrongPins(lock, 5, 100'000);
  CHECK(lock.record().lockedOutUntilMs == 100'000 + 120'000);
  CHECK(lock.record().lockouts == 3);
}

TEST_CASE("lockout length is capped at 15 minutes", "[staff][lock]") {
  StaffLock lock;
  std::int64_t now = 0;
  for (int round = 0; round < 12; ++round) {
    enterWrongPins(lock, 5, now);
    REQUIRE(lock.view().state == StaffLockState::LockedOut);
    now = lock.record().lockedOutUntilMs;
    lock.tick(now);
  }
  enterWrongPins(lock, 5, now);
  CHECK(lock.record().lockedOutUntilMs - now == 15 * 60'000);
}

TEST_CASE("right PIN resets the failure counts", "[staff][lock]") {
  StaffLock lock;
  enterWrongPins(lock, 5, 0);
  lock.tick(30'000);
  enterWrongPins(lock, 3, 30'000);
  enterPin(lock, "4821", PinVerdict::Match, 31'000);
  CHECK(lock.unlocked());
  CHECK(lock.record().failuresInRow == 0);
  CHECK(lock.record().lockouts == 0);

  // After a reset the next lockout is the first one again.
  lock.lock(32'000);
  enterWrongPins(lock, 5, 33'000);
  CHECK(lock.record().lockedOutUntilMs == 33'000 + 30'000);
}

TEST_CASE("staff lock relocks after 60 s idle", "[staff][lock]") {
  StaffLock lock;
  enterPin(lock, "4821", PinVerdict::Match, 1000);
  REQUIRE(lock.unlocked());
  lock.tick(60'000);
  CHECK(lock.unlocked());
  lock.touched(50'000);
  CHECK(lock.nextDeadlineMs() == 110'000);
  lock.tick(109'999);
  CHECK(lock.unlocked());
  lock.tick(110'000);
  CHECK(lock.view().state == StaffLockState::Locked);
}

TEST_CASE("idle clears a partly typed PIN", "[staff][lock]") {
  StaffLock lock;
  typePin(lock, "48", 1000);
  lock.tick(60'999);
  CHECK(lock.view().digitsEntered == 2);
  lock.tick(61'000);
  CHECK(lock.view().digitsEntered == 0);
}

TEST_CASE("invalid hash verdict counts no failure", "[staff][lock][bad-input]") {
  StaffLock lock;
  enterPin(lock, "4821", PinVerdict::InvalidHash, 0);
  CHECK(lock.view().state == StaffLockState::Locked);
  CHECK(lock.view().hashInvalid);
  CHECK(lock.record().failuresInRow == 0);
}

TEST_CASE("verdict without a submitted PIN is ignored", "[staff][lock]") {
  StaffLock lock;
  lock.applyVerdict(PinVerdict::Match, 0);
  CHECK(lock.view().state == StaffLockState::Locked);
  typePin(lock, "4821", 0);
  lock.applyVerdict(PinVerdict::Match, 0);
  CHECK_FALSE(lock.unlocked());
}

TEST_CASE("restored lockout holds until its end", "[staff][lock]") {
  StaffLockRecord record;
  record.lockouts = 2;
  record.lockedOutUntilMs = 90'000;
  StaffLock lock({}, record);
  CHECK(lock.view().state == StaffLockState::LockedOut);
  lock.tick(89'000);
  CHECK(lock.view().lockoutSecondsLeft == 1);
  lock.tick(90'000);
  CHECK(lock.view().state == StaffLockState::Locked);
  enterWrongPins(lock, 5, 90'000);
  CHECK(lock.record().lockedOutUntilMs == 90'000 + 120'000);
}
