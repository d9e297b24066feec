#pragma once
// Drawing helpers shared by the screens: large touch buttons and wrapped, centred text.
// Every button records its rectangle under its id so the end-to-end tests can tap it.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace chillnode::ui {

enum class ButtonStyle { Primary, Secondary, Danger };

// Draws a button with its label centred and returns true when it was tapped. The id
// ("attract.scan", "keypad.7") must be unique on the screen.
bool touchButton(const char* id, const char* label, ImVec2 topLeft, ImVec2 size, ImFont* font,
                 ButtonStyle style = ButtonStyle::Primary);

// Draws a large button with a title line and a smaller detail line under it, both centred.
// A disabled card is drawn muted and never returns true.
bool cardButton(const char* id, const char* title, const char* detail, ImVec2 topLeft, ImVec2 size,
                ImFont* titleFont, ImFont* detailFont, ButtonStyle style = ButtonStyle::Secondary);

// Draws keys in rows filling the area, each a button with id PREFIX.KEY, and returns the key
// tapped, or 0. Keys keep a sensible height: at least minKey, at most maxKey.
char keyGrid(const char* idPrefix, std::string_view keys, int columns, ImVec2 min, ImVec2 max, ImFont* font,
             float gap, float minKey, float maxKey);

// Draws text centred on centerX, wrapped at maxWidth; returns the height it took.
float centeredText(ImFont* font, const char* text, float centerX, float top, float maxWidth, ImU32 color);

// Height the text would take with centeredText.
float textHeight(ImFont* font, const char* text, float maxWidth);

// Returns a runner's name as the screens show it: cut to maxCharacters with an ellipsis, or
// empty when it has characters the kiosk fonts cannot draw (beyond Latin Extended-A), so
// the screen never shows a row of question marks.
std::string displayName(const std::string& name, std::size_t maxCharacters);

// Returns text, or as much of it as fits in maxWidth followed by an ellipsis.
std::string fitText(ImFont* font, const std::string& text, float maxWidth);

// Draws one line of text at topLeft, shortened with fitText to maxWidth.
void drawText(ImFont* font, const std::string& text, ImVec2 topLeft, float maxWidth, ImU32 color);

// Rectangles of the buttons drawn in the last frame, by id.
struct WidgetRect {
  ImVec2 min;
  ImVec2 max;
};
const std::map<std::string, WidgetRect>& drawnButtons();
// Texts drawn in the last frame by centeredText and drawText, as drawn.
const std::vector<std::string>& drawnTexts();
// Starts a new frame's record of buttons and texts.
void clearDrawnWidgets();

}  // namespace chillnode::ui
