// The evaluation cache: exact hits, bounded overwrites, and a switch that
// changes nothing but the work done.
#include <gtest/gtest.h>

#include <cmath>
#include <mutex>
#include <numeric>

#include "games/connect4.h"
#include "net/evaluator.h"
#include "search/eval_cache.h"
#include "selfplay/match.h"

namespace ida {
namespace {

using games::ConnectFour;

TEST(EvalCache, ReturnsWhatWasStoredForTheSameKeyOnly) {
  search::EvalCache<3> cache(5);  // rounded up to 8 entries
  const float logits[3] = {0.5f, -1.0f, 2.0f};
  const float* found = nullptr;
  float value = 0;
  EXPECT_FALSE(cache.find(42, &found, &value));
  cache.store(42, logits, 0.25f);
  ASSERT_TRUE(cache.find(42, &found, &value));
  EXPECT_EQ(value, 0.25f);
  EXPECT_EQ(found[2], 2.0f);
  EXPECT_FALSE(cache.find(42 + 8, &found, &value)) << "same slot, other key: a miss";
  cache.store(42 + 8, logits, -1.0f);  // overwrites the slot
  EXPECT_FALSE(cache.find(42, &found, &value));
  EXPECT_EQ(cache.lookups(), 4);
  EXPECT_EQ(cache.hits(), 1);
  cache.clear();
  EXPECT_FALSE(cache.find(42 + 8, &found, &value));
}

TEST(EvalCache, CapacityZeroIsOff) {
  search::EvalCache<3> cache(0);
  const float logits[3] = {};
  cache.store(1, logits, 0);
  const float* found = nullptr;
  float value = 0;
  EXPECT_FALSE(cache.enabled());
  EXPECT_FALSE(cache.find(1, &found, &value));
  EXPECT_EQ(cache.lookups(), 0);
}

// A network stand-in whose outputs are a fixed function of the position, as a
// real network's are: then a cache hit must change nothing.
class PositionEvaluator : public net::Evaluator {
 public:
  void evaluate(const float* in, int n, float* logits, float* values) override {
    constexpr int kIn = games::kInputSize<ConnectFour>;
    for (int i = 0; i < n; ++i) {
      const float* x = in + static_cast<size_t>(i) * kIn;
      float sum = 0;
      for (int k = 0; k < kIn; ++k) sum += x[k] * static_cast<float>((k * 7919) % 13 - 6);
      for (int a = 0; a < 7; ++a) logits[i * 7 + a] = std::sin(sum * static_cast<float>(a + 1));
      values[i] = std::tanh(sum / 10);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    positions += n;
  }
  long positions = 0;

 private:
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
  EXPECT_EQ(on.evaluated + on.cache_hits, on.cache_lookups);
  EXPECT_EQ(on.cache_lookups, off.evaluated) << "every leaf was looked up once";
  int64_t moves = 0;
  for (const auto& g : cached) moves += static_cast<int64_t>(g.moves.size());
  EXPECT_EQ(on.positions, moves);
  EXPECT_GT(on.network_share(), 0.0);
  EXPECT_LE(on.network_share(), 1.0);
}

}  // namespace
}  // namespace ida
