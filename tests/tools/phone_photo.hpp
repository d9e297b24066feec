#pragma once
// Camera frames of a QR code that a runner photographed from the kiosk screen and now holds
// up, on their phone, to a sponsor unit's camera.

#include <filesystem>

#include <opencv2/core.hpp>

namespace chillnode::gen {

struct PhotoSetOptions {
  std::filesystem::path screenPath;  // screenshot of the kiosk screen that shows the code
  // The QR symbol in the screenshot and its modules across, quiet zone excluded. When both
  // are unset, writePhotoSet locates the symbol itself, which needs it upright and sharp.
  cv::Rect codeBox;
  int modules = 0;
  unsigned seed = 1;
  int perClass = 12;
};

// Writes perClass grayscale 1280x720 PNG camera frames for each distortion class into `dir`
// (created when missing), named CLASS_INDEX.png. Also writes dir/manifest.tsv with one row
// per frame: file, class, distance from the camera in cm, and the symbol's side and module
// size in frame pixels.
// Each frame shows the screenshot as a phone photo of it on a phone screen, at a distance
// from 10 to 40 cm spread evenly over each class's frames. Each frame depends only on seed,
// class and index. Throws GenError when the screenshot cannot be read or a file cannot be
// written, for a code box outside the screenshot, and when no code box is given and none
// is found.
void writePhotoSet(const std::filesystem::path& dir, PhotoSetOptions options);

}  // namespace chillnode::gen
