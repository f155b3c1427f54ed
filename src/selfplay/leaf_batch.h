// LeafBatch: the leaves one worker sends to one network in one call. Leaves whose
// position (or an image of it under the board's symmetries) is already in the batch are
// not sent twice: they share the first one's evaluation, mapped to their own frame. That
// matters where many games are at the same few positions at once, as at a match's start.
// The outputs are stored in the match's EvalCache for the searches that follow.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "games/game.h"
#include "net/evaluator.h"
#include "search/eval_cache.h"

namespace ida::selfplay {

template <games::Game G>
class LeafBatch {
 public:
  using State = typename G::State;
  static constexpr int kIn = games::kInputSize<G>;
  static constexpr int kA = G::kNumActions;

  // Where the time and the positions went: network calls, positions sent, leaves that
  // shared another leaf's evaluation in the batch, seconds inside the network.
  struct Counts {
    int64_t calls = 0, evaluated = 0, shared = 0;
    double seconds = 0;
  };

  // `dedupe` off sends every leaf (the behaviour without an evaluation cache).
  LeafBatch(search::EvalCache<G>& cache, int worker, bool dedupe)
      : cache_(cache), worker_(worker), dedupe_(dedupe) {}

  bool empty() const { return owners_.empty(); }

  // Adds the leaf `leaf` (canonical key `key`) of the search `owner`.
  void add(int owner, const State& leaf, const games::CanonicalKey& key) {
    int position = static_cast<int>(keys_.size());
    if (dedupe_) {
      auto [it, fresh] = first_.try_emplace(key.key, position);
      position = it->second;
      if (!fresh) {
        owners_.push_back({owner, position, key.sym});
        return;
      }
    }
    inputs_.resize(inputs_.size() + kIn);
    leaf.encode(inputs_.data() + inputs_.size() - kIn);
    keys_.push_back(key);
    owners_.push_back({owner, position, key.sym});
  }

  // Evaluates the batch's positions in one call, stores them in the cache, and calls
  // deliver(owner, logits, value) for every leaf added, in the order added. Then empties
  // the batch.
  template <class Deliver>
  void evaluate(net::Evaluator& network, Counts& counts, Deliver&& deliver) {
    const int n = static_cast<int>(keys_.size());
    logits_.resize(static_cast<size_t>(n) * kA);
    values_.resize(n);
    const auto start = std::chrono::steady_clock::now();
    network.evaluate(inputs_.data(), n, logits_.data(), values_.data());
    counts.seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++counts.calls;
    counts.evaluated += n;
    for (int i = 0; i < n; ++i) cache_.store(keys_[i], worker_, logits_.data() + i * kA, values_[i]);
    counts.shared += static_cast<int64_t>(owners_.size()) - n;
    for (const Owner& o : owners_) {
      const float* logits = logits_.data() + o.position * kA;
      const int sym = keys_[o.position].sym;
      if (o.sym == sym) {
        deliver(o.owner, logits, values_[o.position]);
        continue;
      }
      // An image of the evaluated position: mapped through the canonical frame.
      std::array<float, kA> canonical, mine;
      for (int a = 0; a < kA; ++a) canonical[G::transform_action(sym, a)] = logits[a];
      for (int a = 0; a < kA; ++a) mine[a] = canonical[G::transform_action(o.sym, a)];
      deliver(o.owner, mine.data(), values_[o.position]);
    }
    clear();
  }

 private:
  struct Owner {
    int owner;     // the caller's name for the search
    int position;  // index of the evaluated position it shares
    int sym;       // its symmetry to the canonical image
  };

  void clear() {
    inputs_.clear();
    keys_.clear();
    owners_.clear();
    first_.clear();
  }

  search::EvalCache<G>& cache_;
  int worker_;
  bool dedupe_;
  std::vector<float> inputs_, logits_, values_;
  std::vector<games::CanonicalKey> keys_;
  std::vector<Owner> owners_;
  std::unordered_map<uint64_t, int> first_;  // canonical key -> position index
};

}  // namespace ida::selfplay
