#pragma once
// Return-to-run surveys and the runner's consent to share them. Answers stay on the unit
// unless the runner agreed to share them with the organizer: only then does a survey get
// an outbox row, in the same transaction as the record.

#include <string>
#include <string_view>

#include "core/kiosk_flow.hpp"
#include "core/time.hpp"
#include "store/database.hpp"

namespace chillnode {

// Version of the sharing question's wording, stored with every consent answer.
constexpr std::string_view SurveyConsentVersion = "2026.1";

class SurveyStore {
public:
  SurveyStore(Database& db, std::string unitId);

  // Stores the consent answer given with the survey (if any), then the survey, in one
  // transaction. Throws StoreError.
  void save(const SurveySubmission& survey, const Timestamp& now);

  // What the survey needs to know of a runner at check-in: their latest consent answer,
  // the surveys already done, and a session started 12 to 96 hours before now (by the wall
  // clock) whose follow-up is not done. Throws StoreError.
  SurveyPlan plan(const std::string& bib, const Timestamp& now);

private:
  Database& m_db;
  std::string m_unitId;
};

}  // namespace chillnode
