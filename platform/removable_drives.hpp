#pragma once
// Finds USB drives mounted for the staff screen's export: the mount points below a media
// folder (such as /media, where Debian's automounters put them).

#include <string>
#include <vector>

namespace chillnode {

// Returns the mount points listed in mountsFile (the format of /proc/mounts) that lie below
// mediaDir, in the file's order and each once. Spaces and other characters the kernel escapes as \NNN
// are decoded. An unreadable file gives none.
std::vector<std::string> findMountedDrives(const std::string& mediaDir, const std::string& mountsFile = "/proc/mounts");

}  // namespace chillnode
