// Plays many games at once between two players (or one player against itself),
// batching the leaf evaluations of all concurrent searches into one network
// call per player. Self-play (Amplify for games) and the arena both use it.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "games/game.h"
#include "net/evaluator.h"
#include "search/eval_cache.h"
#include "search/mcts.h"
#include "selfplay/leaf_batch.h"

namespace ida::selfplay {

// A player: either a network searched with MCTS (simulations 1 = raw policy),
// or a reference player that picks moves itself (rollout MCTS, minimax, human).
template <games::Game G>
struct Player {
  std::string name;
  net::Evaluator* network = nullptr;
  search::MctsParams mcts;
  std::function<games::Action(const typename G::State&, Rng&)> pick;  // when network is null
};

// One finished game. Teacher outputs are recorded in self-play only.
template <games::Game G>
struct GameRecord {
  using Policy = std::array<float, G::kNumActions>;
  std::vector<games::Action> moves;
  // Per ply, in self-play: the normalised root visit counts, the root value for
  // the player to move, and whether the ply is a training target (1) or not (0:
  // a random opening move, which was not searched, or a fast search).
  std::vector<Policy> visits;
  std::vector<float> search_values;
  std::vector<float> is_target;
  float result = 0;      // for the first player: +1 win, 0 draw, -1 loss
  int first_player = 0;  // index of the player who moved first
  double gap_sum = 0;    // sum over targets of KL(visits || raw network policy)
  double gap_max = 0;    // the largest of those: the worst position found
  int targets() const {
    int n = 0;
    for (float t : is_target) n += t > 0;
    return n;
  }
};

// Where a match's time went: the throughput figures of self-play.
struct MatchStats {
  double wall_seconds = 0;     // the whole match
  double network_seconds = 0;  // inside network calls, summed over worker threads
  int threads = 1;             // worker threads that played
  int64_t network_calls = 0;   // batches sent to the networks
  int64_t requested = 0;       // leaves the searches asked to have evaluated
  int64_t evaluated = 0;       // positions in the network batches
  // Of the requested: answered by the evaluation cache (of which stored by another worker,
  // and stored for another image of the position), and sharing another leaf's evaluation in
  // the same batch. requested = cache_hits + batch_shared + evaluated.
  int64_t cache_lookups = 0, cache_hits = 0, cache_shared_hits = 0, cache_image_hits = 0;
  int64_t batch_shared = 0;
  int64_t positions = 0;       // moves played

  // The share of the workers' time spent inside network calls.
  double network_share() const {
    return wall_seconds > 0 ? network_seconds / (wall_seconds * threads) : 0;
  }
  double cache_hit_rate() const {
    return cache_lookups > 0 ? static_cast<double>(cache_hits) / cache_lookups : 0;
  }
  // Network positions per network call.
  double mean_batch() const {
    return network_calls > 0 ? static_cast<double>(evaluated) / network_calls : 0;
  }
  // Adds the counts and times of `other` (of another worker, or another match).
  MatchStats& operator+=(const MatchStats& other) {
    wall_seconds += other.wall_seconds;
    network_seconds += other.network_seconds;
    network_calls += other.network_calls;
    requested += other.requested;
    evaluated += other.evaluated;
    cache_lookups += other.cache_lookups;
    cache_hits += other.cache_hits;
    cache_shared_hits += other.cache_shared_hits;
    cache_image_hits += other.cache_image_hits;
    batch_shared += other.batch_shared;
    positions += other.positions;
    return *this;
  }
};

struct MatchOptions {
  int games = 1;
  int concurrent_games = 64;     // searches advanced together; the network batch size
  bool self_play = false;        // one shared tree; record teacher outputs
  bool alternate_colors = true;  // player 0 starts the even games
  int temperature_moves = 0;     // plies sampled in proportion to visits (then best move)
  float temperature = 1.0f;
  // Self-play only: each game opens with r uniformly random plies, r drawn
  // uniformly from [0, random_opening_moves]: positions off the agent's own
  // line of play get teacher outputs too (they are not targets themselves).
  int random_opening_moves = 0;
  // Self-play only: playout cap randomisation (KataGo). Each move is searched in full (the
  // player's MCTS params) with probability full_search_share and is then a training target;
  // the other moves get a fast search of fast_simulations, without root noise, and are
  // played but not trained on. More games per unit of compute, targets only from full
  // searches. 1 = every move in full (and no random draw, so older runs replay exactly).
  float full_search_share = 1.0f;
  int fast_simulations = 0;
  uint64_t seed = 0;  // game g uses streams mix_seed(seed, g): reproducible
  // Worker threads, each advancing concurrent_games / threads games with its own
  // network batches. Games played by network players only; reference players
  // keep one thread (they are not thread-safe). With one thread every game is
  // bit-reproducible; with more, batch composition (and so float rounding) varies.
  int threads = 1;
  // Entries of the evaluation cache the workers share, per network (0 = none): a position
  // met again in this match (a transposition, a shared opening, an image under the board's
  // symmetries) reuses the network's output, as does a position twice in one batch.
  int cache_positions = 0;
  std::function<void(int games_done, int64_t positions)> on_progress;  // serialised
  MatchStats* stats = nullptr;  // filled when given
};

// Plays options.games games between players[0] and players[1] (in self-play,
// players[0] against itself) and returns the records in game order.
// Blocking. With options.threads > 1 the players' evaluators are called from
// several threads at once (PolicyValueNet inference allows that).
template <games::Game G>
std::vector<GameRecord<G>> play_match(const std::array<const Player<G>*, 2>& players,
                                      const MatchOptions& options) {
  using State = typename G::State;
  using Tree = search::SearchTree<G>;
  constexpr int kA = G::kNumActions;
  // A fast search needs at least one simulation (its root must be expanded to pick a move).
  IDA_CHECK(options.full_search_share >= 1.0f || options.fast_simulations >= 1);

  struct Slot {
    int game = -1;
    State state = G::initial();
    std::array<int, 2> seat{};                   // seat[to_move] = player index
    std::array<std::unique_ptr<Tree>, 2> trees;  // by player index; self-play uses [0]
    Rng rng;
    GameRecord<G> record;
    int random_plies = 0;
    bool full_search = true;  // this move's search is a full one (a training target)
    int pending = -1;  // player index whose tree awaits an evaluation
  };

  std::vector<GameRecord<G>> records(options.games);
  std::atomic<int> next_game{0};
  std::atomic<int64_t> positions{0};
  int games_done = 0;
  std::mutex progress_mutex;
  MatchStats totals;  // merged from the workers under progress_mutex

  auto evaluator_of = [&](int player) {
    const bool shared = options.self_play || players[1]->network == players[0]->network;
    return shared ? 0 : player;
  };
  // By evaluator: players sharing one network share its cache and its batch.
  std::array<search::EvalCache<G>, 2> caches{
      search::EvalCache<G>(options.cache_positions),
      search::EvalCache<G>(evaluator_of(1) == 1 ? options.cache_positions : 0)};

  // One worker: n_slots games at a time, one network batch per player per step.
  auto worker = [&](int worker_index, int n_slots) {
    std::vector<Slot> slots(n_slots);
    MatchStats mine;
    search::CacheCounts cache_counts;

    auto tree_of = [&](Slot& s, int player) -> Tree& {
      return *s.trees[options.self_play ? 0 : player];
    };
    const bool cap_playouts = options.self_play && options.full_search_share < 1.0f;
    // Playout cap randomisation: draws the kind of search of the slot's next move. Called
    // before the tree reaches the move's root, since root noise is added there.
    auto choose_search = [&](Slot& s) {
      if (!cap_playouts) return;
      s.full_search = uniform01(s.rng) < options.full_search_share;
      search::MctsParams params = players[0]->mcts;
      if (!s.full_search) {
        params.simulations = options.fast_simulations;
        params.root_noise = false;
      }
      s.trees[0]->set_params(params);
    };
    auto start_game = [&](Slot& s) {
      s.game = next_game.fetch_add(1);
      if (s.game >= options.games) {
        s.game = -1;
        return;
      }
      s.state = G::initial();
      s.record = GameRecord<G>{};
      s.rng.seed(mix_seed(options.seed, 2 * s.game));
      bool swap = options.alternate_colors && (s.game % 2 == 1) && !options.self_play;
      s.seat = swap ? std::array<int, 2>{1, 0} : std::array<int, 2>{0, 1};
      s.record.first_player = s.seat[0];
      s.random_plies =
          options.self_play && options.random_opening_moves > 0
              ? std::uniform_int_distribution<int>(0, options.random_opening_moves)(s.rng)
              : 0;
      for (int p = 0; p < 2; ++p) {
        if (options.self_play && p == 1) break;
        if (!players[p]->network) continue;
        s.trees[p] =
            std::make_unique<Tree>(players[p]->mcts, mix_seed(options.seed, 2 * s.game + 1));
        if (options.self_play) choose_search(s);
        s.trees[p]->reset(s.state);
      }
    };
    auto play_move = [&](Slot& s, games::Action a) {
      s.state.play(a);
      s.record.moves.push_back(a);
      ++positions;
      if (s.trees[0]) choose_search(s);
      for (auto& t : s.trees)
        if (t) t->advance(a);
    };
    auto record_teacher = [&](Slot& s, Tree& t) {
      auto counts = t.target_counts();
      float total = 0;
      for (float c : counts) total += c;
      typename GameRecord<G>::Policy pi{};
      double kl = 0;
      const auto& prior = t.raw_prior();
      for (int a = 0; a < kA; ++a) {
        pi[a] = total > 0 ? counts[a] / total : 0.0f;
        if (pi[a] > 0) kl += pi[a] * std::log(pi[a] / std::max(prior[a], 1e-8f));
      }
      s.record.visits.push_back(pi);
      s.record.search_values.push_back(t.root_value());
      s.record.is_target.push_back(s.full_search ? 1 : 0);
      if (!s.full_search) return;  // the gap is measured on training targets only
      s.record.gap_sum += kl;
      s.record.gap_max = std::max(s.record.gap_max, kl);
    };
    auto play_random = [&](Slot& s) {
      auto legal = s.state.legal_actions();
      s.record.visits.push_back({});
      s.record.search_values.push_back(0);
      s.record.is_target.push_back(0);
      play_move(s, legal[std::uniform_int_distribution<int>(0, legal.size - 1)(s.rng)]);
    };

    // Advances a slot until it needs an evaluation (returns true) or has no game.
    auto advance_slot = [&](Slot& s) -> bool {
      while (s.game >= 0) {
        if (s.state.is_terminal()) {
          float v = s.state.terminal_value();  // for the player to move
          s.record.result = s.state.to_move() == 0 ? v : -v;
          records[s.game] = std::move(s.record);
          {
            std::lock_guard<std::mutex> lock(progress_mutex);
            ++games_done;
            if (options.on_progress) options.on_progress(games_done, positions.load());
          }
          start_game(s);
          continue;
        }
        if (s.state.ply() < s.random_plies) {
          play_random(s);
          continue;
        }
        int p = s.seat[s.state.to_move()];
        const Player<G>& player = *players[p];
        if (!player.network) {
          play_move(s, player.pick(s.state, s.rng));
          continue;
        }
        Tree& t = tree_of(s, p);
        if (t.done()) {
          if (options.self_play) record_teacher(s, t);
          float temp = s.state.ply() < options.temperature_moves ? options.temperature : 0.0f;
          play_move(s, t.sample_action(temp));
          continue;
        }
        if (t.select_leaf()) {
          s.pending = p;
          return true;
        }
      }
      return false;
    };

    // Advances a slot to a leaf the cache cannot answer; returns its evaluator, or -1 when
    // the slot has no game left. `key` is the leaf's canonical key.
    std::array<float, kA> cached;
    auto advance_to_uncached_leaf = [&](Slot& s, games::CanonicalKey& key) -> int {
      while (advance_slot(s)) {
        ++mine.requested;
        const int p = evaluator_of(s.pending);
        Tree& t = tree_of(s, s.pending);
        float value = 0;
        if (!caches[p].enabled()) return p;
        key = games::canonical_key<G>(t.leaf_state());
        if (!caches[p].find(key, worker_index, cached.data(), &value, cache_counts)) return p;
        t.expand_and_backup(cached.data(), value);
      }
      return -1;
    };

    for (auto& s : slots) start_game(s);
    std::array<LeafBatch<G>, 2> batches{LeafBatch<G>(caches[0], worker_index, caches[0].enabled()),
                                        LeafBatch<G>(caches[1], worker_index, caches[1].enabled())};
    typename LeafBatch<G>::Counts batch_counts;
    auto deliver = [&](int slot, const float* logits, float value) {
      Slot& s = slots[slot];
      tree_of(s, s.pending).expand_and_backup(logits, value);
    };
    for (;;) {
      for (int i = 0; i < n_slots; ++i) {
        games::CanonicalKey key;
        const int p = advance_to_uncached_leaf(slots[i], key);
        if (p >= 0) batches[p].add(i, tree_of(slots[i], slots[i].pending).leaf_state(), key);
      }
      if (batches[0].empty() && batches[1].empty()) break;
      for (int p = 0; p < 2; ++p)
        if (!batches[p].empty()) batches[p].evaluate(*players[p]->network, batch_counts, deliver);
    }
    mine.network_seconds = batch_counts.seconds;
    mine.network_calls = batch_counts.calls;
    mine.evaluated = batch_counts.evaluated;
    mine.batch_shared = batch_counts.shared;
    mine.cache_lookups = cache_counts.lookups;
    mine.cache_hits = cache_counts.hits;
    mine.cache_shared_hits = cache_counts.shared_hits;
    mine.cache_image_hits = cache_counts.image_hits;
    std::lock_guard<std::mutex> lock(progress_mutex);
    totals += mine;
  };

  const int total_slots = std::max(1, std::min(options.concurrent_games, options.games));
  const bool networks_only = players[0]->network && players[1]->network;
  const int threads = networks_only ? std::max(1, std::min(options.threads, total_slots)) : 1;
  const auto start = std::chrono::steady_clock::now();
  if (threads == 1) {
    worker(0, total_slots);
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back(worker, t, total_slots / threads + (t < total_slots % threads ? 1 : 0));
    for (auto& th : pool) th.join();
  }
  if (options.stats) {
    totals.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    totals.threads = threads;
    totals.positions = positions.load();
    *options.stats = totals;
  }
  return records;
}

}  // namespace ida::selfplay
