// Monte-Carlo tree search with PUCT (AlphaGo Zero): the amplifier of the game
// instance. The network's policy is the prior and its value replaces rollouts.
//
// A SearchTree does not call the network itself: select_leaf() stops at a leaf
// that needs an evaluation, and the caller evaluates leaves of many trees in one
// batch, then calls expand_and_backup(). This is how one network call serves
// many concurrent games (selfplay/match.h).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "games/game.h"

namespace ida::search {

struct MctsParams {
  int simulations = 100;         // root visits to reach before moving (reused visits count)
  float c_puct = 1.5f;           // exploration constant of PUCT
  float fpu_reduction = 0.25f;   // first-play urgency: unvisited Q = parent Q - r*sqrt(visited prior)
  bool root_noise = false;       // Dirichlet noise at the root (self-play only)
  float dirichlet_alpha = 0.3f;  // AlphaZero: ~10 / typical number of legal moves
  float dirichlet_epsilon = 0.25f;
  bool reuse_tree = true;        // keep the subtree of the move played
  // KataGo's forced playouts, self-play roots only (with root_noise; 0 = off): a root child
  // with fewer than sqrt(k * prior * root visits) visits is searched first, so that noise
  // can reveal a move; target_counts() then prunes those forced visits off the policy target.
  float forced_playouts = 0;
};

// One search tree. Not thread-safe; cheap to keep one per concurrent game.
// Node memory lives in one vector reused across moves and games.
template <games::Game G>
class SearchTree {
 public:
  using State = typename G::State;
  static constexpr int kActions = G::kNumActions;

  SearchTree(const MctsParams& params, uint64_t seed) : params_(params), rng_(seed) {}

  const MctsParams& params() const { return params_; }
  void set_params(const MctsParams& params) { params_ = params; }
  Rng& rng() { return rng_; }

  // Starts a fresh tree at `root` (discarding any previous one).
  void reset(const State& root) {
    root_state_ = root;
    nodes_.clear();
    nodes_.push_back(Node{});
    raw_prior_.fill(0);
  }

  // Moves the root along `action`, keeping that child's subtree when tree reuse
  // is on and the child exists; otherwise starts fresh.
  void advance(games::Action action) {
    State next = root_state_;
    next.play(action);
    const Node& root = nodes_[0];
    int child = -1;
    for (int i = 0; i < root.num_children; ++i)
      if (nodes_[root.first_child + i].action == action) child = root.first_child + i;
    if (!params_.reuse_tree || child < 0 || nodes_[child].num_children == 0) {
      reset(next);
      return;
    }
    compact_subtree(child);
    root_state_ = next;
    remember_raw_prior();
    if (params_.root_noise) add_root_noise();
  }

  const State& root_state() const { return root_state_; }
  int root_visits() const { return nodes_[0].visits; }
  bool done() const { return nodes_[0].visits >= params_.simulations; }

  // Descends from the root by PUCT to a leaf. Returns true when the leaf needs
  // a network evaluation (read it with leaf_state(), then call
  // expand_and_backup()); returns false when the leaf was terminal and its
  // exact value has already been backed up.
  bool select_leaf() {
    path_.clear();
    leaf_state_ = root_state_;
    int node = 0;
    path_.push_back(node);
    while (nodes_[node].num_children > 0) {
      node = select_child(node);
      leaf_state_.play(nodes_[node].action);
      path_.push_back(node);
    }
    if (leaf_state_.is_terminal()) {
      backup(leaf_state_.terminal_value());
      return false;
    }
    return true;
  }

  const State& leaf_state() const { return leaf_state_; }

  // Expands the leaf found by select_leaf() with the network's output for it:
  // logits over all kActions actions and value for the player to move there.
  void expand_and_backup(const float* logits, float value) {
    int leaf = path_.back();
    auto legal = leaf_state_.legal_actions();
    IDA_CHECK(!legal.empty());
    float max_logit = -std::numeric_limits<float>::infinity();
    for (auto a : legal) max_logit = std::max(max_logit, logits[a]);
    float sum = 0;
    std::array<float, kActions> p{};
    for (auto a : legal) sum += p[a] = std::exp(logits[a] - max_logit);
    int first = static_cast<int>(nodes_.size());
    for (auto a : legal) {
      Node child;
      child.action = static_cast<int16_t>(a);
      child.prior = p[a] / sum;
      nodes_.push_back(child);
    }
    nodes_[leaf].first_child = first;
    nodes_[leaf].num_children = static_cast<uint8_t>(legal.size);
    if (leaf == 0) {
      remember_raw_prior();
      if (params_.root_noise) add_root_noise();
    }
    backup(value);
  }

  // Root visit counts per action (zeros for illegal actions).
  std::array<float, kActions> visit_counts() const {
    std::array<float, kActions> v{};
    const Node& root = nodes_[0];
    for (int i = 0; i < root.num_children; ++i) {
      const Node& c = nodes_[root.first_child + i];
      v[c.action] = static_cast<float>(c.visits);
    }
    return v;
  }

  // The policy target: visit_counts() less the visits that forced playouts spent on moves
  // that did not earn them (policy target pruning, KataGo). Without forced playouts,
  // visit_counts() itself. Each non-best child loses as many of its forced visits as it
  // can without its PUCT score rising above the best child's; one visit left becomes 0.
  std::array<float, kActions> target_counts() const {
    std::array<float, kActions> v = visit_counts();
    if (!forcing()) return v;
    const Node& root = nodes_[0];
    int best = root.first_child;
    for (int i = 0; i < root.num_children; ++i)
      if (nodes_[root.first_child + i].visits > nodes_[best].visits) best = root.first_child + i;
    const float scale = puct_scale(root);
    const Node& b = nodes_[best];
    const float best_score = b.value_sum / static_cast<float>(std::max(b.visits, 1)) +
                             scale * b.prior / (1.0f + static_cast<float>(b.visits));
    for (int i = 0; i < root.num_children; ++i) {
      const int index = root.first_child + i;
      const Node& c = nodes_[index];
      if (index == best || c.visits == 0) continue;
      const float q = c.value_sum / static_cast<float>(c.visits);
      if (q >= best_score) continue;  // any visit count keeps its score above the best's
      // The fewest visits keeping score(c) = q + scale * prior / (1 + n) <= best_score.
      const float needed = std::ceil(scale * c.prior / (best_score - q) - 1.0f);
      const float floor = static_cast<float>(c.visits) - forced_visits(c, root.visits);
      float kept = std::min(static_cast<float>(c.visits), std::max(floor, needed));
      if (kept <= 1.0f) kept = 0;
      v[c.action] = kept;
    }
    return v;
  }

  // The network's own policy at the root (softmax over legal actions, before
  // noise): with visit_counts() this gives the distillation gap.
  const std::array<float, kActions>& raw_prior() const { return raw_prior_; }

  // Mean value of the root for the player to move there, in [-1, 1].
  float root_value() const {
    const Node& r = nodes_[0];
    return r.visits ? -r.value_sum / static_cast<float>(r.visits) : 0.0f;
  }

  // Most-visited root action; ties go to the higher prior.
  games::Action best_action() const {
    const Node& root = nodes_[0];
    IDA_CHECK(root.num_children > 0);
    int best = root.first_child;
    for (int i = 1; i < root.num_children; ++i) {
      const Node& c = nodes_[root.first_child + i];
      const Node& b = nodes_[best];
      if (c.visits > b.visits || (c.visits == b.visits && c.prior > b.prior))
        best = root.first_child + i;
    }
    return nodes_[best].action;
  }

  // Samples a root action with probability proportional to visits^(1/temperature);
  // temperature 0 means best_action().
  games::Action sample_action(float temperature) {
    if (temperature <= 0) return best_action();
    const Node& root = nodes_[0];
    std::array<double, kActions> w{};
    double total = 0;
    for (int i = 0; i < root.num_children; ++i) {
      const Node& c = nodes_[root.first_child + i];
      total += w[i] = std::pow(static_cast<double>(c.visits), 1.0 / temperature);
    }
    if (total <= 0) return best_action();
    double x = std::uniform_real_distribution<double>(0, total)(rng_);
    for (int i = 0; i < root.num_children; ++i) {
      if ((x -= w[i]) <= 0) return nodes_[root.first_child + i].action;
    }
    return nodes_[root.first_child + root.num_children - 1].action;
  }

  size_t node_count() const { return nodes_.size(); }

  // One root move's statistics: its visits, its mean value for the player to move at the
  // root (0 when unvisited) and its prior (with root noise, if any).
  struct MoveStats {
    games::Action action = -1;
    int visits = 0;
    float value = 0;
    float prior = 0;
  };
  std::vector<MoveStats> root_moves() const {
    std::vector<MoveStats> out;
    const Node& root = nodes_[0];
    for (int i = 0; i < root.num_children; ++i) {
      const Node& c = nodes_[root.first_child + i];
      out.push_back({c.action, c.visits,
                     c.visits ? c.value_sum / static_cast<float>(c.visits) : 0.0f, c.prior});
    }
    return out;
  }

  // The principal variation after root move `first`: `first`, then the most-visited child
  // at each level while it has visits, at most `max_length` moves.
  std::vector<games::Action> principal_variation(games::Action first, int max_length) const {
    std::vector<games::Action> line;
    int node = child_of(0, first);
    while (node >= 0 && nodes_[node].visits > 0 && static_cast<int>(line.size()) < max_length) {
      line.push_back(nodes_[node].action);
      const Node& n = nodes_[node];
      int best = -1;
      for (int i = 0; i < n.num_children; ++i) {
        const int c = n.first_child + i;
        if (nodes_[c].visits > 0 && (best < 0 || nodes_[c].visits > nodes_[best].visits)) best = c;
      }
      node = best;
    }
    return line;
  }

 private:
  // value_sum is kept from the view of the player who moved INTO the node, so a
  // parent picks the child with the highest Q without sign flips.
  struct Node {
    float prior = 0;
    float value_sum = 0;
    int32_t visits = 0;
    int32_t first_child = -1;
    int16_t action = -1;
    uint8_t num_children = 0;
  };

  int child_of(int parent, games::Action action) const {
    const Node& p = nodes_[parent];
    for (int i = 0; i < p.num_children; ++i)
      if (nodes_[p.first_child + i].action == action) return p.first_child + i;
    return -1;
  }

  bool forcing() const { return params_.forced_playouts > 0 && params_.root_noise; }

  float puct_scale(const Node& parent) const {
    return params_.c_puct * std::sqrt(static_cast<float>(std::max(parent.visits, 1)));
  }

  float forced_visits(const Node& child, int root_visits) const {
    return std::sqrt(params_.forced_playouts * child.prior * static_cast<float>(root_visits));
  }

  int select_child(int parent) const {
    const Node& p = nodes_[parent];
    if (parent == 0 && forcing()) {
      // The child furthest below its forced visits goes first.
      int forced = -1;
      float deficit = 0;
      for (int i = 0; i < p.num_children; ++i) {
        const Node& c = nodes_[p.first_child + i];
        const float d = forced_visits(c, p.visits) - static_cast<float>(c.visits);
        if (d > deficit) {
          deficit = d;
          forced = p.first_child + i;
        }
      }
      if (forced >= 0) return forced;
    }
    float visited_prior = 0;
    for (int i = 0; i < p.num_children; ++i) {
      const Node& c = nodes_[p.first_child + i];
      if (c.visits > 0) visited_prior += c.prior;
    }
    float parent_q = p.visits ? -p.value_sum / static_cast<float>(p.visits) : 0.0f;
    float fpu = parent_q - params_.fpu_reduction * std::sqrt(visited_prior);
    float scale = puct_scale(p);
    int best = p.first_child;
    float best_score = -std::numeric_limits<float>::infinity();
    for (int i = 0; i < p.num_children; ++i) {
      const Node& c = nodes_[p.first_child + i];
      float q = c.visits ? c.value_sum / static_cast<float>(c.visits) : fpu;
      float score = q + scale * c.prior / (1.0f + static_cast<float>(c.visits));
      if (score > best_score) {
        best_score = score;
        best = p.first_child + i;
      }
    }
    return best;
  }

  // value: for the player to move at the leaf.
  void backup(float value) {
    for (int i = static_cast<int>(path_.size()) - 1; i >= 0; --i) {
      Node& n = nodes_[path_[i]];
      value = -value;  // now from the view of the player who moved into n
      n.value_sum += value;
      n.visits += 1;
    }
  }

  void remember_raw_prior() {
    raw_prior_.fill(0);
    const Node& root = nodes_[0];
    for (int i = 0; i < root.num_children; ++i) {
      const Node& c = nodes_[root.first_child + i];
      raw_prior_[c.action] = c.prior;
    }
  }

  void add_root_noise() {
    Node& root = nodes_[0];
    std::gamma_distribution<float> gamma(params_.dirichlet_alpha, 1.0f);
    std::array<float, kActions> noise{};
    float sum = 0;
    for (int i = 0; i < root.num_children; ++i) sum += noise[i] = gamma(rng_);
    if (sum <= 0) return;
    float eps = params_.dirichlet_epsilon;
    for (int i = 0; i < root.num_children; ++i) {
      Node& c = nodes_[root.first_child + i];
      c.prior = (1 - eps) * c.prior + eps * noise[i] / sum;
    }
  }

  // Copies the subtree under `child` into spare_ (children stay contiguous),
  // then swaps it in as the whole tree. Node memory is reused, never freed.
  void compact_subtree(int child) {
    spare_.clear();
    spare_.push_back(nodes_[child]);
    for (size_t i = 0; i < spare_.size(); ++i) {
      const int count = spare_[i].num_children;
      if (count == 0) continue;
      const int old_first = spare_[i].first_child;
      spare_[i].first_child = static_cast<int>(spare_.size());
      for (int k = 0; k < count; ++k) spare_.push_back(nodes_[old_first + k]);
    }
    std::swap(nodes_, spare_);
  }

  MctsParams params_;
  Rng rng_;
  State root_state_ = G::initial();
  State leaf_state_ = G::initial();
  std::vector<Node> nodes_{Node{}};
  std::vector<Node> spare_;
  std::vector<int> path_;
  std::array<float, kActions> raw_prior_{};
};

}  // namespace ida::search
