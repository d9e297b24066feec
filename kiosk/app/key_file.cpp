#include "app/key_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <sodium.h>
#include <toml++/toml.h>

#include "app/file_modes.hpp"

namespace chillnode {

namespace {

// Derives the key pair again from the seed, the first half of the secret key. The second
// half is only a copy of the public key, so comparing it alone would accept a damaged seed,
// and the booth would then sign vouchers that no sponsor unit accepts.
void checkKeyPair(const std::string& path, const SigningKey& key) {
  std::array<std::uint8_t, crypto_sign_SEEDBYTES> seed{};
  SecretKeyBytes derivedSecret{};
  PublicKeyBytes derivedPublic{};
  crypto_sign_ed25519_sk_to_seed(seed.data(), key.secretKey.data());
  crypto_sign_seed_keypair(derivedPublic.data(), derivedSecret.data(), seed.data());
  bool secretMatches = sodium_memcmp(derivedSecret.data(), key.secretKey.data(), derivedSecret.size()) == 0;
  sodium_memzero(seed.data(), seed.size());
  sodium_memzero(derivedSecret.data(), derivedSecret.size());
  if (!secretMatches) {
    throw KeyFileError("key file " + path + " is damaged: its secret_key is not a valid Ed25519 key; make a new "
                       "one with chillnode keys generate");
  }
  if (derivedPublic != key.publicKey) {
    throw KeyFileError("key file " + path + " is damaged: its public_key does not belong to its secret_key; make "
                       "a new one with chillnode keys generate");
  }
}

}  // namespace

void writeKeyFile(const std::string& path, const SigningKey& key) {
  std::string text = "# Chill Node voucher signing key. Keep it secret: anyone with this file can make vouchers.\n"
                     "key_id = \"" + key.keyId + "\"\n" +
                     "secret_key = \"" + keyToText(key.secretKey.data(), key.secretKey.size()) + "\"\n" +
                     "public_key = \"" + keyToText(key.publicKey.data(), key.publicKey.size()) + "\"\n" +
                     "bib_key = \"" + keyToText(key.bibKey.data(), key.bibKey.size()) + "\"\n";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::string reason = errno == EEXIST ? "it already exists; choose another path or move the old key away"
                                         : std::strerror(errno);
    throw KeyFileError("cannot write key file " + path + ": " + reason);
  }
  // The umask may have narrowed the mode, never widened it; make it exactly 0600.
  fchmod(fd, 0600);
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!written) {
    ::unlink(path.c_str());
    throw KeyFileError("cannot write key file " + path + ": " + std::strerror(errno));
  }
}

SigningKey readKeyFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw KeyFileError("cannot read key file " + path + ": " + std::strerror(errno));
  }
  if ((info.st_mode & 077) != 0) {
    throw KeyFileError("key file " + path + " has mode " + modeText(info.st_mode) +
                       ", so other users can read it: run chmod 600 " + path);
  }
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    throw KeyFileError("key file " + path + " is not a key file: " + std::string(error.description()));
  }
  SigningKey key;
  key.keyId = table["key_id"].value_or(std::string());
  std::string secret = table["secret_key"].value_or(std::string());
  std::string publicKey = table["public_key"].value_or(std::string());
  std::string bibKey = table["bib_key"].value_or(std::string());
  bool ok = isValidVoucherKeyId(key.keyId) && keyFromText(secret, key.secretKey.data(), key.secretKey.size()) &&
            keyFromText(publicKey, key.publicKey.data(), key.publicKey.size()) &&
            keyFromText(bibKey, key.bibKey.data(), key.bibKey.size());
  sodium_memzero(secret.data(), secret.size());
  sodium_memzero(bibKey.data(), bibKey.size());
  if (!ok) {
    throw KeyFileError("key file " + path + " lacks a valid key_id, secret_key, public_key or bib_key: make a new "
                       "one with chillnode keys generate");
  }
  checkKeyPair(path, key);
  return key;
}

std::string publicKeyConfigLines(const SigningKey& key) {
  return "[[vouchers.public_keys]]\nid = \"" + key.keyId + "\"\nkey = \"" +
         keyToText(key.publicKey.data(), key.publicKey.size()) + "\"\nbib_key = \"" +
         keyToText(key.bibKey.data(), key.bibKey.size()) + "\"\n";
}

}  // namespace chillnode
