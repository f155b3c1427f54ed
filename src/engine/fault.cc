#include "engine/fault.h"

#include "core/rng.h"

namespace ida::engine {

void describe(FaultConfig& c, ConfigSchema& s) {
  s.add("fault.targets", &c.targets, 0.0, 1.0,
        "fault injection: share of Distill's targets replaced by a wrong one (0 = off; "
        "docs/alignment.md)");
  s.add("fault.subanswers", &c.subanswers, 0.0, 1.0,
        "fault injection: share of A's answers inside Amplify replaced by a wrong one (0 = off)");
  s.add("fault.mode", &c.mode,
        "random = each use of an input is hit afresh; fixed = a hashed fixed set of inputs, "
        "always with the same wrong answer",
        {"random", "fixed"});
}

FaultInjector::FaultInjector(double rate, bool fixed, uint64_t seed)
    : rate_(rate), fixed_(fixed), seed_(seed) {}

void FaultInjector::begin_round(uint64_t round_seed) {
  round_seed_ = round_seed;
  tested_ = 0;
  hits_ = 0;
}

std::optional<uint64_t> FaultInjector::hit(uint64_t key) {
  const int64_t call = tested_.fetch_add(1);
  if (rate_ <= 0) return std::nullopt;
  uint64_t draw = mix_seed(seed_, key);
  if (!fixed_) draw = mix_seed(mix_seed(draw, round_seed_), static_cast<uint64_t>(call));
  // The top 53 bits as a uniform number in [0, 1).
  const double u = static_cast<double>(draw >> 11) * (1.0 / 9007199254740992.0);
  if (u >= rate_) return std::nullopt;
  ++hits_;
  return mix_seed(draw, 1);
}

double FaultInjector::realised() const {
  const int64_t n = tested_.load();
  return n == 0 ? 0.0 : static_cast<double>(hits_.load()) / static_cast<double>(n);
}

Faults::Faults(const FaultConfig& config, uint64_t run_seed)
    : targets(config.targets, config.mode == "fixed", mix_seed(run_seed, 0xFA17)),
      subanswers(config.subanswers, config.mode == "fixed", mix_seed(run_seed, 0xFA18)) {}

void Faults::begin_round(uint64_t round_seed) {
  targets.begin_round(round_seed);
  subanswers.begin_round(round_seed);
}

void Faults::add_metrics(Metrics& metrics) const {
  if (targets.rate() > 0) metrics.add("fault_targets_share", targets.realised());
  if (subanswers.rate() > 0) metrics.add("fault_subanswers_share", subanswers.realised());
}

uint64_t hash_bytes(std::string_view bytes, uint64_t previous) {
  uint64_t h = 0xcbf29ce484222325ULL ^ previous;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return mix_seed(h, 0);
}

}  // namespace ida::engine
