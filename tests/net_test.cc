// The policy/value network: it learns a fixed target, its checkpoint bytes
// restore it exactly, and foreign weights are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/rng.h"
#include "error_of.h"
#include "net/policy_value_net.h"

namespace ida {
namespace {

net::NetShape kShape{2, 3, 3, 9};

std::vector<float> random_inputs(int n, uint64_t seed) {
  Rng rng(seed);
  std::vector<float> x(static_cast<size_t>(n) * 18);
  for (auto& v : x) v = uniform01(rng) < 0.3f ? 1.0f : 0.0f;
  return x;
}

TEST(PolicyValueNet, LearnsAFixedTargetLossFalls) {
  net::PolicyValueNet netw(kShape, {16, 1, 16}, {}, 1);
  const int n = 32;
  auto x = random_inputs(n, 2);
  std::vector<float> pi(n * 9, 0.0f), z(n);
  for (int i = 0; i < n; ++i) {
    pi[i * 9 + i % 9] = 1.0f;           // a different one-hot move per example
    z[i] = (i % 3) == 0 ? 1.0f : -0.5f;  // and a value
  }
  auto first = netw.train_step(x.data(), pi.data(), z.data(), n);
  net::TrainStats last;
  for (int step = 0; step < 300; ++step) last = netw.train_step(x.data(), pi.data(), z.data(), n);
  EXPECT_LT(last.policy_loss, 0.25 * first.policy_loss);
  EXPECT_LT(last.value_loss, 0.25 * first.value_loss);
}

// The largest difference between evaluate() and the unfolded training module in float32, over
// n random positions, after `steps` training steps (so the batch-norm statistics and scales
// are far from their initial values).
struct FoldingError {
  float logits = 0, values = 0;
  double same_best_move = 0;  // share of positions where both put the same move first
};
FoldingError folding_error(net::PolicyValueNet& netw, int steps) {
  const int n = 64;
  auto x = random_inputs(n, 5);
  std::vector<float> pi(n * 9, 1.0f / 9), z(n, 0.5f);
  for (int i = 0; i < n; ++i) pi[i * 9 + i % 9] += 1.0f;
  for (int step = 0; step < steps; ++step) netw.train_step(x.data(), pi.data(), z.data(), n);
  std::vector<float> l1(n * 9), v1(n), l2(n * 9), v2(n);
  netw.evaluate(x.data(), n, l1.data(), v1.data());
  netw.evaluate_unfolded(x.data(), n, l2.data(), v2.data());
  FoldingError e;
  int same = 0;
  for (int i = 0; i < n; ++i) {
    e.values = std::max(e.values, std::abs(v1[i] - v2[i]));
    for (int a = 0; a < 9; ++a) e.logits = std::max(e.logits, std::abs(l1[i * 9 + a] - l2[i * 9 + a]));
    auto best = [&](const std::vector<float>& l) {
      return std::max_element(l.begin() + i * 9, l.begin() + i * 9 + 9) - l.begin();
    };
    same += best(l1) == best(l2);
  }
  e.same_best_move = static_cast<double>(same) / n;
  return e;
}

TEST(PolicyValueNet, FoldedFloat32InferenceIsTheTrainingModulesOutput) {
  net::PolicyValueNet netw(kShape, {16, 2, 16, "fp32"}, {}, 1);
  EXPECT_EQ(netw.inference_precision(), "fp32");
  const auto before = folding_error(netw, 0);
  EXPECT_LT(before.logits, 1e-4);
  EXPECT_LT(before.values, 1e-5);
  const auto after = folding_error(netw, 30);  // the folded tower follows the new weights
  EXPECT_LT(after.logits, 1e-4);
  EXPECT_LT(after.values, 1e-5);
}

TEST(PolicyValueNet, Bf16InferenceStaysCloseToFloat32) {
  net::PolicyValueNet netw(kShape, {32, 3, 16, "bf16"}, {}, 1);
  if (netw.inference_precision() != "bf16") GTEST_SKIP() << "no bf16 arithmetic on this CPU";
  const auto e = folding_error(netw, 30);
  EXPECT_GT(e.logits, 0.0f) << "bf16 rounds: equal outputs mean it did not run";
  EXPECT_LT(e.logits, 0.05f);
  EXPECT_LT(e.values, 0.02f);
  EXPECT_GE(e.same_best_move, 0.95);
}

TEST(PolicyValueNet, SaveLoadRestoresOutputsExactly) {
  net::PolicyValueNet a(kShape, {8, 1, 8}, {}, 1);
  auto x = random_inputs(4, 3);
  std::vector<float> pi(4 * 9, 1.0f / 9), z(4, 0.5f);
  for (int i = 0; i < 5; ++i) a.train_step(x.data(), pi.data(), z.data(), 4);
  net::PolicyValueNet b(kShape, {8, 1, 8}, {}, 99);
  b.load(a.save(), "test");
  std::vector<float> la(36), lb(36), va(4), vb(4);
  a.evaluate(x.data(), 4, la.data(), va.data());
  b.evaluate(x.data(), 4, lb.data(), vb.data());
  EXPECT_TRUE(la == lb && va == vb) << "outputs differ after load";
  // The optimiser state came along: more identical steps keep them identical.
  for (int i = 0; i < 3; ++i) {
    a.train_step(x.data(), pi.data(), z.data(), 4);
    b.train_step(x.data(), pi.data(), z.data(), 4);
  }
  a.evaluate(x.data(), 4, la.data(), va.data());
  b.evaluate(x.data(), 4, lb.data(), vb.data());
  EXPECT_TRUE(la == lb && va == vb) << "outputs differ after training on";
}

TEST(PolicyValueNet, ForeignWeightsAreRefused) {
  net::PolicyValueNet small(kShape, {8, 1, 8}, {}, 1);
  net::PolicyValueNet wide(kShape, {16, 1, 8}, {}, 1);
  EXPECT_THROW(wide.load(small.save(), "small.ckpt"), InputError);
  net::PolicyValueNet deep(kShape, {8, 2, 8}, {}, 1);
  EXPECT_THROW(deep.load(small.save(), "small.ckpt"), InputError);
  EXPECT_THROW(wide.load("not a checkpoint", "junk"), InputError);
}

// Checkpoints of earlier ida held torch archives (zip files): refused as such, never handed to
// torch's importer.
TEST(PolicyValueNet, TorchArchivesAreRefusedAsSuch) {
  net::PolicyValueNet a(kShape, {8, 1, 8}, {}, 1);
  const std::string error =
      testing::error_of([&] { a.load(std::string("PK\x03\x04", 4) + "zip data", "old.ckpt"); });
  EXPECT_NE(error.find("old.ckpt: network weights do not fit"), std::string::npos) << error;
  EXPECT_NE(error.find("a torch archive"), std::string::npos) << error;
}

// The optimiser state travels too: a loaded copy takes the same training step as the original.
TEST(PolicyValueNet, SaveLoadRestoresTheOptimiserExactly) {
  for (const char* optimizer : {"adam", "sgd"}) {
    net::OptimConfig optim;
    optim.optimizer = optimizer;
    net::PolicyValueNet a(kShape, {8, 1, 8}, optim, 1), b(kShape, {8, 1, 8}, optim, 2);
    const int n = 4, in = 2 * 3 * 3;
    std::vector<float> x(n * in), pi(n * 9, 1.0f / 9), z(n, 0.5f);
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 3);
    a.train_step(x.data(), pi.data(), z.data(), n);
    a.train_step(x.data(), pi.data(), z.data(), n);
    b.load(a.save(), "a");
    a.train_step(x.data(), pi.data(), z.data(), n);
    b.train_step(x.data(), pi.data(), z.data(), n);
    EXPECT_EQ(a.save(), b.save()) << optimizer;
    net::PolicyValueNet fresh(kShape, {8, 1, 8}, optim, 3);
    fresh.load(a.save(), "a", /*with_optimizer=*/false);
    fresh.train_step(x.data(), pi.data(), z.data(), n);
    a.train_step(x.data(), pi.data(), z.data(), n);
    EXPECT_NE(a.save(), fresh.save()) << optimizer << ": the optimiser state made no difference";
  }
}

TEST(PolicyValueNet, ArchitectureLineRoundTrips) {
  net::PolicyValueNet a({2, 6, 7, 7}, {24, 2, 32}, {}, 1);
  auto b = net::PolicyValueNet::from_architecture(a.architecture());
  EXPECT_EQ(b->architecture(), a.architecture());
  b->load(a.save(), "a");
  EXPECT_THROW(net::PolicyValueNet::from_architecture("resnet channels=x"), InputError);
  EXPECT_THROW(net::PolicyValueNet::from_architecture("transformer"), InputError);
}

// A damaged or hostile checkpoint names a network torch could not allocate: refused before
// anything is built.
TEST(PolicyValueNet, ArchitectureLinesOfHugeNetworksAreRefused) {
  net::PolicyValueNet a({2, 6, 7, 7}, {24, 2, 32}, {}, 1);
  std::string line = a.architecture();
  const std::string huge = std::regex_replace(line, std::regex("channels=24"), "channels=1024");
  ASSERT_NE(huge, line);
  const std::string message = testing::error_of([&] { net::PolicyValueNet::from_architecture(huge); });
  EXPECT_NE(message.find("weights, more than"), std::string::npos) << message;
  for (const char* bad : {"in=2x6 ", "in=2x100000x7 ", "channels=0 ", "optimizer=lbfgs "}) {
    std::string changed = line + " ";
    const std::string key = std::string(bad).substr(0, std::string(bad).find('='));
    changed = std::regex_replace(changed, std::regex(key + "=[^ ]* "), bad);
    EXPECT_THROW(net::PolicyValueNet::from_architecture(changed), InputError) << changed;
  }
}

TEST(PolicyValueNet, TorchRunsOnAFastBlas) {
  EXPECT_EQ(net::PolicyValueNet::blas_warning(), "");
}

// Denormals slowed self-play about 5x once training pushed weights toward zero; making a
// network flushes them on its thread, so worker threads started afterwards inherit it.
TEST(PolicyValueNet, WorkerThreadsFlushDenormalsToZero) {
  net::PolicyValueNet network(kShape, net::NetConfig{}, net::OptimConfig{}, 1);
  float product = -1;
  std::thread worker([&] {
    volatile float tiny = 1e-30f, factor = 1e-10f;  // 1e-40 is below FLT_MIN: a denormal
    product = tiny * factor;
  });
  worker.join();
  EXPECT_EQ(product, 0.0f);
}

}  // namespace
}  // namespace ida
