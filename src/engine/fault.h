// Fault injection (docs/alignment.md, requirement 2): a share p of the answers an instance
// hands on is replaced by wrong ones, to measure whether Distill and Amplify preserve
// alignment when part of what they are given is wrong. Two places, each with its own rate:
//   targets:    the teacher's targets given to Distill (game: a sampled training example;
//               question: H's amplified answer);
//   subanswers: A's answers inside Amplify (game: a network evaluation inside the search;
//               question: A's answer to one of H's sub-questions).
// The engine chooses which inputs are hit; each instance makes the wrong answer itself.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/config.h"
#include "engine/instance.h"

namespace ida::engine {

struct FaultConfig {
  double targets = 0;     // share of Distill's targets replaced by a wrong one
  double subanswers = 0;  // share of A's answers inside Amplify replaced by a wrong one
  // "random": every use of an input draws afresh whether (and how) it is hit, so repeated
  // uses average out; "fixed": a hashed fixed set of inputs, always with the same wrong
  // answer (a consistent error, which training cannot average out).
  std::string mode = "random";
  bool any() const { return targets > 0 || subanswers > 0; }
};

// Binds the fault.* keys of `config` to `schema`.
void describe(FaultConfig& config, ConfigSchema& schema);

// Chooses the inputs whose answer is replaced, at `rate`, by the key of each input (a hash
// of it, see hash_bytes). Thread-safe; deterministic when called in a deterministic order.
class FaultInjector {
 public:
  // rate 0: never hits (callers skip keying their inputs then: check rate()).
  FaultInjector(double rate, bool fixed, uint64_t seed);
  // Starts a round: random mode's draws derive from (seed, round seed, key, call index),
  // the call index counting from 0 in each round, so a resumed round replays exactly.
  // Also resets the counts.
  void begin_round(uint64_t round_seed);
  // nullopt when the answer for this input stays; otherwise the seed from which the
  // instance draws its wrong answer (fixed mode: a pure function of seed and key).
  std::optional<uint64_t> hit(uint64_t key);

  double rate() const { return rate_; }
  int64_t tested() const { return tested_.load(); }  // this round's calls to hit()
  int64_t hits() const { return hits_.load(); }
  // hits / tested (0 before any call): the realised corruption rate.
  double realised() const;

 private:
  double rate_;
  bool fixed_;
  uint64_t seed_;
  uint64_t round_seed_ = 0;
  std::atomic<int64_t> tested_{0}, hits_{0};
};

// A run's two injectors (config.fault), seeded from the run's seed.
struct Faults {
  Faults(const FaultConfig& config, uint64_t run_seed);
  FaultInjector targets, subanswers;
  void begin_round(uint64_t round_seed);
  // This round's realised rates as metrics fault_targets_share and fault_subanswers_share
  // (each only when its rate is above 0).
  void add_metrics(Metrics& metrics) const;
};

// 64-bit FNV-1a of `bytes`, finalised with SplitMix64: the key of an input for hit().
uint64_t hash_bytes(std::string_view bytes, uint64_t previous = 0);

}  // namespace ida::engine
