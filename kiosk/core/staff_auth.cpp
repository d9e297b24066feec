#include "core/staff_auth.hpp"

#include <algorithm>

namespace chillnode {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Doubles firstLockoutMs for each lockout after the first, up to maxLockoutMs. Doubling step
// by step keeps a large count from overflowing.
std::int64_t lockoutLengthMs(const StaffLockSettings& settings, int lockouts) {
  std::int64_t length = settings.firstLockoutMs;
  for (int i = 1; i < lockouts && length < settings.maxLockoutMs; ++i) length *= 2;
  return std::min(length, settings.maxLockoutMs);
}

}  // namespace

PinProblem checkPin(std::string_view pin) {
  if (!std::all_of(pin.begin(), pin.end(), isDigit)) return PinProblem::NotDigits;
  if (pin.size() < MinPinLength) return PinProblem::TooShort;
  if (pin.size() > MaxPinLength) return PinProblem::TooLong;
  return PinProblem::None;
}

std::string describePinProblem(PinProblem problem) {
  const std::string rule = "the PIN must be " + std::to_string(MinPinLength) + " to " +
                           std::to_string(MaxPinLength) + " digits";
  switch (problem) {
    case PinProblem::None: return "";
    case PinProblem::TooShort: return rule + ", but it is shorter";
    case PinProblem::TooLong: return rule + ", but it is longer";
    case PinProblem::NotDigits: return rule + " (0-9), with no letters, spaces or signs";
  }
  return rule;
}

std::optional<std::string> hashPin(std::string_view pin) {
  char hash[crypto_pwhash_STRBYTES] = {};
  int status = crypto_pwhash_str_alg(hash, pin.data(), pin.size(), PinHashOpsLimit,
                                     PinHashMemLimit, crypto_pwhash_ALG_ARGON2ID13);
  if (status != 0) return std::nullopt;
  return std::string(hash);
}

bool isValidPinHash(std::string_view hash) {
  if (!hash.starts_with(PinHashPrefix) || hash.size() >= crypto_pwhash_STRBYTES) return false;
  // libsodium parses the string without hashing and returns -1 only when it is malformed.
  std::string terminated(hash);
  return crypto_pwhash_argon2id_str_needs_rehash(terminated.c_str(), PinHashOpsLimit,
                                                 PinHashMemLimit) != -1;
}

PinVerdict verifyPin(std::string_view pin, std::string_view hash) {
  if (!isValidPinHash(hash)) return PinVerdict::InvalidHash;
  if (checkPin(pin) != PinProblem::None) return PinVerdict::Mismatch;
  std::string terminated(hash);
  bool match = crypto_pwhash_str_verify(terminated.c_str(), pin.data(), pin.size()) == 0;
  return match ? PinVerdict::Match : PinVerdict::Mismatch;
}

bool isValidStaffId(std::string_view id) {
  auto allowed = [](char c) {
    return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-';
  };
  return !id.empty() && id.size() <= MaxStaffIdLength && std::all_of(id.begin(), id.end(), allowed);
}

StaffPinCheck findStaffMember(std::string_view pin, const std::vector<StaffMember>& members) {
  bool anyValidHash = false;
  for (std::size_t i = 0; i < members.size(); ++i) {
    PinVerdict verdict = verifyPin(pin, members[i].pinHash);
    if (verdict == PinVerdict::Match) return {PinVerdict::Match, i};
    anyValidHash = anyValidHash || verdict != PinVerdict::InvalidHash;
  }
  return {anyValidHash ? PinVerdict::Mismatch : PinVerdict::InvalidHash, 0};
}

StaffLockRecord restoreStaffLock(const StaffLockSnapshot& saved, std::string_view bootId,
                                 std::int64_t nowMs, const StaffLockSettings& settings) {
  StaffLockRecord record = saved.record;
  if (record.lockedOutUntilMs == 0) return record;
  std::int64_t leftAtSaveMs = std::clamp<std::int64_t>(record.lockedOutUntilMs - saved.savedMonoMs, 0,
                                                       settings.maxLockoutMs);
  // The min also covers two boots that read the same id ("unknown-boot" when the kernel's id
  // is unreadable), where a stored time from the longer boot would lie far in the future.
  std::int64_t rerunUntilMs = nowMs + leftAtSaveMs;
  record.lockedOutUntilMs = saved.bootId == bootId ? std::min(record.lockedOutUntilMs, rerunUntilMs)
                                                   : rerunUntilMs;
  // 0 means "not locked out", so a lockout that ends at time 0 ends 1 ms later instead.
  record.lockedOutUntilMs = std::max<std::int64_t>(record.lockedOutUntilMs, 1);
  return record;
}

StaffLock::StaffLock(StaffLockSettings settings, StaffLockRecord record)
    : m_settings(settings), m_record(record) {
  if (m_record.lockedOutUntilMs != 0) m_view.state = StaffLockState::LockedOut;
  m_view.failuresLeft = m_settings.maxFailures - m_record.failuresInRow;
}

StaffLock::~StaffLock() { clearEntry(); }

void StaffLock::clearEntry() {
  // The typed PIN is a secret, so its bytes are wiped rather than only forgotten.
  if (!m_entry.empty()) sodium_memzero(m_entry.data(), m_entry.size());
  m_entry.clear();
  m_view.digitsEntered = 0;
}

void StaffLock::typeDigit(char digit, std::int64_t nowMs) {
  m_lastTouchMs = nowMs;
  if (m_view.state != StaffLockState::Locked || !isDigit(digit)) return;
  if (m_entry.size() < MaxPinLength) m_entry.push_back(digit);
  m_view.digitsEntered = m_entry.size();
  m_view.lastPinWrong = false;
}

void StaffLock::deleteDigit(std::int64_t nowMs) {
  m_lastTouchMs = nowMs;
  if (m_view.state != StaffLockState::Locked || m_entry.empty()) return;
  m_entry.back() = 0;
  m_entry.pop_back();
  m_view.digitsEntered = m_entry.size();
}

std::optional<std::string> StaffLock::submit(std::int64_t nowMs) {
  m_lastTouchMs = nowMs;
  if (m_view.state != StaffLockState::Locked || m_entry.empty()) return std::nullopt;
  std::string pin = m_entry;
  clearEntry();
  m_view.state = StaffLockState::Verifying;
  return pin;
}

void StaffLock::applyVerdict(PinVerdict verdict, std::int64_t nowMs) {
  if (m_view.state != StaffLockState::Verifying) return;
  m_lastTouchMs = nowMs;
  m_view.hashInvalid = verdict == PinVerdict::InvalidHash;
  m_view.lastPinWrong = verdict == PinVerdict::Mismatch;
  if (verdict == PinVerdict::Match) {
    m_record = StaffLockRecord{};
    m_view.state = StaffLockState::Unlocked;
  } else {
    m_view.state = StaffLockState::Locked;
    if (verdict == PinVerdict::Mismatch) countFailure(nowMs);
  }
  updateView(nowMs);
}

void StaffLock::countFailure(std::int64_t nowMs) {
  ++m_record.failuresInRow;
  if (m_record.failuresInRow < m_settings.maxFailures) return;
  m_record.failuresInRow = 0;
  ++m_record.lockouts;
  m_record.lockedOutUntilMs = nowMs + lockoutLengthMs(m_settings, m_record.lockouts);
  m_view.state = StaffLockState::LockedOut;
}

void StaffLock::lock(std::int64_t nowMs) {
  if (m_view.state != StaffLockState::Unlocked) return;
  m_view.state = StaffLockState::Locked;
  updateView(nowMs);
}

void StaffLock::tick(std::int64_t nowMs) {
  bool idle = nowMs - m_lastTouchMs >= m_settings.idleRelockMs;
  if (m_view.state == StaffLockState::LockedOut && nowMs >= m_record.lockedOutUntilMs) {
    m_record.lockedOutUntilMs = 0;
    m_view.state = StaffLockState::Locked;
  }
  if (idle && m_view.state == StaffLockState::Unlocked) m_view.state = StaffLockState::Locked;
  if (idle) clearEntry();
  updateView(nowMs);
}

void StaffLock::updateView(std::int64_t nowMs) {
  m_view.failuresLeft = m_settings.maxFailures - m_record.failuresInRow;
  m_view.lockoutSecondsLeft = 0;
  if (m_view.state == StaffLockState::LockedOut) {
    std::int64_t leftMs = std::max<std::int64_t>(m_record.lockedOutUntilMs - nowMs, 0);
    m_view.lockoutSecondsLeft = static_cast<int>((leftMs + 999) / 1000);
  }
}

std::optional<std::int64_t> StaffLock::nextDeadlineMs() const {
  switch (m_view.state) {
    case StaffLockState::LockedOut: return m_record.lockedOutUntilMs;
    case StaffLockState::Unlocked: return m_lastTouchMs + m_settings.idleRelockMs;
    case StaffLockState::Locked:
      if (m_entry.empty()) return std::nullopt;
      return m_lastTouchMs + m_settings.idleRelockMs;
    case StaffLockState::Verifying: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace chillnode
