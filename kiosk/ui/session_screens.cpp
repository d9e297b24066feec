// The runner's recovery-session screens: choose a session, intake questions, queue place,
// call-up, running countdown and the end. Copy stays about comfort: no medical claims.

#include <algorithm>
#include <string>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

struct Layout {
  float top = 0;      // below the top bar and status band
  float bottom = 0;   // bottom of the message area: above the survey row, else the buttons
  float left = 0;
  float width = 0;    // content width
  float centerX = 0;
  float buttonY = 0;  // top of the bottom row of buttons
};

Layout beginScreen(const ScreenContext& context, ImU32 band) {
  const Metrics& m = context.metrics;
  Layout layout;
  float top = drawTopBar(context);
  top += drawStatusBand(context, top, band);
  layout.top = top + m.px(16);
  layout.left = m.margin();
  layout.width = m.width - 2 * m.margin();
  layout.centerX = m.width / 2;
  layout.buttonY = m.height - m.margin() - m.touch();
  layout.bottom = layout.buttonY - m.px(16);
  return layout;
}

// Two buttons side by side on the bottom row: the main action on the right.
Intent bottomButtons(const ScreenContext& context, const Layout& layout, const char* leftId, const char* leftLabel,
                     IntentKind leftKind, const char* rightId, const char* rightLabel, IntentKind rightKind,
                     ButtonStyle rightStyle = ButtonStyle::Primary) {
  const Metrics& m = context.metrics;
  Intent intent;
  float gap = m.px(16);
  float width = (layout.width - gap) / 2;
  ImVec2 size(width, m.touch());
  if (leftId && touchButton(leftId, leftLabel, ImVec2(layout.left, layout.buttonY), size, context.fonts.body,
                            ButtonStyle::Secondary)) {
    intent.kind = leftKind;
  }
  if (rightId && touchButton(rightId, rightLabel, ImVec2(layout.left + width + gap, layout.buttonY), size,
                             context.fonts.body, rightStyle)) {
    intent.kind = rightKind;
  }
  return intent;
}

// Title, one large line and a detail paragraph, centred in the space above the buttons (and
// the survey row, which makes the block compact: smaller large line and detail). Sets the
// three as the spoken message, so a screen whose block shows a live figure sets its own
// message after this call.
void messageBlock(const ScreenContext& context, const Layout& layout, const std::string& title,
                  const std::string& big, ImU32 bigColor, const std::string& detail) {
  const Metrics& m = context.metrics;
  const Fonts& f = context.fonts;
  bool compact = layout.bottom < layout.buttonY - m.px(20);
  ImFont* bigFont = compact ? f.title : f.huge;
  ImFont* detailFont = compact ? f.small : f.body;
  float height = textHeight(f.title, title.c_str(), layout.width) +
                 (big.empty() ? 0 : textHeight(bigFont, big.c_str(), layout.width)) +
                 textHeight(detailFont, detail.c_str(), layout.width) + m.px(8);
  float space = layout.bottom - layout.top;
  float y = layout.top + std::max(0.0f, (space - height) / 2);
  y += centeredText(f.title, title.c_str(), layout.centerX, y, layout.width, colors::Ink);
  if (!big.empty()) y += centeredText(bigFont, big.c_str(), layout.centerX, y, layout.width, bigColor);
  y += m.px(8);
  centeredText(detailFont, detail.c_str(), layout.centerX, y, layout.width, colors::MutedInk);
  setSpokenMessage(title + ". " + big + ". " + detail);
}

// The before or after question of the return-to-run survey, as one row above the buttons:
// a 0 to 10 scale, then the sharing question once per runner, then thanks. Moves
// layout.bottom up to make room. Returns what was tapped.
Intent surveyRow(const ScreenContext& context, Layout& layout) {
  const Metrics& m = context.metrics;
  const std::optional<SurveyView>& survey = context.view.survey;
  if (!survey || survey->kind == SurveyKind::FollowUp) return {};
  float rowHeight = std::max(48.0f, m.px(52));
  float labelHeight = context.fonts.small->FontSize * 1.2f;
  float top = layout.buttonY - m.px(12) - rowHeight - labelHeight;
  layout.bottom = top - m.px(8);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(ImVec2(layout.left - m.px(8), top - m.px(6)),
                      ImVec2(layout.left + layout.width + m.px(8), layout.buttonY - m.px(6)), colors::Panel, m.px(10));
  Intent intent;
  if (survey->stage == SurveyStage::Thanks) {
    centeredText(context.fonts.body, tr("Thanks for your answer!"), layout.centerX,
                 top + (rowHeight + labelHeight - context.fonts.body->FontSize) / 2, layout.width, colors::Success);
    return intent;
  }
  if (survey->stage == SurveyStage::Consent) {
    centeredText(context.fonts.small, tr("May we share your answers with the race organizer?"), layout.centerX, top,
                 layout.width, colors::Ink);
    float width = (layout.width - m.px(12)) / 2;
    if (touchButton("survey.share_no", tr("No, keep them here"), ImVec2(layout.left, top + labelHeight),
                    ImVec2(width, rowHeight), context.fonts.small, ButtonStyle::Secondary)) {
      intent.kind = IntentKind::ShareNo;
    }
    if (touchButton("survey.share_yes", tr("Yes, share"), ImVec2(layout.left + width + m.px(12), top + labelHeight),
                    ImVec2(width, rowHeight), context.fonts.small)) {
      intent.kind = IntentKind::ShareYes;
    }
    return intent;
  }
  bool before = survey->kind == SurveyKind::Before;
  std::string question = before ? tr("How sore are your legs? 0 = not at all, 10 = very sore")
                                : tr("How ready to run do you feel? 0 = not at all, 10 = fully");
  centeredText(context.fonts.small, question.c_str(), layout.centerX, top, layout.width, colors::Ink);
  float gap = m.px(6);
  float key = (layout.width - gap * 10) / 11;
  for (int value = 0; value <= 10; ++value) {
    std::string id = "survey." + std::to_string(value);
    std::string label = std::to_string(value);
    if (touchButton(id.c_str(), label.c_str(), ImVec2(layout.left + static_cast<float>(value) * (key + gap), top + labelHeight),
                    ImVec2(key, rowHeight), context.fonts.body, ButtonStyle::Secondary)) {
      intent.kind = IntentKind::SurveyScore;
      intent.key = static_cast<char>(value);
    }
  }
  return intent;
}

// A survey tap wins over the screen's own buttons only when the screen had none.
Intent either(const Intent& screen, const Intent& survey) {
  return survey.kind != IntentKind::None ? survey : screen;
}

std::string waitText(std::int64_t waitMs) {
  if (waitMs < 60'000) return tr("No wait");
  std::int64_t minutes = (waitMs + 59'999) / 60'000;
  return formatText(tr("Wait about {} min"), std::to_string(minutes));
}

const char* joinErrorText(JoinError error) {
  switch (error) {
    case JoinError::AlreadyHadToday: return tr("You have had this session today. Please choose another one.");
    case JoinError::AlreadyInSession: return tr("You are already in a queue.");
    case JoinError::IntakeBlocked: return tr("Please talk to a staff member about this session.");
    default: return tr("This session is not available right now.");
  }
}

const Session* viewedSession(const ScreenContext& context) {
  return context.board ? context.board->find(context.view.sessionId) : nullptr;
}

}  // namespace

std::string stationName(const StationType& station) {
  return tr(station.name.c_str());
}

std::string stationName(const BayBoard& board, const std::string& stationId) {
  const StationType* station = findStation(board.stations(), stationId);
  return station ? stationName(*station) : stationId;
}

std::string formatCountdown(std::int64_t ms) {
  std::int64_t seconds = std::max<std::int64_t>(0, (ms + 999) / 1000);
  char text[32];
  std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(seconds / 60),
                static_cast<long long>(seconds % 60));
  return text;
}

std::string spokenTimeLeft(std::int64_t ms) {
  std::int64_t minutes = (ms + 30'000) / 60'000;
  if (minutes < 1) return tr("Less than a minute left.");
  if (minutes == 1) return tr("About 1 minute left.");
  return formatText(tr("About {} minutes left."), std::to_string(minutes));
}

Intent drawChooseSession(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  Layout layout = beginScreen(context, colors::Brand);
  const FlowView& view = context.view;
  std::string title = tr("Choose your recovery");
  float y = layout.top;
  y += centeredText(context.fonts.title, title.c_str(), layout.centerX, y, layout.width, colors::Ink);
  if (view.joinError != JoinError::None) {
    y += centeredText(context.fonts.body, joinErrorText(view.joinError), layout.centerX, y, layout.width,
                      colors::Warning);
  }
  setSpokenMessage(title);
  Intent intent;
  if (!context.board) return intent;

  // One card per station type, two columns, filling the space above the bottom row.
  const std::vector<StationType>& stations = context.board->stations();
  int columns = stations.size() > 1 ? 2 : 1;
  int rows = static_cast<int>((stations.size() + 1) / static_cast<std::size_t>(columns));
  float gap = m.px(12);
  float areaTop = y + m.px(8);
  float areaBottom = layout.buttonY - gap;
  float cardWidth = (layout.width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
  float cardHeight = std::min(m.px(130), (areaBottom - areaTop - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows));
  for (std::size_t i = 0; i < stations.size(); ++i) {
    const StationType& station = stations[i];
    int row = static_cast<int>(i) / columns;
    int column = static_cast<int>(i) % columns;
    ImVec2 at(layout.left + static_cast<float>(column) * (cardWidth + gap),
              areaTop + static_cast<float>(row) * (cardHeight + gap));
    int position = static_cast<int>(context.board->queue(station.id).size()) + 1;
    std::string detail = waitText(context.board->estimatedWaitMs(station.id, position, context.nowMs));
    std::string name = stationName(station);
    std::string id = "choose." + station.id;
    if (cardButton(id.c_str(), name.c_str(), detail.c_str(), at, ImVec2(cardWidth, cardHeight), context.fonts.body,
                   context.fonts.small, ButtonStyle::Primary)) {
      intent.kind = IntentKind::PickStation;
      intent.target = station.id;
    }
  }
  float doneWidth = std::min(layout.width, m.px(300));
  if (touchButton("choose.done", tr("Done"), ImVec2(layout.centerX - doneWidth / 2, layout.buttonY),
                  ImVec2(doneWidth, m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::Done;
  }
  return intent;
}

Intent drawIntake(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  const FlowView& view = context.view;
  Layout layout = beginScreen(context, colors::Brand);
  const StationType* station = context.board ? findStation(context.board->stations(), view.stationId) : nullptr;
  if (!station) return {};
  std::size_t count = station->questions.size();

  if (!view.consentAccepted) {
    std::string detail = formatText(tr("Before your first {} session, please answer a few yes/no questions."),
                                    stationName(*station)) +
                         " " + tr("Your answers are kept with your check-in for the recovery staff only.");
    messageBlock(context, layout, tr("A few questions first"), "", colors::Ink, detail);
    return bottomButtons(context, layout, "intake.cancel", tr("Cancel"), IntentKind::ChooseSession,
                         "intake.agree", tr("I agree, continue"), IntentKind::AcceptConsent);
  }

  std::size_t index = std::min(view.questionIndex, count - 1);
  std::string progress = formatText(tr("Question {}"), std::to_string(index + 1) + " / " + std::to_string(count));
  float y = layout.top;
  y += centeredText(context.fonts.body, progress.c_str(), layout.centerX, y, layout.width, colors::MutedInk);
  const char* question = tr(station->questions[index].text.c_str());
  float questionHeight = textHeight(context.fonts.title, question, layout.width);
  float answersY = layout.buttonY - m.touch() - m.px(16);
  y += std::max(m.px(8), (answersY - y - questionHeight) / 2);
  centeredText(context.fonts.title, question, layout.centerX, y, layout.width, colors::Ink);
  setSpokenMessage(question);

  Intent intent;
  float gap = m.px(16);
  float width = (layout.width - gap) / 2;
  ImVec2 size(width, m.touch() + m.px(16));
  if (touchButton("intake.yes", tr("Yes"), ImVec2(layout.left, answersY - m.px(16)), size, context.fonts.title)) {
    intent.kind = IntentKind::AnswerYes;
  }
  if (touchButton("intake.no", tr("No"), ImVec2(layout.left + width + gap, answersY - m.px(16)), size,
                  context.fonts.title)) {
    intent.kind = IntentKind::AnswerNo;
  }
  float cancelWidth = std::min(layout.width, m.px(260));
  if (touchButton("intake.cancel", tr("Cancel"), ImVec2(layout.centerX - cancelWidth / 2, layout.buttonY + m.px(16)),
                  ImVec2(cancelWidth, m.touch() - m.px(16)), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::ChooseSession;
  }
  return intent;
}

Intent drawIntakeBlocked(const ScreenContext& context) {
  Layout layout = beginScreen(context, colors::Warning);
  std::string name = context.board ? stationName(*context.board, context.view.stationId) : "";
  std::string detail = formatText(tr("{} is not open to you for now."), name) + " " +
                       tr("A staff member has been told and will come to talk with you. You can choose another session.");
  messageBlock(context, layout, tr("Let's talk first"), "", colors::Ink, detail);
  return bottomButtons(context, layout, "blocked.done", tr("Done"), IntentKind::Done, "blocked.choose",
                       tr("Other sessions"), IntentKind::ChooseSession);
}

Intent drawQueued(const ScreenContext& context) {
  Layout layout = beginScreen(context, colors::Success);
  Intent survey = surveyRow(context, layout);
  const Session* session = viewedSession(context);
  if (!session) return {};
  int position = context.board->queuePosition(session->data().id);
  std::int64_t wait = context.board->estimatedWaitMs(session->data().stationId, position, context.nowMs);
  std::string name = stationName(*context.board, session->data().stationId);
  std::string queuedFor = formatText(tr("in the queue for {}."), name);
  std::string watch = tr("Watch this screen: your bib is called with a chime. Then scan your bib again.");
  std::string title = tr("You're in!");
  std::string place = formatText(tr("No. {}"), std::to_string(position));
  messageBlock(context, layout, title, place, colors::Success, queuedFor + " " + waitText(wait) + ". " + watch);
  // The estimated wait changes as the bays run, so it is read only with the rest.
  std::string stable = title + ". " + place + " " + queuedFor + " " + watch;
  setSpokenMessage(title + ". " + place + " " + queuedFor + " " + waitText(wait) + ". " + watch, stable);
  return either(bottomButtons(context, layout, "queued.leave", tr("Leave the queue"), IntentKind::LeaveQueue, "queued.done",
                       tr("Done"), IntentKind::Done), survey);
}

Intent drawCalled(const ScreenContext& context) {
  Layout layout = beginScreen(context, colors::Brand);
  Intent survey = surveyRow(context, layout);
  const Session* session = viewedSession(context);
  if (!session) return {};
  const SessionData& data = session->data();
  std::string name = stationName(*context.board, data.stationId);
  bool waitForStaff = session->limits().attended && data.watchingStaffId.empty();
  std::string detail = name + ". ";
  detail += waitForStaff ? tr("A staff member will start your session.")
                         : formatText(tr("Tap Start when you are in place. The call passes on in {}."),
                                      formatCountdown(session->callRemainingMs(context.nowMs)));
  std::string title = tr("It's your turn!");
  std::string bay = formatText(tr("Bay {}"), std::to_string(data.bay + 1));
  messageBlock(context, layout, title, bay, colors::Brand, detail);
  // The spoken message leaves out the call's countdown, which changes every second.
  std::string spokenDetail = waitForStaff ? tr("A staff member will start your session.")
                                          : tr("Tap Start when you are in place.");
  setSpokenMessage(title + " " + bay + ". " + name + ". " + spokenDetail);
  if (waitForStaff) {
    return either(bottomButtons(context, layout, "called.leave", tr("Leave the queue"), IntentKind::LeaveQueue,
                         "called.done", tr("Done"), IntentKind::Done), survey);
  }
  // No "leave" here: a runner who does not start is passed over when the call times out.
  return either(bottomButtons(context, layout, "called.done", tr("Done"), IntentKind::Done, "called.start", tr("Start"),
                       IntentKind::StartSession), survey);
}

Intent drawRunning(const ScreenContext& context) {
  Layout layout = beginScreen(context, colors::Brand);
  const Session* session = viewedSession(context);
  if (!session) return {};
  const SessionData& data = session->data();
  std::string name = stationName(*context.board, data.stationId);
  std::string bay = formatText(tr("Bay {}"), std::to_string(data.bay + 1));
  std::string detail = tr("Relax and breathe slowly. Stop whenever you want.");
  std::int64_t remainingMs = session->remainingMs(context.nowMs);
  messageBlock(context, layout, name + " \u00b7 " + bay, formatCountdown(remainingMs), colors::Brand, detail);
  // The countdown is left out of the stable text, so speech starts once, saying the minutes
  // left as the screen opens, and is not restarted every second.
  std::string stable = name + ", " + bay + ". " + detail;
  setSpokenMessage(name + ", " + bay + ". " + spokenTimeLeft(remainingMs) + " " + detail, stable);
  return bottomButtons(context, layout, "running.done", tr("Done"), IntentKind::Done, "running.stop",
                       tr("Stop now"), IntentKind::StopSession, ButtonStyle::Danger);
}

Intent drawSessionOver(const ScreenContext& context) {
  Layout layout = beginScreen(context, colors::Success);
  Intent survey = surveyRow(context, layout);
  const char* title = tr("Session complete");
  const char* detail = tr("Well done. Take your time, drink some water and enjoy the rest of your day.");
  if (context.view.ending == SessionEnding::StoppedEarly) title = tr("Session ended");
  if (context.view.ending == SessionEnding::CallPassed) {
    title = tr("Your call has passed");
    detail = tr("You can join the queue again.");
  }
  if (context.view.notSaved == UnsavedRecord::Voucher) {
    detail = tr("We cannot create your voucher right now. Please ask a staff member.");
  }
  messageBlock(context, layout, title, "", colors::Ink, detail);
  if (context.view.voucher) {
    return either(bottomButtons(context, layout, "over.done", tr("Done"), IntentKind::Done, "over.voucher",
                         tr("Get my voucher"), IntentKind::ShowVoucher), survey);
  }
  return either(bottomButtons(context, layout, "over.choose", tr("Other sessions"), IntentKind::ChooseSession, "over.done",
                       tr("Done"), IntentKind::Done), survey);
}

Intent drawFollowUp(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  Layout layout = beginScreen(context, colors::Brand);
  Intent intent;
  const std::optional<SurveyView>& survey = context.view.survey;
  if (!survey) return intent;
  float y = layout.top;
  y += centeredText(context.fonts.body, tr("Welcome back! Three quick questions about your running."), layout.centerX, y,
                    layout.width, colors::MutedInk);
  const char* question = tr("May we share your answers with the race organizer?");
  bool scale = false;
  if (survey->stage == SurveyStage::Question) {
    if (survey->step == 0) question = tr("Have you run since your last recovery session?");
    if (survey->step == 1) question = tr("How did the run feel? 0 = very bad, 10 = great");
    if (survey->step == 2) question = tr("Did any pain stop you from running?");
    scale = survey->step == 1;
  }
  float answersY = layout.buttonY - m.touch() - m.px(16);
  float questionHeight = textHeight(context.fonts.title, question, layout.width);
  y += std::max(m.px(8), (answersY - y - questionHeight) / 2);
  centeredText(context.fonts.title, question, layout.centerX, y, layout.width, colors::Ink);
  setSpokenMessage(question);

  float gap = m.px(16);
  if (scale) {
    float key = (layout.width - m.px(6) * 10) / 11;
    for (int value = 0; value <= 10; ++value) {
      std::string id = "survey." + std::to_string(value);
      std::string label = std::to_string(value);
      if (touchButton(id.c_str(), label.c_str(), ImVec2(layout.left + static_cast<float>(value) * (key + m.px(6)), answersY),
                      ImVec2(key, m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
        intent.kind = IntentKind::SurveyScore;
        intent.key = static_cast<char>(value);
      }
    }
  } else {
    bool consent = survey->stage == SurveyStage::Consent;
    float width = (layout.width - gap) / 2;
    if (touchButton(consent ? "survey.share_yes" : "survey.yes", consent ? tr("Yes, share") : tr("Yes"),
                    ImVec2(layout.left, answersY), ImVec2(width, m.touch()), context.fonts.title)) {
      intent.kind = consent ? IntentKind::ShareYes : IntentKind::SurveyYes;
    }
    if (touchButton(consent ? "survey.share_no" : "survey.no", consent ? tr("No, keep them here") : tr("No"),
                    ImVec2(layout.left + width + gap, answersY), ImVec2(width, m.touch()),
                    consent ? context.fonts.body : context.fonts.title)) {
      intent.kind = consent ? IntentKind::ShareNo : IntentKind::SurveyNo;
    }
  }
  float skipWidth = std::min(layout.width, m.px(260));
  if (touchButton("survey.skip", tr("Skip"), ImVec2(layout.centerX - skipWidth / 2, layout.buttonY + m.px(16)),
                  ImVec2(skipWidth, m.touch() - m.px(16)), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::SkipSurvey;
  }
  return intent;
}

}  // namespace chillnode::ui
