#pragma once
// Distorted QR image sets for the scanner benchmark and tests.

#include <filesystem>

namespace chillnode::gen {

// Writes perClass grayscale PNG images for each distortion class into `dir` (created when
// missing), named CLASS_WIDTHxHEIGHT_INDEX.png, and dir/manifest.tsv with one row per image:
// file, class, size and expected payload. Sizes alternate between 640x480 and 1280x720,
// payloads between bib forms and 90-120 character voucher codes. Each image depends only on
// seed, class and index, so a larger set starts with the images of a smaller one.
// Throws GenError when a file cannot be written.
void writeImageSet(const std::filesystem::path& dir, unsigned seed, int perClass);

}  // namespace chillnode::gen
