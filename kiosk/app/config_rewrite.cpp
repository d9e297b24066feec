#include "app/config_rewrite.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <regex>
#include <stdexcept>
#include <vector>

#include <spdlog/spdlog.h>
#include <toml++/toml.h>

namespace chillnode {

namespace {

namespace fs = std::filesystem;

// Splits text into lines without their '\n'. The '\r' of a CRLF line end stays on the line.
std::vector<std::string> splitLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Joins with '\n' and ends the last line too, so a file without a final newline gains one.
std::string joinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

bool isBlank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

struct PinHashPlace {
  std::optional<std::size_t> keyLine;      // a line that sets the key now
  std::optional<std::size_t> staffHeader;  // the [staff] header line
  std::size_t firstHeader = 0;             // the first table header, or the line count
};

// Finds the key as `pin_hash = ...` under [staff] or `staff.pin_hash = ...` before any header.
// NOTE: a line inside a multi-line string that looks like a header or key is misread. The
// parse check in withPinHash then rejects the result, so nothing wrong is written.
PinHashPlace findPinHash(const std::vector<std::string>& lines) {
  static const std::regex Header(R"(^\s*\[\s*("?)([^\]"]*)\1\s*\]\s*(#.*)?\r?$)");
  static const std::regex AnyHeader(R"(^\s*\[)");
  static const std::regex TableKey(R"(^\s*("?)pin_hash\1\s*=)");
  static const std::regex RootKey(R"(^\s*("?)staff\1\s*\.\s*("?)pin_hash\2\s*=)");
  PinHashPlace place;
  place.firstHeader = lines.size();
  std::string table;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch match;
    if (std::regex_search(lines[i], AnyHeader)) place.firstHeader = std::min(place.firstHeader, i);
    if (std::regex_search(lines[i], match, Header)) {
      table = match[2].str();
      if (table == "staff") place.staffHeader = i;
    } else if (std::regex_search(lines[i], AnyHeader)) {
      table = "[array]";
    } else if ((table == "staff" && std::regex_search(lines[i], TableKey)) ||
               (table.empty() && std::regex_search(lines[i], RootKey))) {
      place.keyLine = i;
    }
  }
  return place;
}

// Returns text when it parses and contains hash at staff.pin_hash, else nullopt.
std::optional<std::string> checked(std::string text, std::string_view hash) {
  try {
    toml::table table = toml::parse(text);
    std::optional<std::string> value = table.at_path("staff.pin_hash").value<std::string>();
    if (value && *value == hash) return text;
  } catch (const toml::parse_error&) {
  }
  return std::nullopt;
}

// Returns the index of the [[staff.members]] table with this id, or nullopt when none has it.
std::optional<std::size_t> findMemberIndex(const toml::table& table, std::string_view memberId) {
  const toml::array* members = table.at_path("staff.members").as_array();
  if (!members) return std::nullopt;
  for (std::size_t i = 0; i < members->size(); ++i) {
    const toml::table* member = members->get(i)->as_table();
    if (member && member->at_path("id").value<std::string>() == memberId) return i;
  }
  return std::nullopt;
}

// Returns text when it parses and exactly one member has memberId, with hash as its pin_hash.
std::optional<std::string> checkedMember(std::string text, std::string_view memberId, std::string_view hash) {
  try {
    toml::table table = toml::parse(text);
    std::optional<std::size_t> index = findMemberIndex(table, memberId);
    if (!index) return std::nullopt;
    const toml::array& members = *table.at_path("staff.members").as_array();
    std::size_t sameId = 0;
    for (const toml::node& member : members) {
      if (member.as_table() && member.as_table()->at_path("id").value<std::string>() == memberId) ++sameId;
    }
    std::optional<std::string> value = members.get(*index)->as_table()->at_path("pin_hash").value<std::string>();
    if (sameId == 1 && value && *value == hash) return text;
  } catch (const toml::parse_error&) {
  }
  return std::nullopt;
}

[[noreturn]] void failWrite(const std::string& step, const std::string& path) {
  throw std::runtime_error("cannot " + step + " " + path + ": " + std::strerror(errno));
}

// Removes the temporary file and reports the error that step failed with.
[[noreturn]] void abandon(const std::string& temp, int error, const std::string& step,
                          const std::string& path) {
  ::unlink(temp.c_str());
  errno = error;
  failWrite(step, path);
}

// Writes all of text, retrying short writes and interrupted calls.
bool writeAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t written = ::write(fd, text.data() + done, text.size() - done);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    done += static_cast<std::size_t>(written);
  }
  return true;
}

// Gives the new file the old one's owner and mode, or 0600 when there was none, because the
// PIN hash lets anyone who reads it try every short PIN offline. The old mode loses what the
// kiosk refuses for a config with a secret: all access for others, and group access beyond
// read, which only a root-owned file keeps.
bool copyAttributes(int fd, const std::optional<struct stat>& old) {
  mode_t mode = 0600;
  if (old) mode = old->st_mode & 07777 & (old->st_uid == 0 ? ~mode_t{027} : ~mode_t{077});
  if (::fchmod(fd, mode) != 0) return false;
  if (old && ::geteuid() == 0 && ::fchown(fd, old->st_uid, old->st_gid) != 0) return false;
  return true;
}

// Makes the rename durable. A failure here is only logged, because the new file is already
// in place and callers rely on an exception meaning that nothing changed.
void syncFolder(const fs::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0 && ::fsync(fd) == 0) {
    ::close(fd);
    return;
  }
  spdlog::warn("fsync of folder {} failed ({}), so a power cut may undo the last rename",
               folder.string(), std::strerror(errno));
  if (fd >= 0) ::close(fd);
}

}  // namespace

std::optional<std::string> withPinHash(std::string_view text, std::string_view hash) {
  // New lines follow a CRLF file's line ends, so editors keep showing one style.
  const std::string cr = text.find("\r\n") != std::string_view::npos ? "\r" : "";
  const std::string value = "\"" + std::string(hash) + "\"";
  std::vector<std::string> lines = splitLines(text);
  PinHashPlace place = findPinHash(lines);

  if (place.keyLine) {
    std::string& line = lines[*place.keyLine];
    std::string lineEnd = !line.empty() && line.back() == '\r' ? "\r" : "";
    line = line.substr(0, line.find('=') + 1) + " " + value + lineEnd;
    return checked(joinLines(lines), hash);
  }
  if (place.staffHeader) {
    auto after = lines.begin() + static_cast<std::ptrdiff_t>(*place.staffHeader) + 1;
    lines.insert(after, "pin_hash = " + value + cr);
    return checked(joinLines(lines), hash);
  }

  // A new [staff] table at the end reads best, but it is invalid TOML when dotted keys such
  // as `staff.x = 1` already made the table, so a dotted key before the first header follows.
  std::vector<std::string> appended = lines;
  if (!appended.empty() && !isBlank(appended.back())) appended.push_back(cr);
  appended.push_back("[staff]" + cr);
  appended.push_back("pin_hash = " + value + cr);
  if (std::optional<std::string> result = checked(joinLines(appended), hash)) return result;

  auto before = lines.begin() + static_cast<std::ptrdiff_t>(place.firstHeader);
  lines.insert(before, "staff.pin_hash = " + value + cr);
  return checked(joinLines(lines), hash);
}

std::optional<std::string> withMemberPinHash(std::string_view text, std::string_view memberId,
                                             std::string_view hash) {
  std::optional<std::size_t> index;
  try {
    index = findMemberIndex(toml::parse(text), memberId);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
  const std::string cr = text.find("\r\n") != std::string_view::npos ? "\r" : "";
  const std::string value = "\"" + std::string(hash) + "\"";
  std::vector<std::string> lines = splitLines(text);
  if (!index) {
    if (!lines.empty() && !isBlank(lines.back())) lines.push_back(cr);
    lines.push_back("[[staff.members]]" + cr);
    lines.push_back("id = \"" + std::string(memberId) + "\"" + cr);
    lines.push_back("pin_hash = " + value + cr);
    return checkedMember(joinLines(lines), memberId, hash);
  }

  // The member's table runs from its [[staff.members]] header, counted in file order as TOML
  // appends them, to the next header of any kind.
  static const std::regex MemberHeader(R"(^\s*\[\[\s*("?)staff\1\s*\.\s*("?)members\2\s*\]\]\s*(#.*)?\r?$)");
  static const std::regex AnyHeader(R"(^\s*\[)");
  static const std::regex TableKey(R"(^\s*("?)pin_hash\1\s*=)");
  std::size_t seen = 0;
  std::optional<std::size_t> header;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (std::regex_search(lines[i], MemberHeader) && seen++ == *index) {
      header = i;
    } else if (header && std::regex_search(lines[i], AnyHeader)) {
      break;
    } else if (header && std::regex_search(lines[i], TableKey)) {
      std::string lineEnd = !lines[i].empty() && lines[i].back() == '\r' ? "\r" : "";
      lines[i] = lines[i].substr(0, lines[i].find('=') + 1) + " " + value + lineEnd;
      return checkedMember(joinLines(lines), memberId, hash);
    }
  }
  if (!header) return std::nullopt;
  lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(*header) + 1, "pin_hash = " + value + cr);
  return checkedMember(joinLines(lines), memberId, hash);
}

void writeFileAtomically(const std::string& path, const std::string& text) {
  // A symbolic link stays in place and its target gets the new contents.
  std::error_code ignored;
  fs::path target = fs::canonical(path, ignored);
  if (target.empty()) target = path;
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();

  struct stat oldStat {};
  std::optional<struct stat> old;
  if (::stat(target.c_str(), &oldStat) == 0) old = oldStat;

  std::string temp = (folder / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) failWrite("create a temporary file in", folder.string());
  if (!copyAttributes(fd, old) || !writeAll(fd, text) || ::fsync(fd) != 0) {
    int error = errno;
    ::close(fd);
    abandon(temp, error, "write", temp);
  }
  if (::close(fd) != 0) abandon(temp, errno, "write", temp);
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    abandon(temp, errno, "rename " + temp + " to", target.string());
  }
  syncFolder(folder);
}

}  // namespace chillnode
