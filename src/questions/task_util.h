// Small helpers shared by the task implementations: uniform sampling and the deterministic
// choice behind "random" primitives (see Context::salt).
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "questions/tokens.h"

namespace ida::questions {

// Uniform in 0..n-1 (n >= 1).
inline int uniform_int(Rng& rng, int n) {
  IDA_CHECK(n >= 1);
  return static_cast<int>(rng() % static_cast<uint64_t>(n));
}

// k distinct values of 0..n-1 in random order (partial Fisher-Yates).
inline std::vector<int> sample_distinct(Rng& rng, int n, int k) {
  IDA_CHECK(k >= 0 && k <= n);
  std::vector<int> all(n);
  std::iota(all.begin(), all.end(), 0);
  for (int i = 0; i < k; ++i) std::swap(all[i], all[i + uniform_int(rng, n - i)]);
  all.resize(k);
  return all;
}

// The choice among n options (n >= 1) of a random primitive: a pure function of the
// context's salt and the question, so that lookup and ground truth agree.
inline int salted_choice(uint64_t salt, const TokenTuple& question, int n) {
  IDA_CHECK(n >= 1);
  return static_cast<int>(mix_seed(salt, TokenTupleHash()(question)) % static_cast<uint64_t>(n));
}

}  // namespace ida::questions
