// chillnode-hqtest: helpers for the HQ sync tests and the sync benchmark. It makes records
// with a unit clock that can be set wrong, syncs with that clock, runs a cutting TCP proxy,
// signs test vouchers, and measures a backlog drain.

#include <malloc.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include "app/key_file.hpp"
#include "core/voucher.hpp"
#include "platform/system_clock.hpp"
#include "store/checkin_store.hpp"
#include "store/outbox.hpp"
#include "store/roster_store.hpp"
#include "store/time_anchor_store.hpp"
#include "sync/outbox_sender.hpp"
#include "sync/sync_worker.hpp"
#include "tcp_proxy.hpp"

using namespace chillnode;

namespace {

// The unit clock as a test sets it: the real boot id and monotonic time, with the wall
// clock moved by an offset and, optionally, reported unsynchronized.
struct TestClock {
  SystemClock system;
  std::int64_t wallOffsetMs = 0;
  bool unsynced = false;

  Timestamp now() const {
    Timestamp at = system.now();
    at.wallMs += wallOffsetMs;
    if (unsynced) at.wallSynced = false;
    return at;
  }
};

int freePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    std::perror("free-port");
    return 1;
  }
  std::printf("%d\n", ntohs(address.sin_port));
  close(fd);
  return 0;
}

// Imports runners B1..Bcount once, then checks each in: one outbox row per check-in.
int makeRecords(const std::string& path, const std::string& unit, int count, int pauseMs, const TestClock& clock) {
  Database db(path);
  if (countRunners(db) < count) {
    std::vector<Runner> runners;
    for (int i = 1; i <= count; ++i) {
      Runner runner;
      runner.bib = "B" + std::to_string(i);
      runner.firstName = "Runner";
      runners.push_back(runner);
    }
    importRunners(db, runners);
  }
  BibPayloadParser parser;
  CheckInStore store(db, unit, parser);
  for (int i = 1; i <= count; ++i) {
    CheckInResult result = store.checkIn("B" + std::to_string(i), CheckInMethod::Keypad, clock.now());
    if (!result.stored) {
      std::fprintf(stderr, "make-records: check-in %d not stored\n", i);
      return 1;
    }
    if (pauseMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(pauseMs));
  }
  return 0;
}

int syncOnce(const std::string& path, const std::string& unit, const HqSettings& settings, const TestClock& clock) {
  Database db(path);
  recordKernelAnchorIfDue(db, unit, clock.now());
  HqConnection hq;
  OutboxSender sender(db, hq, settings, unit, [&clock] { return clock.now(); });
  SendReport report = sender.sendPending([] { return false; });
  std::printf("%lld rows sent to HQ (%lld quarantined, %lld pending)\n", static_cast<long long>(report.acknowledged),
              static_cast<long long>(report.quarantined), static_cast<long long>(countPendingOutbox(db)));
  if (report.error) {
    std::fprintf(stderr, "sync-once: %s\n", report.error->c_str());
    return 1;
  }
  return 0;
}

// Sends every outbox row again, sent or not, in the sync's own statements, as a unit would
// after losing the replies to all of them. Prints how many rows HQ took as new.
int resendAll(const std::string& path, const std::string& unit, const HqSettings& settings) {
  Database db(path);
  std::vector<OutboxRow> rows;
  auto select = db.prepare(
      "SELECT seq, event_id, kind, schema_version, boot_id, mono_ms, wall_ms, wall_synced, body FROM outbox"
      " WHERE quarantined_at_ms IS NULL ORDER BY seq");
  while (select.step()) {
    OutboxRow row;
    row.seq = select.integer(0);
    row.eventId = select.text(1);
    row.kind = select.text(2);
    row.schemaVersion = select.integer(3);
    row.bootId = select.text(4);
    row.monoMs = select.integer(5);
    row.wallMs = select.integer(6);
    row.wallSynced = select.integer(7) != 0;
    row.body = select.text(8);
    rows.push_back(std::move(row));
  }

  HqConnection hq;
  if (std::optional<std::string> error = hq.connect(settings, std::chrono::seconds(15))) {
    std::fprintf(stderr, "resend-all: %s\n", error->c_str());
    return 1;
  }

  std::string epoch = readUnitEpoch(db);
  std::size_t batch = static_cast<std::size_t>(std::max(1, settings.batchSize));
  std::int64_t inserted = 0;
  for (std::size_t begin = 0; begin < rows.size(); begin += batch) {
    std::size_t end = std::min(rows.size(), begin + batch);
    HqReply reply = hq.execute(buildInsertSql(end - begin), buildInsertParameters(rows, begin, end, unit, epoch),
                               std::chrono::seconds(60));
    if (reply.status != HqReply::Status::Ok) {
      std::fprintf(stderr, "resend-all: %s\n", reply.message.c_str());
      return 1;
    }
    inserted += reply.rowsAffected;
  }
  std::printf("%zu rows sent again, %lld new at HQ\n", rows.size(), static_cast<long long>(inserted));
  return 0;
}

int makeVoucher(const std::string& keyPath, const std::string& offer, const std::string& unit) {
  SigningKey key = readKeyFile(keyPath);
  Voucher voucher;
  voucher.id = makeVoucherId();
  voucher.offerId = offer;
  voucher.unitId = unit;
  voucher.issuedAt = std::time(nullptr);
  voucher.expiresAt = voucher.issuedAt + 7 * 24 * 3600;
  voucher.bibHash = hashBib("B1", key.bibKey);
  std::printf("%s\n", encodeVoucher(voucher, key).c_str());
  return 0;
}

std::int64_t statusKb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stoll(line.substr(std::string(field).size()));
  }
  return -1;
}

// Drains the backlog with the real sync thread and prints time, rate and memory. Heap in
// use is sampled every millisecond, and the peak above the baseline is the sync thread's.
int benchDrain(const std::string& path, const std::string& unit, const HqSettings& settings) {
  std::int64_t backlog = 0;
  {
    Database db(path);
    backlog = countPendingOutbox(db);
  }
  SystemClock clock;
  malloc_trim(0);
  std::int64_t baselineHeap = static_cast<std::int64_t>(mallinfo2().uordblks);
  std::int64_t baselineRssKb = statusKb("VmRSS:");
  std::atomic<std::int64_t> peakHeap{baselineHeap};
  std::atomic<std::int64_t> peakRssKb{baselineRssKb};
  std::atomic<bool> sampling{true};
  std::thread sampler([&] {
    while (sampling) {
      peakHeap = std::max<std::int64_t>(peakHeap, static_cast<std::int64_t>(mallinfo2().uordblks));
      peakRssKb = std::max(peakRssKb.load(), statusKb("VmRSS:"));
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  });

  auto start = std::chrono::steady_clock::now();
  SyncWorker worker(path, unit, settings, [&clock] { return clock.now(); });
  worker.start();
  SyncStatus status;
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    status = worker.status();
    if (status.sentSinceStart > 0 && status.pending == 0) break;
    if (status.failuresInARow > 0) {
      std::fprintf(stderr, "bench: sync failed: %s\n", status.lastError.c_str());
      break;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  worker.stop();
  sampling = false;
  sampler.join();
  std::printf("backlog %lld rows, sent %lld (including time anchors) in %.2f s: %.0f rows/s\n",
              static_cast<long long>(backlog), static_cast<long long>(status.sentSinceStart), seconds,
              static_cast<double>(status.sentSinceStart) / seconds);
  std::printf("peak heap in use above baseline: %.1f MiB; peak RSS %.1f MiB (baseline %.1f MiB)\n",
              static_cast<double>(peakHeap - baselineHeap) / 1048576.0, static_cast<double>(peakRssKb) / 1024.0,
              static_cast<double>(baselineRssKb) / 1024.0);
  return status.pending == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("Helpers for the Chill Node HQ sync tests and benchmark", "chillnode-hqtest");
  app.require_subcommand(1);
  TestClock clock;
  HqSettings settings;
  settings.sslMode = "disable";
  std::string path;
  std::string unit;
  auto addClock = [&](CLI::App* command) {
    command->add_option("--wall-offset-ms", clock.wallOffsetMs, "move the unit's wall clock by this much");
    command->add_flag("--unsynced", clock.unsynced, "report the wall clock unsynchronized");
  };
  auto addHq = [&](CLI::App* command) {
    command->add_option("URL", settings.url, "libpq connection string")->required();
    command->add_option("--batch", settings.batchSize, "rows per INSERT");
  };

  auto* port = app.add_subcommand("free-port", "print a free TCP port on 127.0.0.1");

  auto* records = app.add_subcommand("make-records", "check in runners B1..BCOUNT, one outbox row each");
  int count = 0;
  int pauseMs = 0;
  records->add_option("DB", path)->required();
  records->add_option("UNIT", unit)->required();
  records->add_option("COUNT", count)->required();
  records->add_option("--pause-ms", pauseMs, "wait between check-ins");
  addClock(records);

  auto* once = app.add_subcommand("sync-once", "send every pending row with the test clock");
  once->add_option("DB", path)->required();
  once->add_option("UNIT", unit)->required();
  addHq(once);
  addClock(once);

  auto* bench = app.add_subcommand("bench-drain", "drain the backlog with the sync thread and measure it");
  bench->add_option("DB", path)->required();
  bench->add_option("UNIT", unit)->required();
  addHq(bench);

  auto* resend = app.add_subcommand("resend-all", "send every outbox row again, sent or not");
  resend->add_option("DB", path)->required();
  resend->add_option("UNIT", unit)->required();
  addHq(resend);

  auto* voucher = app.add_subcommand("make-voucher", "print a voucher code signed with a key file");
  std::string keyPath;
  std::string offer;
  voucher->add_option("KEYFILE", keyPath)->required();
  voucher->add_option("OFFER", offer)->required();
  voucher->add_option("ISSUING_UNIT", unit)->required();

  auto* proxy = app.add_subcommand("proxy", "forward 127.0.0.1:LISTEN to 127.0.0.1:TARGET; SIGUSR1 cuts");
  chillnode::test::ProxyOptions proxyOptions;
  proxy->add_option("LISTEN", proxyOptions.listenPort)->required();
  proxy->add_option("TARGET", proxyOptions.targetPort)->required();
  proxy->add_option("--cut-min-ms", proxyOptions.cutMinMs, "random cuts: shortest time between two");
  proxy->add_option("--cut-max-ms", proxyOptions.cutMaxMs, "random cuts: longest time between two");
  proxy->add_option("--seed", proxyOptions.seed, "seed of the random cut times");

  CLI11_PARSE(app, argc, argv);
  if (sodium_init() < 0) return 1;
  spdlog::set_level(spdlog::level::warn);
  try {
    if (*port) return freePort();
    if (*records) return makeRecords(path, unit, count, pauseMs, clock);
    if (*once) return syncOnce(path, unit, settings, clock);
    if (*bench) return benchDrain(path, unit, settings);
    if (*resend) return resendAll(path, unit, settings);
    if (*voucher) return makeVoucher(keyPath, offer, unit);
    if (*proxy) return chillnode::test::runProxy(proxyOptions);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "chillnode-hqtest: %s\n", error.what());
    return 1;
  }
  return 2;
}
