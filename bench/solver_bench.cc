// Speed of the exact Connect Four solver on Pascal Pons' test positions: positions solved per
// second and negamax nodes per second, each iteration from an empty transposition table.
#include <benchmark/benchmark.h>

#include <fstream>
#include <string>
#include <vector>

#include "games/notation.h"
#include "search/connect4_solver.h"
#include "selfplay/connect4_pons_sets.h"

namespace ida::search {
namespace {

// The first `limit` positions of a shipped test set (data/connect4/pons/). Throws InputError
// naming the file when it is missing.
std::vector<games::ConnectFour::State> read_positions(const std::string& name, size_t limit) {
  std::vector<games::ConnectFour::State> positions;
  for (const auto& line : selfplay::read_pons_set(selfplay::pons_set_path(name))) {
    if (positions.size() == limit) break;
    positions.push_back(games::parse_position<games::ConnectFour>(line.moves));
  }
  return positions;
}

// One iteration = solving the sample once, from a cleared table (the clearing is not timed).
void bench_solver(benchmark::State& state, const std::string& set, size_t limit) {
  std::vector<games::ConnectFour::State> positions;
  try {
    positions = read_positions(set, limit);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  Connect4Solver solver;
  int64_t solved = 0;
  for (auto _ : state) {
    state.PauseTiming();
    solver.reset();
    state.ResumeTiming();
    for (const auto& s : positions) benchmark::DoNotOptimize(solver.solve(s));
    solved += static_cast<int64_t>(positions.size());
  }
  state.counters["positions/s"] =
      benchmark::Counter(static_cast<double>(solved), benchmark::Counter::kIsRate);
  state.counters["nodes/s"] =
      benchmark::Counter(static_cast<double>(solver.nodes()), benchmark::Counter::kIsRate);
  state.counters["nodes/position"] =
      static_cast<double>(solver.nodes()) / static_cast<double>(std::max<int64_t>(solved, 1));
}

void BM_Connect4Solver_L3R1(benchmark::State& state) { bench_solver(state, "Test_L3_R1", 1000); }
void BM_Connect4Solver_L2R1(benchmark::State& state) { bench_solver(state, "Test_L2_R1", 1000); }
void BM_Connect4Solver_L2R2(benchmark::State& state) { bench_solver(state, "Test_L2_R2", 100); }

BENCHMARK(BM_Connect4Solver_L3R1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Connect4Solver_L2R1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Connect4Solver_L2R2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ida::search
