// Throughput of the question instance (Christiano et al. 2018), per task config:
//  - a training step end to end: the round's Amplify(H, A) (the supervised baseline: its
//    ground-truth labels) and the optimiser steps on it, per step, at sizes 8, 32 and 64;
//  - an assessment batch: A's direct answers to the questions of one step's contexts.
// Counters: steps/s (questions/s for assessment) and net_share, the share of the wall time
// spent inside the model's calls (QuestionNet: encode, answer, train_step, track; torch's
// own overhead counts as the model's).
#include <benchmark/benchmark.h>

#include "core/config.h"
#include "core/rng.h"
#include "decomposition/model_answerer.h"
#include "decomposition/question_config.h"
#include "decomposition/question_instance.h"
#include "net/bf16.h"
#include "net/policy_value_net.h"
#include "net/question_net.h"
#include "questions/registry.h"

namespace ida {
namespace {

constexpr const char* kTasks[] = {"permutation_powering", "union_find", "shortest_path",
                                  "sequential_assignments", "wildcard_search"};

// The shipped config of a task (configs/<task>.toml), its curriculum pinned at `size`.
decomposition::QuestionRunConfig task_config(const std::string& task, int size) {
  decomposition::QuestionRunConfig config;
  ConfigSchema schema;
  decomposition::describe(config, schema);
  schema.load_file(std::string(IDA_SOURCE_DIR) + "/configs/" + task + ".toml");
  config.curriculum.start_size = config.curriculum.max_size = size;
  config.assess_sizes.clear();
  config.audit_every = 0;
  config.curriculum.guard = 0;
  return config;
}

// The model variant of argument `variant`: 0 the config's; 1 the pointer decoder alone, 2 the
// fact encoder's match bias alone, 3 neither (model.pointer, model.match_bias).
void apply_variant(decomposition::QuestionRunConfig& config, int64_t variant) {
  if (variant == 0) return;
  config.model.pointer = variant == 1;
  config.model.match_bias = variant == 2;
}

// model.precision from argument `bf16` (0: fp32, 1: bf16), labelled when this CPU lacks bf16
// and the row runs fp32.
void apply_precision(decomposition::QuestionRunConfig& config, int64_t bf16,
                     benchmark::State& state) {
  config.model.precision = bf16 ? "bf16" : "fp32";
  if (bf16 && !net::cpu_has_bf16()) state.SetLabel("fp32: this CPU has no bf16 arithmetic");
}

// Arguments: task index, size, supervised (0: IDA, 1: ground-truth labels), torch threads
// (0: the config's), model variant (apply_variant), bf16 (apply_precision). Each iteration
// is one round of the config's steps_per_round steps (amplify the round's questions, then
// distill), so that batch shapes are those of training.
void BM_QuestionTrainStep(benchmark::State& state) {
  auto config = task_config(kTasks[state.range(0)], static_cast<int>(state.range(1)));
  if (state.range(2)) config.targets = "ground_truth";
  if (state.range(3)) config.threads = static_cast<int>(state.range(3));
  apply_variant(config, state.range(4));
  apply_precision(config, state.range(5), state);
  net::PolicyValueNet::set_threads(config.threads);
  decomposition::QuestionInstance instance(config, false);
  int64_t steps = 0;
  const double net_before = net::QuestionNet::seconds_in_calls();
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    engine::Round round{static_cast<int>(steps) + 1, mix_seed(1, steps), nullptr};
    engine::RoundOutput out;
    instance.amplify(round, out);
    instance.distill(round, out);
    steps += config.steps_per_round;
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  state.counters["steps/s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
  state.counters["net_share"] = (net::QuestionNet::seconds_in_calls() - net_before) / wall;
}

// Arguments: task index, size, bf16 (apply_precision).
void BM_QuestionAssessBatch(benchmark::State& state) {
  auto config = task_config(kTasks[state.range(0)], static_cast<int>(state.range(1)));
  apply_precision(config, state.range(2), state);
  net::PolicyValueNet::set_threads(config.threads);
  const auto domain = questions::make_domain(config.task);
  net::QuestionNet agent(decomposition::model_shape(*domain), config.model, config.optim, 1);
  Rng rng(1);
  std::vector<questions::Context> contexts;
  std::vector<int> context_of;
  std::vector<questions::Question> asked;
  for (int c = 0; c < config.contexts_per_step; ++c) {
    contexts.push_back(domain->sample_context(static_cast<int>(state.range(1)), rng));
    for (int q = 0; q < config.questions_per_context; ++q) {
      context_of.push_back(c);
      asked.push_back(domain->sample_question(contexts.back(), rng));
    }
  }
  int64_t answered = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(decomposition::answer_directly(agent, contexts, context_of, asked));
    answered += static_cast<int64_t>(asked.size());
  }
  state.counters["questions/s"] =
      benchmark::Counter(static_cast<double>(answered), benchmark::Counter::kIsRate);
}

// In fp32 and bf16: permutation powering at the three sizes, IDA and supervised, and at 64
// on both cores; every task at 64, IDA. In fp32: the pointer and the match bias at 8 and 64
// (permutation powering) and at 64 (sequential assignments, whose config has the match bias,
// beside the plain model).
void train_step_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"task", "size", "supervised", "threads", "variant", "bf16"});
  for (int bf16 : {0, 1}) {
    for (int size : {8, 32, 64})
      for (int supervised : {0, 1}) b->Args({0, size, supervised, 0, 0, bf16});
    b->Args({0, 64, 0, 2, 0, bf16});
    b->Args({0, 64, 1, 2, 0, bf16});
    for (int task = 1; task < static_cast<int>(std::size(kTasks)); ++task)
      b->Args({task, 64, 0, 0, 0, bf16});
  }
  for (int variant : {1, 2}) {
    for (int size : {8, 64}) b->Args({0, size, 0, 0, variant, 0});
    b->Args({3, 64, 0, 0, variant == 1 ? 1 : 3, 0});
  }
}
BENCHMARK(BM_QuestionTrainStep)
    ->Apply(train_step_args)
    ->MinTime(1.0)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuestionAssessBatch)
    ->ArgNames({"task", "size", "bf16"})
    ->ArgsProduct({{0}, {8, 32, 64}, {0, 1}})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace ida
