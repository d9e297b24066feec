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

// Runs program as runProcess does, with input as its standard input, which is then a file
// and not a terminal.
ProcessResult runProcessWithInput(const std::string& program, const std::vector<std::string>& args,
                                  const std::string& input, int asUid = -1);

}  // namespace chillnode::test
