#pragma once
// The booth's voucher signing key file: a small TOML file that only its owner may read.
//
//   key_id = "booth-a"
//   secret_key = "BASE64"   # 64 bytes: libsodium's Ed25519 seed and public key
//   public_key = "BASE64"   # 32 bytes
//   bib_key = "BASE64"      # 16 random bytes that key the vouchers' bib hashes

#include <stdexcept>
#include <string>

#include "core/voucher.hpp"

namespace chillnode {

class KeyFileError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Writes a new key file with mode 0600. Refuses to replace an existing file, so a key
// that signed vouchers is never lost by accident. Throws KeyFileError naming the path.
void writeKeyFile(const std::string& path, const SigningKey& key);

// Reads a key file. Throws KeyFileError naming the path and the fix: for a file that
// group or others may read or write ("mode 0644: run chmod 600 FILE"), a missing or
// malformed key, or a damaged key pair: a seed (the secret key's first half) from which the
// stored secret key and public key do not follow.
SigningKey readKeyFile(const std::string& path);

// The lines a sponsor unit's config takes for this key:
//   [[vouchers.public_keys]] id = "booth-a" key = "BASE64" bib_key = "BASE64"  (as four lines)
// bib_key is a secret shared with the sponsor units. Anyone with it can test bibs against a
// voucher's bib hash.
std::string publicKeyConfigLines(const SigningKey& key);

}  // namespace chillnode
