// chillnode: the recovery-booth kiosk and its command-line tools.

#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <sodium.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/doctor_command.hpp"
#include "app/export_command.hpp"
#include "app/config.hpp"
#include "app/file_modes.hpp"
#include "app/kiosk_app.hpp"
#include "app/network_command.hpp"
#include "app/pin_command.hpp"
#include "app/purge_command.hpp"
#include "app/sync_commands.hpp"
#include "app/voucher_commands.hpp"

namespace {

void setUpLogging() {
  // OpenCV's own warnings (a file it cannot decode, a backend it tried) repeat the kiosk's
  // messages in another format. Its errors still show.
  cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR);
  auto logger = spdlog::stderr_color_mt("chillnode");
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ [%t] %v");
  spdlog::set_default_logger(logger);
  if (const char* level = std::getenv("CHILLNODE_LOG_LEVEL")) {
    spdlog::set_level(spdlog::level::from_str(level));
  }
}

bool parseWindowSize(const std::string& text, int& width, int& height) {
  return std::sscanf(text.c_str(), "%dx%d", &width, &height) == 2 && width >= 320 && height >= 240 &&
         width <= 7680 && height <= 7680;
}

}  // namespace

int main(int argc, char** argv) {
  // Options shared by the kiosk and every subcommand.
  CLI::App app("Chill Node recovery-booth kiosk. With no subcommand, runs the kiosk.", "chillnode");
  app.set_version_flag("--version", "chillnode " CHILLNODE_VERSION);
  std::string configPath;
  std::string dbPath;
  app.add_option("--config", configPath, "TOML config file; every setting has a default");
  app.add_option("--db", dbPath, "SQLite database file, overriding database.path in the config");

  // The kiosk's own options (for the demo and the end-to-end tests).
  std::string window;
  chillnode::KioskOptions kiosk;
  app.add_option("--window", window, "run in a window of WIDTHxHEIGHT pixels instead of fullscreen");
  app.add_option("--autotest", kiosk.autotestScript, "run a script of injected touches (end-to-end tests)");
  app.add_option("--screenshots", kiosk.screenshotDir, "folder for the autotest script's screenshots");
  app.add_flag("--frame-stats", kiosk.frameStats, "log how long frames take to draw, every 10 s (benchmarks)");

  auto* roster = app.add_subcommand("roster", "manage the participant roster");
  roster->require_subcommand(1);
  auto* rosterImport = roster->add_subcommand("import", "import a participant CSV; updates runners by bib");
  std::string csvPath;
  rosterImport->add_option("FILE", csvPath, "CSV export from the registration system")->required();

  auto* scan = app.add_subcommand("scan", "decode the QR codes in images or video files");
  std::vector<std::string> scanPaths;
  scan->add_option("FILE", scanPaths, "image or video files")->required();

  auto* checkin = app.add_subcommand("checkin", "run one check-in without a screen");
  std::string payload;
  bool keypad = false;
  checkin->add_option("PAYLOAD", payload, "QR code text or bib")->required();
  checkin->add_flag("--keypad", keypad, "record the check-in as typed on the keypad instead of scanned");

  auto* pin = app.add_subcommand("pin", "manage the staff PIN");
  pin->require_subcommand(1);
  auto* pinSet = pin->add_subcommand("set", "hash a new staff PIN read twice from standard input");
  pinSet->add_option("--config", configPath,
                     "also write staff.pin_hash into this TOML config (created when missing)");
  std::string staffId;
  pinSet->add_option("--staff", staffId,
                     "set the PIN of this [[staff.members]] id instead of the shared staff.pin_hash; "
                     "with --config, adds the member when missing");

  auto* keys = app.add_subcommand("keys", "manage voucher signing keys");
  keys->require_subcommand(1);
  auto* keysGenerate = keys->add_subcommand("generate", "write a new signing key file and print its public key");
  std::string keyId;
  std::string keyPath;
  keysGenerate->add_option("--id", keyId, "key id printed in every voucher, e.g. booth-2026a")->required();
  keysGenerate->add_option("--out", keyPath, "the key file to create (mode 0600)")->required();

  auto* redeem = app.add_subcommand("redeem", "redeem one voucher as this sponsor unit, without a screen");
  std::string voucherText;
  redeem->add_option("PAYLOAD", voucherText, "the voucher's QR text")->required();
  std::optional<std::string> redeemBib;
  redeem->add_option("--bib", redeemBib,
                     "the runner's bib code (as its QR code reads): after a valid voucher, check that it is theirs");

  auto* report = app.add_subcommand("report", "print reports");
  report->require_subcommand(1);
  auto* reportVouchers = report->add_subcommand("vouchers", "issued and redeemed vouchers per offer");
  bool csv = false;
  std::vector<std::string> moreDatabases;
  reportVouchers->add_flag("--csv", csv, "print CSV");
  reportVouchers->add_option("DATABASE", moreDatabases, "databases copied from other units, counted too");

  auto* exportCommand = app.add_subcommand("export", "write every table as CSV with a manifest, for a USB drive");
  std::string exportDir;
  exportCommand->add_option("DIR", exportDir, "folder to write into, e.g. the mounted drive")->required();

  auto* hq = app.add_subcommand("hq", "print SQL for the race HQ database");
  hq->require_subcommand(1);
  auto* hqSchema = hq->add_subcommand("schema", "print the HQ schema: events table, roles, security, views");
  auto* hqAddUnit = hq->add_subcommand("add-unit", "print the statements that create one unit's HQ login role");
  std::string unitName;
  bool passwordPlaceholder = false;
  hqAddUnit->add_option("NAME", unitName, "the unit's id (unit.id in its config)")->required();
  hqAddUnit->add_flag("--password-placeholder", passwordPlaceholder,
                      "use the psql variable :'password' instead of a generated password");

  auto* sync = app.add_subcommand("sync", "send the outbox to HQ; runs until stopped unless --once");
  bool syncOnce = false;
  sync->add_flag("--once", syncOnce, "send what is pending, print how many rows went, and exit");

  auto* reset = app.add_subcommand("reset", "delete the unit's database once HQ has every record");
  bool resetConfirmed = false;
  reset->add_flag("--yes", resetConfirmed, "really delete it");

  auto* purge = app.add_subcommand("purge", "remove runners' names, contact details, bibs and answers "
                                             "recorded before a day, keeping anonymous counts");
  std::string purgeBefore;
  bool keepUnsent = false;
  purge->add_option("--before", purgeBefore, "YYYY-MM-DD: records made before 00:00 UTC of this day")->required();
  purge->add_flag("--keep-unsent", keepUnsent,
                  "purge even when outbox records not yet acknowledged by HQ hold personal data, and keep those");

  auto* network = app.add_subcommand("network", "write the operating system's Wi-Fi settings from [network]");
  network->require_subcommand(1);
  auto* networkRender = network->add_subcommand(
      "render", "write DIR/wpa_supplicant.conf (mode 0600) from [network]; remove it when no Wi-Fi is set");
  std::string networkDir;
  networkRender->add_option("--out", networkDir, "folder to write into, e.g. /run/chillnode-network")->required();

  app.add_subcommand("doctor", "check config, database, camera, audio, disk, clock, Wi-Fi settings and HQ; exit 1 "
                               "when something a race needs is missing");

  CLI11_PARSE(app, argc, argv);

  // Configuration and logging, then the requested command.
  setUpLogging();
  if (sodium_init() < 0) {
    std::fprintf(stderr, "chillnode: libsodium failed to initialise\n");
    return 1;
  }
  // Runs before the config is loaded, because it may create the config file.
  if (*pinSet) return chillnode::runPinSet(configPath, staffId);
  if (*hqSchema) return chillnode::runHqSchema();
  if (*hqAddUnit) return chillnode::runHqAddUnit(unitName, passwordPlaceholder);
  if (*keysGenerate) return chillnode::runKeysGenerate(keyId, keyPath);

  // Runs before the config is loaded, because an invalid config is one of its findings.
  if (app.got_subcommand("doctor")) return chillnode::runDoctor(configPath, dbPath);
  // Reads only [network], so a mistake elsewhere in the config does not cost the unit its Wi-Fi.
  if (*networkRender) return chillnode::runNetworkRender(configPath, networkDir);

  chillnode::Config config;
  try {
    config = configPath.empty() ? chillnode::defaultConfig() : chillnode::loadConfig(configPath);
  } catch (const chillnode::ConfigError& error) {
    std::fprintf(stderr, "chillnode: %s\n", error.what());
    return 1;
  }
  if (!dbPath.empty()) config.databasePath = dbPath;
  if (std::optional<std::string> problem = chillnode::checkSecretFileModes(configPath, config)) {
    std::fprintf(stderr, "chillnode: %s\n", problem->c_str());
    return 1;
  }

  if (*rosterImport) return chillnode::runRosterImport(config, csvPath);
  if (*scan) return chillnode::runScan(scanPaths);
  if (*checkin) return chillnode::runCheckIn(config, payload, keypad);
  if (*exportCommand) return chillnode::runExport(config, exportDir);
  if (*reset) return chillnode::runReset(config, resetConfirmed);
  if (*purge) return chillnode::runPurge(config, purgeBefore, keepUnsent);
  if (*redeem) return chillnode::runRedeem(config, voucherText, redeemBib);
  if (*reportVouchers) return chillnode::runVoucherReport(config, moreDatabases, csv);
  if (*sync) return syncOnce ? chillnode::runSyncOnce(config) : chillnode::runSyncForever(config);

  if (!window.empty()) {
    if (!parseWindowSize(window, config.width, config.height)) {
      std::fprintf(stderr, "chillnode: --window %s is invalid: use WIDTHxHEIGHT, e.g. 800x480\n", window.c_str());
      return 1;
    }
    config.fullscreen = false;
  }
  return chillnode::runKiosk(config, kiosk);
}
