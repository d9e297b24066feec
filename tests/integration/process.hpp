#pragma once
// Runs the real chillnode binary for black-box tests and captures what it prints.

#include <string>
#include <vector>

namespace chillnode::test {

struct ProcessResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

// Runs program with args (no shell), optionally as another user id when running as root.
ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args, int asUid = -1);

}  // namespace chillnode::test
