#pragma once
// The staff screen's rules that need no drawing: the bay tile grid, pages, and what a bay's
// tile shows for its session, so unit tests can check them.

#include <cstdint>
#include <vector>

#include "core/session.hpp"
#include "ui/theme.hpp"

namespace chillnode::ui {

// Sizes in design pixels (800x480), scaled with Metrics::px.
constexpr float StaffMargin = 4;       // around the screen's edge
constexpr float StaffGap = 4;          // between tiles, rows and buttons
constexpr float BayTileMinWidth = 180;
// The band, the runner line, a line for the countdown or a button, and a row of buttons.
constexpr float BayTileMinHeight = 138;

// A touch target of the staff screen: 44 px high at least, about 8 mm on a 7" 800x480 panel.
float staffTouch(const Metrics& metrics);
float staffTabBarHeight(const Metrics& metrics);

struct StaffArea {
  float left = 0;
  float top = 0;
  float width = 0;
  float height = 0;
};

// The area under the tab bar that a tab draws in.
StaffArea staffContentArea(const Metrics& metrics);

struct BayGrid {
  int columns = 1;
  int rows = 1;
  int perPage() const { return columns * rows; }
};

// Returns the largest grid of tiles of at least the minimum size that fits in the area, at
// least one tile.
BayGrid bayGridFor(const Metrics& metrics, const StaffArea& area);

// Returns how many pages of perPage items it takes to show every item, at least 1.
int pageCount(int items, int perPage);
// Returns page limited to 0 .. pages - 1.
int clampPage(int page, int pages);

enum class BayTone {
  Free,     // no session is on the bay
  Called,   // blue
  Running,  // green
  Warning,  // amber: running with warningBeforeMs or less left
  Alarm,    // red: hard stop or interruption not yet acknowledged
};

// session is the one holding the bay, or null.
BayTone bayTone(const Session* session, std::int64_t nowMs);

enum class BayAction { ConfirmWatching, Start, Remove, Stop, Extend, Acknowledge };

// The buttons on a bay's tile, in the order drawn. A called session on an attended type
// offers ConfirmWatching in place of Start until a staff member confirmed, and Extend shows
// only while the planned duration is under the type's maximum.
std::vector<BayAction> bayActions(const Session* session);

}  // namespace chillnode::ui
