#pragma once
// Intake questionnaires: yes/no questions a runner answers before their first session of a
// station type. Any "yes" blocks that type (and only that type) for the runner and alerts
// staff, until a staff member overrides it. Question text is comfort-oriented and makes no
// medical claims; the screens translate it by question id.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chillnode {

// Version of the consent text and question wording shown to runners. Stored with every set
// of answers, so change it whenever the wording of a question or the consent text changes.
constexpr std::string_view ConsentTextVersion = "2026.1";

// Marks English text that the screens show through the catalogs, so scripts/check-catalogs
// extracts it for translation. Returns the text unchanged.
constexpr std::string_view screenText(std::string_view text) {
  return text;
}

struct IntakeQuestion {
  std::string id;    // lower-case letters, digits and '_', kept stable so stored answers match
  std::string text;  // English text; the screens look up translations by id
};

// Returns the built-in question with this id, or nullopt for an unknown id.
std::optional<IntakeQuestion> findBuiltInQuestion(std::string_view id);

// Returns the built-in questions for a built-in station type id ("cryo", "plunge", "boots",
// "mat"), in the order they are asked; empty for any other id.
std::vector<IntakeQuestion> builtInQuestionsFor(std::string_view stationId);

struct IntakeAnswer {
  std::string questionId;
  bool yes = false;
};

enum class IntakeDecision {
  Allowed,     // every question answered "no"
  Blocked,     // at least one "yes": the type is blocked for this runner and staff are alerted
  Incomplete,  // a question has no answer; ask again
};

struct IntakeEvaluation {
  IntakeDecision decision = IntakeDecision::Incomplete;
  std::vector<std::string> yesIds;      // questions answered "yes", in question order
  std::vector<std::string> missingIds;  // questions with no answer, in question order
  bool staffAlert() const { return decision == IntakeDecision::Blocked; }
};

// Evaluates answers against a station type's questions. Answers to ids that are not among
// the questions are ignored; when an id is answered twice the last answer counts.
IntakeEvaluation evaluateIntake(const std::vector<IntakeQuestion>& questions,
                                const std::vector<IntakeAnswer>& answers);

enum class IntakeStatus {
  NotAnswered,  // no complete answers for this type yet
  Cleared,      // all answers "no"
  Blocked,      // a "yes", and no staff override
  Overridden,   // a "yes", unblocked by a staff member
};

std::string_view intakeStatusName(IntakeStatus status);

// The intake status of each runner for each station type, kept in memory by the bay board
// and rebuilt from the store on start.
class IntakeBook {
public:
  // Records an evaluation. A block stays until a staff override, so answering again with
  // all "no" does not lift it, but a new "yes" blocks again even after an override. An
  // incomplete evaluation changes nothing.
  void record(const std::string& bib, const std::string& stationId, const IntakeEvaluation& evaluation);

  // Unblocks a blocked type for the runner. Returns false, changing nothing, when staffId is
  // empty or the runner is not blocked for that type.
  bool overrideBlock(const std::string& bib, const std::string& stationId, const std::string& staffId);

  // Drops the runner's result for the type, so the status is NotAnswered again.
  void forget(const std::string& bib, const std::string& stationId) { m_entries.erase({bib, stationId}); }

  IntakeStatus status(const std::string& bib, const std::string& stationId) const;
  bool mayJoin(const std::string& bib, const std::string& stationId) const;

  // Staff id of the override for that runner and type, empty when there is none.
  std::string overrideStaffId(const std::string& bib, const std::string& stationId) const;

private:
  struct Entry {
    IntakeStatus status = IntakeStatus::NotAnswered;
    std::string overrideStaffId;
  };
  std::map<std::pair<std::string, std::string>, Entry> m_entries;
};

}  // namespace chillnode
