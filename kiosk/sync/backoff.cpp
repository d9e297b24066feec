#include "sync/backoff.hpp"

#include <algorithm>

namespace chillnode {

std::chrono::milliseconds backoffDelay(int failures, std::mt19937_64& random) {
  if (failures <= 0) return std::chrono::milliseconds(0);
  // 2^6 s already exceeds the cap, so larger exponents are not needed (and cannot overflow).
  int exponent = std::min(failures - 1, 6);
  long long ceiling = std::min<long long>(BackoffCap.count(), BackoffBase.count() << exponent);
  std::uniform_int_distribution<long long> pick(0, ceiling);
  return std::chrono::milliseconds(pick(random));
}

}  // namespace chillnode
