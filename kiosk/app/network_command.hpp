#pragma once
// `chillnode network render`: turns [network] of the config into the files that join Wi-Fi.

#include <string>

namespace chillnode {

// Name of the wpa_supplicant configuration that runNetworkRender writes into its folder.
inline constexpr const char* WpaSupplicantFileName = "wpa_supplicant.conf";

// Reads [network] from configPath (an empty path means the defaults: no Wi-Fi) and writes
// outDir/wpa_supplicant.conf with mode 0600, through a temporary file renamed into place.
// Creates outDir when missing. Removes an earlier wpa_supplicant.conf when the config names
// no Wi-Fi or cannot be used, so the folder never joins a network the config no longer names.
// Only [network] is read, so a mistake in another section does not cost the unit its Wi-Fi.
// Prints what it did; never prints the passphrase. Exit 0, or 1 for an unusable config or a
// failed write (with the reason on stderr).
int runNetworkRender(const std::string& configPath, const std::string& outDir);

}  // namespace chillnode
