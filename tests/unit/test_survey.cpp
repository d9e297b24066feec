#include <catch2/catch.hpp>

#include <string>

#include "core/kiosk_flow.hpp"
#include "store/survey_store.hpp"
#include "temp_dir.hpp"

using namespace chillnode;
using chillnode::test::TempDir;

namespace {

constexpr std::int64_t T0 = 3'000'000;
constexpr std::int64_t Wall0 = 1'791'100'800'000;
constexpr std::int64_t HourMs = 3'600'000;

Intent make(IntentKind kind, int key = 0, std::string target = "") {
  Intent intent;
  intent.kind = kind;
  intent.key = static_cast<char>(key);
  intent.target = std::move(target);
  return intent;
}

CheckInResult welcomed(const char* bib) {
  CheckInResult result;
  result.outcome = CheckInOutcome::AlreadyCheckedIn;
  result.bib = bib;
  return result;
}

std::vector<StationType> oneMat() {
  StationType mat;
  mat.id = "mat";
  mat.name = "Stretch mat";
  mat.bays = 1;
  mat.defaultDurationMs = 60'000;
  mat.maxDurationMs = 90'000;
  return {mat};
}

Timestamp at(std::int64_t wallMs) {
  Timestamp t;
  t.wallMs = wallMs;
  t.wallSynced = true;
  t.bootId = "boot";
  t.monoMs = T0;
  return t;
}

std::int64_t scalar(Database& db, const std::string& sql) {
  auto select = db.prepare(sql);
  select.step();
  return select.integer(0);
}

}  // namespace

TEST_CASE("the before question asks for sharing once", "[survey][flow]") {
  BayBoard board(oneMat());
  KioskFlow flow(FlowSettings{}, &board);
  flow.showResult(welcomed("201"), T0);
  flow.apply(make(IntentKind::ChooseSession), T0);
  flow.apply(make(IntentKind::PickStation, 0, "mat"), T0);
  REQUIRE(flow.view().screen == Screen::Queued);
  REQUIRE(flow.view().survey);
  CHECK(flow.view().survey->kind == SurveyKind::Before);
  flow.apply(make(IntentKind::SurveyScore, 7), T0);
  CHECK(flow.view().survey->stage == SurveyStage::Consent);
  CHECK(flow.takeSurveys().empty());
  flow.apply(make(IntentKind::ShareNo), T0);
  CHECK(flow.view().survey->stage == SurveyStage::Thanks);
  auto surveys = flow.takeSurveys();
  REQUIRE(surveys.size() == 1);
  CHECK(surveys[0].answers == std::vector<std::pair<std::string, int>>{{"soreness", 7}});
  CHECK(surveys[0].consent == false);
  // The queue screen is unchanged by the survey.
  CHECK(flow.view().screen == Screen::Queued);
}

TEST_CASE("a known consent skips the sharing question", "[survey][flow]") {
  BayBoard board(oneMat());
  KioskFlow flow(FlowSettings{}, &board);
  SurveyPlan plan;
  plan.consent = true;
  flow.showResult(welcomed("202"), T0, plan);
  flow.apply(make(IntentKind::ChooseSession), T0);
  flow.apply(make(IntentKind::PickStation, 0, "mat"), T0);
  flow.apply(make(IntentKind::SurveyScore, 11), T0);  // out of range: ignored
  CHECK(flow.takeSurveys().empty());
  flow.apply(make(IntentKind::SurveyScore, 0), T0);
  auto surveys = flow.takeSurveys();
  REQUIRE(surveys.size() == 1);
  CHECK_FALSE(surveys[0].consent.has_value());
  CHECK(flow.view().survey->stage == SurveyStage::Thanks);
}

TEST_CASE("the follow-up asks its questions and returns to welcome", "[survey][flow]") {
  BayBoard board(oneMat());
  KioskFlow flow(FlowSettings{}, &board);
  SurveyPlan plan;
  plan.followUpSessionId = "old-session";
  plan.consent = true;
  flow.showResult(welcomed("203"), T0, plan);
  REQUIRE(flow.view().screen == Screen::FollowUp);
  flow.apply(make(IntentKind::SurveyYes), T0);
  CHECK(flow.view().survey->step == 1);
  flow.apply(make(IntentKind::SurveyScore, 8), T0);
  flow.apply(make(IntentKind::SurveyNo), T0);
  CHECK(flow.view().screen == Screen::Welcome);
  auto surveys = flow.takeSurveys();
  REQUIRE(surveys.size() == 1);
  CHECK(surveys[0].kind == SurveyKind::FollowUp);
  CHECK(surveys[0].sessionId == "old-session");
  CHECK(surveys[0].answers ==
        std::vector<std::pair<std::string, int>>{{"ran_since", 1}, {"run_feel", 8}, {"pain_stopped", 0}});
}

TEST_CASE("a skipped follow-up stores nothing", "[survey][flow]") {
  BayBoard board(oneMat());
  KioskFlow flow(FlowSettings{}, &board);
  SurveyPlan plan;
  plan.followUpSessionId = "old-session";
  flow.showResult(welcomed("204"), T0, plan);
  flow.apply(make(IntentKind::SurveyNo), T0);
  CHECK(flow.view().survey->step == 2);
  flow.apply(make(IntentKind::SkipSurvey), T0);
  CHECK(flow.view().screen == Screen::Welcome);
  CHECK(flow.takeSurveys().empty());
}

TEST_CASE("the after question asks readiness", "[survey][flow]") {
  BayBoard board(oneMat());
  KioskFlow flow(FlowSettings{}, &board);
  SurveyPlan plan;
  plan.consent = true;
  flow.showResult(welcomed("205"), T0, plan);
  flow.apply(make(IntentKind::ChooseSession), T0);
  flow.apply(make(IntentKind::PickStation, 0, "mat"), T0);
  REQUIRE(flow.view().survey);
  REQUIRE(flow.view().survey->kind == SurveyKind::Before);
  std::string sessionId = flow.view().sessionId;

  // The before question is skipped: nothing is stored, and it is not asked again.
  flow.apply(make(IntentKind::SkipSurvey), T0);
  CHECK_FALSE(flow.view().survey);
  CHECK(flow.takeSurveys().empty());

  board.tick(T0 + 100);
  flow.tick(T0 + 100);
  REQUIRE(flow.view().screen == Screen::Called);
  flow.apply(make(IntentKind::StartSession), T0 + 200);
  REQUIRE(flow.view().screen == Screen::Running);
  flow.touched(T0 + 50'000);
  board.tick(T0 + 200 + 60'000);
  flow.tick(T0 + 200 + 60'000);
  REQUIRE(flow.view().screen == Screen::SessionOver);
  REQUIRE(flow.view().survey);
  CHECK(flow.view().survey->kind == SurveyKind::After);

  flow.apply(make(IntentKind::SurveyScore, 9), T0 + 61'000);
  auto surveys = flow.takeSurveys();
  REQUIRE(surveys.size() == 1);
  CHECK(surveys[0].kind == SurveyKind::After);
  CHECK(surveys[0].sessionId == sessionId);
  CHECK(surveys[0].answers == std::vector<std::pair<std::string, int>>{{"readiness", 9}});
  CHECK(flow.view().survey->stage == SurveyStage::Thanks);
}

TEST_CASE("a skipped after question stores nothing", "[survey][flow]") {
  BayBoard board(oneMat());
  KioskFlow flow(FlowSettings{}, &board);
  flow.showResult(welcomed("206"), T0);
  flow.apply(make(IntentKind::ChooseSession), T0);
  flow.apply(make(IntentKind::PickStation, 0, "mat"), T0);
  flow.apply(make(IntentKind::SkipSurvey), T0);
  board.tick(T0 + 100);
  flow.tick(T0 + 100);
  flow.apply(make(IntentKind::StartSession), T0 + 200);
  flow.apply(make(IntentKind::StopSession), T0 + 5'000);
  board.tick(T0 + 5'100);
  flow.tick(T0 + 5'100);
  REQUIRE(flow.view().screen == Screen::SessionOver);
  REQUIRE(flow.view().survey);
  CHECK(flow.view().survey->kind == SurveyKind::After);
  flow.apply(make(IntentKind::SkipSurvey), T0 + 6'000);
  CHECK_FALSE(flow.view().survey);
  CHECK(flow.takeSurveys().empty());
}

TEST_CASE("answers leave the unit only with consent", "[survey][store]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  SurveyStore store(db, "booth-1");
  store.save({"301", SurveyKind::Before, "s1", {{"soreness", 6}}, false}, at(Wall0));
  CHECK(scalar(db, "SELECT count(*) FROM surveys") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind IN ('survey', 'consent')") == 0);
  store.save({"302", SurveyKind::After, "s2", {{"readiness", 9}}, true}, at(Wall0));
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'survey'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'consent'") == 1);
  CHECK(scalar(db, "SELECT count(*) FROM runner_consent WHERE text_version = '2026.1'") == 2);
  // A later survey of the runner who agreed is shared without asking again.
  store.save({"302", SurveyKind::Before, "s3", {{"soreness", 2}}, std::nullopt}, at(Wall0));
  CHECK(scalar(db, "SELECT count(*) FROM outbox WHERE kind = 'survey'") == 2);
  CHECK(store.plan("302", at(Wall0)).consent == true);
  CHECK(store.plan("301", at(Wall0)).consent == false);
  CHECK_FALSE(store.plan("303", at(Wall0)).consent.has_value());
}

TEST_CASE("a follow-up is due 12 to 96 hours after a session", "[survey][store]") {
  TempDir dir;
  Database db(dir.file("kiosk.db"));
  db.execute("INSERT INTO sessions (id, bib, unit_id, station, state, queue_rank, boot_id, queued_mono_ms,"
             " created_wall_ms, created_wall_synced, start_wall_ms) VALUES ('s1', '401', 'u', 'mat', 'completed', 1,"
             " 'boot', 0, " + std::to_string(Wall0) + ", 1, " + std::to_string(Wall0) + ")");
  SurveyStore store(db, "booth-1");
  CHECK(store.plan("401", at(Wall0 + 11 * HourMs)).followUpSessionId.empty());
  CHECK(store.plan("401", at(Wall0 + 13 * HourMs)).followUpSessionId == "s1");
  CHECK(store.plan("401", at(Wall0 + 95 * HourMs)).followUpSessionId == "s1");
  CHECK(store.plan("401", at(Wall0 + 97 * HourMs)).followUpSessionId.empty());
  store.save({"401", SurveyKind::FollowUp, "s1", {{"ran_since", 0}}, std::nullopt}, at(Wall0 + 20 * HourMs));
  CHECK(store.plan("401", at(Wall0 + 30 * HourMs)).followUpSessionId.empty());
  CHECK(store.plan("401", at(Wall0 + 30 * HourMs)).answeredSessions == std::vector<std::string>{"follow_up:s1"});
}
