// Speed of the network-free reference search: random-rollout UCT simulations per
// second from the starting position (design target: >= 3e5/s on Connect Four).
#include <benchmark/benchmark.h>

#include "core/rng.h"
#include "games/connect4.h"
#include "games/tictactoe.h"
#include "search/rollout_mcts.h"

namespace ida::search {
namespace {

// One iteration = one full search of `simulations` simulations from the start.
template <games::Game G>
void bench_rollout_mcts(benchmark::State& state) {
  const int simulations = static_cast<int>(state.range(0));
  RolloutMcts<G> mcts({.simulations = simulations, .uct_c = 2.0f});
  Rng rng(1);
  const auto start = G::initial();
  int64_t sims = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(mcts.choose(start, rng));
    sims += simulations;
  }
  state.counters["sims/s"] =
      benchmark::Counter(static_cast<double>(sims), benchmark::Counter::kIsRate);
}

void BM_RolloutMcts_Connect4(benchmark::State& state) {
  bench_rollout_mcts<games::ConnectFour>(state);
}
void BM_RolloutMcts_TicTacToe(benchmark::State& state) {
  bench_rollout_mcts<games::TicTacToe>(state);
}

BENCHMARK(BM_RolloutMcts_Connect4)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RolloutMcts_TicTacToe)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ida::search
