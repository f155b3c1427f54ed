#include "decomposition/question_config.h"

#include <charconv>

#include "core/error.h"
#include "questions/registry.h"

namespace ida::decomposition {

std::vector<int> QuestionRunConfig::extra_assess_sizes() const {
  std::vector<int> sizes;
  size_t at = 0;
  while (at < assess_sizes.size()) {
    size_t comma = assess_sizes.find(',', at);
    if (comma == std::string::npos) comma = assess_sizes.size();
    const std::string item = assess_sizes.substr(at, comma - at);
    int size = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), size);
    if (ec != std::errc() || end != item.data() + item.size() || size < 1)
      throw InputError("assess.sizes: '" + item +
                       "' is not a positive size (expected e.g. 4,16,64)");
    sizes.push_back(size);
    at = comma + 1;
  }
  return sizes;
}

void describe(QuestionRunConfig& c, ConfigSchema& s) {
  s.add("task", &c.task, "the question task to learn", questions::domain_names());
  s.add("letters", &c.letters, 2, 13,
        "element names use the first N letters: N^2 elements at most");
  s.add("rounds", &c.rounds, 1, 1000000, "IDA rounds: A <- Distill(Amplify(H, A))");
  s.add("seed", &c.seed, 0, INT64_MAX, "seed of every random choice of the run");
  s.add("threads", &c.threads, 1, 256, "torch intra-op threads");
  s.add("targets", &c.targets,
        "amplified = IDA (H with sub-questions answered by the teacher, no labels); "
        "ground_truth = the supervised baseline",
        {"amplified", "ground_truth"});

  s.add("distill.steps_per_round", &c.steps_per_round, 1, 10000000,
        "optimiser steps per round, each on fresh amplified examples");
  s.add("distill.contexts_per_step", &c.contexts_per_step, 1, 100000,
        "contexts (instances) per minibatch");
  s.add("distill.questions_per_context", &c.questions_per_context, 1, 100000,
        "questions per context (the context is encoded once for all of them)");
  s.add("distill.teacher_horizon", &c.teacher_horizon, 1.0, 1e9,
        "the teacher is an exponential moving average of A over about this many steps");
  s.add("curriculum.start_size", &c.curriculum.start_size, 0, 1000000,
        "first instance size (0 = the task's smallest)");
  s.add("curriculum.max_size", &c.curriculum.max_size, 0, 1000000,
        "largest instance size (0 = the task's largest)");
  s.add("curriculum.step", &c.curriculum.step, 1, 1000000, "size growth per promotion");
  s.add("curriculum.threshold", &c.curriculum.threshold, 0.0, 1.0,
        "promote when the teacher agrees with its targets on at least this share at every "
        "decomposition depth");
  s.add("curriculum.current_share", &c.curriculum.current_share, 0.0, 1.0,
        "share of examples at the current size; the rest are uniform over smaller sizes");
  s.add("curriculum.guard", &c.curriculum.guard, 0.0, 1.0,
        "also require H's alternative decompositions, answered by the teacher, to agree with the "
        "targets on at least this share at every depth (0 = off)");

  s.add("overseer.learned", &c.overseer.learned,
        "amplify with H', a model of H trained on H's transcripts, instead of H itself");
  s.add("overseer.source", &c.overseer.source,
        "whose transcripts H' imitates, when learned: program = the real H; human = the "
        "people's transcripts in the run's store (ida oversee), whose answers are also "
        "distillation targets",
        {"program", "human"});
  s.add("overseer.h_calls_per_round", &c.overseer.h_calls_per_round, 1, 100000000,
        "questions per round answered by the real H (H''s training data), when learned");
  s.add("overseer.train_steps", &c.overseer.train_steps, 0, 10000000,
        "H' optimiser steps per round on those transcripts");
  s.add("overseer.batch", &c.overseer.batch, 1, 100000, "transcripts per H' step");
  s.add("overseer.width", &c.overseer.model.width, 8, 4096, "H' model width");
  s.add("overseer.heads", &c.overseer.model.heads, 1, 64, "H' attention heads");
  s.add("overseer.transcript_layers", &c.overseer.model.fact_layers, 0, 64,
        "H' self-attention layers over the transcript");
  s.add("overseer.action_layers", &c.overseer.model.answer_layers, 1, 64,
        "H' decoder layers for the next action");
  s.add("overseer.feedforward", &c.overseer.model.feedforward, 8, 65536,
        "H' feed-forward hidden units");
  s.add("overseer.learning_rate", &c.overseer.learning_rate, 1e-7, 1.0, "H' Adam learning rate");

  s.add("model.width", &c.model.width, 8, 4096, "model width");
  s.add("model.heads", &c.model.heads, 1, 64, "attention heads (must divide the width)");
  s.add("model.fact_layers", &c.model.fact_layers, 0, 64, "self-attention layers over facts");
  s.add("model.answer_layers", &c.model.answer_layers, 1, 64,
        "decoder layers (answer queries attend to each other and to the facts)");
  s.add("model.feedforward", &c.model.feedforward, 8, 65536, "feed-forward hidden units");
  s.add("model.pointer", &c.model.pointer,
        "the paper's decoder: mix a copy (pointer) distribution over the facts' tokens into "
        "the vocabulary softmax of each answer token");
  s.add("model.match_bias", &c.model.match_bias,
        "the fact encoder's attention gets a learned bias for each pair of token places "
        "where two facts hold the same token (a shared name or value)");
  s.add("model.precision", &c.model.precision,
        "arithmetic of the model's matrix products in training and answering: bf16 (mixed "
        "precision; weights, optimiser and loss in fp32) only where the CPU has bf16 "
        "arithmetic, AVX512-BF16 or AMX; fp32 elsewhere and on CUDA",
        {"fp32", "bf16"});
  s.add("optim.learning_rate", &c.optim.learning_rate, 1e-7, 1.0, "Adam learning rate");
  s.add("optim.gradient_clip", &c.optim.gradient_clip, 1e-6, 1e6, "max global gradient norm");

  s.add("assess.questions", &c.assess_questions, 8, 1000000,
        "held-out questions per evaluated size");
  s.add("assess.seed", &c.assess_seed, 0, INT64_MAX,
        "seed of the held-out questions (distinct from training's)");
  s.add("assess.sizes", &c.assess_sizes,
        "extra sizes to report accuracy at, e.g. \"4,16,64\" (each once it is reached)");
  s.add("audit.every", &c.audit_every, 0, 1000000,
        "the alignment audit (docs/alignment.md) at the current size every K rounds, stored "
        "as audit_* metrics (0 = off)");
  s.add("audit.budget", &c.audit_budget, 0, 1000000,
        "queries of the audit's worst-case search for inputs where A disagrees with "
        "Amplify(H, A); oracle-confirmed failures become the run's regression suite (0 = off)");
  engine::describe(c.fault, s);
}

}  // namespace ida::decomposition
