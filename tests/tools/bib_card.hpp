#pragma once
// Rendering of QR codes (with libqrencode) and printed race-bib cards for the generators.

#include <random>
#include <stdexcept>
#include <string>

#include <opencv2/core.hpp>

namespace chillnode::gen {

// Failure of a generator step, caught in main and printed as one line.
class GenError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Quiet zone on each side of a rendered code, in modules, as ISO/IEC 18004 requires.
constexpr int QuietZoneModules = 4;

// Renders `bytes` as a QR code (error correction level M, smallest version that fits),
// dark modules 0 and light 255, each module `modulePixels` wide, quiet zone included.
// Throws GenError when libqrencode rejects the data.
cv::Mat renderQr(const std::string& bytes, int modulePixels);

// Number of modules across the code that renderQr would draw for `bytes`, quiet zone excluded.
int qrModuleCount(const std::string& bytes);

// Renders a printed bib: a white card with race branding, the bib number in large digits and
// a QR code holding `payload`. BGR, about 900x620 pixels.
cv::Mat renderBibCard(const std::string& bib, const std::string& payload);

// Wraps a bib in one of the payload forms a race might print: the plain bib, a results URL,
// "BIB:" text or a JSON object. `form` is taken modulo 4.
std::string bibPayload(const std::string& bib, int form);

// A bib from 0001 to 0300, four digits with leading zeros.
std::string randomBib(std::mt19937& rng);

}  // namespace chillnode::gen
