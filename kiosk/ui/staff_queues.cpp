// The staff screen's queues tab: each station type's queue in order, with move-up and
// remove for every place, in pages when the queues are longer than the screen.

#include <string>
#include <vector>

#include "ui/staff_tabs.hpp"
#include "ui/text.hpp"
#include "ui/widgets.hpp"

namespace chillnode::ui {

namespace {

struct QueueRow {
  const StationType* station = nullptr;
  const Session* session = nullptr;  // null for the station type's heading
  int place = 0;                     // 1-based place in the queue
  std::size_t waiting = 0;           // the heading's queue length
};

std::vector<QueueRow> queueRows(const BayBoard& board) {
  std::vector<QueueRow> rows;
  for (const StationType& station : board.stations()) {
    std::vector<const Session*> queue = board.queue(station.id);
    rows.push_back({&station, nullptr, 0, queue.size()});
    for (std::size_t i = 0; i < queue.size(); ++i) rows.push_back({&station, queue[i], static_cast<int>(i) + 1, 0});
  }
  return rows;
}

float rowHeight(const Metrics& metrics, const QueueRow& row) {
  return row.session ? staffTouch(metrics) + metrics.px(StaffGap) : metrics.px(38);
}

// Returns the first row of each page. A heading never ends a page with its queue on the next,
// and a page that starts inside a queue repeats that queue's heading.
std::vector<std::size_t> pageStarts(const Metrics& metrics, const std::vector<QueueRow>& rows, float height) {
  std::vector<std::size_t> starts = {0};
  float headingHeight = rowHeight(metrics, QueueRow{});
  float used = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    float rowSize = rowHeight(metrics, rows[i]);
    if (used + rowSize > height && i > starts.back()) {
      bool orphanHeading = !rows[i - 1].session && i - 1 > starts.back();
      std::size_t start = orphanHeading ? i - 1 : i;
      starts.push_back(start);
      used = rows[start].session ? headingHeight : 0;
      if (orphanHeading) used += headingHeight;
    }
    used += rowSize;
  }
  return starts;
}

// The heading row of the queue that row belongs to.
const QueueRow& headingOf(const std::vector<QueueRow>& rows, std::size_t row) {
  while (row > 0 && rows[row].session) --row;
  return rows[row];
}

void drawHeading(const ScreenContext& context, const QueueRow& row, ImVec2 at, float width, float height) {
  const Metrics& m = context.metrics;
  std::string name = stationName(*row.station);
  ImFont* body = context.fonts.body;
  float nameWidth = std::min(width / 2, body->CalcTextSizeA(body->FontSize, FLT_MAX, 0, name.c_str()).x);
  rowText(body, name, at.x, at.y, height, width / 2, colors::Ink);
  std::string count = row.waiting == 0 ? tr("nobody waiting")
                                       : formatText(tr("{} waiting"), std::to_string(row.waiting));
  rowText(context.fonts.small, count, at.x + nameWidth + m.px(12), at.y, height, width / 2, colors::MutedInk);
}

Intent drawEntry(const ScreenContext& context, const QueueRow& row, ImVec2 at, float width, float height) {
  const Metrics& m = context.metrics;
  const SessionData& data = row.session->data();
  ImGui::GetWindowDrawList()->AddRectFilled(at, ImVec2(at.x + width, at.y + height), colors::Panel, m.px(8));

  float pad = m.px(8);
  float buttonWidth = m.px(130);
  float gap = m.px(StaffGap);
  float removeX = at.x + width - buttonWidth;
  float upX = removeX - gap - buttonWidth;
  float placeWidth = m.px(40);
  float textX = at.x + pad + placeWidth;
  float waitWidth = m.px(140);
  float labelWidth = upX - gap - waitWidth - textX;
  rowText(context.fonts.body, std::to_string(row.place), at.x + pad, at.y, height, placeWidth, colors::Ink);
  rowText(context.fonts.small, runnerLabel(context, data.bib, context.fonts.small, labelWidth), textX, at.y, height,
          labelWidth, colors::Ink);
  std::string waited = formatText(tr("waiting {}"), formatCountdown(context.nowMs - data.queuedMonoMs));
  rowText(context.fonts.small, waited, textX + labelWidth + gap, at.y, height, waitWidth, colors::MutedInk);

  Intent intent;
  std::string prefix = "staff.queue." + row.station->id + "." + std::to_string(row.place);
  // The first place has nowhere to move up to.
  if (row.place > 1 && touchButton((prefix + ".up").c_str(), tr("Move up"), ImVec2(upX, at.y),
                                   ImVec2(buttonWidth, height), context.fonts.body, ButtonStyle::Secondary)) {
    intent = staffIntent(IntentKind::StaffMoveUp, data.id);
  }
  if (touchButton((prefix + ".remove").c_str(), tr("Remove"), ImVec2(removeX, at.y), ImVec2(buttonWidth, height),
                  context.fonts.body, ButtonStyle::Secondary)) {
    intent = staffIntent(IntentKind::StaffRemove, data.id);
  }
  return intent;
}

}  // namespace

Intent drawStaffQueues(const ScreenContext& context, const StaffArea& area, StaffPages& pages) {
  const Metrics& m = context.metrics;
  if (!context.board) return {};
  std::vector<QueueRow> rows = queueRows(*context.board);
  std::vector<std::size_t> starts = pageStarts(m, rows, area.height);
  pages.idPrefix = "staff.queues";
  pages.count = static_cast<int>(starts.size());
  pages.page = clampPage(context.view.staffPage, pages.count);

  std::size_t first = starts[static_cast<std::size_t>(pages.page)];
  std::size_t end = pages.page + 1 < pages.count ? starts[static_cast<std::size_t>(pages.page) + 1] : rows.size();
  Intent intent;
  float y = area.top;
  if (first < rows.size() && rows[first].session) {
    const QueueRow& heading = headingOf(rows, first);
    drawHeading(context, heading, ImVec2(area.left, y), area.width, rowHeight(m, heading));
    y += rowHeight(m, heading);
  }
  for (std::size_t i = first; i < end; ++i) {
    const QueueRow& row = rows[i];
    float height = rowHeight(m, row);
    ImVec2 at(area.left, y);
    if (!row.session) {
      drawHeading(context, row, at, area.width, height);
    } else {
      Intent tapped = drawEntry(context, row, at, area.width, height - m.px(StaffGap));
      if (tapped.kind != IntentKind::None) intent = tapped;
    }
    y += height;
  }
  return intent;
}

}  // namespace chillnode::ui
