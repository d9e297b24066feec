#pragma once
// QR scanner benchmark on an image set written by `chillnode-gen images`.

namespace chillnode::bench {

constexpr const char* ScannerUsage = "chillnode-bench scanner IMAGEDIR [--details] [--live-only]";

// Reads IMAGEDIR/manifest.tsv, decodes every image with the kiosk scanner (live and still),
// plain zxing-cpp and OpenCV's WeChat decoder, and prints a table of decode rates and times
// per class. Returns 0, or 1 when any decoder returned a payload other than the expected one.
// Throws std::runtime_error when the manifest or an image cannot be read.
int runScannerBench(int argc, char** argv);

}  // namespace chillnode::bench
