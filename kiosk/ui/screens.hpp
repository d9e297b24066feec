#pragma once
// The check-in screens. Each draws the flow's view model and returns what the user asked
// for; none of them touches the database, the camera or the network.

#include <imgui.h>

#include "core/kiosk_flow.hpp"
#include "ui/theme.hpp"

namespace chillnode::ui {

struct CameraView {
  ImTextureID texture = nullptr;  // live preview, or null before the first frame
  float aspect = 16.0f / 9.0f;    // width / height of the preview
  bool connected = false;
};

struct ScreenContext {
  const FlowView& view;
  const Metrics& metrics;
  const Fonts& fonts;
  CameraView camera;
};

// Draws the whole frame for the current screen, idle warning included.
Intent drawScreen(const ScreenContext& context);

// One function per screen, each in its own file.
Intent drawAttract(const ScreenContext& context);
Intent drawScanning(const ScreenContext& context);
Intent drawWelcome(const ScreenContext& context);
Intent drawUnknown(const ScreenContext& context);
Intent drawKeypad(const ScreenContext& context);
void drawIdleWarning(const ScreenContext& context);

// The brand bar across the top of every screen; returns its height.
float drawTopBar(const ScreenContext& context);

// Draws a coloured band under the top bar, so the outcome shows before anyone reads a
// word (green for welcome, amber for a problem). Returns its height.
float drawStatusBand(const ScreenContext& context, float top, ImU32 color);

}  // namespace chillnode::ui
