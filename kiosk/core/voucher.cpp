#include "core/voucher.hpp"

#include <algorithm>
#include <stdexcept>

#include <sodium.h>

#include "core/base45.hpp"

namespace chillnode {

namespace {

// Version 1 hashed the bib with a fixed, public key; its vouchers no longer parse.
constexpr std::uint8_t FormatVersion = 2;
constexpr std::size_t SignatureBytes = crypto_sign_BYTES;

bool isIdCharacter(char c, bool allowDot) {
  bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return alnum || c == '-' || c == '_' || (allowDot && c == '.');
}

bool isValidId(std::string_view id, std::size_t maxLength, bool allowDot) {
  if (id.empty() || id.size() > maxLength) return false;
  for (char c : id) {
    if (!isIdCharacter(c, allowDot)) return false;
  }
  return true;
}

void putText(std::vector<std::uint8_t>& out, const std::string& text) {
  out.push_back(static_cast<std::uint8_t>(text.size()));
  out.insert(out.end(), text.begin(), text.end());
}

void putU32(std::vector<std::uint8_t>& out, std::int64_t value) {
  if (value < 0 || value > 0xFFFFFFFFLL) throw std::invalid_argument("voucher time out of range");
  auto v = static_cast<std::uint32_t>(value);
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(v >> shift));
}

// Reads the signed fields in order; every read fails once the bytes run out.
class Reader {
public:
  Reader(const std::vector<std::uint8_t>& bytes, std::size_t end) : m_bytes(bytes), m_end(end) {}

  bool byte(std::uint8_t& out) {
    if (m_at >= m_end) return false;
    out = m_bytes[m_at++];
    return true;
  }
  bool text(std::string& out, std::size_t maxLength, bool allowDot) {
    std::uint8_t length = 0;
    if (!byte(length) || length > maxLength || m_at + length > m_end) return false;
    out.assign(m_bytes.begin() + static_cast<std::ptrdiff_t>(m_at),
               m_bytes.begin() + static_cast<std::ptrdiff_t>(m_at + length));
    m_at += length;
    return isValidId(out, maxLength, allowDot);
  }
  template <std::size_t N>
  bool array(std::array<std::uint8_t, N>& out) {
    if (m_at + N > m_end) return false;
    std::copy_n(m_bytes.begin() + static_cast<std::ptrdiff_t>(m_at), N, out.begin());
    m_at += N;
    return true;
  }
  bool u32(std::int64_t& out) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      std::uint8_t b = 0;
      if (!byte(b)) return false;
      value = (value << 8) | b;
    }
    out = value;
    return true;
  }
  bool atEnd() const { return m_at == m_end; }

private:
  const std::vector<std::uint8_t>& m_bytes;
  std::size_t m_end;
  std::size_t m_at = 0;
};

std::vector<std::uint8_t> signedPart(const Voucher& voucher) {
  std::vector<std::uint8_t> out;
  out.push_back(FormatVersion);
  putText(out, voucher.keyId);
  out.insert(out.end(), voucher.id.begin(), voucher.id.end());
  putText(out, voucher.offerId);
  putText(out, voucher.unitId);
  putU32(out, voucher.issuedAt);
  putU32(out, voucher.expiresAt);
  out.insert(out.end(), voucher.bibHash.begin(), voucher.bibHash.end());
  return out;
}

}  // namespace

std::string voucherIdText(const VoucherId& id) {
  static constexpr char Hex[] = "0123456789abcdef";
  std::string text;
  for (std::uint8_t b : id) {
    text.push_back(Hex[b >> 4]);
    text.push_back(Hex[b & 15]);
  }
  return text;
}

VoucherId makeVoucherId() {
  VoucherId id{};
  randombytes_buf(id.data(), id.size());
  return id;
}

BibHash hashBib(std::string_view bib, const BibKey& bibKey) {
  std::string normalized(bib);
  for (char& c : normalized) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  BibHash hash{};
  crypto_generichash(hash.data(), hash.size(), reinterpret_cast<const unsigned char*>(normalized.data()),
                     normalized.size(), bibKey.data(), bibKey.size());
  return hash;
}

const VerifyKey* findVerifyKey(const std::vector<VerifyKey>& keys, std::string_view keyId) {
  for (const VerifyKey& key : keys) {
    if (key.keyId == keyId) return &key;
  }
  return nullptr;
}

SigningKey generateSigningKey(std::string keyId) {
  SigningKey key;
  key.keyId = std::move(keyId);
  crypto_sign_keypair(key.publicKey.data(), key.secretKey.data());
  randombytes_buf(key.bibKey.data(), key.bibKey.size());
  return key;
}

bool isValidVoucherKeyId(std::string_view id) {
  return isValidId(id, MaxVoucherKeyIdLength, false);
}

bool isValidOfferId(std::string_view id) {
  return isValidId(id, MaxOfferIdLength, false);
}

std::string encodeVoucher(Voucher voucher, const SigningKey& key) {
  voucher.keyId = key.keyId;
  if (!isValidVoucherKeyId(voucher.keyId)) throw std::invalid_argument("voucher key id is not valid");
  if (!isValidOfferId(voucher.offerId)) throw std::invalid_argument("voucher offer id is not valid");
  if (!isValidId(voucher.unitId, MaxVoucherUnitLength, true)) {
    throw std::invalid_argument("voucher unit id is not valid");
  }
  std::vector<std::uint8_t> bytes = signedPart(voucher);
  std::array<std::uint8_t, SignatureBytes> signature{};
  crypto_sign_detached(signature.data(), nullptr, bytes.data(), bytes.size(), key.secretKey.data());
  bytes.insert(bytes.end(), signature.begin(), signature.end());
  return std::string(VoucherPrefix) + encodeBase45(bytes);
}

std::string_view voucherProblemName(VoucherProblem problem) {
  switch (problem) {
    case VoucherProblem::None: return "valid";
    case VoucherProblem::Malformed: return "not a voucher";
    case VoucherProblem::UnknownKey: return "unknown key";
    case VoucherProblem::Forged: return "forged or altered";
    case VoucherProblem::Expired: return "expired";
  }
  return "not a voucher";
}

VoucherCheck checkVoucher(std::string_view text, const std::vector<VerifyKey>& keys, std::int64_t nowUnix) {
  VoucherCheck check;
  // A phone screen read by zxing gives the text exactly; anything longer is not ours.
  if (text.size() > 512 || text.substr(0, VoucherPrefix.size()) != VoucherPrefix) return check;
  std::optional<std::vector<std::uint8_t>> bytes = decodeBase45(text.substr(VoucherPrefix.size()));
  if (!bytes || bytes->size() <= SignatureBytes) return check;

  std::size_t signedEnd = bytes->size() - SignatureBytes;
  Reader reader(*bytes, signedEnd);
  Voucher voucher;
  std::uint8_t version = 0;
  bool parsed = reader.byte(version) && version == FormatVersion &&
                reader.text(voucher.keyId, MaxVoucherKeyIdLength, false) && reader.array(voucher.id) &&
                reader.text(voucher.offerId, MaxOfferIdLength, false) &&
                reader.text(voucher.unitId, MaxVoucherUnitLength, true) && reader.u32(voucher.issuedAt) &&
                reader.u32(voucher.expiresAt) && reader.array(voucher.bibHash) && reader.atEnd();
  if (!parsed) return check;
  check.voucher = voucher;

  const VerifyKey* key = findVerifyKey(keys, voucher.keyId);
  if (!key) {
    check.problem = VoucherProblem::UnknownKey;
    return check;
  }
  if (crypto_sign_verify_detached(bytes->data() + signedEnd, bytes->data(), signedEnd, key->publicKey.data()) != 0) {
    check.problem = VoucherProblem::Forged;
    return check;
  }
  check.problem = nowUnix > voucher.expiresAt ? VoucherProblem::Expired : VoucherProblem::None;
  return check;
}

std::string keyToText(const std::uint8_t* bytes, std::size_t size) {
  std::string text(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(text.data(), text.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
  text.resize(text.find('\0'));
  return text;
}

bool keyFromText(std::string_view text, std::uint8_t* bytes, std::size_t size) {
  std::size_t written = 0;
  const char* end = nullptr;
  int status = sodium_base642bin(bytes, size, text.data(), text.size(), nullptr, &written, &end,
                                 sodium_base64_VARIANT_ORIGINAL);
  return status == 0 && written == size && end == text.data() + text.size();
}

}  // namespace chillnode
