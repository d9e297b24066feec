#pragma once
// The [network] section of the config: the Wi-Fi network a unit joins at boot, and the
// wpa_supplicant configuration made from it. The kiosk itself never reads this section,
// so a wrong [network] costs the unit its Wi-Fi but never stops the kiosk.

#include <string>

#include <toml++/toml.h>

namespace chillnode {

struct NetworkSettings {
  std::string wifiSsid;        // empty: no Wi-Fi; 1 to 32 bytes otherwise
  std::string wifiPassphrase;  // WPA passphrase or 64 hex digits of a PSK; empty: open network
  std::string wifiCountry;     // ISO 3166-1 alpha-2 code in capitals, e.g. "DE"
  bool wifiHidden = false;     // the access point does not broadcast its SSID

  bool wifiConfigured() const { return !wifiSsid.empty(); }
};

// Reads [network] from a parsed config file; a missing section means no Wi-Fi. Throws
// ConfigError, naming the file, the key, the value and what to use, for an unknown key, a
// value of the wrong type or an SSID over 32 bytes. It also throws for a passphrase that is
// not 8 to 63 printable ASCII characters or 64 hex digits, a missing or unknown country code,
// and a passphrase or hidden flag without an SSID. Messages give a passphrase's length, never
// its text.
NetworkSettings readNetworkSettings(const toml::table& table, const std::string& file);

// Returns the WPA pre-shared key for passphrase on the network ssid as 64 lowercase hex
// digits: PBKDF2-HMAC-SHA1 with the SSID as salt, 4096 rounds, 32 bytes (IEEE 802.11i).
// Throws std::runtime_error when OpenSSL fails.
std::string deriveWpaPsk(const std::string& passphrase, const std::string& ssid);

// Returns the text of a wpa_supplicant.conf that joins the configured network, for
// wpa_supplicant 2.10. The passphrase is written as its derived PSK, so no quoting rule of
// wpa_supplicant can change it. Precondition: settings came from readNetworkSettings and
// wifiConfigured() is true.
std::string renderWpaSupplicantConfig(const NetworkSettings& settings);

// Returns text with control characters written as \xNN and with " and \ escaped, for log
// lines and messages that quote an SSID. Other UTF-8 text stays as it is.
std::string escapeForMessage(const std::string& text);

}  // namespace chillnode
