// The question instance of IDA (Christiano, Shlegeris & Amodei 2018) on the engine's round
// loop. Per round:
//   amplify: fresh contexts and questions; H answers each with its sub-questions sent to the
//            teacher (an exponential moving average of A) or looked up when primitive; H's
//            answers are the targets (or the ground truth, for the supervised baseline);
//   distill: A is trained on them, the teacher follows A after every step;
//   assess:  held-out accuracy of A and of Amplify(H, A), by size and depth; every
//            audit.every rounds the alignment audit at the current size; then the
//            curriculum grows the instance size when the teacher agreed with its targets.
// IDA mode never reads the ground truth outside assess().
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "decomposition/human_transcripts.h"
#include "decomposition/learned_overseer.h"
#include "decomposition/question_config.h"
#include "decomposition/question_set.h"
#include "engine/fault.h"
#include "engine/instance.h"
#include "net/question_net.h"
#include "questions/amplify.h"
#include "questions/domain.h"

namespace ida::decomposition {

class QuestionInstance final : public engine::Instance {
 public:
  // Throws InputError for a config that does not fit the task (sizes out of range...).
  QuestionInstance(const QuestionRunConfig& config, bool show_progress);
  ~QuestionInstance() override;

  std::string name() const override { return config_.task; }
  std::string architecture() const override;
  void amplify(const engine::Round& round, engine::RoundOutput& out) override;
  void distill(const engine::Round& round, engine::RoundOutput& out) override;
  void assess(const engine::Round& round, engine::RoundOutput& out) override;
  std::string save() const override;
  void restore(std::string_view checkpoint, std::string_view origin, int round,
               const engine::RunStore& store) override;

  const questions::Domain& domain() const { return *domain_; }
  const net::QuestionNet& agent() const { return *agent_; }
  // The EMA of A that answers H's sub-questions in amplify (and a person's in `ida oversee`).
  const net::QuestionNet& teacher() const { return *teacher_; }
  int size() const { return size_; }  // the curriculum's current instance size

  // `count` held-out questions at `size`: a pure function of (assess seed, size).
  QuestionSet held_out(int size, int count) const;

 private:
  // IDA targets for round_set_: the real H on the first questions (at most the H budget
  // when H' is used; H' is trained on them), H' on the rest.
  std::vector<questions::Answer> amplified_targets(std::vector<questions::Answer>& teacher,
                                                   engine::RoundOutput& out);
  // IDA targets with a human overseer: H', trained on the people's transcripts (their
  // training split), on every question of round_set_.
  std::vector<questions::Answer> human_overseer_targets(const HumanTranscripts& people,
                                                        std::vector<questions::Answer>& teacher,
                                                        engine::RoundOutput& out);
  // Appends the people's answers of transcripts new since the last round (training split)
  // to round_set_ and targets_, as distillation targets.
  void add_human_answers(const HumanTranscripts& people, engine::RoundOutput& out);
  // overseer.train_steps optimiser steps of H' on these transcripts, in batches.
  void train_learned_overseer(const std::vector<questions::Question>& questions,
                              const std::vector<questions::Amplified>& transcripts);
  // The label-free guard (curriculum.guard): sets guard_agreement_ for the round.
  void guard(const std::vector<int>& current_depth, engine::RoundOutput& out);
  // The alignment audit of an audited round, after assess's own figures.
  void audit(const engine::Round& round, engine::RoundOutput& out);

  QuestionRunConfig config_;
  bool show_progress_;
  std::unique_ptr<questions::Domain> domain_;
  std::unique_ptr<net::QuestionNet> agent_;    // A
  std::unique_ptr<net::QuestionNet> teacher_;  // the EMA of A that answers H's sub-questions
  std::unique_ptr<LearnedOverseer> learned_;   // H', when config.overseer.learned
  // Fault injection (config.fault): wrong targets for Distill, wrong sub-answers of A.
  engine::Faults faults_;
  int start_size_ = 0, max_size_ = 0;

  // Carried across rounds (saved in checkpoints).
  int size_ = 0;
  int64_t steps_ = 0, examples_ = 0;
  int64_t transcripts_seen_ = 0;  // the newest transcript id whose answer was a target
  questions::AmplifyCounts counts_;

  // This round's training set and targets (amplify -> distill).
  QuestionSet round_set_;
  std::vector<questions::Answer> targets_;
  std::unique_ptr<net::QuestionNet> audit_before_;  // A_t, on rounds the audit runs
  std::vector<std::string> regressions_;            // the run's regression suite, as stored
  double agreement_ = 0;        // teacher vs targets at the current size, worst depth, this round
  double guard_agreement_ = 0;  // alternatives vs targets, the same way (when guarded)
  mutable std::map<int, QuestionSet> held_out_cache_;
};

// The agent A stored in a question checkpoint's payload (see QuestionInstance::save).
std::unique_ptr<net::QuestionNet> load_question_agent(std::string_view payload,
                                                      std::string_view architecture,
                                                      std::string_view origin);

}  // namespace ida::decomposition
