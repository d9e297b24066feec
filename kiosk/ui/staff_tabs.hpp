#pragma once
// The tabs of the staff screen, one file each, and the helpers they share. drawStaff in
// staff_screen.cpp draws the tab bar and calls the tab that the view selects.

#include <string>

#include "ui/screens.hpp"
#include "ui/staff_layout.hpp"

namespace chillnode::ui {

// A tab's page count, reported to the tab bar, which draws the page buttons.
struct StaffPages {
  const char* idPrefix = nullptr;  // "staff.bays" gives staff.bays.prev and staff.bays.next
  int page = 0;                    // shown page, already clamped
  int count = 1;
};

Intent drawStaffBays(const ScreenContext& context, const StaffArea& area, StaffPages& pages);
Intent drawStaffQueues(const ScreenContext& context, const StaffArea& area, StaffPages& pages);
Intent drawStaffRunners(const ScreenContext& context, const StaffArea& area);
Intent drawStaffToday(const ScreenContext& context, const StaffArea& area);

// "Zoë · 1234" fitted to maxWidth in font: the name is shortened first and dropped when
// nothing of it fits, so the bib always shows whole. The bib alone when the name is empty
// or cannot be drawn.
std::string runnerLabel(const std::string& firstName, const std::string& bib, ImFont* font, float maxWidth);
// The label for a runner on the board, with the first name from the staff data.
std::string runnerLabel(const ScreenContext& context, const std::string& bib, ImFont* font, float maxWidth);

// Draws text vertically centred in a row from top to top + height.
void rowText(ImFont* font, const std::string& text, float left, float top, float height, float maxWidth,
             ImU32 color);

// Makes an intent that targets a session, bib or page.
Intent staffIntent(IntentKind kind, std::string target);

}  // namespace chillnode::ui
