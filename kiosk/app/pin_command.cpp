#include "app/pin_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

#include <sodium.h>
#include <toml++/toml.h>

#include "app/config_rewrite.hpp"
#include "core/staff_auth.hpp"

namespace chillnode {

namespace {

constexpr int ExitFailed = 1;
constexpr int ExitRejected = 2;

termios g_savedTerminal{};

// Restores echo before the default action of SIGINT or SIGTERM ends the process, so Ctrl-C
// at the prompt does not leave the shell without echo. tcsetattr is async-signal-safe.
extern "C" void restoreTerminalAndExit(int signal) {
  ::tcsetattr(STDIN_FILENO, TCSANOW, &g_savedTerminal);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

// Turns off echo on the terminal at standard input for its lifetime.
class EchoOff {
public:
  EchoOff() {
    if (::tcgetattr(STDIN_FILENO, &g_savedTerminal) != 0) return;
    std::signal(SIGINT, restoreTerminalAndExit);
    std::signal(SIGTERM, restoreTerminalAndExit);
    termios quiet = g_savedTerminal;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    m_active = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (!m_active) return;
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_savedTerminal);
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

private:
  bool m_active = false;
};

void wipe(std::string& secret) {
  if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

// Reads one line, prompting without echo on a terminal. Returns nullopt at end of input.
std::optional<std::string> readPinLine(const char* prompt) {
  bool terminal = ::isatty(STDIN_FILENO) == 1;
  std::string line;
  bool read = false;
  if (terminal) {
    std::fprintf(stderr, "%s", prompt);
    std::fflush(stderr);
    EchoOff echoOff;
    read = static_cast<bool>(std::getline(std::cin, line));
    std::fprintf(stderr, "\n");
  } else {
    read = static_cast<bool>(std::getline(std::cin, line));
  }
  if (!read) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Returns the PIN typed twice, or nullopt after printing why it was rejected.
std::optional<std::string> readNewPin() {
  const std::string prompt = "New staff PIN (" + std::to_string(MinPinLength) + " to " +
                             std::to_string(MaxPinLength) + " digits): ";
  std::optional<std::string> pin = readPinLine(prompt.c_str());
  if (!pin) {
    std::fprintf(stderr, "chillnode: standard input ended before the PIN. Nothing was changed.\n");
    return std::nullopt;
  }
  if (PinProblem problem = checkPin(*pin); problem != PinProblem::None) {
    wipe(*pin);
    std::fprintf(stderr, "chillnode: %s. Nothing was changed.\n", describePinProblem(problem).c_str());
    return std::nullopt;
  }
  std::optional<std::string> repeat = readPinLine("Repeat the PIN: ");
  bool same = repeat && *repeat == *pin;
  if (repeat) wipe(*repeat);
  if (!same) {
    wipe(*pin);
    std::fprintf(stderr, "chillnode: %s. Nothing was changed.\n",
                 repeat ? "the two PINs differ" : "standard input ended before the repeated PIN");
    return std::nullopt;
  }
  return pin;
}

// Returns the file's text, or an empty string when it does not exist yet.
std::string readConfigText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    if (::access(path.c_str(), F_OK) != 0) return "";
    throw std::runtime_error("cannot read " + path);
  }
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

toml::table parseConfigText(const std::string& text, const std::string& path) {
  try {
    return toml::parse(text, path);
  } catch (const toml::parse_error& error) {
    throw std::runtime_error("config " + path + " line " + std::to_string(error.source().begin.line) + ": " +
                             std::string(error.description()) + ". Fix it first");
  }
}

// Returns the id of another staff member in the config whose hash matches pin, or nullopt.
// Hashes that are missing or malformed are skipped, because loading the config reports them.
std::optional<std::string> findOtherMemberWithPin(const toml::table& table, const std::string& pin,
                                                  const std::string& staffId) {
  std::vector<std::pair<std::string, std::string>> others;  // id, hash
  if (auto hash = table.at_path("staff.pin_hash").value<std::string>()) others.emplace_back(SharedPinStaffId, *hash);
  if (const toml::array* members = table.at_path("staff.members").as_array()) {
    for (const toml::node& node : *members) {
      const toml::table* member = node.as_table();
      if (!member) continue;
      auto id = member->at_path("id").value<std::string>();
      auto hash = member->at_path("pin_hash").value<std::string>();
      if (id && hash) others.emplace_back(*id, *hash);
    }
  }
  for (const auto& [id, hash] : others) {
    if (id != staffId && verifyPin(pin, hash) == PinVerdict::Match) return id;
  }
  return std::nullopt;
}

// Reads the file again, since it may have changed while the PIN was typed, and edits it.
void setPinHashInFile(const std::string& path, const std::string& staffId, const std::string& hash) {
  std::string text = readConfigText(path);
  static_cast<void>(parseConfigText(text, path));
  bool shared = staffId == SharedPinStaffId;
  std::optional<std::string> edited = shared ? withPinHash(text, hash) : withMemberPinHash(text, staffId, hash);
  if (!edited) {
    throw std::runtime_error(shared ? "cannot place staff.pin_hash in " + path +
                                          " automatically, for example because [staff] is an inline table"
                                    : "cannot place the pin_hash of staff member " + staffId + " in " + path +
                                          " automatically, for example because staff.members is an inline array");
  }
  writeFileAtomically(path, *edited);
}

void printHashLine(const std::string& staffId, const std::string& hash) {
  if (staffId == SharedPinStaffId) {
    std::printf("staff.pin_hash = \"%s\"\n", hash.c_str());
  } else {
    std::printf("[[staff.members]]\nid = \"%s\"\npin_hash = \"%s\"\n", staffId.c_str(), hash.c_str());
  }
  std::fflush(stdout);
}

}  // namespace

int runPinSet(const std::string& configPath, const std::string& staffOption) {
  std::string staffId = staffOption.empty() ? std::string(SharedPinStaffId) : staffOption;
  if (!isValidStaffId(staffId)) {
    std::fprintf(stderr, "chillnode: --staff must be 1 to %zu letters, digits, '.', '_' or '-', such as maria. "
                         "Nothing was changed.\n", MaxStaffIdLength);
    return ExitRejected;
  }
  // The config is read first, so a broken one stops the command before anyone types a PIN,
  // and the new PIN can be compared with the other members' PINs.
  toml::table table;
  try {
    if (!configPath.empty()) table = parseConfigText(readConfigText(configPath), configPath);
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "chillnode: %s. The config was not changed.\n", error.what());
    return ExitFailed;
  }

  std::optional<std::string> pin = readNewPin();
  if (!pin) return ExitRejected;
  // One PIN must sign in one member, or the staff screen could record the wrong person.
  if (std::optional<std::string> other = findOtherMemberWithPin(table, *pin, staffId)) {
    wipe(*pin);
    std::fprintf(stderr, "chillnode: staff member %s already has this PIN: choose another. Nothing was changed.\n",
                 other->c_str());
    return ExitRejected;
  }
  std::optional<std::string> hash = hashPin(*pin);
  wipe(*pin);
  if (!hash) {
    std::fprintf(stderr, "chillnode: hashing the PIN failed, most likely because %zu MiB of memory "
                         "could not be allocated. Nothing was changed.\n", PinHashMemLimit >> 20);
    return ExitFailed;
  }
  printHashLine(staffId, *hash);
  if (configPath.empty()) {
    if (staffId == SharedPinStaffId) {
      std::fprintf(stderr, "chillnode: paste the line above near the top of the config, before "
                           "any [table] header, or run again with --config FILE\n");
    } else {
      std::fprintf(stderr, "chillnode: paste the lines above at the end of the config, add name = \"...\" "
                           "to show a name on the staff screen, or run again with --config FILE\n");
    }
    return 0;
  }

  try {
    setPinHashInFile(configPath, staffId, *hash);
  } catch (const std::runtime_error& error) {
    std::fprintf(stderr, "chillnode: %s. The config was not changed: paste the line above into "
                         "it by hand.\n", error.what());
    return ExitFailed;
  }
  if (staffId == SharedPinStaffId) {
    std::fprintf(stderr, "chillnode: set staff.pin_hash in %s\n", configPath.c_str());
  } else {
    std::fprintf(stderr, "chillnode: set the pin_hash of staff member %s in %s\n", staffId.c_str(),
                 configPath.c_str());
  }
  return 0;
}

}  // namespace chillnode
