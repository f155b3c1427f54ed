// The IDA engine's view of an instance: A <- Distill(Amplify(H, A)), round by
// round. The engine (engine/round_loop.h) knows nothing about games or
// questions; an instance (the AlphaGo Zero one in selfplay/, the question one
// of Christiano et al. 2018) supplies the three steps and its own state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/run_store.h"

namespace ida::engine {

// Named per-round figures, in the order they should be shown.
// Metrics read from the clock (wall_s, names ending "_wall_s", and names starting "speed_")
// vary from run to run; every other metric is reproduced exactly by a resumed or repeated run.
inline bool measured_by_clock(std::string_view name) {
  return name == "wall_s" || name.ends_with("_wall_s") || name.starts_with("speed_");
}

struct Metrics {
  std::vector<std::pair<std::string, double>> values;
  void add(std::string name, double value) { values.emplace_back(std::move(name), value); }
  double get(const std::string& name, double fallback = 0) const {
    for (const auto& [k, v] : values)
      if (k == name) return v;
    return fallback;
  }
};

// What the engine tells an instance about the round being run.
struct Round {
  int number = 0;     // 1-based; round r produces checkpoint r
  uint64_t seed = 0;  // derived from the run's seed and the round number: resume replays it
  // The run's store, to read what others add to it while the run goes on (people's
  // transcripts); null where a round runs without one.
  const RunStore* store = nullptr;
};

// What a round leaves behind, besides the agent: metrics and records for the store.
struct RoundOutput {
  Metrics metrics;
  std::vector<RunStore::GameRecord> records;  // e.g. self-play games, amplified transcripts
  // Failures the audit's worst-case search confirmed this round, as the instance's text
  // (RunStore::RoundRecord::regressions); stored with the round, so a resumed round that
  // never committed leaves none behind.
  std::vector<std::string> regressions;
};

class Instance {
 public:
  virtual ~Instance() = default;

  // Identity used to refuse foreign checkpoints: the instance name (e.g.
  // "connect4") and the agent's architecture.
  virtual std::string name() const = 0;
  virtual std::string architecture() const = 0;

  // Amplify(H, A): the overseer uses many calls to the current agent to produce
  // teacher outputs for this round (kept by the instance for distill()).
  virtual void amplify(const Round& round, RoundOutput& out) = 0;
  // Distill: trains the agent to reproduce the teacher's outputs directly.
  virtual void distill(const Round& round, RoundOutput& out) = 0;
  // Measures capability and alignment of the new agent (win rates, accuracy...).
  virtual void assess(const Round& round, RoundOutput& out) = 0;

  // The agent and the distiller's state (e.g. optimiser), as checkpoint bytes.
  virtual std::string save() const = 0;
  // Restores the state after `round` from its checkpoint and the store's
  // records, exactly as it was when that round completed.
  virtual void restore(std::string_view checkpoint, std::string_view origin, int round,
                       const RunStore& store) = 0;
};

}  // namespace ida::engine
