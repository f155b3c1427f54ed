// EvalCache: the network's outputs for positions already evaluated, shared by the workers
// of a match. Searches meet the same position again through transpositions, through the
// shared openings of many games, through the searches of consecutive moves (without tree
// reuse) and, where the board has symmetries, as an image of a position seen before
// (Connect Four's mirror, tic-tac-toe's eight): a hit skips the network.
//
// Keyed by games::canonical_key, so a position and its images share one entry; the
// logits are stored in the canonical image's frame and mapped back on a hit (the value is
// the same for every image). Direct-mapped and fixed-size: a new position overwrites
// whatever occupied its slot, so memory is bounded (about 48 bytes per entry for Connect
// Four) and a lookup is one probe. The full 64-bit key is compared, so a wrong hit needs
// two positions with equal keys (the connect4 and tictactoe keys are injective up to
// symmetry).
//
// Thread-safe: the table is split into kShards stripes, each behind its own mutex, so
// workers rarely wait for each other (a lookup holds one stripe for a copy of a few
// floats). Valid for one network: clear() it when the weights change.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <mutex>
#include <vector>

#include "games/game.h"

namespace ida::search {

// The default size: 2^17 entries shared by the workers, about 6 MB for Connect Four (whose
// shipped config raises self-play's to 2^20: a match at 300 simulations meets more distinct
// positions than 2^17 entries keep). The table is allocated and cleared for every match.
constexpr int kDefaultEvalCacheEntries = 1 << 17;

// One worker's use of the cache: lookups, hits, and of those the hits on an entry another
// worker stored and the hits on an entry stored for another image of the position.
struct CacheCounts {
  int64_t lookups = 0, hits = 0, shared_hits = 0, image_hits = 0;
  CacheCounts& operator+=(const CacheCounts& o) {
    lookups += o.lookups;
    hits += o.hits;
    shared_hits += o.shared_hits;
    image_hits += o.image_hits;
    return *this;
  }
};

template <games::Game G>
class EvalCache {
 public:
  static constexpr int kShards = 64;
  static constexpr int kActions = G::kNumActions;

  // capacity 0 disables the cache (every find misses, store does nothing); otherwise it is
  // rounded up to a power of two, at least kShards.
  explicit EvalCache(int capacity = 0)
      : entries_(capacity > 0 ? std::bit_ceil(static_cast<size_t>(std::max(capacity, kShards)))
                              : 0) {}

  bool enabled() const { return !entries_.empty(); }
  size_t capacity() const { return entries_.size(); }

  // On a hit, writes the stored outputs mapped to the position `key` was computed for
  // (kActions logits and the value) and returns true. `worker` names the caller in counts.
  bool find(const games::CanonicalKey& key, int worker, float* logits, float* value,
            CacheCounts& counts) {
    if (entries_.empty()) return false;
    ++counts.lookups;
    const size_t at = slot(key.key);
    std::lock_guard<std::mutex> lock(shards_[at % kShards]);
    const Entry& e = entries_[at];
    if (!e.used || e.key != key.key) return false;
    ++counts.hits;
    counts.shared_hits += e.worker != worker;
    counts.image_hits += e.sym != key.sym;
    for (int a = 0; a < kActions; ++a) logits[a] = e.logits[G::transform_action(key.sym, a)];
    *value = e.value;
    return true;
  }

  // Stores the network's outputs for the position `key` was computed for.
  void store(const games::CanonicalKey& key, int worker, const float* logits, float value) {
    if (entries_.empty()) return;
    const size_t at = slot(key.key);
    std::lock_guard<std::mutex> lock(shards_[at % kShards]);
    Entry& e = entries_[at];
    e.used = true;
    e.key = key.key;
    e.value = value;
    e.worker = static_cast<int16_t>(worker);
    e.sym = static_cast<int8_t>(key.sym);
    for (int a = 0; a < kActions; ++a) e.logits[G::transform_action(key.sym, a)] = logits[a];
  }

  // Not concurrent with find or store.
  void clear() {
    for (Entry& e : entries_) e.used = false;
  }

 private:
  struct Entry {
    uint64_t key = 0;
    float value = 0;
    int16_t worker = 0;  // who stored it, for CacheCounts::shared_hits
    int8_t sym = 0;      // the symmetry its storer's position had, for image_hits
    bool used = false;
    std::array<float, kActions> logits{};  // in the canonical image's frame
  };

  // Keys are well mixed in their high bits too; folding keeps both halves.
  size_t slot(uint64_t key) const { return (key ^ (key >> 32)) & (entries_.size() - 1); }

  std::vector<Entry> entries_;
  std::array<std::mutex, kShards> shards_;
};

}  // namespace ida::search
