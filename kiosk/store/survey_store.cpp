#include "store/survey_store.hpp"

#include "core/json_writer.hpp"
#include "core/uuid.hpp"
#include "store/outbox.hpp"

namespace chillnode {

namespace {

constexpr std::int64_t HourMs = 3600 * 1000;

std::optional<bool> latestConsent(Database& db, const std::string& bib) {
  auto select = db.prepare("SELECT consent FROM runner_consent WHERE bib = ? ORDER BY rowid DESC LIMIT 1");
  select.bind(1, bib);
  if (!select.step()) return std::nullopt;
  return select.integer(0) != 0;
}

void insertTimes(Statement& insert, int first, const Timestamp& now) {
  insert.bind(first, now.bootId).bind(first + 1, now.monoMs).bind(first + 2, now.wallMs);
  insert.bind(first + 3, std::int64_t{now.wallSynced ? 1 : 0});
}

}  // namespace

SurveyStore::SurveyStore(Database& db, std::string unitId) : m_db(db), m_unitId(std::move(unitId)) {}

void SurveyStore::save(const SurveySubmission& survey, const Timestamp& now) {
  Transaction tx(m_db);
  if (survey.consent) {
    std::string id = makeUuid();
    auto insert = m_db.prepare(
        "INSERT INTO runner_consent (id, bib, consent, text_version, boot_id, mono_ms, wall_ms, wall_synced)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, id).bind(2, survey.bib).bind(3, std::int64_t{*survey.consent ? 1 : 0});
    insert.bind(4, SurveyConsentVersion);
    insertTimes(insert, 5, now);
    insert.run();
    // A refusal is itself kept on the unit only.
    if (*survey.consent) {
      std::string body = JsonObjectWriter()
                             .field("consent_id", id)
                             .field("bib", survey.bib)
                             .field("unit_id", m_unitId)
                             .field("text_version", SurveyConsentVersion)
                             .finish();
      appendOutbox(m_db, id, "consent", now, body);
    }
  }

  bool shared = latestConsent(m_db, survey.bib).value_or(false);
  JsonObjectWriter answers;
  for (const auto& [question, value] : survey.answers) answers.field(question, std::int64_t{value});
  std::string answersJson = answers.finish();
  std::string id = makeUuid();
  auto insert = m_db.prepare(
      "INSERT INTO surveys (id, bib, kind, session_id, answers, shared, boot_id, mono_ms, wall_ms, wall_synced)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, id).bind(2, survey.bib).bind(3, surveyKindName(survey.kind)).bind(4, survey.sessionId);
  insert.bind(5, answersJson).bind(6, std::int64_t{shared ? 1 : 0});
  insertTimes(insert, 7, now);
  insert.run();

  if (shared) {
    std::string body = JsonObjectWriter()
                           .field("survey_id", id)
                           .field("bib", survey.bib)
                           .field("unit_id", m_unitId)
                           .field("kind", surveyKindName(survey.kind))
                           .field("session_id", survey.sessionId)
                           .jsonField("answers", answersJson)
                           .finish();
    appendOutbox(m_db, id, "survey", now, body);
  }
  tx.commit();
}

SurveyPlan SurveyStore::plan(const std::string& bib, const Timestamp& now) {
  SurveyPlan plan;
  plan.consent = latestConsent(m_db, bib);
  auto done = m_db.prepare("SELECT kind, session_id FROM surveys WHERE bib = ?");
  done.bind(1, bib);
  while (done.step()) plan.answeredSessions.push_back(done.text(0) + ":" + done.text(1));
  auto due = m_db.prepare(
      "SELECT id FROM sessions WHERE bib = ? AND start_wall_ms IS NOT NULL AND start_wall_ms BETWEEN ? AND ?"
      " AND id NOT IN (SELECT session_id FROM surveys WHERE bib = ? AND kind = 'follow_up')"
      " ORDER BY start_wall_ms DESC LIMIT 1");
  due.bind(1, bib).bind(2, now.wallMs - 96 * HourMs).bind(3, now.wallMs - 12 * HourMs).bind(4, bib);
  if (due.step()) plan.followUpSessionId = due.text(0);
  return plan;
}

}  // namespace chillnode
