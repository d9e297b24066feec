// Fuzz target: the voucher decoder and verifier, against a fixed test key. Junk must be
// rejected without a crash, and whatever passes every check must be exactly the text the
// booth would print for that voucher: no second spelling of a valid voucher exists.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>

#include "core/voucher.hpp"

namespace {

// The key the seed corpus was signed with. A fixed seed makes it the same in every run.
chillnode::SigningKey testKey() {
  chillnode::SigningKey key;
  key.keyId = "fuzz";
  std::uint8_t seed[crypto_sign_SEEDBYTES];
  for (std::size_t i = 0; i < sizeof seed; ++i) seed[i] = static_cast<std::uint8_t>(i * 7 + 1);
  crypto_sign_seed_keypair(key.publicKey.data(), key.secretKey.data(), seed);
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool ready = sodium_init() >= 0;
  static const chillnode::SigningKey key = testKey();
  static const std::vector<chillnode::VerifyKey> keys{{key.keyId, key.publicKey}, {"other", {}}};
  if (!ready) std::abort();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // Issued in 2026, so the corpus's vouchers have not expired at this fixed time.
  chillnode::VoucherCheck check = chillnode::checkVoucher(text, keys, 1'790'000'000);
  if (check.problem == chillnode::VoucherProblem::None) {
    if (!check.voucher) std::abort();
    if (chillnode::encodeVoucher(*check.voucher, key) != text) std::abort();
  }
  return 0;
}
