#pragma once
// Retry delays for the sync thread: exponential backoff with full jitter.

#include <chrono>
#include <random>

namespace chillnode {

constexpr std::chrono::milliseconds BackoffBase{1000};
constexpr std::chrono::milliseconds BackoffCap{60'000};

// Returns a delay drawn uniformly from [0, min(cap, base * 2^(failures - 1))]: up to 1 s after
// the first failure, 2 s after the second, and so on up to 60 s. Drawing from the whole range
// (full jitter) keeps units that failed together from retrying together.
std::chrono::milliseconds backoffDelay(int failures, std::mt19937_64& random);

}  // namespace chillnode
