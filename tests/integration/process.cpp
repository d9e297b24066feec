#include "process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace chillnode::test {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

// Runs program with stdin from inFd when it is not -1.
ProcessResult run(const std::string& program, const std::vector<std::string>& args, int asUid, int inFd) {
  char outPath[] = "/tmp/chillnode-out-XXXXXX";
  char errPath[] = "/tmp/chillnode-err-XXXXXX";
  int outFd = mkstemp(outPath);
  int errFd = mkstemp(errPath);
  ProcessResult result;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(outFd, STDOUT_FILENO);
    dup2(errFd, STDERR_FILENO);
    if (inFd >= 0) dup2(inFd, STDIN_FILENO);
    if (asUid >= 0 && (setgid(static_cast<gid_t>(asUid)) != 0 || setuid(static_cast<uid_t>(asUid)) != 0)) _exit(126);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  close(outFd);
  close(errFd);
  result.out = slurp(outPath);
  result.err = slurp(errPath);
  std::remove(outPath);
  std::remove(errPath);
  return result;
}

}  // namespace

ProcessResult runProcess(const std::string& program, const std::vector<std::string>& args, int asUid) {
  return run(program, args, asUid, -1);
}

ProcessResult runProcessWithInput(const std::string& program, const std::vector<std::string>& args,
                                  const std::string& input, int asUid) {
  char inPath[] = "/tmp/chillnode-in-XXXXXX";
  int inFd = mkstemp(inPath);
  bool ready = inFd >= 0 &&
               write(inFd, input.data(), input.size()) == static_cast<ssize_t>(input.size()) &&
               lseek(inFd, 0, SEEK_SET) == 0;
  ProcessResult result = ready ? run(program, args, asUid, inFd) : ProcessResult{};
  if (inFd >= 0) close(inFd);
  std::remove(inPath);
  return result;
}

}  // namespace chillnode::test
