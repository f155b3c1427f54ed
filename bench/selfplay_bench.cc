// Throughput of the amplifier and the agent:
//  - PUCT search's own cost (simulations/s with a fake, free evaluator),
//  - the network's positions/s at batch 1, 16 and 128 (Connect Four's default net), and on
//    several threads at once,
//  - end-to-end self-play positions/s for Connect Four, before and after the
//    throughput features (threads, batching across games, evaluation cache),
//  - self-play that explains itself (BM_SelfPlayExplained): where the evaluations the
//    searches ask for went, and how close the network ran to its best rate.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

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

// Positions/s of `threads` threads evaluating batches of `batch` random positions on one
// network at once, for `seconds`: what self-play's workers could reach if they did nothing
// but call the network.
double concurrent_network_rate(net::PolicyValueNet& network, int threads, int batch,
                               double seconds) {
  std::atomic<int64_t> positions{0};
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  auto work = [&](uint64_t seed) {
    std::vector<float> in(static_cast<size_t>(batch) * games::kInputSize<games::ConnectFour>);
    Rng rng(seed);
    for (auto& x : in) x = uniform01(rng) < 0.3f;
    std::vector<float> logits(static_cast<size_t>(batch) * 7), values(batch);
    int64_t done = 0;
    while (std::chrono::steady_clock::now() < end) {
      network.evaluate(in.data(), batch, logits.data(), values.data());
      done += batch;
    }
    positions += done;
  };
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work, 1 + t);
  for (auto& th : pool) th.join();
  return static_cast<double>(positions) /
         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The Connect Four net of configs/connect4.toml with random weights, as the OpenSpiel
// comparison (README) runs it.
std::unique_ptr<net::PolicyValueNet> random_connect4_net() {
  auto config = connect4_config();
  return std::make_unique<net::PolicyValueNet>(selfplay::net_shape<games::ConnectFour>(),
                                               config.net, config.optim, 1);
}

void BM_NetworkConnect4Threads(benchmark::State& state) {
  net::PolicyValueNet::set_threads(1);
  auto network = random_connect4_net();
  const int threads = static_cast<int>(state.range(0)), batch = static_cast<int>(state.range(1));
  double rate = 0;
  for (auto _ : state) rate = concurrent_network_rate(*network, threads, batch, 2.0);
  state.counters["positions/s"] = rate;
  state.SetLabel(network->inference_precision());
}
BENCHMARK(BM_NetworkConnect4Threads)
    ->ArgNames({"threads", "batch"})
    ->ArgsProduct({{2}, {32, 64, 128, 256}})
    ->Iterations(1)
    ->UseRealTime()
    ->Unit(benchmark::kSecond);

// The best of concurrent_network_rate over batch sizes, on `threads` threads: the rate
// self-play's evaluations/s is a share of. Measured once per process.
double best_network_rate(net::PolicyValueNet& network, int threads) {
  static double best = 0;
  static int measured_for = 0;
  if (measured_for != threads) {
    best = 0;
    for (int batch : {32, 64, 128, 256})
      best = std::max(best, concurrent_network_rate(network, threads, batch, 1.5));
    measured_for = threads;
  }
  return best;
}

// Self-play of Connect Four with random weights (the net of configs/connect4.toml) at its
// training config, except: `simulations`, tree reuse and random openings (the OpenSpiel
// comparison turns both off), and the concurrent games. One round of games_per_round games.
// Counters, per position played: evaluations the searches requested; of those, the share
// answered by the cache (stored by the same worker, by another, for a mirror image) and by
// another leaf of the same batch; the positions the network computed. Then the network
// calls and their mean batch, positions/s, evaluations/s and their share of the best rate of
// the network alone on the same threads.
void BM_SelfPlayExplained(benchmark::State& state) {
  auto config = connect4_config();
  net::PolicyValueNet::set_threads(1);
  auto network = random_connect4_net();
  config.search.simulations = static_cast<int>(state.range(0));
  config.search.reuse_tree = state.range(1) != 0;
  config.random_opening_moves = state.range(2) != 0 ? config.random_opening_moves : 0;
  config.concurrent_games = static_cast<int>(state.range(3));
  if (state.range(4) >= 0) config.cache_positions = 1 << state.range(4);
  selfplay::Player<games::ConnectFour> self{"A", network.get(), config.search.params(true), {}};
  selfplay::MatchStats stats;
  uint64_t seed = 0;
  for (auto _ : state) {
    selfplay::MatchOptions options;
    options.games = config.games_per_round;
    options.concurrent_games = config.concurrent_games;
    options.threads = config.selfplay_threads;
    options.cache_positions = config.cache_positions;
    options.self_play = true;
    options.temperature_moves = config.temperature_moves;
    options.temperature = static_cast<float>(config.temperature);
    options.random_opening_moves = config.random_opening_moves;
    options.seed = ++seed;
    options.stats = &stats;
    stats = {};
    selfplay::play_match<games::ConnectFour>({&self, &self}, options);
    state.SetIterationTime(stats.wall_seconds);
  }
  const double positions = static_cast<double>(stats.positions);
  const double requested = static_cast<double>(stats.requested);
  const double evals_per_s = static_cast<double>(stats.evaluated) / stats.wall_seconds;
  state.counters["positions/s"] = positions / stats.wall_seconds;
  state.counters["requested/pos"] = requested / positions;
  state.counters["hit_own"] =
      static_cast<double>(stats.cache_hits - stats.cache_shared_hits) / requested;
  state.counters["hit_shared"] = static_cast<double>(stats.cache_shared_hits) / requested;
  state.counters["hit_image"] = static_cast<double>(stats.cache_image_hits) / requested;
  state.counters["batch_shared"] = static_cast<double>(stats.batch_shared) / requested;
  state.counters["evaluated/pos"] = static_cast<double>(stats.evaluated) / positions;
  state.counters["calls"] = static_cast<double>(stats.network_calls);
  state.counters["mean_batch"] = stats.mean_batch();
  state.counters["evals/s"] = evals_per_s;
  state.counters["net_share"] = stats.network_share();
  state.counters["of_best_rate"] = evals_per_s / best_network_rate(*network, stats.threads);
  state.SetLabel(network->inference_precision() + ", " + std::to_string(stats.threads) +
                 " workers");
}
// The OpenSpiel comparison (80 and 300 simulations, no tree reuse, no random openings), then
// the shipped config (tree reuse, random openings), at the shipped 128 concurrent games and
// at 256; then smaller caches than configs/connect4.toml's 2^20 entries (2^17, 2^19).
BENCHMARK(BM_SelfPlayExplained)
    ->ArgNames({"sims", "reuse", "openings", "concurrent", "log2_cache"})
    ->Args({80, 0, 0, 128, -1})
    ->Args({300, 0, 0, 128, -1})
    ->Args({80, 1, 1, 128, -1})
    ->Args({80, 0, 0, 256, -1})
    ->Args({80, 1, 1, 256, -1})
    ->Args({80, 1, 1, 128, 17})
    ->Args({300, 0, 0, 128, 17})
    ->Args({300, 0, 0, 128, 19})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kSecond);

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
