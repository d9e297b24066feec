#pragma once
// Scripted touch sessions for end-to-end tests. The script drives the real kiosk by pushing
// SDL finger events onto SDL's own queue, aimed at buttons by their id, and saves
// screenshots. Each finger event is placed where the touch controller would report a finger
// on that button, so on a turned panel it passes through the same mapping as a real touch.
// One command per line; '#' starts a comment:
//   wait_screen NAME SECONDS   wait until the flow shows screen NAME (attract, scanning ...);
//                              NAME may list several, as in welcome|not_saved
//   wait_idle_warning SECONDS  wait until the idle warning shows
//   wait_preview SECONDS       wait until a camera preview frame is on screen
//   wait_camera SECONDS        wait until the camera is connected
//   wait_text SECONDS TEXT     wait until a text drawn by the screen contains TEXT (the rest
//                              of the line, spaces included)
//   wait_no_text SECONDS TEXT  wait until no text drawn by the screen contains TEXT
//   wait_redeem VERDICT SECONDS  wait until a sponsor unit shows a redeem result newer than
//                              the one the last wait_redeem matched, with this verdict
//                              (valid, already_used, not_for_this_sponsor, unknown_or_forged ...)
//   wait_bib_check STATE SECONDS wait until a sponsor unit shows a bib check result (same_runner
//                              or different_runner) newer than the last result matched
//   expect_button ID           fail unless the button with that id is on screen
//   expect_no_button ID        fail if the button with that id is on screen
//   tap ID                     touch the centre of the button with that id, then lift; ID
//                              may list several, as in welcome.done|not_saved.done, and the
//                              first one on screen is tapped
//   type TEXT                  tap keypad.X for each character X of TEXT
//   type_pin DIGITS            tap pin.X for each digit X of DIGITS
//   long_press SECONDS         hold a finger still in the top-right corner for SECONDS, the
//                              gesture that opens the staff screen, then lift
//   sleep MS                   wait
//   screenshot NAME            save DIR/NAME-WIDTHxHEIGHT.png after the next frame, as the
//                              panel shows it (WIDTHxHEIGHT is the panel's size). On a turned
//                              panel also DIR/NAME-WIDTHxHEIGHT-upright.png, the UI upright
//                              for a person in front of the panel
//   quit                       end the kiosk with exit code 0

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/display_orientation.hpp"
#include "core/kiosk_flow.hpp"

namespace chillnode {

class Autotest {
public:
  // Throws std::runtime_error naming the file and line for an unreadable script or an
  // unknown command.
  Autotest(const std::string& scriptPath, std::string screenshotDir, DisplayOrientation orientation = {});

  struct Step {
    bool quit = false;
    int exitCode = 0;
    std::optional<std::string> screenshotPath;         // save this frame here as the panel shows it
    std::optional<std::string> uprightScreenshotPath;  // and here upright, on a turned panel
  };

  struct Frame {
    const FlowView& view;  // the flow's state in the frame just drawn
    bool previewShown;     // a camera frame was drawn
    bool cameraConnected;
    int width;             // the panel's output in pixels, before any rotation
    int height;
  };

  // Advances the script after a frame was drawn.
  Step advance(const Frame& frame, std::int64_t nowMs);

  // True while the script only sleeps, so the kiosk may draw as it would without a script
  // (benchmarks measure that). A sleep then ends at the next drawn frame, within a second.
  bool sleeping() const;

private:
  struct Command {
    int line = 0;
    std::string name;
    std::string argument;
    double seconds = 0;
  };

  bool pushTap(const std::string& id, const Command& command, Step& step);
  bool longPress(const Command& command, std::int64_t elapsedMs);
  Step fail(const Command& command, const std::string& reason);

  std::vector<Command> m_commands;
  std::size_t m_next = 0;
  std::string m_screenshotDir;
  DisplayOrientation m_orientation;
  std::int64_t m_commandStartMs = -1;
  std::size_t m_typed = 0;          // characters of a `type` or `type_pin` command tapped so far
  bool m_pressing = false;          // a `long_press` finger is down
  std::int64_t m_nextActionMs = 0;  // taps are spaced out so each is its own gesture
  int m_framesToWait = 0;
  std::uint64_t m_redeemMatched = 0;  // sequence of the result the last wait_redeem or wait_bib_check matched
};

}  // namespace chillnode
