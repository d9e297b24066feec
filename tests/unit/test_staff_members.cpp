// Named staff members: reading [[staff.members]], which member a PIN signs in, and the staff
// screen recording that member's id.

#include <catch2/catch.hpp>

#include <map>

#include <sodium.h>
#include <toml++/toml.h>

#include "app/config.hpp"
#include "app/staff_config.hpp"
#include "core/kiosk_flow.hpp"

using namespace chillnode;

namespace {

// Hashes for the PINs 4821 and 7306, made once, because each takes about 0.1 s.
const std::string& hashOf(const std::string& pin) {
  static std::map<std::string, std::string> hashes;
  if (!hashes.count(pin)) {
    REQUIRE(sodium_init() >= 0);
    std::optional<std::string> hash = hashPin(pin);
    REQUIRE(hash);
    hashes[pin] = *hash;
  }
  return hashes[pin];
}

std::string member(const std::string& id, const std::string& pin, const std::string& extra = "") {
  return "[[staff.members]]\nid = \"" + id + "\"\n" + extra + "pin_hash = \"" + hashOf(pin) + "\"\n";
}

std::vector<StaffMember> readMembers(const std::string& text) {
  return readStaffMembers(toml::parse(text), "staff.toml");
}

std::string errorFor(const std::string& text) {
  try {
    readMembers(text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

Intent staffIntent(IntentKind kind, std::string target = "") {
  Intent intent;
  intent.kind = kind;
  intent.target = std::move(target);
  return intent;
}

// Opens the staff screen with a PIN that the verifier matched to member.
void signIn(KioskFlow& flow, const StaffSignIn& member, std::int64_t nowMs) {
  flow.apply(staffIntent(IntentKind::OpenStaff), nowMs);
  Intent digit = staffIntent(IntentKind::PinDigit);
  digit.key = '7';
  for (int i = 0; i < 4; ++i) flow.apply(digit, nowMs);
  flow.apply(staffIntent(IntentKind::PinSubmit), nowMs);
  REQUIRE(flow.takePinSubmission());
  flow.applyPinVerdict(PinVerdict::Match, nowMs, member);
  REQUIRE(flow.view().screen == Screen::Staff);
}

std::vector<IntakeAnswer> answers(const std::string& stationId, bool yes) {
  std::vector<IntakeAnswer> list;
  for (const IntakeQuestion& question : builtInQuestionsFor(stationId)) list.push_back({question.id, yes});
  return list;
}

}  // namespace

TEST_CASE("staff members are read with names", "[config][staff]") {
  std::vector<StaffMember> members =
      readMembers("[staff]\npin_hash = \"" + hashOf("4821") + "\"\n" + member("maria", "7306", "name = \"María\"\n") +
                  member("tom.k", "5555"));
  REQUIRE(members.size() == 3);
  CHECK(members[0].id == "staff");
  CHECK(members[0].name.empty());
  CHECK(members[0].pinHash == hashOf("4821"));
  CHECK(members[1].id == "maria");
  CHECK(members[1].name == "María");
  CHECK(members[1].pinHash == hashOf("7306"));
  CHECK(members[2].id == "tom.k");
  CHECK(members[2].name == "tom.k");
}

TEST_CASE("shared staff PIN alone still loads", "[config][staff]") {
  std::vector<StaffMember> members = readMembers("staff.pin_hash = \"" + hashOf("4821") + "\"\n");
  REQUIRE(members.size() == 1);
  CHECK(members[0].id == "staff");
  CHECK(readMembers("[unit]\nid = \"b\"\n").empty());
  Config config = parseConfig("[staff]\npin_hash = \"" + hashOf("4821") + "\"\n" + member("maria", "7306"), "a.toml");
  CHECK(config.staffMembers.size() == 2);
}

TEST_CASE("duplicate staff ids name the key", "[config][staff][bad-input]") {
  std::string error = errorFor(member("maria", "4821") + member("tom", "5555") + member("maria", "7306"));
  CHECK(error.find("config staff.toml: staff.members[2].id \"maria\" is also the id of staff.members[0]") !=
        std::string::npos);

  error = errorFor(member("staff", "7306"));
  CHECK(error.find("staff.members[0].id \"staff\" is the id of the shared staff.pin_hash") != std::string::npos);
}

TEST_CASE("duplicate PIN hashes name the key", "[config][staff][bad-input]") {
  std::string error = errorFor(member("maria", "7306") + member("tom", "7306"));
  CHECK(error.find("staff.members[1].pin_hash is the same hash as staff.members[0].pin_hash") != std::string::npos);
  CHECK(error.find(hashOf("7306")) == std::string::npos);

  error = errorFor("staff.pin_hash = \"" + hashOf("4821") + "\"\n" + member("maria", "4821"));
  CHECK(error.find("staff.members[0].pin_hash is the same hash as staff.pin_hash") != std::string::npos);
}

TEST_CASE("bad staff members name the key", "[config][staff][bad-input]") {
  struct Case {
    std::string text;
    std::string expected;
  };
  const Case cases[] = {
      {"[[staff.members]]\nname = \"Maria\"\npin_hash = \"" + hashOf("7306") + "\"\n", "staff.members[0].id is missing"},
      {member("maria jose", "7306"), "staff.members[0].id must be 1 to 32 letters"},
      {member("", "7306"), "staff.members[0].id must be 1 to 32 letters"},
      {member(std::string(33, 'a'), "7306"), "staff.members[0].id must be 1 to 32"},
      {"[[staff.members]]\nid = \"maria\"\n", "staff.members[0].pin_hash is missing: run `chillnode pin set --staff maria"},
      {"[[staff.members]]\nid = \"maria\"\npin_hash = \"x\"\n", "staff.members[0].pin_hash is invalid"},
      {member("maria", "7306", "pin = 1\n"), "staff.members[0].pin is not a known key"},
      {member("maria", "7306", "name = \"\"\n"), "staff.members[0].name must be 1 to 32 bytes"},
      {"[staff]\nmembers = 3\n", "staff.members must be a list of [[staff.members]] tables"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(errorFor(c.text).find(c.expected) != std::string::npos);
  }
}

TEST_CASE("PIN signs in its own member", "[staff][pin]") {
  std::vector<StaffMember> members = {{"staff", "", hashOf("4821")}, {"maria", "Maria", hashOf("7306")}};
  StaffPinCheck check = findStaffMember("7306", members);
  CHECK(check.verdict == PinVerdict::Match);
  CHECK(check.member == 1);
  check = findStaffMember("4821", members);
  CHECK(check.verdict == PinVerdict::Match);
  CHECK(check.member == 0);
  CHECK(findStaffMember("1111", members).verdict == PinVerdict::Mismatch);
  CHECK(findStaffMember("7306", {}).verdict == PinVerdict::InvalidHash);
  CHECK(findStaffMember("7306", {{"maria", "Maria", "not a hash"}}).verdict == PinVerdict::InvalidHash);
}

TEST_CASE("staff actions carry the member id", "[flow][staff]") {
  BayBoard board(defaultStations());
  KioskFlow flow({}, &board);
  board.submitIntake("100", "cryo", answers("cryo", false));
  JoinResult joined = board.join("100", "cryo", 0);
  REQUIRE(joined.error == JoinError::None);
  board.tick(0);
  board.submitIntake("200", "cryo", answers("cryo", true));
  board.takeChanges();

  signIn(flow, {"maria", "Maria"}, 1'000);
  CHECK(flow.staffMemberId() == "maria");
  CHECK(flow.view().staffMemberName == "Maria");
  flow.apply(staffIntent(IntentKind::StaffConfirmWatching, joined.sessionId), 1'100);
  flow.apply(staffIntent(IntentKind::StaffStart, joined.sessionId), 1'200);
  flow.apply(staffIntent(IntentKind::StaffExtend, joined.sessionId), 1'300);
  flow.apply(staffIntent(IntentKind::StaffStop, joined.sessionId), 1'400);
  Intent override = staffIntent(IntentKind::StaffOverride, "200");
  override.station = "cryo";
  flow.apply(override, 1'500);
  flow.apply(staffIntent(IntentKind::StaffCheckIn, "300"), 1'600);

  std::vector<SessionChange> changes = board.takeChanges();
  std::size_t transitions = 0;
  for (const SessionChange& change : changes) {
    if (!change.transition) continue;
    ++transitions;
    CHECK(change.transition->staffId == "maria");
  }
  CHECK(transitions == 4);
  std::vector<StaffRecordAction> records = flow.takeStaffRecordActions();
  REQUIRE(records.size() == 2);
  CHECK(records[0].kind == StaffRecordAction::Kind::Override);
  CHECK(records[0].staffId == "maria");
  CHECK(records[1].kind == StaffRecordAction::Kind::CheckIn);
  CHECK(records[1].staffId == "maria");
}

TEST_CASE("relock signs the member out", "[flow][staff]") {
  BayBoard board(defaultStations());
  KioskFlow flow({}, &board);
  board.submitIntake("100", "cryo", answers("cryo", false));
  JoinResult joined = board.join("100", "cryo", 0);
  board.tick(0);
  board.takeChanges();

  signIn(flow, {"maria", "Maria"}, 1'000);
  flow.apply(staffIntent(IntentKind::StaffLock), 1'100);
  CHECK(flow.staffMemberId().empty());
  signIn(flow, {"tom", "Tom"}, 2'000);
  CHECK(flow.view().staffMemberName == "Tom");
  // Idle relock signs Tom out too, and the next PIN is the shared one.
  flow.tick(2'000 + 60'000);
  CHECK_FALSE(flow.staffUnlocked());
  CHECK(flow.staffMemberId().empty());
  signIn(flow, {}, 70'000);
  CHECK(flow.staffMemberId() == "staff");
  CHECK(flow.view().staffMemberName.empty());
  flow.apply(staffIntent(IntentKind::StaffConfirmWatching, joined.sessionId), 70'100);
  std::vector<SessionChange> changes = board.takeChanges();
  REQUIRE(changes.size() == 1);
  REQUIRE(changes[0].transition);
  CHECK(changes[0].transition->staffId == "staff");
}
