// The graded position set: phases, the text format, and making the set from plausible play
// (see connect4_graded_set.h for the contracts).
#include "selfplay/connect4_graded_set.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <ctime>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/atomic_file.h"
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

// The play styles (make_graded_set's contract).
constexpr float kRandomGameShare = 0.25f;
constexpr float kWeakGameShare = 0.25f;
constexpr float kWeakBlunderRate = 0.25f;
constexpr int kWeakRolloutSimulations = 100;
constexpr float kBlunderRate = 0.1f;  // plausible play
constexpr float kSolverMoveRate = 0.5f;
constexpr int kSolverFromPly = 12;
constexpr int kRolloutSimulations = 1000;
constexpr uint64_t kGamesPerBatch = 64;  // games played before their candidates are graded

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

bool GradedPosition::decisive() const {
  for (int c = 0; c < ConnectFour::kWidth; ++c)
    if (scores[c] && !preserves_result(c)) return true;
  return false;
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

namespace {

// A position taken from a game, graded later (on a grading thread).
struct Candidate {
  GradedPosition position;  // scores filled by grade_candidates
  ConnectFour::State state;
  PlayStyle style = PlayStyle::kPlausible;
  double seconds = 0;  // grading CPU time
  uint64_t nodes = 0;
};

PlayStyle draw_style(Rng& rng) {
  const float u = uniform01(rng);
  return u < kRandomGameShare ? PlayStyle::kRandom
         : u < kRandomGameShare + kWeakGameShare ? PlayStyle::kWeak
                                                 : PlayStyle::kPlausible;
}

// The players of make_graded_set's games; not thread-safe (the play thread owns them).
class StylePlayers {
 public:
  explicit StylePlayers(int solver_table_mb)
      : solver_(solver_table_mb),
        weak_({kWeakRolloutSimulations, 2.0f}),
        plausible_({kRolloutSimulations, 2.0f}) {}

  Action choose(PlayStyle style, const ConnectFour::State& s, Rng& rng) {
    const float blunder = style == PlayStyle::kRandom ? 1.0f
                          : style == PlayStyle::kWeak ? kWeakBlunderRate
                                                      : kBlunderRate;
    if (uniform01(rng) < blunder) {
      const auto legal = s.legal_actions();
      return legal[std::uniform_int_distribution<int>(0, legal.size - 1)(rng)];
    }
    if (style == PlayStyle::kWeak) return weak_.choose(s, rng);
    if (s.ply() >= kSolverFromPly && uniform01(rng) < kSolverMoveRate)
      return solver_.choose(s, rng);
    return plausible_.choose(s, rng);
  }

 private:
  search::Connect4Solver solver_;
  search::RolloutMcts<ConnectFour> weak_, plausible_;
};

// Plays game number `game` and appends its candidates (one per phase in `wanted`, at the
// game's drawn ply, if the game gets there and the position is not in `seen`).
void play_game(uint64_t seed, uint64_t game, const std::array<bool, 3>& wanted,
               StylePlayers& players, std::unordered_set<uint64_t>& seen,
               std::vector<Candidate>& out) {
  Rng rng(mix_seed(seed, game));
  const PlayStyle style = draw_style(rng);
  std::array<int, 3> target{};
  for (size_t i = 0; i < kGamePhases.size(); ++i)
    target[i] = std::uniform_int_distribution<int>(kGamePhases[i].first_ply,
                                                   kGamePhases[i].last_ply)(rng);
  int last = -1;
  for (size_t i = 0; i < kGamePhases.size(); ++i)
    if (wanted[i]) last = std::max(last, target[i]);
  ConnectFour::State s = ConnectFour::initial();
  std::string moves;
  while (!s.is_terminal() && s.ply() <= last) {
    const int phase = phase_of_ply(s.ply());
    if (phase >= 0 && wanted[phase] && s.ply() == target[phase] &&
        seen.insert(s.current() + s.mask()).second)
      out.push_back({GradedPosition{moves, phase, {}}, s, style});
    if (s.ply() == last) break;
    const Action a = players.choose(style, s, rng);
    s.play(a);
    moves += ConnectFour::action_to_string(a);
  }
}

// The scores (and grading costs) of the candidates graded so far, by position, in the file
// GradedSetOptions::candidate_cache names.
class CandidateCache {
 public:
  explicit CandidateCache(fs::path path) : path_(std::move(path)) {
    if (path_.empty() || !fs::exists(path_)) return;
    for_each_data_line(path_, "the candidate cache", [&](std::string_view line) {
      Candidate c = parse_line(std::string(line));
      const std::string moves = c.position.moves;
      entries_.emplace(moves, std::move(c));
      text_ += std::string(line) + "\n";
    });
  }

  // Copies the cached scores and costs into `c`; false when it is not cached.
  bool fill(Candidate& c) const {
    const auto it = entries_.find(c.position.moves);
    if (it == entries_.end()) return false;
    c.position.scores = it->second.position.scores;
    c.seconds = it->second.seconds;
    c.nodes = it->second.nodes;
    return true;
  }

  // Adds a graded batch and rewrites the file (nothing when there is no file).
  void add(const std::vector<Candidate>& batch) {
    if (path_.empty()) return;
    for (const auto& c : batch) {
      if (entries_.count(c.position.moves)) continue;
      char costs[64];
      std::snprintf(costs, sizeof costs, " %.6f %llu", c.seconds,
                    static_cast<unsigned long long>(c.nodes));
      text_ += format_graded_line(c.position) + costs + "\n";
      entries_.emplace(c.position.moves, c);
    }
    write_file_atomically(path_, text_);
  }

 private:
  // `<graded line> <seconds> <nodes>`: the costs are the last two tokens.
  static Candidate parse_line(const std::string& line) {
    const size_t nodes_at = line.find_last_of(' ');
    const size_t seconds_at =
        nodes_at == std::string::npos ? nodes_at : line.find_last_of(' ', nodes_at - 1);
    if (seconds_at == std::string::npos) throw InputError("want a graded line and two costs");
    Candidate c{parse_graded_line(line.substr(0, seconds_at)), {}};
    const std::string seconds = line.substr(seconds_at + 1, nodes_at - seconds_at - 1);
    const std::string nodes = line.substr(nodes_at + 1);
    size_t used_seconds = 0, used_nodes = 0;
    try {
      c.seconds = std::stod(seconds, &used_seconds);
      c.nodes = std::stoull(nodes, &used_nodes);
    } catch (const std::exception&) {
      used_seconds = used_nodes = 0;
    }
    if (used_seconds != seconds.size() || !(c.seconds >= 0) || used_nodes != nodes.size() ||
        !std::isdigit(static_cast<unsigned char>(nodes[0])))
      throw InputError("bad costs in '" + line + "' (want CPU seconds and a node count)");
    return c;
  }

  fs::path path_;
  std::unordered_map<std::string, Candidate> entries_;
  std::string text_;  // the file's content
};

// Fills every candidate's scores, `threads` solvers working through the list. The scores are
// exact, so they do not depend on which thread solved what.
// Candidates in `cache` are filled from it and not solved again.
void grade_candidates(std::vector<Candidate>& candidates, const CandidateCache& cache,
                      int threads, int table_mb) {
  std::vector<Candidate*> unsolved;
  for (auto& c : candidates)
    if (!cache.fill(c)) unsolved.push_back(&c);
  if (unsolved.empty()) return;
  std::atomic<size_t> next{0};
  auto work = [&] {
    search::Connect4Solver solver(table_mb);
    for (size_t i; (i = next++) < unsolved.size();) {
      Candidate& c = *unsolved[i];
      const double start = thread_cpu_seconds();
      const uint64_t nodes = solver.nodes();
      c.position.scores = solver.column_scores(c.state);
      c.seconds = thread_cpu_seconds() - start;
      c.nodes = solver.nodes() - nodes;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace

std::vector<GradedPosition> make_graded_set(const GradedSetOptions& options,
                                            GradedSetCost* cost) {
  IDA_CHECK(options.threads >= 1);
  GradedSetCost local_cost;
  GradedSetCost& spent = cost ? *cost : local_cost;
  StylePlayers players(options.solver_table_mb);
  CandidateCache cache(options.candidate_cache);
  std::array<std::vector<GradedPosition>, 3> by_phase;
  std::unordered_set<uint64_t> seen;  // Pons keys (current + mask) of the candidates so far
  auto wanted = [&](size_t phase) {
    return by_phase[phase].size() < static_cast<size_t>(options.per_phase[phase]);
  };
  // A batch cannot reach an unreachable count: give up after this many without progress.
  int batches_without_progress = 0;
  for (uint64_t game = 0;; game += kGamesPerBatch) {
    std::array<bool, 3> want{};
    for (size_t i = 0; i < kGamePhases.size(); ++i) want[i] = wanted(i);
    if (std::none_of(want.begin(), want.end(), [](bool w) { return w; })) break;
    if (++batches_without_progress > 1000)
      throw InputError("cannot find enough distinct decisive positions for the graded set");
    std::vector<Candidate> candidates;
    const double play_start = thread_cpu_seconds();
    for (uint64_t g = game; g < game + kGamesPerBatch; ++g)
      play_game(options.seed, g, want, players, seen, candidates);
    spent.play_seconds += thread_cpu_seconds() - play_start;
    spent.games += static_cast<int>(kGamesPerBatch);
    grade_candidates(candidates, cache, options.threads, options.solver_table_mb);
    cache.add(candidates);
    for (auto& c : candidates) {
      const int phase = c.position.phase;
      spent.grading_seconds[phase] += c.seconds;
      spent.grading_nodes[phase] += c.nodes;
      ++spent.candidates[phase];
      if (!c.position.decisive()) continue;
      ++spent.decisive[phase];
      if (!wanted(phase)) continue;  // the phase filled earlier in this batch
      ++spent.taken_by_style[phase][static_cast<int>(c.style)];
      by_phase[phase].push_back(std::move(c.position));
      batches_without_progress = 0;
      if (options.on_position) options.on_position(phase, static_cast<int>(by_phase[phase].size()));
    }
  }
  std::vector<GradedPosition> set;
  for (auto& phase : by_phase)
    for (auto& p : phase) set.push_back(std::move(p));
  return set;
}

}  // namespace ida::selfplay
