#include "platform/removable_drives.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace chillnode {

namespace {

// Decodes the kernel's octal escapes in a mounts field: "\040" is a space.
std::string unescape(const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < field.size(); ++i) {
    if (field[i] == '\\' && i + 3 < field.size()) {
      std::string digits = field.substr(i + 1, 3);
      if (digits.find_first_not_of("01234567") == std::string::npos) {
        out.push_back(static_cast<char>(std::stoi(digits, nullptr, 8)));
        i += 3;
        continue;
      }
    }
    out.push_back(field[i]);
  }
  return out;
}

}  // namespace

std::vector<std::string> findMountedDrives(const std::string& mediaDir, const std::string& mountsFile) {
  std::vector<std::string> drives;
  std::string prefix = mediaDir;
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  prefix += '/';
  std::ifstream mounts(mountsFile);
  std::string line;
  while (std::getline(mounts, line)) {
    std::istringstream fields(line);
    std::string device;
    std::string mountPoint;
    if (!(fields >> device >> mountPoint)) continue;
    mountPoint = unescape(mountPoint);
    bool below = mountPoint.size() > prefix.size() && mountPoint.compare(0, prefix.size(), prefix) == 0;
    // A mount point mounted over again is listed twice; it is one drive.
    if (below && std::find(drives.begin(), drives.end(), mountPoint) == drives.end()) drives.push_back(mountPoint);
  }
  return drives;
}

}  // namespace chillnode
