// EvalCache: the network's outputs for positions already evaluated, keyed by
// State::hash(). Searches meet the same position again through transpositions
// and through the shared openings of many games; a hit skips the network.
//
// Direct-mapped and fixed-size: a new position overwrites whatever occupied its
// slot, so memory is bounded (about 40 bytes per entry for Connect Four) and a
// lookup is one probe. The full 64-bit key is compared, so a wrong hit needs two
// positions with equal hashes (connect4 and tictactoe hashes are injective).
// Valid for one network: clear() it when the weights change. Not thread-safe.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace ida::search {

// The default size: 65536 entries, about 2.6 MB per worker for Connect Four.
constexpr int kDefaultEvalCacheEntries = 1 << 16;

template <int kActions>
class EvalCache {
 public:
  // capacity 0 disables the cache (every find misses, store does nothing);
  // otherwise it is rounded up to a power of two.
  explicit EvalCache(int capacity = 0)
      : entries_(capacity > 0 ? std::bit_ceil(static_cast<size_t>(capacity)) : 0) {}

  bool enabled() const { return !entries_.empty(); }

  // The stored logits (kActions of them) and value for `key`, or nullptr.
  bool find(uint64_t key, const float** logits, float* value) {
    if (entries_.empty()) return false;
    ++lookups_;
    const Entry& e = entries_[slot(key)];
    if (!e.used || e.key != key) return false;
    ++hits_;
    *logits = e.logits.data();
    *value = e.value;
    return true;
  }

  void store(uint64_t key, const float* logits, float value) {
    if (entries_.empty()) return;
    Entry& e = entries_[slot(key)];
    e.used = true;
    e.key = key;
    e.value = value;
    std::copy(logits, logits + kActions, e.logits.begin());
  }

  void clear() {
    for (Entry& e : entries_) e.used = false;
  }

  int64_t lookups() const { return lookups_; }
  int64_t hits() const { return hits_; }

 private:
  struct Entry {
    uint64_t key = 0;
    float value = 0;
    bool used = false;
    std::array<float, kActions> logits{};
  };

  // Hashes are well mixed in their high bits too; folding keeps both halves.
  size_t slot(uint64_t key) const { return (key ^ (key >> 32)) & (entries_.size() - 1); }

  std::vector<Entry> entries_;
  int64_t lookups_ = 0, hits_ = 0;
};

}  // namespace ida::search
