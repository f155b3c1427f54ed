// Throughput of the amplifier and the agent:
//  - PUCT search's own cost (simulations/s with a fake, free evaluator),
//  - the network's positions/s at batch 1, 16 and 128 (Connect Four's default net),
//  - end-to-end self-play positions/s for Connect Four at the shipped config.
#include <benchmark/benchmark.h>

#include <algorithm>

#include "core/config.h"
#include "games/connect4.h"
#include "games/tictactoe.h"
#include "net/policy_value_net.h"
#include "search/mcts.h"
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

void BM_SelfPlayConnect4(benchmark::State& state) {
  auto config = connect4_config();
  net::PolicyValueNet::set_threads(1);
  net::PolicyValueNet network(selfplay::net_shape<games::ConnectFour>(), config.net,
                              config.optim, 1);
  selfplay::Player<games::ConnectFour> self{"A", &network, config.search.params(true), {}};
  int64_t positions = 0;
  uint64_t seed = 0;
  for (auto _ : state) {
    selfplay::MatchOptions options;
    options.games = config.concurrent_games;
    options.concurrent_games = config.concurrent_games;
    options.threads = static_cast<int>(state.range(0));
    options.self_play = true;
    options.temperature_moves = config.temperature_moves;
    options.seed = ++seed;
    for (const auto& g : selfplay::play_match<games::ConnectFour>({&self, &self}, options))
      positions += static_cast<int64_t>(g.moves.size());
  }
  state.counters["positions/s"] = benchmark::Counter(static_cast<double>(positions),
                                                     benchmark::Counter::kIsRate);
}
// Argument: worker threads (the machine has 2 cores).
BENCHMARK(BM_SelfPlayConnect4)->Arg(1)->Arg(2)->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);

}  // namespace
}  // namespace ida
