#pragma once
// Camera frames of a QR code that a runner photographed from the kiosk screen and now holds
// up, on their phone, to a sponsor unit's camera.

#include <filesystem>

#include <opencv2/core.hpp>

namespace chillnode::gen {

struct PhotoSetOptions {
  std::filesystem::path screenPath;  // screenshot of the kiosk screen that shows the code
  cv::Rect codeBox;                  // the QR symbol in the screenshot, quiet zone excluded
  int modules = 0;                   // modules across the symbol, quiet zone excluded
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
// written, and for a code box outside the screenshot.
void writePhotoSet(const std::filesystem::path& dir, const PhotoSetOptions& options);

}  // namespace chillnode::gen
