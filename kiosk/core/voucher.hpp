#pragma once
// Sponsor vouchers: what one holds, its signed binary form, and its text for a QR code.
//
// Text form: "CNV1:" followed by Base45 of
//   version (1) | key id (length + ASCII) | voucher id (16 bytes) | offer id (length + ASCII)
//   | issuing unit (length + ASCII) | issued at (u32 Unix s) | expires at (u32 Unix s)
//   | bib hash (8 bytes) | Ed25519 signature (64 bytes) over every byte before it.
// The bib hash is keyed with the signing key's secret bib key (version 2), because bibs are
// few enough that an unkeyed hash is reversed by trying them all.
// Every character is in QR alphanumeric mode, so a voucher of about 130 bytes fits a
// version 10 code that a phone camera reads at arm's length. libsodium must be initialized.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chillnode {

constexpr std::string_view VoucherPrefix = "CNV1:";
constexpr std::size_t VoucherIdBytes = 16;
constexpr std::size_t BibHashBytes = 8;
constexpr std::size_t BibKeyBytes = 16;  // crypto_generichash_KEYBYTES_MIN
constexpr std::size_t MaxVoucherKeyIdLength = 16;
constexpr std::size_t MaxOfferIdLength = 32;
constexpr std::size_t MaxVoucherUnitLength = 64;

using VoucherId = std::array<std::uint8_t, VoucherIdBytes>;
using BibHash = std::array<std::uint8_t, BibHashBytes>;
using BibKey = std::array<std::uint8_t, BibKeyBytes>;
using PublicKeyBytes = std::array<std::uint8_t, 32>;
using SecretKeyBytes = std::array<std::uint8_t, 64>;

struct Voucher {
  VoucherId id{};
  std::string keyId;    // which signing key; sponsor units look the public key up by it
  std::string offerId;
  std::string unitId;   // the booth that issued it
  std::int64_t issuedAt = 0;   // Unix seconds by the booth's wall clock
  std::int64_t expiresAt = 0;  // Unix seconds
  BibHash bibHash{};

  bool operator==(const Voucher&) const = default;
};

// 32 lower-case hex digits; staff find a voucher in a report by its first 8.
std::string voucherIdText(const VoucherId& id);
VoucherId makeVoucherId();

// Hashes a bib for a voucher: BLAKE2b (crypto_generichash) keyed with the signing key's bib
// key, over the bib with its ASCII letters in upper case, as BibPayloadParser returns bibs.
// Only holders of the bib key (the booth and the sponsor units) can test a bib against it.
BibHash hashBib(std::string_view bib, const BibKey& bibKey);

struct SigningKey {
  std::string keyId;
  SecretKeyBytes secretKey{};
  PublicKeyBytes publicKey{};
  BibKey bibKey{};  // random secret that keys the bib hashes of this key's vouchers
};

struct VerifyKey {
  std::string keyId;
  PublicKeyBytes publicKey{};
  BibKey bibKey{};  // the signing key's bib key, for the sponsor unit's bib check
};

// The key with this id, or null.
const VerifyKey* findVerifyKey(const std::vector<VerifyKey>& keys, std::string_view keyId);

// A new random Ed25519 key pair and bib key with this id.
SigningKey generateSigningKey(std::string keyId);

// Key ids: 1 to MaxVoucherKeyIdLength of [A-Za-z0-9_-]. Offer ids the same up to
// MaxOfferIdLength; unit ids up to MaxVoucherUnitLength and '.'.
bool isValidVoucherKeyId(std::string_view id);
bool isValidOfferId(std::string_view id);

// Signs and encodes a voucher as its QR text. The voucher's keyId is set from the key.
// Throws std::invalid_argument for an id or unit that breaks the rules above, or times
// outside 0..2^32-1.
std::string encodeVoucher(Voucher voucher, const SigningKey& key);

enum class VoucherProblem {
  None,
  Malformed,   // not a voucher: wrong prefix, not Base45, wrong layout or version
  UnknownKey,  // signed with a key this unit does not list
  Forged,      // the signature does not match: altered, or signed by another key
  Expired,
};

std::string_view voucherProblemName(VoucherProblem problem);

struct VoucherCheck {
  VoucherProblem problem = VoucherProblem::Malformed;
  std::optional<Voucher> voucher;  // set once the layout parsed, even when a later check failed
};

// Decodes the text and checks, in order: layout, key, signature, expiry against nowUnix.
// Sponsor and single use are the redeeming unit's checks, against its offers and ledger.
VoucherCheck checkVoucher(std::string_view text, const std::vector<VerifyKey>& keys, std::int64_t nowUnix);

// Base64 (libsodium's original variant) of key bytes, as key files and configs hold them.
std::string keyToText(const std::uint8_t* bytes, std::size_t size);
// Returns false when the text is not Base64 of exactly size bytes.
bool keyFromText(std::string_view text, std::uint8_t* bytes, std::size_t size);

}  // namespace chillnode
