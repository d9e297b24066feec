#include "core/intake.hpp"

#include <algorithm>
#include <array>

namespace chillnode {

namespace {

struct BuiltIn {
  std::string_view id;
  std::string_view text;
};

// Questions ask about the runner's situation only; the screens never tell a runner what an
// answer means for their health.
constexpr std::array<BuiltIn, 12> BuiltInQuestions = {{
    {"heart_condition", screenText("Do you have a heart condition or a pacemaker?")},
    {"high_blood_pressure", screenText("Do you have high blood pressure?")},
    {"cold_sensitivity", screenText("Do you have Raynaud's or an allergy to cold?")},
    {"pregnancy", screenText("Are you pregnant?")},
    {"seizures", screenText("Have you ever had seizures?")},
    {"open_wounds", screenText("Do you have open wounds or broken skin?")},
    {"under_18", screenText("Are you under 18?")},
    {"alcohol_today", screenText("Have you had alcohol today?")},
    {"blood_clots", screenText("Have you ever had a blood clot, such as a DVT?")},
    {"leg_injury", screenText("Do you have an injury to your legs or feet today?")},
    {"pain_today", screenText("Are you in pain from an injury right now?")},
    {"cold_illness", screenText("Do you feel unwell or chilled right now?")},
}};

constexpr std::array<std::string_view, 8> CryoIds = {
    "heart_condition", "high_blood_pressure", "cold_sensitivity", "pregnancy",
    "seizures",        "open_wounds",         "under_18",         "alcohol_today"};
constexpr std::array<std::string_view, 7> PlungeIds = {
    "heart_condition", "high_blood_pressure", "cold_sensitivity", "pregnancy",
    "seizures",        "open_wounds",         "cold_illness"};
constexpr std::array<std::string_view, 2> BootsIds = {"blood_clots", "leg_injury"};
constexpr std::array<std::string_view, 1> MatIds = {"pain_today"};

template <std::size_t N>
std::vector<IntakeQuestion> questionsFor(const std::array<std::string_view, N>& ids) {
  std::vector<IntakeQuestion> questions;
  for (std::string_view id : ids) questions.push_back(*findBuiltInQuestion(id));
  return questions;
}

}  // namespace

std::optional<IntakeQuestion> findBuiltInQuestion(std::string_view id) {
  for (const BuiltIn& question : BuiltInQuestions) {
    if (question.id == id) return IntakeQuestion{std::string(question.id), std::string(question.text)};
  }
  return std::nullopt;
}

std::vector<IntakeQuestion> builtInQuestionsFor(std::string_view stationId) {
  if (stationId == "cryo") return questionsFor(CryoIds);
  if (stationId == "plunge") return questionsFor(PlungeIds);
  if (stationId == "boots") return questionsFor(BootsIds);
  if (stationId == "mat") return questionsFor(MatIds);
  return {};
}

IntakeEvaluation evaluateIntake(const std::vector<IntakeQuestion>& questions,
                                const std::vector<IntakeAnswer>& answers) {
  IntakeEvaluation evaluation;
  for (const IntakeQuestion& question : questions) {
    auto answer = std::find_if(answers.rbegin(), answers.rend(),
                               [&](const IntakeAnswer& a) { return a.questionId == question.id; });
    if (answer == answers.rend()) {
      evaluation.missingIds.push_back(question.id);
    } else if (answer->yes) {
      evaluation.yesIds.push_back(question.id);
    }
  }
  if (!evaluation.missingIds.empty()) {
    evaluation.decision = IntakeDecision::Incomplete;
  } else {
    evaluation.decision = evaluation.yesIds.empty() ? IntakeDecision::Allowed : IntakeDecision::Blocked;
  }
  return evaluation;
}

std::string_view intakeStatusName(IntakeStatus status) {
  switch (status) {
    case IntakeStatus::NotAnswered: return "not answered";
    case IntakeStatus::Cleared: return "cleared";
    case IntakeStatus::Blocked: return "blocked";
    case IntakeStatus::Overridden: return "overridden";
  }
  return "not answered";
}

void IntakeBook::record(const std::string& bib, const std::string& stationId,
                        const IntakeEvaluation& evaluation) {
  if (evaluation.decision == IntakeDecision::Incomplete) return;
  Entry& entry = m_entries[{bib, stationId}];
  bool blocked = evaluation.decision == IntakeDecision::Blocked;
  if (!blocked && entry.status == IntakeStatus::Blocked) return;
  entry.status = blocked ? IntakeStatus::Blocked : IntakeStatus::Cleared;
  entry.overrideStaffId.clear();
}

bool IntakeBook::overrideBlock(const std::string& bib, const std::string& stationId,
                               const std::string& staffId) {
  auto found = m_entries.find({bib, stationId});
  if (staffId.empty() || found == m_entries.end() || found->second.status != IntakeStatus::Blocked) {
    return false;
  }
  found->second.status = IntakeStatus::Overridden;
  found->second.overrideStaffId = staffId;
  return true;
}

IntakeStatus IntakeBook::status(const std::string& bib, const std::string& stationId) const {
  auto found = m_entries.find({bib, stationId});
  return found == m_entries.end() ? IntakeStatus::NotAnswered : found->second.status;
}

bool IntakeBook::mayJoin(const std::string& bib, const std::string& stationId) const {
  IntakeStatus current = status(bib, stationId);
  return current == IntakeStatus::Cleared || current == IntakeStatus::Overridden;
}

std::string IntakeBook::overrideStaffId(const std::string& bib, const std::string& stationId) const {
  auto found = m_entries.find({bib, stationId});
  return found == m_entries.end() ? std::string() : found->second.overrideStaffId;
}

}  // namespace chillnode
