#pragma once
// Synthetic booth camera clips: runners holding printed bibs up to the camera.

#include <filesystem>

namespace chillnode::gen {

// Writes a 1280x720, 15 fps MJPG AVI of about `seconds` (at least 30) in which printed bibs
// pass the camera one at a time, each visible for 2.2 to 3 s, with empty frames between.
// Passes vary angle, distance, motion blur, glare and light level. Also writes
// PATH.expected.txt with the bibs in order of appearance, one per line. The same seed gives
// the same clip. Throws GenError when the video or the list cannot be written.
void writeClip(const std::filesystem::path& path, double seconds, unsigned seed);

}  // namespace chillnode::gen
