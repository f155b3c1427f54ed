// Seeded, reproducible randomness. Every random choice in ida derives from a
// seed so that a run (and a resumed run) replays exactly.
#pragma once

#include <cstdint>
#include <random>

namespace ida {

using Rng = std::mt19937_64;

// SplitMix64 finaliser: mixes (seed, stream) into an independent seed, so that
// round r, game g, ... each get their own reproducible stream.
inline uint64_t mix_seed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

inline float uniform01(Rng& rng) {
  return static_cast<float>((rng() >> 40) * (1.0 / 16777216.0));
}

}  // namespace ida
