// The [network] section: reading, refusals and the wpa_supplicant configuration made from it.

#include <catch2/catch.hpp>

#include <fstream>

#include "app/config.hpp"
#include "app/network_config.hpp"
#include "temp_dir.hpp"

using namespace chillnode;

namespace {

NetworkSettings readText(const std::string& text) {
  return readNetworkSettings(toml::parse(text), "unit.toml");
}

std::string errorFor(const std::string& text) {
  try {
    readText(text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

NetworkSettings wifi(const std::string& ssid, const std::string& passphrase = "cold plunge 2026") {
  NetworkSettings settings;
  settings.wifiSsid = ssid;
  settings.wifiPassphrase = passphrase;
  settings.wifiCountry = "DE";
  return settings;
}

// Returns the ssid= line of a rendered configuration, without its tab and newline.
std::string ssidLine(const NetworkSettings& settings) {
  std::string text = renderWpaSupplicantConfig(settings);
  std::size_t start = text.find("\tssid=");
  REQUIRE(start != std::string::npos);
  return text.substr(start + 1, text.find('\n', start) - start - 1);
}

}  // namespace

TEST_CASE("wifi settings are read", "[network][config]") {
  NetworkSettings settings = readText(
      "[network]\nwifi_ssid = \"Marathon Recovery\"\nwifi_passphrase = \"cold plunge 2026\"\n"
      "wifi_country = \"de\"\nwifi_hidden = true\n");
  CHECK(settings.wifiSsid == "Marathon Recovery");
  CHECK(settings.wifiPassphrase == "cold plunge 2026");
  CHECK(settings.wifiCountry == "DE");
  CHECK(settings.wifiHidden);
  CHECK(settings.wifiConfigured());
}

TEST_CASE("single-quoted passphrase is taken literally", "[network][config]") {
  // The form the example config suggests for passphrases with " or \.
  NetworkSettings settings =
      readText("[network]\nwifi_ssid = 'Race'\nwifi_passphrase = 'my\"pass\\word'\nwifi_country = 'DE'\n");
  CHECK(settings.wifiPassphrase == "my\"pass\\word");
}

TEST_CASE("no network section means no wifi", "[network][config]") {
  CHECK_FALSE(readText("[unit]\nid = \"booth-1\"\n").wifiConfigured());
  CHECK_FALSE(readText("[network]\nwifi_ssid = \"\"\nwifi_country = \"\"\n").wifiConfigured());
  CHECK_FALSE(readText("[network]\nwifi_country = \"FR\"\n").wifiConfigured());
}

TEST_CASE("example config names no wifi", "[network][config]") {
  NetworkSettings settings = readNetworkSettings(toml::parse_file(CHILLNODE_ASSETS "/config/chillnode.toml"), "example");
  CHECK_FALSE(settings.wifiConfigured());
  CHECK_FALSE(settings.wifiHidden);
  CHECK(settings.wifiPassphrase.empty());
}

TEST_CASE("wpa psk matches wpa_passphrase", "[network]") {
  // Keys that wpa_passphrase 2.10 (Debian 12) prints for these SSIDs and passphrases.
  CHECK(deriveWpaPsk("password", "IEEE") == "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e");
  CHECK(deriveWpaPsk("ThisIsAPassword", "ThisIsASSID") ==
        "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af");
}

TEST_CASE("wpa_supplicant config for a normal network", "[network]") {
  // The psk is what `wpa_passphrase 'Marathon Recovery' 'cold plunge 2026'` prints.
  CHECK(renderWpaSupplicantConfig(wifi("Marathon Recovery")) ==
        "# Written at boot by `chillnode network render` from [network] in chillnode.toml.\n"
        "# Edit chillnode.toml on the boot partition instead: this file is made anew at each boot.\n"
        "ctrl_interface=/run/wpa_supplicant\n"
        "country=DE\n"
        "network={\n"
        "\tssid=\"Marathon Recovery\"\n"
        "\tkey_mgmt=WPA-PSK\n"
        "\tpsk=5146e8dd61db49356072d22099ef7cfb5c880ca82288cf2e13a4e3c1c99550b3\n"
        "}\n");
}

TEST_CASE("wpa_supplicant config never holds the passphrase", "[network]") {
  std::string text = renderWpaSupplicantConfig(wifi("Race", "pa\"ss#word \\ 1"));
  CHECK(text.find("pa\"ss") == std::string::npos);
  CHECK(text.find("\tpsk=" + deriveWpaPsk("pa\"ss#word \\ 1", "Race") + "\n") != std::string::npos);
}

TEST_CASE("wpa_supplicant config for open and hidden networks", "[network]") {
  NetworkSettings open = wifi("Free Race WiFi", "");
  std::string openText = renderWpaSupplicantConfig(open);
  CHECK(openText.find("\tkey_mgmt=NONE\n") != std::string::npos);
  CHECK(openText.find("psk=") == std::string::npos);
  CHECK(openText.find("scan_ssid") == std::string::npos);

  NetworkSettings hidden = wifi("Staff");
  hidden.wifiHidden = true;
  CHECK(renderWpaSupplicantConfig(hidden).find("\tssid=\"Staff\"\n\tscan_ssid=1\n\tkey_mgmt=WPA-PSK\n") !=
        std::string::npos);
}

TEST_CASE("64 hex digits are used as the psk", "[network]") {
  std::string key = "F42C6FC52DF0EBEF9EBB4B90B38A5F902E83FE1B135A70E23AED762E9710A12E";
  NetworkSettings settings = readText("[network]\nwifi_ssid = \"IEEE\"\nwifi_passphrase = \"" + key +
                                      "\"\nwifi_country = \"US\"\n");
  CHECK(renderWpaSupplicantConfig(settings).find(
            "\tpsk=f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e\n") != std::string::npos);
}

TEST_CASE("ssid quoting in wpa_supplicant config", "[network]") {
  // Printable ASCII goes in quotes, because wpa_supplicant reads quoted text with no escapes.
  CHECK(ssidLine(wifi("Race HQ 2")) == "ssid=\"Race HQ 2\"");
  CHECK(ssidLine(wifi(" padded ")) == "ssid=\" padded \"");
  CHECK(ssidLine(wifi("back\\slash\\")) == "ssid=\"back\\slash\\\"");
  CHECK(ssidLine(wifi("Booth #3")) == "ssid=\"Booth #3\"");
  CHECK(ssidLine(wifi("it's")) == "ssid=\"it's\"");
  // A double quote, UTF-8 and control characters go as hex bytes.
  CHECK(ssidLine(wifi("say \"hi\"")) == "ssid=7361792022686922");
  CHECK(ssidLine(wifi("Café")) == "ssid=436166c3a9");
  CHECK(ssidLine(wifi("Läufer 🏃")) == "ssid=4cc3a47566657220f09f8f83");
  CHECK(ssidLine(wifi("tab\there")) == "ssid=7461620968657265");
}

TEST_CASE("network limits accept their boundaries", "[network][config]") {
  std::string ssid32(32, 's');
  std::string eight(8, 'p');
  std::string sixtyThree(63, 'p');
  CHECK(readText("[network]\nwifi_ssid = \"" + ssid32 + "\"\nwifi_passphrase = \"" + eight +
                 "\"\nwifi_country = \"GB\"\n").wifiSsid == ssid32);
  CHECK(readText("[network]\nwifi_ssid = \"x\"\nwifi_passphrase = \"" + sixtyThree +
                 "\"\nwifi_country = \"GB\"\n").wifiPassphrase == sixtyThree);
  // Ten letters of two bytes and twelve of one make 32 bytes.
  std::string mixed = "ééééééééééaaaaaaaaaaaa";
  REQUIRE(mixed.size() == 32);
  CHECK(readText("[network]\nwifi_ssid = \"" + mixed + "\"\nwifi_country = \"FR\"\n").wifiSsid == mixed);
}

TEST_CASE("bad network values name the key", "[network][config][bad-input]") {
  struct Case {
    std::string section;
    std::string expected;
  };
  const std::string country = "wifi_country = \"DE\"\n";
  const std::vector<Case> cases = {
      {"wifi_ssid = \"" + std::string(33, 's') + "\"\n" + country,
       "config unit.toml: network.wifi_ssid is \"" + std::string(33, 's') +
           "\", which is 33 bytes long: an SSID has at most 32 bytes"},
      {"wifi_ssid = \"éééééééééééééééé1\"\n" + country, "network.wifi_ssid is \"éééééééééééééééé1\", which is 33 bytes long"},
      {"wifi_ssid = \"Race\"\nwifi_passphrase = \"1234567\"\n" + country,
       "config unit.toml: network.wifi_passphrase has 7 characters: a WPA passphrase has 8 to 63 characters"},
      {"wifi_ssid = \"Race\"\nwifi_passphrase = \"" + std::string(64, 'z') + "\"\n" + country,
       "network.wifi_passphrase has 64 characters: a WPA passphrase has 8 to 63 characters (or is the 64 hex digits"},
      {"wifi_ssid = \"Race\"\nwifi_passphrase = \"" + std::string(65, 'a') + "\"\n" + country,
       "network.wifi_passphrase has 65 characters"},
      {"wifi_ssid = \"Race\"\nwifi_passphrase = \"grüne Wiese\"\n" + country,
       "network.wifi_passphrase has a character that is not printable ASCII at byte 3: a WPA passphrase may use only "
       "ASCII letters"},
      {"wifi_ssid = \"Race\"\nwifi_passphrase = \"line\\nbreak12\"\n" + country,
       "network.wifi_passphrase has a character that is not printable ASCII at byte 5"},
      {"wifi_ssid = \"Race\"\nwifi_passphrase = 12345678\n" + country,
       "network.wifi_passphrase must be a string in quotes"},
      {"wifi_ssid = \"Race\"\nwifi_country = \"UK\"\n",
       "config unit.toml: network.wifi_country is \"UK\": use \"GB\" for the United Kingdom"},
      {"wifi_ssid = \"Race\"\nwifi_country = \"XX\"\n",
       "network.wifi_country is \"XX\", which is not an ISO 3166-1 country code: use the two-letter code of the "
       "country where the race runs, e.g. \"DE\""},
      {"wifi_ssid = \"Race\"\nwifi_country = \"DEU\"\n", "network.wifi_country is \"DEU\", which is not an ISO 3166-1"},
      {"wifi_ssid = \"Race\"\nwifi_country = \"D\"\n", "network.wifi_country is \"D\", which is not an ISO 3166-1"},
      {"wifi_ssid = \"Race\"\n", "network.wifi_country is missing: set the two-letter ISO 3166-1 code"},
      {"wifi_ssid = \"Race\"\nwifi_country = \"\"\n", "network.wifi_country is missing"},
      {"wifi_country = \"ZZ\"\n", "network.wifi_country is \"ZZ\""},
      {"wifi_passphrase = \"cold plunge\"\n", "network.wifi_passphrase is set but network.wifi_ssid is empty"},
      {"wifi_hidden = true\n", "network.wifi_hidden is true but network.wifi_ssid is empty"},
      {"wifi_hidden = \"yes\"\n", "network.wifi_hidden must be true or false"},
      {"wifi_ssid = 42\n", "network.wifi_ssid must be a string in quotes"},
      {"wifi_password = \"cold plunge\"\n", "network.wifi_password is not a known key: check its spelling"},
  };
  for (const Case& c : cases) {
    INFO(c.section);
    std::string message = errorFor("[network]\n" + c.section);
    CHECK_THAT(message, Catch::Contains(c.expected));
  }
  CHECK(errorFor("network = \"RaceNet\"\n") ==
        "config unit.toml: network must be a table: write [network] on a line of its own");
}

TEST_CASE("passphrase stays out of messages", "[network][config][bad-input]") {
  // Each passphrase below is rejected, and "Qz7" marks its text.
  for (const std::string& literal : {std::string("Qz7shrt"), "Qz7" + std::string(70, 'q'), std::string("Qz7geheim\\u0001wort"),
                                     std::string("Qz7grüne Wiese")}) {
    INFO(literal);
    std::string message =
        errorFor("[network]\nwifi_ssid = \"Race\"\nwifi_passphrase = \"" + literal + "\"\nwifi_country = \"DE\"\n");
    CHECK_THAT(message, Catch::Contains("network.wifi_passphrase"));
    CHECK(message.find("Qz7") == std::string::npos);
  }
}

TEST_CASE("kiosk starts with a bad network section", "[network][config]") {
  test::TempDir dir;
  std::string path = dir.file("unit.toml");
  std::ofstream(path) << "[unit]\nid = \"booth-3\"\n[network]\nwifi_ssid = \"" << std::string(40, 'x')
                      << "\"\nwifi_passphrase = \"short\"\nwifi_country = \"UK\"\nwifi_typo = 1\n";
  Config config = loadConfig(path);
  CHECK(config.unitId == "booth-3");
  // A misspelled section name is still an error, as for every other section.
  std::ofstream(path) << "[unit]\nid = \"booth-3\"\n[netwrok]\nwifi_ssid = \"Race\"\n";
  CHECK_THROWS_WITH(loadConfig(path), Catch::Contains("netwrok is not a known setting"));
}
