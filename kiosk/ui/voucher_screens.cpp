// The runner's voucher as a QR code, and a sponsor unit's redeem screen.

#include <algorithm>
#include <ctime>
#include <string>

#include "ui/qr_code.hpp"
#include "ui/screens.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

// The code on screen is encoded once, not every frame.
const QrModules& modulesFor(const std::string& code) {
  static std::string encoded;
  static QrModules modules;
  if (code != encoded) {
    modules = encodeQr(code);
    encoded = code;
  }
  return modules;
}

const OfferCard* cardFor(const ScreenContext& context, const std::string& offerId) {
  if (!context.allOffers) return nullptr;
  for (const OfferCard& card : *context.allOffers) {
    if (card.offerId == offerId) return &card;
  }
  return nullptr;
}

struct Verdict {
  const char* title;
  ImU32 color;
};

// The panel's heading: the bib check's result, once there is one, replaces the verdict.
Verdict verdictOf(const RedeemView& result) {
  if (result.bibCheck == BibCheckState::SameRunner) return {tr("Same runner"), colors::Success};
  if (result.bibCheck == BibCheckState::DifferentRunner) return {tr("Different runner"), colors::Danger};
  switch (result.verdict) {
    case RedeemVerdict::Valid: return {tr("Valid"), colors::Success};
    case RedeemVerdict::AlreadyUsed: return {tr("Already used"), colors::Danger};
    case RedeemVerdict::Expired: return {tr("Expired"), colors::Danger};
    case RedeemVerdict::NotForThisSponsor: return {tr("Not for this sponsor"), colors::Danger};
    case RedeemVerdict::UnknownOrForged: return {tr("Unknown or forged"), colors::Danger};
    case RedeemVerdict::NotStored: return {tr("Cannot redeem now"), colors::Danger};
    case RedeemVerdict::None: break;
  }
  return {tr("Scan a voucher"), colors::Brand};
}

std::string localTime(std::int64_t wallMs) {
  std::time_t seconds = static_cast<std::time_t>(wallMs / 1000);
  std::tm parts{};
  localtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%H:%M", &parts);
  return text;
}

std::string redeemDetail(const RedeemView& result) {
  if (result.bibCheck == BibCheckState::SameRunner) return tr("The bib matches: this runner earned the voucher.");
  if (result.bibCheck == BibCheckState::DifferentRunner) {
    return tr("The bib does not match. This voucher was earned by someone else.");
  }
  switch (result.verdict) {
    case RedeemVerdict::Valid: return result.terms;
    case RedeemVerdict::AlreadyUsed:
      return formatText(tr("Redeemed at {}"), localTime(result.firstWallMs) + " (" + result.firstUnit + ")");
    case RedeemVerdict::Expired: return tr("This voucher's offer has ended.");
    case RedeemVerdict::NotForThisSponsor: return tr("This voucher belongs to another sponsor's stall.");
    case RedeemVerdict::UnknownOrForged: return tr("This code is not a voucher from the recovery booth.");
    case RedeemVerdict::NotStored: return tr("This unit cannot save redemptions. Please call the organizers.");
    case RedeemVerdict::None: break;
  }
  return tr("Hold the voucher on your phone up to the camera. If it does not scan, turn your screen brightness up.");
}

// The request for the runner's bib after a Valid verdict, in dark ink on a white box at the
// bottom of the result panel, so it reads as the next step. The request takes the largest
// font that fits the area. Returns the request's text.
std::string drawBibRequest(const ScreenContext& context, ImVec2 areaMin, ImVec2 areaMax) {
  const Metrics& m = context.metrics;
  const char* request = tr("Now show the runner's race bib to the camera");
  const char* reason = tr("This checks that the voucher is theirs.");
  float width = areaMax.x - areaMin.x - 2 * m.px(12);
  float padding = 2 * m.px(12) + m.px(6) + textHeight(context.fonts.small, reason, width);
  ImFont* big = context.fonts.title;
  if (textHeight(big, request, width) + padding > areaMax.y - areaMin.y) big = context.fonts.body;
  float height = textHeight(big, request, width) + padding;
  float top = std::max(areaMin.y, areaMax.y - height);
  float centerX = (areaMin.x + areaMax.x) / 2;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(areaMin.x, top), areaMax, colors::Panel, m.px(10));
  float y = top + m.px(12);
  y += centeredText(big, request, centerX, y, width, colors::Ink) + m.px(6);
  centeredText(context.fonts.small, reason, centerX, y, width, colors::MutedInk);
  return std::string(request) + ". " + reason;
}

}  // namespace

Intent drawVoucher(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float top = drawTopBar(context) + m.px(12);
  Intent intent;
  if (!context.view.voucher) return intent;
  const VoucherView& voucher = *context.view.voucher;
  bool portrait = m.height > m.width;
  float bottom = m.height - m.px(12);
  // The code takes the largest square that fits; the text goes beside it (or under it).
  float side = portrait ? std::min(m.width - 2 * m.margin(), (bottom - top) * 0.55f) : bottom - top;
  ImVec2 codeAt(portrait ? (m.width - side) / 2 : m.margin(), top);
  drawQr(modulesFor(voucher.code), codeAt, side);

  float left = portrait ? m.margin() : codeAt.x + side + m.margin();
  float width = m.width - m.margin() - left;
  float centerX = left + width / 2;
  float y = portrait ? top + side + m.px(8) : top + m.px(8);
  if (const OfferCard* card = cardFor(context, voucher.offerId); card && card->logo && !portrait) {
    float logoHeight = m.px(64);
    float logoWidth = std::min(logoHeight * card->logoAspect, width);
    logoHeight = logoWidth / card->logoAspect;
    ImGui::GetWindowDrawList()->AddImage(card->logo, ImVec2(centerX - logoWidth / 2, y),
                                         ImVec2(centerX + logoWidth / 2, y + logoHeight));
    y += logoHeight + m.px(6);
  }
  y += centeredText(context.fonts.body, voucher.sponsorName.c_str(), centerX, y, width, colors::MutedInk);
  y += centeredText(context.fonts.title, voucher.title.c_str(), centerX, y, width, colors::Ink);
  y += m.px(6);
  std::string photo = tr("Take a photo of this code and show it at the sponsor's stall.");
  y += centeredText(context.fonts.small, photo.c_str(), centerX, y, width, colors::Ink);
  y += m.px(6);
  std::string id = formatText(tr("Voucher {}"), voucher.shortId);
  centeredText(context.fonts.small, id.c_str(), centerX, y, width, colors::MutedInk);
  setSpokenMessage(voucher.title + ". " + photo);

  float buttonWidth = std::min(width, m.px(220));
  if (touchButton("voucher.done", tr("Done"), ImVec2(centerX - buttonWidth / 2, bottom - m.touch()),
                  ImVec2(buttonWidth, m.touch()), context.fonts.body, ButtonStyle::Secondary)) {
    intent.kind = IntentKind::Done;
  }
  return intent;
}

Intent drawRedeem(const ScreenContext& context) {
  const Metrics& m = context.metrics;
  float top = drawTopBar(context);
  top += drawStorageStrip(context, top) + m.margin();
  const RedeemView& result = context.view.redeem;
  bool portrait = m.height > m.width;
  // The scan area is as large as the screen allows; the result panel sits beside it.
  float panelWidth = portrait ? m.width - 2 * m.margin() : std::max(m.px(330), m.width * 0.42f);
  ImVec2 previewMin(m.margin(), top);
  ImVec2 previewMax = portrait ? ImVec2(m.width - m.margin(), m.height * 0.5f)
                               : ImVec2(m.width - 2 * m.margin() - panelWidth, m.height - m.margin());
  drawCameraPreview(context, previewMin, previewMax, tr("The camera is not available. Call the organizers."));

  ImVec2 panelMin = portrait ? ImVec2(m.margin(), previewMax.y + m.margin()) : ImVec2(previewMax.x + m.margin(), top);
  ImVec2 panelMax(m.width - m.margin(), m.height - m.margin());
  Verdict verdict = verdictOf(result);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(panelMin, panelMax, verdict.color, m.px(12));
  float width = panelMax.x - panelMin.x - 2 * m.px(16);
  float centerX = (panelMin.x + panelMax.x) / 2;
  float y = panelMin.y + m.px(16);
  // While the bib check waits, a smaller heading leaves room for the request under it.
  bool waiting = result.bibCheck == BibCheckState::Waiting;
  ImFont* big = result.verdict == RedeemVerdict::None || waiting ? context.fonts.title : context.fonts.huge;
  if (textHeight(big, verdict.title, width) > big->FontSize * 1.3f) big = context.fonts.title;
  y += centeredText(big, verdict.title, centerX, y, width, colors::OnColor);
  if (!result.title.empty()) {
    y += centeredText(context.fonts.body, result.title.c_str(), centerX, y, width, colors::OnColor);
  }
  y += m.px(8);
  std::string detail = redeemDetail(result);
  y += centeredText(context.fonts.small, detail.c_str(), centerX, y, width, colors::OnColor);
  if (!result.shortId.empty()) {
    std::string id = formatText(tr("Voucher {}"), result.shortId);
    y += m.px(8) + centeredText(context.fonts.small, id.c_str(), centerX, y + m.px(8), width, colors::OnColor);
  }
  std::string spoken = std::string(verdict.title) + ". " + detail;
  if (waiting) {
    spoken += std::string(" ") + drawBibRequest(context, ImVec2(panelMin.x + m.px(10), y + m.px(12)),
                                               ImVec2(panelMax.x - m.px(10), panelMax.y - m.px(10)));
  }
  setSpokenMessage(spoken);
  return {};
}

}  // namespace chillnode::ui
