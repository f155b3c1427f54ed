// The evaluation cache: exact hits, bounded overwrites, and a switch that
// changes nothing but the work done.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <thread>

#include "games/connect4.h"
#include "games/tictactoe.h"
#include "net/evaluator.h"
#include "search/eval_cache.h"
#include "selfplay/match.h"

namespace ida {
namespace {

using games::ConnectFour;

using games::CanonicalKey;
using games::TicTacToe;

TEST(EvalCache, ReturnsWhatWasStoredForTheSameKeyOnly) {
  search::EvalCache<TicTacToe> cache(5);  // rounded up to kShards entries
  ASSERT_EQ(cache.capacity(), static_cast<size_t>(search::EvalCache<TicTacToe>::kShards));
  std::array<float, 9> logits{}, found{};
  std::iota(logits.begin(), logits.end(), 0.5f);
  float value = 0;
  search::CacheCounts counts;
  const CanonicalKey key{42, 0}, same_slot{42 + cache.capacity(), 0};
  EXPECT_FALSE(cache.find(key, 0, found.data(), &value, counts));
  cache.store(key, 0, logits.data(), 0.25f);
  ASSERT_TRUE(cache.find(key, 0, found.data(), &value, counts));
  EXPECT_EQ(value, 0.25f);
  EXPECT_EQ(found, logits);
  EXPECT_FALSE(cache.find(same_slot, 0, found.data(), &value, counts)) << "other key: a miss";
  cache.store(same_slot, 1, logits.data(), -1.0f);  // overwrites the slot
  EXPECT_FALSE(cache.find(key, 0, found.data(), &value, counts));
  EXPECT_EQ(counts.lookups, 4);
  EXPECT_EQ(counts.hits, 1);
  EXPECT_EQ(counts.shared_hits, 0);
  EXPECT_TRUE(cache.find(same_slot, 0, found.data(), &value, counts));
  EXPECT_EQ(counts.shared_hits, 1) << "stored by worker 1, found by worker 0";
  cache.clear();
  EXPECT_FALSE(cache.find(same_slot, 0, found.data(), &value, counts));
}

TEST(EvalCache, CapacityZeroIsOff) {
  search::EvalCache<TicTacToe> cache(0);
  const std::array<float, 9> logits{};
  std::array<float, 9> found{};
  cache.store({1, 0}, 0, logits.data(), 0);
  float value = 0;
  search::CacheCounts counts;
  EXPECT_FALSE(cache.enabled());
  EXPECT_FALSE(cache.find({1, 0}, 0, found.data(), &value, counts));
  EXPECT_EQ(counts.lookups, 0);
}

// An image of a stored position finds the stored outputs moved by the symmetry: the logit
// of each move is the stored logit of its image.
TEST(EvalCache, AnImageFindsTheStoredOutputsMovedByTheSymmetry) {
  for (int sym = 1; sym < TicTacToe::kNumSymmetries; ++sym) {
    auto s = TicTacToe::initial(), image = TicTacToe::initial();
    for (games::Action a : {0, 5, 7}) {  // an asymmetric position
      s.play(a);
      image.play(TicTacToe::transform_action(sym, a));
    }
    search::EvalCache<TicTacToe> cache(64);
    search::CacheCounts counts;
    std::array<float, 9> logits{}, found{};
    std::iota(logits.begin(), logits.end(), 1.0f);
    cache.store(games::canonical_key<TicTacToe>(s), 0, logits.data(), 0.5f);
    float value = 0;
    ASSERT_TRUE(cache.find(games::canonical_key<TicTacToe>(image), 0, found.data(), &value,
                           counts))
        << "sym " << sym;
    EXPECT_EQ(value, 0.5f);
    EXPECT_EQ(counts.image_hits, 1);
    for (games::Action a = 0; a < 9; ++a)
      EXPECT_EQ(found[TicTacToe::transform_action(sym, a)], logits[a]) << "sym " << sym;
  }
}

// A network stand-in whose outputs are a fixed function of the position, as a real
// network's are, and which respects the board's mirror symmetry (the mirror image's logits
// are the logits mirrored, its value the same), as the game is: then a cache hit, on the
// position or its image, must change nothing.
class PositionEvaluator : public net::Evaluator {
 public:
  static constexpr int kIn = games::kInputSize<ConnectFour>;
  static constexpr int kW = ConnectFour::kWidth;

  void evaluate(const float* in, int n, float* logits, float* values) override {
    for (int i = 0; i < n; ++i) {
      const float* x = in + static_cast<size_t>(i) * kIn;
      std::array<float, kIn> mirrored;
      for (int k = 0; k < kIn; ++k) mirrored[k] = x[k - k % kW + (kW - 1 - k % kW)];
      const float s = features(x), m = features(mirrored.data());
      for (int a = 0; a < kW; ++a)
        logits[i * kW + a] =
            std::sin(s * static_cast<float>(a + 1)) + std::sin(m * static_cast<float>(kW - a));
      values[i] = std::tanh((s + m) / 20);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    positions += n;
  }
  long positions = 0;

 private:
  static float features(const float* x) {
    float sum = 0;
    for (int k = 0; k < kIn; ++k) sum += x[k] * static_cast<float>((k * 7919) % 13 - 6);
    return sum;
  }
  std::mutex mutex_;
};

TEST(EvalCache, SelfPlayIsTheSameWithFewerNetworkPositions) {
  PositionEvaluator eval;
  selfplay::Player<ConnectFour> a{"A", &eval, {}, {}};
  a.mcts.simulations = 64;
  a.mcts.root_noise = true;
  auto play = [&](int cache, selfplay::MatchStats& stats) {
    selfplay::MatchOptions o;
    o.games = 8;
    o.concurrent_games = 4;
    o.self_play = true;
    o.temperature_moves = 6;
    o.seed = 7;
    o.cache_positions = cache;
    o.stats = &stats;
    return selfplay::play_match<ConnectFour>({&a, &a}, o);
  };
  selfplay::MatchStats off, on;
  const auto plain = play(0, off);
  const long plain_positions = eval.positions;
  const auto cached = play(1 << 12, on);
  ASSERT_EQ(plain.size(), cached.size());
  for (size_t g = 0; g < plain.size(); ++g) {
    EXPECT_EQ(plain[g].moves, cached[g].moves);
    EXPECT_EQ(plain[g].visits, cached[g].visits);
  }
  EXPECT_EQ(off.cache_lookups, 0);
  EXPECT_EQ(off.evaluated, plain_positions);
  EXPECT_GT(on.cache_hits, 0);
  EXPECT_EQ(on.evaluated, eval.positions - plain_positions);
  EXPECT_GT(on.cache_image_hits, 0) << "mirror images met";
  EXPECT_EQ(on.requested, on.cache_hits + on.batch_shared + on.evaluated);
  EXPECT_EQ(on.requested, off.evaluated) << "the same leaves, fewer sent";
  EXPECT_EQ(off.requested, off.evaluated);
  int64_t moves = 0;
  for (const auto& g : cached) moves += static_cast<int64_t>(g.moves.size());
  EXPECT_EQ(on.positions, moves);
  EXPECT_GT(on.network_share(), 0.0);
  EXPECT_LE(on.network_share(), 1.0);
}

// Makes two threads overlap: the first caller waits for a second, and the second then waits
// until the first has made `lead` more calls. With it the second worker meets entries the first
// stored however the machine schedules threads (on a loaded machine one worker could otherwise
// play every game before the other starts).
class LeaderFirstEvaluator : public net::Evaluator {
 public:
  LeaderFirstEvaluator(net::Evaluator& inner, int lead) : inner_(inner), lead_(lead) {}
  void evaluate(const float* in, int n, float* logits, float* values) override {
    {
      const auto me = std::this_thread::get_id();
      const auto timeout = std::chrono::seconds(30);
      std::unique_lock<std::mutex> lock(mutex_);
      if (leader_ == std::thread::id{}) leader_ = me;
      if (me == leader_) {
        ready_.wait_for(lock, timeout, [&] { return follower_ != std::thread::id{}; });
        ++leader_calls_;
        ready_.notify_all();
      } else {
        follower_ = me;
        ready_.notify_all();
        ready_.wait_for(lock, timeout, [&] { return leader_calls_ > lead_; });
      }
    }
    inner_.evaluate(in, n, logits, values);
  }

 private:
  net::Evaluator& inner_;
  const int lead_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::thread::id leader_, follower_;
  int leader_calls_ = 0;
};

// Two workers share one cache: the second finds positions the first stored, and the searches
// ask for as many evaluations as one worker's do (the games are the same up to batch order).
TEST(EvalCache, WorkersShareOneCache) {
  PositionEvaluator positions;
  LeaderFirstEvaluator eval(positions, 40);
  selfplay::Player<ConnectFour> a{"A", &eval, {}, {}};
  a.mcts.simulations = 48;
  selfplay::MatchOptions o;
  o.games = 16;
  o.concurrent_games = 8;
  o.self_play = true;
  o.temperature_moves = 0;  // every game the same: the second worker meets the first's
  o.seed = 3;
  o.threads = 2;
  o.cache_positions = 1 << 14;
  selfplay::MatchStats stats;
  o.stats = &stats;
  selfplay::play_match<ConnectFour>({&a, &a}, o);
  EXPECT_EQ(stats.threads, 2);
  EXPECT_GT(stats.cache_shared_hits, 0);
  EXPECT_GT(stats.batch_shared, 0) << "equal games put equal leaves in one batch";
  EXPECT_EQ(stats.requested, stats.cache_hits + stats.batch_shared + stats.evaluated);
  EXPECT_EQ(stats.evaluated, positions.positions);
}

}  // namespace
}  // namespace ida
