#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <sodium.h>

#include "app/key_file.hpp"
#include "platform/system_clock.hpp"
#include "process.hpp"
#include "temp_dir.hpp"
#include "store/voucher_store.hpp"

using chillnode::test::ProcessResult;
using chillnode::test::runProcess;
using namespace chillnode;
using chillnode::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string Binary = CHILLNODE_BINARY;

void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

const char* OffersToml = R"toml(
[[offers]]
id = "smoothie"
sponsor = "juice"
sponsor_name = "Fresh Juice Co."
title = "Free smoothie"
terms = "One per runner."
valid_until = 2099-12-31T18:00:00Z
stations = ["cryo"]
stock = 10

[[offers]]
id = "socks"
sponsor = "socks-co"
title = "Compression socks, 20% off"
valid_until = 2099-12-31T18:00:00Z
stations = ["cryo"]
stock = 10
)toml";

}  // namespace

TEST_CASE("keys generate writes a private key file once", "[cli][voucher]") {
  TempDir scratch;
  std::string key = scratch.file("booth.key");
  ProcessResult made = runProcess(Binary, {"keys", "generate", "--id", "booth-a", "--out", key});
  REQUIRE(made.exitCode == 0);
  CHECK(made.out.find("[[vouchers.public_keys]]\nid = \"booth-a\"\nkey = \"") != std::string::npos);
  struct stat info {};
  REQUIRE(stat(key.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  REQUIRE(sodium_init() >= 0);
  SigningKey read = readKeyFile(key);
  CHECK(read.keyId == "booth-a");
  // The sponsor units' lines carry the bib key, so they can check a runner's bib.
  std::string bibKeyLine = "\nbib_key = \"" + keyToText(read.bibKey.data(), read.bibKey.size()) + "\"\n";
  CHECK(made.out.find(bibKeyLine) != std::string::npos);
  CHECK(read.bibKey != BibKey{});

  ProcessResult again = runProcess(Binary, {"keys", "generate", "--id", "booth-b", "--out", key});
  CHECK(again.exitCode == 1);
  CHECK(again.err.find("already exists") != std::string::npos);
  CHECK(readKeyFile(key).keyId == "booth-a");
  CHECK(runProcess(Binary, {"keys", "generate", "--id", "two words", "--out", scratch.file("x.key")}).exitCode == 2);
}

TEST_CASE("a key file others can read is refused, by the kiosk too", "[cli][voucher][bad-input]") {
  TempDir scratch;
  std::string key = scratch.file("booth.key");
  REQUIRE(runProcess(Binary, {"keys", "generate", "--id", "booth-a", "--out", key}).exitCode == 0);
  fs::permissions(key, fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  REQUIRE(sodium_init() >= 0);
  CHECK_THROWS_WITH(readKeyFile(key), Catch::Contains("mode 0644") && Catch::Contains("chmod 600 " + key));

  std::string config = scratch.file("booth.toml");
  write(config, "[vouchers]\nsigning_key = \"" + key + "\"\n");
  ProcessResult kiosk = runProcess(Binary, {"--config", config, "--db", scratch.file("k.db"), "--window", "800x480"});
  CHECK(kiosk.exitCode == 1);
  CHECK(kiosk.err.find("chmod 600") != std::string::npos);

  // A key file whose public half belongs to another key is refused as well.
  std::string text;
  {
    std::ifstream in(key);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  SigningKey other = generateSigningKey("x");
  std::string otherPublic = keyToText(other.publicKey.data(), other.publicKey.size());
  std::size_t at = text.find("public_key = \"") + 14;
  text.replace(at, otherPublic.size(), otherPublic);
  std::string mixed = scratch.file("mixed.key");
  write(mixed, text);
  fs::permissions(mixed, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  CHECK_THROWS_WITH(readKeyFile(mixed), Catch::Contains("does not belong"));

  // A key file from before bib keys existed must be made again.
  std::string old = scratch.file("old.key");
  text.erase(text.find("bib_key = "));
  write(old, text);
  fs::permissions(old, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  CHECK_THROWS_WITH(readKeyFile(old), Catch::Contains("bib_key") && Catch::Contains("chillnode keys generate"));
}

TEST_CASE("a key file with a damaged seed is refused", "[cli][voucher][bad-input]") {
  TempDir scratch;
  std::string key = scratch.file("booth.key");
  REQUIRE(runProcess(Binary, {"keys", "generate", "--id", "booth-a", "--out", key}).exitCode == 0);
  std::string text;
  {
    std::ifstream in(key);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  // The first 10 Base64 digits of secret_key hold the seed's first bytes; the public half
  // that crypto_sign_ed25519_sk_to_pk copies stays intact.
  std::size_t at = text.find("secret_key = \"") + 14;
  std::string damage = text.compare(at, 10, "AAAAAAAAAA") == 0 ? "BBBBBBBBBB" : "AAAAAAAAAA";
  text.replace(at, 10, damage);
  write(key, text);
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);

  REQUIRE(sodium_init() >= 0);
  CHECK_THROWS_WITH(readKeyFile(key), Catch::Contains(key) && Catch::Contains("damaged") &&
                                          Catch::Contains("chillnode keys generate"));

  std::string config = scratch.file("booth.toml");
  write(config, "[vouchers]\nsigning_key = \"" + key + "\"\n");
  // A kiosk that accepted the key would quit at once by this script instead of running on.
  std::string script = scratch.file("quit.script");
  write(script, "quit\n");
  ProcessResult kiosk = runProcess(Binary, {"--config", config, "--db", scratch.file("k.db"), "--window", "800x480",
                                            "--autotest", script});
  CHECK(kiosk.exitCode == 1);
  CHECK(kiosk.err.find(key) != std::string::npos);
  CHECK(kiosk.err.find("damaged") != std::string::npos);
  CHECK(kiosk.err.find("chillnode keys generate") != std::string::npos);
}

TEST_CASE("redeem and report vouchers from the command line", "[cli][voucher]") {
  TempDir scratch;
  std::string key = scratch.file("booth.key");
  ProcessResult made = runProcess(Binary, {"keys", "generate", "--id", "booth-a", "--out", key});
  REQUIRE(made.exitCode == 0);
  std::string publicLines = made.out.substr(made.out.find("[[vouchers.public_keys]]"));

  // The booth issues two vouchers, as its sessions end.
  REQUIRE(sodium_init() >= 0);
  SigningKey signing = readKeyFile(key);
  std::string boothDb = scratch.file("booth.db");
  std::string boothConfig = scratch.file("booth.toml");
  write(boothConfig, "[vouchers]\nsigning_key = \"" + key + "\"\n" + OffersToml);
  Offer smoothie;
  smoothie.id = "smoothie";
  smoothie.sponsorId = "juice";
  smoothie.validUntil = 4'102'444'800;
  smoothie.stations = {"cryo"};
  smoothie.stock = 10;
  Offer socks = smoothie;
  socks.id = "socks";
  socks.sponsorId = "socks-co";
  std::string smoothieCode;
  std::string socksCode;
  {
    Database db(boothDb);
    VoucherStore store(db, "booth-1");
    Timestamp now = SystemClock().now();
    smoothieCode = store.issue("0042", "s1", "cryo", {smoothie}, signing, now)->code;
    socksCode = store.issue("0043", "s2", "cryo", {socks}, signing, now)->code;
  }

  std::string sponsorConfig = scratch.file("sponsor.toml");
  write(sponsorConfig, "[unit]\nid = \"juice-stall\"\nrole = \"sponsor\"\n[vouchers]\nsponsor = \"juice\"\n" + publicLines +
                           OffersToml);
  std::string sponsorDb = scratch.file("sponsor.db");
  auto redeem = [&](const std::string& code) {
    return runProcess(Binary, {"--config", sponsorConfig, "--db", sponsorDb, "redeem", code});
  };
  ProcessResult valid = redeem(smoothieCode);
  CHECK(valid.exitCode == 0);
  CHECK(valid.out.rfind("valid\tsmoothie\tFree smoothie", 0) == 0);
  ProcessResult used = redeem(smoothieCode);
  CHECK(used.exitCode == 5);
  CHECK(used.out.find("first redeemed at juice-stall") != std::string::npos);
  CHECK(redeem(socksCode).exitCode == 7);
  CHECK(redeem("CNV1:NOT A VOUCHER").exitCode == 8);
  CHECK(redeem(std::string(5000, 'Z')).exitCode == 8);
  Voucher expired;
  expired.id = makeVoucherId();
  expired.offerId = "smoothie";
  expired.unitId = "booth-1";
  expired.issuedAt = 1'600'000'000;
  expired.expiresAt = 1'600'086'400;
  CHECK(redeem(encodeVoucher(expired, signing)).exitCode == 6);

  // A booth is not a sponsor unit.
  ProcessResult booth = runProcess(Binary, {"--config", boothConfig, "--db", boothDb, "redeem", smoothieCode});
  CHECK(booth.exitCode == 1);
  CHECK(booth.err.find("unit.role") != std::string::npos);

  ProcessResult report =
      runProcess(Binary, {"--config", sponsorConfig, "--db", boothDb, "report", "vouchers", "--csv", sponsorDb});
  REQUIRE(report.exitCode == 0);
  CHECK(report.out.find("offer,issued,redeemed,redemption_rate_percent,median_minutes_to_redemption\n") == 0);
  CHECK(report.out.find("\nsmoothie,1,1,100.0,0.0\n") != std::string::npos);
  CHECK(report.out.find("\nsocks,1,0,0.0,\n") != std::string::npos);
  // A mistyped copy's path is reported and not created.
  std::string typo = scratch.file("typo-copy.db");
  ProcessResult missing = runProcess(Binary, {"--config", sponsorConfig, "--db", boothDb, "report", "vouchers", typo});
  CHECK(missing.exitCode == 1);
  CHECK(missing.err.find("typo-copy.db not found") != std::string::npos);
  CHECK_FALSE(fs::exists(typo));
}

TEST_CASE("redeem --bib checks the runner's bib", "[cli][voucher][bib-check]") {
  TempDir scratch;
  std::string key = scratch.file("booth.key");
  ProcessResult made = runProcess(Binary, {"keys", "generate", "--id", "booth-a", "--out", key});
  REQUIRE(made.exitCode == 0);
  std::string publicLines = made.out.substr(made.out.find("[[vouchers.public_keys]]"));
  REQUIRE(sodium_init() >= 0);
  SigningKey signing = readKeyFile(key);
  Offer smoothie;
  smoothie.id = "smoothie";
  smoothie.sponsorId = "juice";
  smoothie.validUntil = 4'102'444'800;
  smoothie.stations = {"cryo"};
  smoothie.stock = 10;
  std::string runnerCode;
  std::string friendCode;
  {
    Database db(scratch.file("booth.db"));
    VoucherStore store(db, "booth-1");
    Timestamp now = SystemClock().now();
    runnerCode = store.issue("0042", "s1", "cryo", {smoothie}, signing, now)->code;
    friendCode = store.issue("0043", "s2", "cryo", {smoothie}, signing, now)->code;
  }
  std::string sponsorConfig = scratch.file("sponsor.toml");
  write(sponsorConfig, "[unit]\nid = \"juice-stall\"\nrole = \"sponsor\"\n[vouchers]\nsponsor = \"juice\"\n" + publicLines +
                           OffersToml);
  std::string sponsorDb = scratch.file("sponsor.db");
  auto redeem = [&](const std::string& code, const std::string& bib) {
    return runProcess(Binary, {"--config", sponsorConfig, "--db", sponsorDb, "redeem", code, "--bib", bib});
  };

  // A bib code that contains no bib is rejected before the voucher is spent.
  ProcessResult noBib = redeem(runnerCode, "not a bib!");
  CHECK(noBib.exitCode == 2);
  CHECK(noBib.err.find("--bib contains no bib") != std::string::npos);

  ProcessResult same = redeem(runnerCode, "BIB:0042");
  CHECK(same.exitCode == 0);
  CHECK(same.out.rfind("valid\tsmoothie\t", 0) == 0);
  CHECK(same.out.find("\nbib_check\tsame_runner\n") != std::string::npos);

  // The runner of 0042 shows the voucher that 0043 earned: a friend's voucher.
  ProcessResult other = redeem(friendCode, "{\"bib\":\"0042\"}");
  CHECK(other.exitCode == 9);
  CHECK(other.out.rfind("valid\tsmoothie\t", 0) == 0);
  CHECK(other.out.find("\nbib_check\tdifferent_runner\n") != std::string::npos);

  // Only a voucher accepted now is checked.
  ProcessResult used = redeem(runnerCode, "0042");
  CHECK(used.exitCode == 5);
  CHECK(used.out.find("bib_check") == std::string::npos);

  Database db(sponsorDb);
  auto count = [&](const std::string& sql) {
    auto select = db.prepare(sql);
    select.step();
    return select.integer(0);
  };
  CHECK(count("SELECT count(*) FROM redemptions") == 3);
  CHECK(count("SELECT count(*) FROM bib_checks") == 2);
  CHECK(count("SELECT count(*) FROM bib_checks b JOIN redemptions r ON r.id = b.redemption_id"
              " WHERE b.matched = 0 AND r.result = 'valid'") == 1);
  CHECK(count("SELECT count(*) FROM outbox WHERE kind = 'bib_check'") == 2);
  // The bib is never stored at the sponsor unit.
  CHECK(count("SELECT count(*) FROM outbox WHERE body LIKE '%0042%' OR body LIKE '%0043%'") == 0);
}
