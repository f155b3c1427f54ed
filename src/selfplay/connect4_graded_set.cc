// The graded position set: phases, the text format, and making the set from plausible play
// (see connect4_graded_set.h for the contracts).
#include "selfplay/connect4_graded_set.h"

#include <algorithm>
#include <ctime>
#include <sstream>
#include <unordered_set>

#include "core/error.h"
#include "core/rng.h"
#include "games/notation.h"
#include "search/connect4_solver.h"
#include "search/rollout_mcts.h"
#include "selfplay/shipped_files.h"

namespace ida::selfplay {
namespace fs = std::filesystem;
using games::Action;
using games::ConnectFour;

namespace {

constexpr int kMaxAbsScore = 18;  // the fastest win or loss (connect4_solver.h)

// Plausible play (make_graded_set's contract).
constexpr double kBlunderRate = 0.1;
constexpr double kSolverMoveRate = 0.5;
constexpr int kSolverFromPly = 12;
constexpr int kRolloutSimulations = 1000;

// CPU time of the calling thread: the cost of making the set, whatever else the machine runs.
double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

GradedPosition parse_graded_line(const std::string& line) {
  std::istringstream in(line);
  std::string moves, phase;
  in >> moves >> phase;
  GradedPosition p;
  p.moves = moves;
  const auto state = games::parse_position<ConnectFour>(moves);
  if (state.is_terminal()) throw InputError("the game is over in " + moves);
  p.phase = phase_named(phase);
  if (p.phase < 0) throw InputError("unknown phase '" + phase + "'");
  if (phase_of_ply(state.ply()) != p.phase)
    throw InputError(moves + " has " + std::to_string(state.ply()) + " stones, not in the " +
                     phase + " (plies " + std::to_string(kGamePhases[p.phase].first_ply) + "-" +
                     std::to_string(kGamePhases[p.phase].last_ply) + ")");
  for (int c = 0; c < ConnectFour::kWidth; ++c) {
    std::string token;
    if (!(in >> token)) throw InputError("want 7 column scores, found " + std::to_string(c));
    if (token == "-") {
      if (state.is_legal(c)) throw InputError("column " + std::to_string(c + 1) + " is not full");
      continue;
    }
    size_t used = 0;
    int score = 0;
    try {
      score = std::stoi(token, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != token.size() || std::abs(score) > kMaxAbsScore)
      throw InputError("bad score '" + token + "' (want an integer in [-18, 18] or '-')");
    if (!state.is_legal(c)) throw InputError("column " + std::to_string(c + 1) + " is full");
    p.scores[c] = score;
  }
  std::string extra;
  if (in >> extra) throw InputError("unexpected '" + extra + "' after the 7 scores");
  return p;
}

}  // namespace

int phase_of_ply(int ply) {
  for (size_t i = 0; i < kGamePhases.size(); ++i)
    if (ply >= kGamePhases[i].first_ply && ply <= kGamePhases[i].last_ply)
      return static_cast<int>(i);
  return -1;
}

int phase_named(std::string_view name) {
  for (size_t i = 0; i < kGamePhases.size(); ++i)
    if (kGamePhases[i].name == name) return static_cast<int>(i);
  return -1;
}

ConnectFour::State GradedPosition::state() const {
  return games::parse_position<ConnectFour>(moves);
}

int GradedPosition::best() const {
  int best = -kMaxAbsScore - 1;
  for (const auto& s : scores)
    if (s) best = std::max(best, *s);
  return best;
}

bool GradedPosition::optimal(Action a) const {
  return a >= 0 && a < ConnectFour::kWidth && scores[a] && *scores[a] == best();
}

bool GradedPosition::preserves_result(Action a) const {
  if (a < 0 || a >= ConnectFour::kWidth || !scores[a]) return false;
  const int b = best();
  return b > 0 ? *scores[a] > 0 : b == 0 ? *scores[a] >= 0 : true;
}

std::string format_graded_line(const GradedPosition& p) {
  std::string line = p.moves + " " + std::string(kGamePhases.at(p.phase).name);
  for (const auto& s : p.scores) line += " " + (s ? std::to_string(*s) : std::string("-"));
  return line;
}

std::vector<GradedPosition> read_graded_set(const fs::path& path) {
  std::vector<GradedPosition> set;
  for_each_data_line(path, "the graded position set", [&](std::string_view line) {
    set.push_back(parse_graded_line(std::string(line)));
  });
  if (set.empty()) throw InputError(path.string() + ": no graded positions in the file");
  return set;
}

fs::path default_graded_set_path() {
  if (auto path = find_shipped_file("data/connect4-graded.txt")) return *path;
  throw InputError(
      "data/connect4-graded.txt not found: pass --positions or make one with --make-positions");
}

std::vector<GradedPosition> make_graded_set(const GradedSetOptions& options,
                                            GradedSetCost* cost) {
  GradedSetCost local_cost;
  GradedSetCost& spent = cost ? *cost : local_cost;
  search::Connect4Solver solver(options.solver_table_mb);
  search::RolloutMcts<ConnectFour> rollout({kRolloutSimulations, 2.0f});
  std::array<std::vector<GradedPosition>, 3> by_phase;
  std::unordered_set<uint64_t> seen;  // Pons keys (current + mask) of the positions taken

  auto wanted = [&](size_t phase) {
    return by_phase[phase].size() < static_cast<size_t>(options.per_phase[phase]);
  };
  auto any_wanted = [&] {
    for (size_t i = 0; i < kGamePhases.size(); ++i)
      if (wanted(i)) return true;
    return false;
  };
  // A game cannot reach an unreachable count: give up after this many games without progress.
  int games_without_progress = 0;
  for (uint64_t game = 0; any_wanted(); ++game) {
    if (++games_without_progress > 100000)
      throw InputError("cannot find enough distinct positions for the graded set");
    Rng rng(mix_seed(options.seed, game));
    std::array<int, 3> target{};
    for (size_t i = 0; i < kGamePhases.size(); ++i)
      target[i] = std::uniform_int_distribution<int>(kGamePhases[i].first_ply,
                                                     kGamePhases[i].last_ply)(rng);
    ConnectFour::State s = ConnectFour::initial();
    std::string moves;
    const double play_start = thread_cpu_seconds();
    double grading = 0;
    while (!s.is_terminal()) {
      const int phase = phase_of_ply(s.ply());
      if (phase >= 0 && s.ply() == target[phase] && wanted(phase) &&
          !seen.count(s.current() + s.mask())) {
        const double grade_start = thread_cpu_seconds();
        const uint64_t nodes = solver.nodes();
        GradedPosition p{moves, phase, solver.column_scores(s)};
        const double dt = thread_cpu_seconds() - grade_start;
        grading += dt;
        spent.grading_seconds[phase] += dt;
        spent.grading_nodes[phase] += solver.nodes() - nodes;
        const int best = p.best();
        const bool choice = std::any_of(p.scores.begin(), p.scores.end(),
                                        [&](const auto& v) { return v && *v != best; });
        if (choice) {
          seen.insert(s.current() + s.mask());
          by_phase[phase].push_back(std::move(p));
          games_without_progress = 0;
          if (options.on_position)
            options.on_position(phase, static_cast<int>(by_phase[phase].size()));
        }
      }
      if (!any_wanted()) break;
      Action a;
      if (uniform01(rng) < kBlunderRate) {
        const auto legal = s.legal_actions();
        a = legal[std::uniform_int_distribution<int>(0, legal.size - 1)(rng)];
      } else if (s.ply() >= kSolverFromPly && uniform01(rng) < kSolverMoveRate) {
        a = solver.choose(s, rng);
      } else {
        a = rollout.choose(s, rng);
      }
      s.play(a);
      moves += ConnectFour::action_to_string(a);
    }
    spent.play_seconds += thread_cpu_seconds() - play_start - grading;
    ++spent.games;
  }
  std::vector<GradedPosition> set;
  for (auto& phase : by_phase)
    for (auto& p : phase) set.push_back(std::move(p));
  return set;
}

}  // namespace ida::selfplay
