#include <cstdio>

int main() {
  std::puts("chillnode " CHILLNODE_VERSION);
  return 0;
}
