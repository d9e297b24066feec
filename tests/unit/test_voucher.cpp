#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>

#include <sodium.h>

#include "core/base45.hpp"
#include "core/voucher.hpp"

using namespace chillnode;

namespace {

std::vector<std::uint8_t> bytesOf(std::string_view text) {
  return {text.begin(), text.end()};
}

constexpr std::int64_t IssuedAt = 1'800'000'000;  // 2027-01-15

Voucher sampleVoucher() {
  Voucher voucher;
  voucher.id = makeVoucherId();
  voucher.offerId = "smoothie-26";
  voucher.unitId = "booth-1";
  voucher.issuedAt = IssuedAt;
  voucher.expiresAt = IssuedAt + 7 * 86'400;
  voucher.bibHash = hashBib("0042", BibKey{});
  return voucher;
}

struct Keys {
  SigningKey booth = generateSigningKey("booth-a");
  SigningKey other = generateSigningKey("booth-b");
  std::vector<VerifyKey> known() const {
    return {{booth.keyId, booth.publicKey}, {other.keyId, other.publicKey}};
  }
};

}  // namespace

TEST_CASE("base45 matches the RFC 9285 examples", "[voucher][base45]") {
  CHECK(encodeBase45(bytesOf("AB")) == "BB8");
  CHECK(encodeBase45(bytesOf("Hello!!")) == "%69 VD92EX0");
  CHECK(encodeBase45(bytesOf("base-45")) == "UJCLQE7W581");
  CHECK(encodeBase45(bytesOf("ietf!")) == "QED8WEX0");
  CHECK(decodeBase45("QED8WEX0") == bytesOf("ietf!"));
  CHECK(decodeBase45("") == std::vector<std::uint8_t>{});
}

TEST_CASE("base45 refuses what is not base45", "[voucher][base45][bad-input]") {
  CHECK_FALSE(decodeBase45("GGW"));      // 65536 does not fit two bytes
  CHECK_FALSE(decodeBase45("QED8WEX"));  // one character left over
  CHECK_FALSE(decodeBase45("qed"));      // lower case is outside the alphabet
  CHECK_FALSE(decodeBase45("AB\n"));
}

TEST_CASE("base45 round trips every byte value", "[voucher][base45]") {
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<std::uint8_t>(255 - i));
  for (std::size_t length : {0u, 1u, 2u, 3u, 255u, 256u}) {
    std::vector<std::uint8_t> part(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
    CHECK(decodeBase45(encodeBase45(part)) == part);
  }
}

TEST_CASE("a signed voucher verifies and reads back", "[voucher]") {
  REQUIRE(sodium_init() >= 0);
  Keys keys;
  Voucher voucher = sampleVoucher();
  std::string text = encodeVoucher(voucher, keys.booth);
  CHECK(text.rfind("CNV1:", 0) == 0);
  // QR alphanumeric mode only, and small enough for a version 10 code at level M (213).
  CHECK(text.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:") == std::string::npos);
  CHECK(text.size() <= 213);

  VoucherCheck check = checkVoucher(text, keys.known(), IssuedAt + 60);
  CHECK(check.problem == VoucherProblem::None);
  REQUIRE(check.voucher);
  voucher.keyId = "booth-a";
  CHECK(*check.voucher == voucher);
}

TEST_CASE("flipping any bit of a voucher is caught", "[voucher][bad-input]") {
  REQUIRE(sodium_init() >= 0);
  Keys keys;
  std::string text = encodeVoucher(sampleVoucher(), keys.booth);
  std::vector<std::uint8_t> bytes = *decodeBase45(text.substr(VoucherPrefix.size()));
  int checked = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<std::uint8_t> altered = bytes;
      altered[i] ^= static_cast<std::uint8_t>(1u << bit);
      std::string forged = std::string(VoucherPrefix) + encodeBase45(altered);
      VoucherProblem problem = checkVoucher(forged, keys.known(), IssuedAt).problem;
      INFO("byte " << i << " bit " << bit);
      CHECK(problem != VoucherProblem::None);
      CHECK(problem != VoucherProblem::Expired);
      ++checked;
    }
  }
  CHECK(checked == static_cast<int>(bytes.size()) * 8);
}

TEST_CASE("a version 1 voucher no longer parses", "[voucher][bad-input]") {
  REQUIRE(sodium_init() >= 0);
  Keys keys;
  std::string text = encodeVoucher(sampleVoucher(), keys.booth);
  std::vector<std::uint8_t> bytes = *decodeBase45(text.substr(VoucherPrefix.size()));
  REQUIRE(bytes[0] == 2);
  // Version 1 with a genuine signature: its bib hash used the fixed key, so it is refused.
  bytes[0] = 1;
  std::size_t signedEnd = bytes.size() - crypto_sign_BYTES;
  crypto_sign_detached(bytes.data() + signedEnd, nullptr, bytes.data(), signedEnd, keys.booth.secretKey.data());
  std::string old = std::string(VoucherPrefix) + encodeBase45(bytes);
  CHECK(checkVoucher(old, keys.known(), IssuedAt).problem == VoucherProblem::Malformed);
}

TEST_CASE("each way a voucher goes wrong has its own reason", "[voucher][bad-input]") {
  REQUIRE(sodium_init() >= 0);
  Keys keys;
  Voucher voucher = sampleVoucher();
  std::string text = encodeVoucher(voucher, keys.booth);

  SECTION("a key the unit does not list") {
    SigningKey stranger = generateSigningKey("stranger");
    CHECK(checkVoucher(encodeVoucher(voucher, stranger), keys.known(), IssuedAt).problem ==
          VoucherProblem::UnknownKey);
    CHECK(checkVoucher(text, {}, IssuedAt).problem == VoucherProblem::UnknownKey);
  }
  SECTION("the key id swapped for another known key") {
    // Signed by booth-a, then relabelled booth-b: the signature no longer matches.
    std::vector<std::uint8_t> bytes = *decodeBase45(text.substr(VoucherPrefix.size()));
    REQUIRE(bytes[8] == 'a');  // version, length 7, "booth-a"
    bytes[8] = 'b';
    std::string swapped = std::string(VoucherPrefix) + encodeBase45(bytes);
    CHECK(checkVoucher(swapped, keys.known(), IssuedAt).problem == VoucherProblem::Forged);
  }
  SECTION("a key with the right id but the wrong public key") {
    std::vector<VerifyKey> wrong = {{"booth-a", keys.other.publicKey}};
    CHECK(checkVoucher(text, wrong, IssuedAt).problem == VoucherProblem::Forged);
  }
  SECTION("expired one second after its expiry") {
    CHECK(checkVoucher(text, keys.known(), voucher.expiresAt).problem == VoucherProblem::None);
    CHECK(checkVoucher(text, keys.known(), voucher.expiresAt + 1).problem == VoucherProblem::Expired);
  }
  SECTION("junk and huge payloads") {
    for (std::string junk : {std::string(""), std::string("CNV1:"), std::string("CNV1:AB"), std::string("0042"),
                             std::string("https://example.org/?bib=42"), std::string(100'000, 'A'),
                             "CNV1:" + std::string(400, '0'), "cnv1:" + text.substr(5)}) {
      CHECK(checkVoucher(junk, keys.known(), IssuedAt).problem == VoucherProblem::Malformed);
    }
  }
}

TEST_CASE("bib hashes differ by bib and hide it", "[voucher]") {
  REQUIRE(sodium_init() >= 0);
  Keys keys;
  const BibKey& bibKey = keys.booth.bibKey;
  CHECK(hashBib("0042", bibKey) == hashBib("0042", bibKey));
  CHECK(hashBib("0042", bibKey) != hashBib("42", bibKey));
  CHECK(hashBib("a-17", bibKey) == hashBib("A-17", bibKey));
  std::string text = encodeVoucher(sampleVoucher(), keys.booth);
  CHECK(text.find("0042") == std::string::npos);
}

TEST_CASE("bib hashes differ under another bib key", "[voucher]") {
  REQUIRE(sodium_init() >= 0);
  Keys keys;
  REQUIRE(keys.booth.bibKey != keys.other.bibKey);
  CHECK(hashBib("0042", keys.booth.bibKey) != hashBib("0042", keys.other.bibKey));
  CHECK(hashBib("7522", keys.booth.bibKey) != hashBib("7522", keys.other.bibKey));
}

namespace {

// The bib hash of format version 1: BLAKE2b keyed with a fixed string printed in the source.
BibHash hashBibWithFixedKey(std::string_view bib) {
  constexpr std::string_view FixedKey = "chillnode voucher bib hash v1";
  BibHash hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(bib.data()), bib.size(),
                     reinterpret_cast<const unsigned char*>(FixedKey.data()), FixedKey.size());
  return hash;
}

// Tries every bib from 0 to 99999, with and without leading zeros, as someone holding a
// photo of a voucher would. Returns the bib whose hash matches, if any.
std::optional<std::string> searchBibs(const BibHash& target) {
  for (int number = 0; number <= 99'999; ++number) {
    std::string plain = std::to_string(number);
    std::string padded = std::string(5 - std::min<std::size_t>(5, plain.size()), '0') + plain;
    for (const std::string& bib : {plain, padded}) {
      if (hashBibWithFixedKey(bib) == target) return bib;
    }
  }
  return std::nullopt;
}

}  // namespace

TEST_CASE("bib search with the fixed key finds nothing", "[voucher][privacy]") {
  REQUIRE(sodium_init() >= 0);
  // The search finds a bib that was hashed the old way, so a miss below means something.
  CHECK(searchBibs(hashBibWithFixedKey("7522")) == std::optional<std::string>("7522"));

  Keys keys;
  Voucher voucher = sampleVoucher();
  voucher.bibHash = hashBib("7522", keys.booth.bibKey);
  VoucherCheck check = checkVoucher(encodeVoucher(voucher, keys.booth), keys.known(), IssuedAt);
  REQUIRE(check.problem == VoucherProblem::None);
  REQUIRE(check.voucher);
  CHECK_FALSE(searchBibs(check.voucher->bibHash));
}

TEST_CASE("encoding refuses ids a sponsor unit could not read", "[voucher][bad-input]") {
  REQUIRE(sodium_init() >= 0);
  Keys keys;
  Voucher voucher = sampleVoucher();
  voucher.offerId = "two words";
  CHECK_THROWS_AS(encodeVoucher(voucher, keys.booth), std::invalid_argument);
  voucher = sampleVoucher();
  voucher.expiresAt = -1;
  CHECK_THROWS_AS(encodeVoucher(voucher, keys.booth), std::invalid_argument);
  SigningKey badId = generateSigningKey("key id with spaces");
  CHECK_THROWS_AS(encodeVoucher(sampleVoucher(), badId), std::invalid_argument);
}

TEST_CASE("keys round trip through their text form", "[voucher]") {
  REQUIRE(sodium_init() >= 0);
  SigningKey key = generateSigningKey("k1");
  std::string text = keyToText(key.publicKey.data(), key.publicKey.size());
  PublicKeyBytes back{};
  REQUIRE(keyFromText(text, back.data(), back.size()));
  CHECK(back == key.publicKey);
  CHECK_FALSE(keyFromText(text + "A", back.data(), back.size()));
  CHECK_FALSE(keyFromText("not base64!", back.data(), back.size()));
  CHECK_FALSE(keyFromText(text.substr(0, 20), back.data(), back.size()));
}
