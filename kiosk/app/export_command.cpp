#include "app/export_command.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include <sodium.h>

#include "store/database.hpp"
#include "store/outbox.hpp"

namespace chillnode {

namespace {

class ExportError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

void appendCsvField(std::string& out, const std::string& value) {
  bool quote = value.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// Writes text to path + ".partial", flushes it to the drive, then renames it to path.
void writeWhole(const std::filesystem::path& path, const std::string& text) {
  std::string partial = path.string() + ".partial";
  int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw ExportError("cannot create " + partial + ": " + std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t written = ::write(fd, text.data() + done, text.size() - done);
    if (written < 0) {
      int error = errno;
      ::close(fd);
      throw ExportError("cannot write " + partial + ": " + std::strerror(error));
    }
    done += static_cast<std::size_t>(written);
  }
  if (::fsync(fd) != 0) {
    int error = errno;
    ::close(fd);
    throw ExportError("cannot flush " + partial + ": " + std::strerror(error));
  }
  ::close(fd);
  std::filesystem::rename(partial, path);
}

std::string sha256Hex(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string folderName(const std::string& unitId) {
  std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &parts);
  return "chillnode-" + unitId + "-" + stamp;
}

}  // namespace

std::string exportDatabase(const std::string& databasePath, const std::string& unitId, const std::string& directory) {
  try {
    if (!std::filesystem::is_directory(directory)) {
      throw ExportError("export folder " + directory + " does not exist: mount the drive or create the folder");
    }
    std::filesystem::path folder = std::filesystem::path(directory) / folderName(unitId);
    std::filesystem::create_directory(folder);
    Database db(databasePath);
    std::vector<std::string> tables;
    auto list = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    while (list.step()) tables.push_back(list.text(0));

    // One read transaction, so every table comes from the same moment.
    db.execute("BEGIN");
    std::string manifest = "file\trows\tsha256\n";
    for (const std::string& table : tables) {
      auto select = db.prepare("SELECT * FROM \"" + table + "\" ORDER BY rowid");
      std::string csv;
      for (int column = 0; column < select.columnCount(); ++column) {
        if (column > 0) csv += ',';
        appendCsvField(csv, select.columnName(column));
      }
      csv += "\r\n";
      std::int64_t rows = 0;
      while (select.step()) {
        for (int column = 0; column < select.columnCount(); ++column) {
          if (column > 0) csv += ',';
          appendCsvField(csv, select.text(column));
        }
        csv += "\r\n";
        ++rows;
      }
      writeWhole(folder / (table + ".csv"), csv);
      manifest += table + ".csv\t" + std::to_string(rows) + "\t" + sha256Hex(csv) + "\n";
    }
    db.execute("COMMIT");
    writeWhole(folder / "manifest.tsv", manifest);
    return folder.string();
  } catch (const StoreError& error) {
    throw ExportError(error.what());
  } catch (const std::filesystem::filesystem_error& error) {
    throw ExportError(error.what());
  }
}

int runExport(const Config& config, const std::string& directory) {
  try {
    std::printf("%s\n", exportDatabase(config.databasePath, config.unitId, directory).c_str());
    return 0;
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "chillnode: export failed: %s\n", error.what());
  }
  return 1;
}

int runReset(const Config& config, bool confirmed) {
  const std::string& path = config.databasePath;
  if (!std::filesystem::exists(path)) {
    std::fprintf(stderr, "chillnode: reset: database %s does not exist; nothing to reset\n", path.c_str());
    return 1;
  }
  try {
    std::int64_t pending = 0;
    std::int64_t quarantined = 0;
    {
      Database db(path);
      pending = countPendingOutbox(db);
      quarantined = countQuarantinedOutbox(db);
    }
    if (pending > 0 || quarantined > 0) {
      std::fprintf(stderr,
                   "chillnode: reset refused: %lld records are not yet acknowledged by HQ and %lld were set aside "
                   "by it; run chillnode sync --once when a network is there, or chillnode export to a USB drive "
                   "and hand it to race HQ, then ask HQ to acknowledge them\n",
                   static_cast<long long>(pending), static_cast<long long>(quarantined));
      return 1;
    }
    if (!confirmed) {
      std::printf("every record of %s reached HQ; run chillnode reset --yes to delete it\n", path.c_str());
      return 0;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    std::printf("deleted %s\n", path.c_str());
    return 0;
  } catch (const StoreError& error) {
    std::fprintf(stderr, "chillnode: reset failed: %s\n", error.what());
  } catch (const std::filesystem::filesystem_error& error) {
    std::fprintf(stderr, "chillnode: reset failed: %s\n", error.what());
  }
  return 1;
}

}  // namespace chillnode
