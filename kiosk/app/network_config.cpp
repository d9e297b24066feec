#include "app/network_config.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <stdexcept>
#include <string_view>

#include "app/table_reader.hpp"

namespace chillnode {

namespace {

// IEEE 802.11 limits an SSID to 32 bytes and a WPA passphrase to 8 to 63 characters from
// 32 to 126 (printable ASCII); 64 hex digits are taken as the PSK itself.
constexpr std::size_t MaxSsidBytes = 32;
constexpr std::size_t MinPassphraseLength = 8;
constexpr std::size_t MaxPassphraseLength = 63;
constexpr std::size_t PskHexDigits = 64;

// ISO 3166-1 alpha-2 codes, as listed in iso3166.tab of tzdata 2025b (Debian 12).
// wpa_supplicant hands the code to the kernel, which looks it up in wireless-regdb.
constexpr std::string_view CountryCodes =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

bool isPrintableAscii(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte >= 0x20 && byte <= 0x7E;
}

bool isHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isCountryCode(const std::string& code) {
  if (code.size() != 2) return false;
  for (std::size_t i = 0; i < CountryCodes.size(); i += 3) {
    if (CountryCodes.substr(i, 2) == code) return true;
  }
  return false;
}

std::string toUpperAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

std::string toLowerAscii(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

std::string toHex(const unsigned char* bytes, std::size_t size) {
  static constexpr char Digits[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < size; ++i) {
    hex.push_back(Digits[bytes[i] >> 4]);
    hex.push_back(Digits[bytes[i] & 0x0F]);
  }
  return hex;
}

void checkSsid(const TableReader& reader, const NetworkSettings& settings) {
  if (settings.wifiSsid.size() > MaxSsidBytes) {
    reader.fail("wifi_ssid", "is \"" + escapeForMessage(settings.wifiSsid) + "\", which is " +
                                 std::to_string(settings.wifiSsid.size()) +
                                 " bytes long: an SSID has at most 32 bytes, and letters beyond "
                                 "ASCII take 2 to 4 bytes each; copy the name the router shows");
  }
  if (settings.wifiConfigured()) return;
  // A passphrase or hidden flag without an SSID most likely means a forgotten wifi_ssid, so it
  // is an error rather than ignored.
  if (!settings.wifiPassphrase.empty()) {
    reader.fail("wifi_passphrase", "is set but network.wifi_ssid is empty: add the name of the Wi-Fi "
                                   "network as wifi_ssid, or remove the passphrase");
  }
  if (settings.wifiHidden) {
    reader.fail("wifi_hidden", "is true but network.wifi_ssid is empty: add the name of the Wi-Fi "
                               "network as wifi_ssid");
  }
}

// The messages give the passphrase's length and the position of a bad character, never
// the passphrase, because they end up in the journal.
void checkPassphrase(const TableReader& reader, const std::string& passphrase) {
  if (passphrase.empty()) return;
  bool allHex = true;
  for (char c : passphrase) allHex = allHex && isHexDigit(c);
  if (passphrase.size() == PskHexDigits && allHex) return;
  for (std::size_t i = 0; i < passphrase.size(); ++i) {
    if (!isPrintableAscii(passphrase[i])) {
      reader.fail("wifi_passphrase", "has a character that is not printable ASCII at byte " + std::to_string(i + 1) +
                                         ": a WPA passphrase may use only ASCII letters, digits, spaces and "
                                         "punctuation; check it on the router");
    }
  }
  if (passphrase.size() < MinPassphraseLength || passphrase.size() > MaxPassphraseLength) {
    reader.fail("wifi_passphrase", "has " + std::to_string(passphrase.size()) +
                                       " characters: a WPA passphrase has 8 to 63 characters (or is the 64 "
                                       "hex digits of a pre-shared key); leave it empty for an open network");
  }
}

void checkCountry(const TableReader& reader, NetworkSettings& settings) {
  std::string code = toUpperAscii(settings.wifiCountry);
  if (code.empty()) {
    if (!settings.wifiConfigured()) return;
    reader.fail("wifi_country", "is missing: set the two-letter ISO 3166-1 code of the country where the "
                                "race runs, e.g. \"DE\", because it decides which channels the radio may use");
  }
  if (code == "UK") reader.fail("wifi_country", "is \"UK\": use \"GB\" for the United Kingdom");
  if (!isCountryCode(code)) {
    reader.fail("wifi_country", "is \"" + escapeForMessage(settings.wifiCountry.substr(0, 20)) +
                                    "\", which is not an ISO 3166-1 country code: use the two-letter code of "
                                    "the country where the race runs, e.g. \"DE\", \"FR\" or \"US\"");
  }
  settings.wifiCountry = code;
}

// Printable ASCII without a double quote goes in quotes. Every other SSID is written as hex,
// which wpa_supplicant reads as raw bytes. In a quoted value, wpa_supplicant 2.10 treats a #
// after an odd number of quotes as the start of a comment (tried on Debian 12's build).
std::string ssidValue(const std::string& ssid) {
  bool quotable = true;
  for (char c : ssid) quotable = quotable && isPrintableAscii(c) && c != '"';
  if (quotable) return "\"" + ssid + "\"";
  return toHex(reinterpret_cast<const unsigned char*>(ssid.data()), ssid.size());
}

}  // namespace

NetworkSettings readNetworkSettings(const toml::table& table, const std::string& file) {
  NetworkSettings settings;
  const toml::node* node = table.get("network");
  if (!node) return settings;
  const toml::table* section = node->as_table();
  if (!section) {
    throw ConfigError("config " + file + ": network must be a table: write [network] on a line of its own");
  }
  TableReader reader(*section, "network", file);
  reader.rejectUnknownKeys({"wifi_ssid", "wifi_passphrase", "wifi_country", "wifi_hidden"});
  reader.text("wifi_ssid", settings.wifiSsid);
  reader.text("wifi_passphrase", settings.wifiPassphrase);
  reader.text("wifi_country", settings.wifiCountry);
  reader.boolean("wifi_hidden", settings.wifiHidden);
  checkSsid(reader, settings);
  checkPassphrase(reader, settings.wifiPassphrase);
  checkCountry(reader, settings);
  return settings;
}

std::string deriveWpaPsk(const std::string& passphrase, const std::string& ssid) {
  constexpr int Rounds = 4096;
  std::array<unsigned char, 32> key{};
  int status = PKCS5_PBKDF2_HMAC_SHA1(passphrase.data(), static_cast<int>(passphrase.size()),
                                      reinterpret_cast<const unsigned char*>(ssid.data()),
                                      static_cast<int>(ssid.size()), Rounds, static_cast<int>(key.size()),
                                      key.data());
  if (status != 1) throw std::runtime_error("OpenSSL's PBKDF2 failed to derive the WPA key");
  std::string hex = toHex(key.data(), key.size());
  OPENSSL_cleanse(key.data(), key.size());
  return hex;
}

std::string renderWpaSupplicantConfig(const NetworkSettings& settings) {
  std::string text =
      "# Written at boot by `chillnode network render` from [network] in chillnode.toml.\n"
      "# Edit chillnode.toml on the boot partition instead: this file is made anew at each boot.\n"
      "ctrl_interface=/run/wpa_supplicant\n"
      "country=" + settings.wifiCountry + "\n"
      "network={\n"
      "\tssid=" + ssidValue(settings.wifiSsid) + "\n";
  if (settings.wifiHidden) text += "\tscan_ssid=1\n";
  if (settings.wifiPassphrase.empty()) {
    text += "\tkey_mgmt=NONE\n";
  } else {
    bool isPsk = settings.wifiPassphrase.size() == PskHexDigits;
    std::string psk = isPsk ? toLowerAscii(settings.wifiPassphrase) : deriveWpaPsk(settings.wifiPassphrase, settings.wifiSsid);
    text += "\tkey_mgmt=WPA-PSK\n\tpsk=" + psk + "\n";
    OPENSSL_cleanse(psk.data(), psk.size());
  }
  return text + "}\n";
}

std::string escapeForMessage(const std::string& text) {
  std::string out;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace chillnode
