// The fact encoder's match bias (model.match_bias) is what its definition says: for each head,
// the sum of weight[p][q] over the token places where two facts hold the same token, "don't
// know" (token 0) linking nothing. Checked against a direct loop on random facts and weights.
#include "net/match_bias.h"

#include <gtest/gtest.h>

#include "core/rng.h"

namespace ida::net {
namespace {

TEST(MatchBias, IsTheWeightOfEverySharedTokenPlace) {
  constexpr int kContexts = 3, kFacts = 5, kLength = 4, kVocabulary = 4, kHeads = 2;
  Rng rng(11);
  FactBatch facts;
  facts.contexts = kContexts;
  facts.max_facts = kFacts;
  for (int i = 0; i < kContexts * kFacts * kLength; ++i)
    facts.tokens.push_back(static_cast<int64_t>(rng() % kVocabulary));  // zeros included
  facts.padding.assign(kContexts * kFacts, 0);
  std::vector<float> weight;
  for (int i = 0; i < kHeads * kLength * kLength; ++i)
    weight.push_back(static_cast<float>(rng() % 1000) / 100.0f - 5.0f);

  const auto bias = match_bias(facts, kLength, kVocabulary, weight, kHeads);
  ASSERT_EQ(bias.size(), static_cast<size_t>(kContexts * kHeads * kFacts * kFacts));
  auto token = [&](int c, int f, int p) { return facts.tokens[(c * kFacts + f) * kLength + p]; };
  int shared = 0;
  for (int c = 0; c < kContexts; ++c)
    for (int h = 0; h < kHeads; ++h)
      for (int i = 0; i < kFacts; ++i)
        for (int j = 0; j < kFacts; ++j) {
          float expected = 0;
          for (int p = 0; p < kLength; ++p)
            for (int q = 0; q < kLength; ++q)
              if (token(c, i, p) != 0 && token(c, i, p) == token(c, j, q)) {
                expected += weight[(h * kLength + p) * kLength + q];
                ++shared;
              }
          EXPECT_NEAR(bias[((c * kHeads + h) * kFacts + i) * kFacts + j], expected, 1e-4)
              << "context " << c << " head " << h << " facts " << i << ", " << j;
        }
  EXPECT_GT(shared, 50) << "the facts must share tokens for the test to tell";
}

}  // namespace
}  // namespace ida::net
