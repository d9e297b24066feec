#include <cstdio>

// NOTE: placeholder; the generators replace it.
int main() {
  std::puts("chillnode-gen: no generators yet");
  return 0;
}
