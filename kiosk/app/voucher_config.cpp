#include "app/voucher_config.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>

#include "app/config.hpp"
#include "app/table_reader.hpp"

namespace chillnode {

namespace {

constexpr std::size_t MaxOfferText = 200;
constexpr std::uint32_t MaxLogoSide = 1024;

void readText(const TableReader& reader, std::string_view name, std::string& out, std::size_t maxLength,
              bool required) {
  if (!reader.text(name, out) && required) reader.fail(name, "is missing");
  if (required && out.empty()) reader.fail(name, "must not be empty");
  if (out.size() > maxLength) reader.fail(name, "must be at most " + std::to_string(maxLength) + " characters");
}

// A TOML date-time with a zone offset, as Unix seconds.
std::int64_t readInstant(const TableReader& reader, std::string_view name) {
  const toml::node* node = reader.find(name);
  if (!node) reader.fail(name, "is missing: give a date and time such as 2026-10-12T18:00:00+02:00");
  auto value = node->value_exact<toml::date_time>();
  if (!value || !value->offset) {
    reader.fail(name, "must be a date and time with its zone, such as 2026-10-12T18:00:00+02:00");
  }
  using namespace std::chrono;
  sys_days day = year{value->date.year} / month{value->date.month} / std::chrono::day{value->date.day};
  std::int64_t seconds = duration_cast<std::chrono::seconds>(day.time_since_epoch()).count() +
                         value->time.hour * 3600 + value->time.minute * 60 + value->time.second -
                         value->offset->minutes * 60;
  if (seconds < 0 || seconds > 0xFFFFFFFFLL) reader.fail(name, "must be between 1970 and 2106");
  return seconds;
}

std::vector<std::string> readStationList(const TableReader& reader, const std::vector<std::string>& stationIds) {
  const toml::node* node = reader.find("stations");
  if (!node) reader.fail("stations", "is missing: list the station type ids whose sessions earn the offer");
  const toml::array* list = node->as_array();
  std::vector<std::string> stations;
  if (!list || list->empty()) reader.fail("stations", "must be a list of station type ids, such as [\"cryo\"]");
  for (const toml::node& item : *list) {
    auto id = item.value_exact<std::string>();
    if (!id) reader.fail("stations", "must be a list of station type ids in quotes");
    if (std::find(stationIds.begin(), stationIds.end(), *id) == stationIds.end()) {
      reader.fail("stations", "names \"" + id->substr(0, 40) + "\", which is not a configured station type");
    }
    stations.push_back(*id);
  }
  return stations;
}

Offer readOffer(const TableReader& reader, const std::vector<std::string>& stationIds) {
  reader.rejectUnknownKeys({"id", "sponsor", "sponsor_name", "title", "terms", "valid_until", "stations",
                            "per_runner", "stock", "logo"});
  Offer offer;
  readText(reader, "id", offer.id, MaxOfferIdLength, true);
  if (!isValidOfferId(offer.id)) reader.fail("id", "is \"" + offer.id + "\": use letters, digits, '-' or '_'");
  readText(reader, "sponsor", offer.sponsorId, MaxOfferIdLength, true);
  if (!isValidOfferId(offer.sponsorId)) {
    reader.fail("sponsor", "is \"" + offer.sponsorId + "\": use letters, digits, '-' or '_'");
  }
  offer.sponsorName = offer.sponsorId;
  readText(reader, "sponsor_name", offer.sponsorName, 60, false);
  readText(reader, "title", offer.title, 60, true);
  readText(reader, "terms", offer.terms, MaxOfferText, false);
  offer.validUntil = readInstant(reader, "valid_until");
  offer.stations = readStationList(reader, stationIds);
  std::int64_t perRunner = 1;
  std::int64_t stock = 0;
  reader.integer("per_runner", perRunner, 1, 100);
  if (!reader.integer("stock", stock, 0, 1'000'000)) reader.fail("stock", "is missing: how many vouchers in all");
  offer.perRunner = static_cast<int>(perRunner);
  offer.stock = static_cast<int>(stock);
  if (reader.text("logo", offer.logoPath) && !offer.logoPath.empty()) {
    // The header alone gives the size, so a small file that decodes to gigabytes of pixels
    // is refused before the kiosk decodes it.
    std::ifstream logo(offer.logoPath, std::ios::binary);
    unsigned char header[24] = {};
    if (!logo.read(reinterpret_cast<char*>(header), sizeof header) ||
        std::string_view(reinterpret_cast<char*>(header) + 1, 3) != "PNG") {
      reader.fail("logo", "is \"" + offer.logoPath + "\", which is not a readable PNG file");
    }
    auto be32 = [&](int at) {
      return (std::uint32_t{header[at]} << 24) | (std::uint32_t{header[at + 1]} << 16) |
             (std::uint32_t{header[at + 2]} << 8) | std::uint32_t{header[at + 3]};
    };
    std::uint32_t width = be32(16);
    std::uint32_t height = be32(20);
    if (width == 0 || height == 0 || width > MaxLogoSide || height > MaxLogoSide) {
      reader.fail("logo", "is \"" + offer.logoPath + "\", " + std::to_string(width) + "x" + std::to_string(height) +
                              " pixels: use a PNG of at most " + std::to_string(MaxLogoSide) + " pixels a side");
    }
  }
  return offer;
}

template <typename Each>
void forEachTable(const toml::node* node, const std::string& path, const std::string& file, Each each) {
  if (!node) return;
  const toml::array* list = node->as_array();
  if (!list || !list->is_array_of_tables()) {
    throw ConfigError("config " + file + ": " + path + " must be a list of [[" + path + "]] tables");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    each(TableReader(*list->get(i)->as_table(), path + "[" + std::to_string(i) + "]", file));
  }
}

}  // namespace

VoucherConfig readVoucherConfig(const toml::table& table, const std::string& file,
                                const std::vector<std::string>& stationIds) {
  VoucherConfig config;
  auto fail = [&](const std::string& key, const std::string& rule) {
    throw ConfigError("config " + file + ": " + key + " " + rule);
  };
  if (const toml::node* role = table.at_path("unit.role").node()) {
    auto name = role->value_exact<std::string>();
    if (name == "booth") config.role = UnitRole::Booth;
    else if (name == "sponsor") config.role = UnitRole::Sponsor;
    else fail("unit.role", "must be \"booth\" or \"sponsor\"");
  }

  std::set<std::string> offerIds;
  forEachTable(table.get("offers"), "offers", file, [&](const TableReader& reader) {
    Offer offer = readOffer(reader, stationIds);
    if (!offerIds.insert(offer.id).second) reader.fail("id", "is \"" + offer.id + "\", which another offer has");
    config.offers.push_back(std::move(offer));
  });

  const toml::node* section = table.get("vouchers");
  if (section && !section->is_table()) fail("vouchers", "must be a table");
  if (section) {
    TableReader reader(*section->as_table(), "vouchers", file);
    reader.rejectUnknownKeys({"signing_key", "sponsor", "public_keys"});
    reader.text("signing_key", config.signingKeyFile);
    reader.text("sponsor", config.sponsorId);
    std::set<std::string> keyIds;
    forEachTable(section->as_table()->get("public_keys"), "vouchers.public_keys", file, [&](const TableReader& key) {
      key.rejectUnknownKeys({"id", "key", "bib_key"});
      VerifyKey verify;
      std::string text;
      if (!key.text("id", verify.keyId) || !isValidVoucherKeyId(verify.keyId)) {
        key.fail("id", "must be the key id that `chillnode keys generate` printed");
      }
      if (!key.text("key", text) || !keyFromText(text, verify.publicKey.data(), verify.publicKey.size())) {
        key.fail("key", "must be the public key that `chillnode keys generate` printed");
      }
      if (!key.text("bib_key", text) || !keyFromText(text, verify.bibKey.data(), verify.bibKey.size())) {
        key.fail("bib_key", "must be the bib_key that `chillnode keys generate` printed with the key");
      }
      if (!keyIds.insert(verify.keyId).second) key.fail("id", "is \"" + verify.keyId + "\", listed twice");
      config.publicKeys.push_back(verify);
    });
  }
  if (config.role == UnitRole::Sponsor) {
    if (config.sponsorId.empty()) fail("vouchers.sponsor", "is missing: a sponsor unit must name its sponsor");
    if (config.publicKeys.empty()) {
      fail("vouchers.public_keys", "is missing: a sponsor unit needs the booths' public keys");
    }
  }
  return config;
}

}  // namespace chillnode
