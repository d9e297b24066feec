// chillnode-bench: one subcommand per benchmark section. Add a section by writing its run
// function in its own file and listing it in Sections below.

#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "scanner_bench.hpp"
#include "staff_bench.hpp"
#include "voucher_bench.hpp"

namespace {

struct Section {
  const char* name;
  const char* usage;
  int (*run)(int argc, char** argv);  // argv[0] is the first argument after the section name
};

const std::vector<Section> Sections{
    {"scanner", chillnode::bench::ScannerUsage, chillnode::bench::runScannerBench},
    {"staff", chillnode::bench::StaffUsage, chillnode::bench::runStaffBench},
    {"vouchers", chillnode::bench::VouchersUsage, chillnode::bench::runVoucherBench},
};

void printUsage() {
  std::fputs("usage:\n", stderr);
  for (const Section& section : Sections) std::fprintf(stderr, "  %s\n", section.usage);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    printUsage();
    return 2;
  }
  std::string_view name = argv[1];
  for (const Section& section : Sections) {
    if (name != section.name) continue;
    try {
      return section.run(argc - 2, argv + 2);
    } catch (const std::exception& error) {
      std::fprintf(stderr, "chillnode-bench %s: %s\n", section.name, error.what());
      return 1;
    }
  }
  std::fprintf(stderr, "chillnode-bench: unknown section '%s'\n", argv[1]);
  printUsage();
  return 2;
}
