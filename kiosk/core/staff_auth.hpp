#pragma once
// The staff PIN: its rules, its Argon2id hash, and the lock in front of the staff screen.
//
// hashPin and verifyPin call libsodium, so sodium_init() must have succeeded before either
// runs. Both are slow on purpose (see PinHashOpsLimit) and touch no shared state, so the app
// runs verifyPin on a worker thread and hands the verdict to StaffLock on the UI thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>

namespace chillnode {

constexpr std::size_t MinPinLength = 4;
constexpr std::size_t MaxPinLength = 12;

// libsodium's "interactive" Argon2id limits: 2 passes over 64 MiB. They cost about 95 ms per
// hash on an AMD EPYC server with libsodium 1.0.18 (Debian 12). Release 1.0.18 has SIMD
// Argon2 code for x86 only (SSSE3, AVX2, AVX-512), so a Raspberry Pi 4 runs the portable code.
// NOTE: 0.3 to 0.5 s per hash on a Pi 4 is an estimate, not a measurement. Raise the limits
// only after timing verifyPin there, because the staff wait that long after every PIN.
constexpr unsigned long long PinHashOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr std::size_t PinHashMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// The prefix of every hash that hashPin makes and verifyPin accepts.
constexpr std::string_view PinHashPrefix = "$argon2id$";

enum class PinProblem { None, TooShort, TooLong, NotDigits };

// Checks the PIN rules: 4 to 12 ASCII digits. Letters or spaces give NotDigits even when
// the length is also wrong, because that is the more useful message.
PinProblem checkPin(std::string_view pin);

// Describes the problem in a sentence, such as "the PIN must be 4 to 12 digits". Returns an
// empty string for None.
std::string describePinProblem(PinProblem problem);

// Hashes a PIN that passed checkPin into libsodium's encoded form
// ("$argon2id$v=19$m=65536,t=2,p=1$SALT$HASH") with a fresh random salt. Returns nullopt when
// libsodium could not allocate PinHashMemLimit bytes.
std::optional<std::string> hashPin(std::string_view pin);

// Whether hash is a well-formed Argon2id string that verifyPin can check. Parses only, so it
// is fast and fit for config loading.
bool isValidPinHash(std::string_view hash);

enum class PinVerdict { Match, Mismatch, InvalidHash };

// Verifies pin against a hash from hashPin, with the costs stored in the hash. Takes as long
// as hashPin, so call it off the UI thread. It is safe to call from any thread. Returns
// InvalidHash when isValidPinHash(hash) is false, and Mismatch for a wrong PIN, for a PIN
// that breaks the rules, and when libsodium could not allocate the memory.
PinVerdict verifyPin(std::string_view pin, std::string_view hash);

// A staff member who opens the staff screen with their own PIN.
struct StaffMember {
  std::string id;       // recorded with every staff action while the member is signed in
  std::string name;     // shown on the staff screen while the member is signed in
  std::string pinHash;  // from hashPin
};

// The member id of the single shared PIN in staff.pin_hash, which configs had before members.
constexpr std::string_view SharedPinStaffId = "staff";
constexpr std::size_t MaxStaffIdLength = 32;

// Whether id can name a staff member: 1 to 32 ASCII letters, digits, '.', '_' or '-'.
bool isValidStaffId(std::string_view id);

struct StaffPinCheck {
  PinVerdict verdict = PinVerdict::Mismatch;
  std::size_t member = 0;  // the index of the matching member, when verdict is Match
};

// Verifies pin against each member's hash in order and returns the first member it matches.
// Returns InvalidHash when no member has a valid hash (no members at all, too), and Mismatch
// when none matches. A wrong PIN costs one verifyPin per member, so call it off the UI thread.
// NOTE: two members whose hashes hold the same PIN are not found out here, and the first one
// wins. `chillnode pin set --staff` rejects a PIN that another member has.
StaffPinCheck findStaffMember(std::string_view pin, const std::vector<StaffMember>& members);

enum class StaffLockState {
  Locked,     // PIN entry is open
  Verifying,  // a PIN was submitted and its verdict has not arrived
  Unlocked,   // the staff screen is open
  LockedOut,  // too many wrong PINs: entry is closed until lockedOutUntilMs
};

struct StaffLockSettings {
  int maxFailures = 5;                    // wrong PINs in a row that start a lockout
  std::int64_t firstLockoutMs = 30'000;   // doubles with each further lockout
  std::int64_t maxLockoutMs = 15 * 60'000;
  std::int64_t idleRelockMs = 60'000;     // an unlocked screen with no touch for this long locks
};

// The part of the lock that outlives a restart, so the app can store and restore it. Times are
// monotonic ms of the current boot; after a reboot restoreStaffLock converts them.
struct StaffLockRecord {
  int failuresInRow = 0;                // wrong PINs since the last right PIN or lockout
  int lockouts = 0;                     // lockouts since the last right PIN
  std::int64_t lockedOutUntilMs = 0;    // 0 when not locked out

  bool operator==(const StaffLockRecord&) const = default;
};

// A stored StaffLockRecord with the boot and the monotonic time (CLOCK_BOOTTIME ms) of the save.
struct StaffLockSnapshot {
  StaffLockRecord record;
  std::string bootId;
  std::int64_t savedMonoMs = 0;
};

// Rebuilds the lock record for a start in boot bootId at monotonic time nowMs. In the boot that
// saved it, a lockout ends at its stored time. After a reboot the monotonic clock starts again,
// so the time the lockout had left when it was saved runs again from nowMs: a reboot never
// shortens a lockout, but the time that passed before it is not credited either. The wall clock
// plays no part, so setting it cannot end a lockout. A lockout is never restored longer than
// settings.maxLockoutMs, whatever the snapshot contains.
StaffLockRecord restoreStaffLock(const StaffLockSnapshot& saved, std::string_view bootId,
                                 std::int64_t nowMs, const StaffLockSettings& settings);

struct StaffLockView {
  StaffLockState state = StaffLockState::Locked;
  std::size_t digitsEntered = 0;  // for drawing dots, because the digits are not exposed
  bool lastPinWrong = false;      // the last verdict was Mismatch, until the next digit
  bool hashInvalid = false;       // the configured hash is unusable, so no PIN can unlock
  int failuresLeft = 0;           // wrong PINs left before the next lockout
  int lockoutSecondsLeft = 0;     // while LockedOut, rounded up
};

// The lock in front of the staff screen, with no I/O and no clock of its own: every call takes
// the monotonic time in ms, which must never decrease. Digits typed while LockedOut or
// Verifying are ignored. Call tick once per frame.
class StaffLock {
public:
  explicit StaffLock(StaffLockSettings settings = {}, StaffLockRecord record = {});
  ~StaffLock();
  StaffLock(const StaffLock&) = delete;
  StaffLock& operator=(const StaffLock&) = delete;

  void typeDigit(char digit, std::int64_t nowMs);  // ignores anything but '0' to '9'
  void deleteDigit(std::int64_t nowMs);

  // Takes the typed PIN for verification and moves to Verifying. Returns nullopt, and changes
  // nothing, unless the state is Locked and at least one digit was typed.
  std::optional<std::string> submit(std::int64_t nowMs);

  // Applies the verdict of verifyPin for the PIN that submit returned. Ignored unless the
  // state is Verifying. Match unlocks and clears the failure counts, Mismatch counts a
  // failure, and InvalidHash returns to Locked without counting one.
  void applyVerdict(PinVerdict verdict, std::int64_t nowMs);

  void touched(std::int64_t nowMs) { m_lastTouchMs = nowMs; }
  void lock(std::int64_t nowMs);  // staff pressed "lock"; only acts when Unlocked

  // Ends a lockout whose time is up, and relocks after idleRelockMs without a touch. A
  // partly typed PIN is cleared after the same idle time.
  void tick(std::int64_t nowMs);

  const StaffLockView& view() const { return m_view; }
  bool unlocked() const { return m_view.state == StaffLockState::Unlocked; }
  const StaffLockRecord& record() const { return m_record; }

  // The time of the next change that tick would make, so an idle UI can sleep until then.
  std::optional<std::int64_t> nextDeadlineMs() const;

private:
  void countFailure(std::int64_t nowMs);
  void clearEntry();
  void updateView(std::int64_t nowMs);

  StaffLockSettings m_settings;
  StaffLockRecord m_record;
  StaffLockView m_view;
  std::string m_entry;
  std::int64_t m_lastTouchMs = 0;
};

}  // namespace chillnode
