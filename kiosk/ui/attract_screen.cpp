#include <algorithm>
#include <string>
#include <vector>

#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

// One button per other language, labelled in that language, bottom right.
Intent drawLanguageButtons(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  Intent intent;
  float width = m.px(170);
  float x = m.width - m.margin() - width;
  float y = m.height - m.margin() - m.touch();
  for (const Language& language : languages()) {
    if (currentLanguage() == language.code) continue;
    std::string id = std::string("attract.language.") + language.code;
    if (touchButton(id.c_str(), language.nativeName, ImVec2(x, y), ImVec2(width, m.touch()),
                    context.fonts.body, ButtonStyle::Secondary)) {
      intent.kind = IntentKind::SetLanguage;
      intent.language = language.code;
    }
    x -= width + m.px(12);
  }
  return intent;
}

constexpr std::int64_t OfferRotationMs = 6000;

bool hasBoardEntries(const ScreenContext& context) {
  if (!context.board) return false;
  for (const StationType& station : context.board->stations()) {
    for (const Session* holder : context.board->bays(station.id)) {
      if (holder && (holder->data().state == SessionState::Called || holder->data().state == SessionState::Running)) {
        return true;
      }
    }
  }
  return false;
}

// The board between the main button and the bottom row: the runners called now, then the
// running bays with their countdowns. Returns nothing; it has no buttons.
void drawBoard(const ScreenContext& context, float top, float bottom) {
  const Metrics& m = context.metrics;
  if (!context.board || bottom - top < m.px(48)) return;
  std::vector<std::string> calls;
  std::vector<std::string> running;
  for (const StationType& station : context.board->stations()) {
    std::vector<const Session*> holders = context.board->bays(station.id);
    for (const Session* holder : holders) {
      if (!holder) continue;
      const SessionData& data = holder->data();
      std::string bay = formatText(tr("Bay {}"), std::to_string(data.bay + 1));
      if (data.state == SessionState::Called) {
        calls.push_back(formatText(tr("Bib {}"), data.bib) + " \u2192 " + stationName(station) + ", " + bay);
      } else if (data.state == SessionState::Running) {
        running.push_back(stationName(station) + " " + std::to_string(data.bay + 1) + "  " +
                          formatCountdown(holder->remainingMs(context.nowMs)));
      }
    }
  }
  if (calls.empty() && running.empty()) return;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  float left = m.margin();
  float right = m.width - m.margin();
  float y = top;
  if (!calls.empty()) {
    // The call is what a waiting runner looks for, so it gets a band of its own.
    float height = std::min(bottom - y, m.px(46));
    draw->AddRectFilled(ImVec2(left, y), ImVec2(right, y + height), colors::Ink, m.px(4));
    std::string text = std::string(tr("Now calling:")) + " " + calls.front();
    if (calls.size() > 1) text += "  (+" + std::to_string(calls.size() - 1) + ")";
    // A long station name in a long language takes the smaller font rather than lose the bay.
    ImFont* font = context.fonts.body;
    ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str());
    if (size.x > right - left - m.px(24)) {
      font = context.fonts.small;
      size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, text.c_str());
    }
    float x = std::max(left + m.px(12), (m.width - size.x) / 2);
    draw->PushClipRect(ImVec2(left, y), ImVec2(right, y + height), true);
    draw->AddText(font, font->FontSize, ImVec2(x, y + (height - font->FontSize) / 2), colors::OnColor, text.c_str());
    draw->PopClipRect();
    y += height + m.px(8);
  }

  // Running bays as one line of countdowns, as many as fit.
  ImFont* font = context.fonts.small;
  float x = left;
  for (const std::string& item : running) {
    ImVec2 size = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, item.c_str());
    float width = size.x + m.px(20);
    if (x + width > right || y + font->FontSize + m.px(10) > bottom) break;
    draw->AddRectFilled(ImVec2(x, y), ImVec2(x + width, y + font->FontSize + m.px(10)), colors::Secondary, m.px(8));
    draw->AddText(font, font->FontSize, ImVec2(x + m.px(10), y + m.px(5)), colors::Ink, item.c_str());
    x += width + m.px(8);
  }
}

// One offer at a time, changing every OfferRotationMs: what a session earns, and from whom.
void drawOfferStrip(const ScreenContext& context, float top, float bottom) {
  const Metrics& m = context.metrics;
  const std::vector<OfferCard>& offers = *context.offers;
  float height = std::min(bottom - top, m.px(84));
  if (height < m.px(48)) return;
  const OfferCard& offer = offers[static_cast<std::size_t>(context.nowMs / OfferRotationMs) % offers.size()];
  ImDrawList* draw = ImGui::GetWindowDrawList();
  float left = m.margin();
  float right = m.width - m.margin();
  draw->AddRectFilled(ImVec2(left, top), ImVec2(right, top + height), colors::Panel, m.px(10));
  draw->AddRect(ImVec2(left, top), ImVec2(right, top + height), colors::Secondary, m.px(10), 0, m.px(2));
  float x = left + m.px(12);
  if (offer.logo) {
    float logoHeight = height - m.px(16);
    float logoWidth = std::min(logoHeight * offer.logoAspect, m.px(160));
    float shownHeight = logoWidth / offer.logoAspect;
    float y = top + (height - shownHeight) / 2;
    draw->AddImage(offer.logo, ImVec2(x, y), ImVec2(x + logoWidth, y + shownHeight));
    x += logoWidth + m.px(12);
  }
  ImFont* small = context.fonts.small;
  ImFont* body = context.fonts.body;
  std::string lead = formatText(tr("After your session, from {}:"), offer.sponsorName);
  float textTop = top + (height - small->FontSize - body->FontSize * 1.1f) / 2;
  draw->PushClipRect(ImVec2(x, top), ImVec2(right - m.px(8), top + height), true);
  draw->AddText(small, small->FontSize, ImVec2(x, textTop), colors::MutedInk, lead.c_str());
  draw->AddText(body, body->FontSize, ImVec2(x, textTop + small->FontSize * 1.1f), colors::Ink, offer.title.c_str());
  draw->PopClipRect();
}

}  // namespace

Intent drawAttract(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float top = drawTopBar(context);
  top += drawStorageStrip(context, top);
  float contentWidth = m.width - 2 * m.margin();
  float centerX = m.width / 2;

  // While runners are called or in session the board needs room, so the heading shrinks.
  bool offers = context.offers && !context.offers->empty();
  bool board = hasBoardEntries(context) || offers;
  float y = top + m.px(board ? 16 : 28);
  bool camera = context.camera.connected;
  y += centeredText(board ? context.fonts.title : context.fonts.huge, camera ? tr("Scan your bib") : tr("Check in here"),
                    centerX, y, contentWidth, colors::Ink);
  y += m.px(board ? 2 : 8);
  const char* detail = camera ? tr("Hold the QR code on your race bib up to the camera.")
                              : tr("Type the number printed on your race bib.");
  y += centeredText(context.fonts.body, detail, centerX, y, contentWidth, colors::MutedInk);
  setSpokenMessage(std::string(camera ? tr("Scan your bib") : tr("Check in here")) + ". " + detail);

  Intent intent;
  float buttonWidth = std::min(contentWidth, m.px(420));
  float buttonX = centerX - buttonWidth / 2;
  float buttonY = y + m.px(board ? 14 : 28);
  if (!context.camera.connected) {
    // With no camera the keypad is the only way in, so it takes the main button.
    if (touchButton("attract.keypad", tr("Type bib number"), ImVec2(buttonX, buttonY),
                    ImVec2(buttonWidth, m.touch()), context.fonts.title)) {
      intent.kind = IntentKind::OpenKeypad;
    }
  } else {
    if (touchButton("attract.scan", tr("Start"), ImVec2(buttonX, buttonY), ImVec2(buttonWidth, m.touch()),
                    context.fonts.title)) {
      intent.kind = IntentKind::StartScanning;
    }
    float keypadY = m.height - m.margin() - m.touch();
    if (touchButton("attract.keypad", tr("Type bib number"), ImVec2(m.margin(), keypadY),
                    ImVec2(m.px(300), m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
      intent.kind = IntentKind::OpenKeypad;
    }
  }
  float boardTop = buttonY + m.touch() + m.px(12);
  float boardBottom = m.height - m.margin() - m.touch() - m.px(12);
  if (hasBoardEntries(context)) drawBoard(context, boardTop, boardBottom);
  else if (offers) drawOfferStrip(context, boardTop, boardBottom);
  Intent language = drawLanguageButtons(context);
  if (language.kind != IntentKind::None) intent = language;
  return intent;
}

}  // namespace chillnode::ui
