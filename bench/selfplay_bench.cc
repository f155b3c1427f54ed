// Throughput of the amplifier and the agent:
//  - PUCT search's own cost (simulations/s with a fake, free evaluator),
//  - the network's positions/s at batch 1, 16 and 128 (Connect Four's default net),
//  - end-to-end self-play positions/s for Connect Four, before and after the
//    throughput features (threads, batching across games, evaluation cache).
#include <benchmark/benchmark.h>

#include <algorithm>

#include "core/config.h"
#include "games/connect4.h"
#include "games/tictactoe.h"
#include "net/policy_value_net.h"
#include "search/mcts.h"
#include "selfplay/agent_file.h"
#include "selfplay/game_config.h"
#include "selfplay/game_instance.h"
#include "selfplay/match.h"

namespace ida {
namespace {

class FreeEvaluator : public net::Evaluator {
 public:
  explicit FreeEvaluator(int actions) : actions_(actions) {}
  void evaluate(const float*, int n, float* logits, float* values) override {
    std::fill(logits, logits + n * actions_, 0.0f);
    std::fill(values, values + n, 0.0f);
  }

 private:
  int actions_;
};

// The shipped Connect Four config (configs/connect4.toml).
selfplay::GameRunConfig connect4_config() {
  selfplay::GameRunConfig config;
  ConfigSchema schema;
  selfplay::describe(config, schema);
  schema.load_file(std::string(IDA_SOURCE_DIR) + "/configs/connect4.toml");
  return config;
}

template <games::Game G>
void BM_MctsFakeEvaluator(benchmark::State& state) {
  FreeEvaluator eval(G::kNumActions);
  search::MctsParams params;
  params.simulations = static_cast<int>(state.range(0));
  search::SearchTree<G> tree(params, 1);
  std::vector<float> in(games::kInputSize<G>), logits(G::kNumActions);
  float value;
  int64_t sims = 0;
  for (auto _ : state) {
    tree.reset(G::initial());
    while (!tree.done()) {
      if (!tree.select_leaf()) continue;
      tree.leaf_state().encode(in.data());
      eval.evaluate(in.data(), 1, logits.data(), &value);
      tree.expand_and_backup(logits.data(), value);
    }
    sims += tree.root_visits();
  }
  state.counters["sims/s"] = benchmark::Counter(static_cast<double>(sims),
                                                benchmark::Counter::kIsRate);
}
BENCHMARK_TEMPLATE(BM_MctsFakeEvaluator, games::ConnectFour)->Arg(800)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_MctsFakeEvaluator, games::TicTacToe)->Arg(800)->Unit(benchmark::kMillisecond);

void BM_NetworkConnect4(benchmark::State& state) {
  auto config = connect4_config();
  net::PolicyValueNet::set_threads(1);
  net::PolicyValueNet network(selfplay::net_shape<games::ConnectFour>(), config.net,
                              config.optim, 1);
  const int batch = static_cast<int>(state.range(0));
  std::vector<float> in(static_cast<size_t>(batch) * games::kInputSize<games::ConnectFour>);
  Rng rng(1);
  for (auto& x : in) x = uniform01(rng) < 0.3f;
  std::vector<float> logits(static_cast<size_t>(batch) * 7), values(batch);
  int64_t positions = 0;
  for (auto _ : state) {
    network.evaluate(in.data(), batch, logits.data(), values.data());
    positions += batch;
  }
  state.counters["positions/s"] = benchmark::Counter(static_cast<double>(positions),
                                                     benchmark::Counter::kIsRate);
}
BENCHMARK(BM_NetworkConnect4)->Arg(1)->Arg(16)->Arg(128)->Unit(benchmark::kMicrosecond);

// Self-play of the shipped agent at its training config, end to end, with the throughput features
// switched by the arguments (worker threads, concurrent games = the network's
// batch, evaluation-cache entries per worker). Reports positions (moves) per
// second, the share of the workers' time inside network calls, and cache hits.
void BM_SelfPlayConnect4(benchmark::State& state) {
  auto config = connect4_config();
  net::PolicyValueNet::set_threads(1);
  // The shipped agent: its games, and so its transpositions, are those of real training.
  auto network = selfplay::load_agent(
      "connect4", std::string(IDA_SOURCE_DIR) + "/models/connect4.ckpt");
  selfplay::Player<games::ConnectFour> self{"A", network.get(), config.search.params(true), {}};
  selfplay::MatchStats total;
  uint64_t seed = 0;
  for (auto _ : state) {
    selfplay::MatchOptions options;
    options.threads = static_cast<int>(state.range(0));
    options.concurrent_games = static_cast<int>(state.range(1));
    options.cache_positions = static_cast<int>(state.range(2));
    options.games = std::max(16, options.concurrent_games);
    options.self_play = true;
    options.temperature_moves = config.temperature_moves;
    options.random_opening_moves = config.random_opening_moves;
    options.seed = ++seed;
    selfplay::MatchStats stats;
    options.stats = &stats;
    selfplay::play_match<games::ConnectFour>({&self, &self}, options);
    total += stats;
    total.threads = stats.threads;
  }
  state.counters["positions/s"] = benchmark::Counter(static_cast<double>(total.positions),
                                                     benchmark::Counter::kIsRate);
  state.counters["net_share"] = total.network_share();
  state.counters["cache_hits"] = total.cache_hit_rate();
}
// Before the throughput work: one thread, one game at a time (batch 1), no cache.
// After: the shipped config (2 threads, 128 concurrent games, the cache).
BENCHMARK(BM_SelfPlayConnect4)
    ->ArgNames({"threads", "concurrent", "cache"})
    ->Args({1, 1, 0})
    ->Args({1, 128, 0})
    ->Args({2, 128, 0})
    ->Args({2, 128, 1 << 16})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace ida
