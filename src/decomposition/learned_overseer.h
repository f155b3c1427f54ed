// The learned overseer H' (Christiano, Shlegeris & Amodei 2018; step 5 of the spec's loop): a
// small model imitating H from H's transcripts, so that amplification can run with few calls
// to the real H. Like H it never sees the facts: it reads only the question and the
// transcript so far, and emits the next action: a sub-question, or the final answer.
//
// H' is a QuestionNet with its own shape (no new torch model):
//   "facts"    the transcript so far, one fact per exchange
//              [step token j+1, sub-question tokens, sub-answer tokens], plus an always
//              present start fact [step token 0, 0...] (the set is never empty); the step
//              tokens make the order visible to the order-free set encoder;
//   "question" the original question;
//   "answer"   the next action [ASK, sub-question] or [ANSWER, final answer], padded with
//              token 0 to 1 + max(question length, answer length) tokens;
//   vocabulary the domain's tokens, then step tokens 0..max_subquestions, ASK, ANSWER.
// H' acts with an exponential moving average of the trained weights (like the teacher that
// follows A): the trained weights alone jump between steps (a bit of k div 2 flips for tens
// of steps), the average does not. Torch stays behind net/question_net.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "net/question_net.h"
#include "questions/amplify.h"
#include "questions/domain.h"

namespace ida::decomposition {

class LearnedOverseer {
 public:
  // The domain must outlive this overseer. H' acts with the average of the trained weights
  // over about `average_steps` steps (1: the trained weights themselves).
  LearnedOverseer(const questions::Domain& domain, net::QuestionNetConfig config,
                  net::QuestionOptimConfig optim, uint64_t seed, int average_steps = 50);
  ~LearnedOverseer();
  LearnedOverseer(const LearnedOverseer&) = delete;
  LearnedOverseer& operator=(const LearnedOverseer&) = delete;

  // H''s network shape for `domain` (see the top of this file).
  static net::QuestionNetShape shape_for(const questions::Domain& domain);

  // One optimiser step imitating H on these transcripts (transcripts[i] is H's work on
  // questions[i]): teacher forcing, every prefix of every transcript is an example whose
  // target is H's next action. A transcript whose answer has length 0 counts as cut short:
  // its sub-questions are examples, its (missing) final answer is not. Returns the mean loss
  // per token before the step.
  double train_step(const std::vector<questions::Question>& questions,
                    const std::vector<questions::Amplified>& transcripts);

  // Share of H's next actions that H' predicts exactly on these transcripts (teacher
  // forced, one example per prefix; each action decoded whole); a reported figure. 0 for no
  // examples.
  double agreement(const std::vector<questions::Question>& questions,
                   const std::vector<questions::Amplified>& transcripts) const;

  // Amplify(H', model), batched like questions::amplify_batch: all questions advance
  // together, one H' forward pass per step for every undecided question, primitive
  // sub-questions looked up in the facts, the others pooled into one batched model call per
  // step. A question ends with the answer "?" (all token 0) when H' asks more than
  // domain.max_subquestions() sub-questions, asks a malformed sub-question
  // (domain.kind_of < 0), gives a malformed answer or emits neither ASK nor ANSWER.
  // Counts lookups, model_calls and batches (not overseer_calls: those count the real H).
  std::vector<questions::Amplified> amplify_batch(const std::vector<questions::Context>& contexts,
                                                  const std::vector<int>& context_of,
                                                  const std::vector<questions::Question>& questions,
                                                  questions::BatchAnswerer& model,
                                                  questions::AmplifyCounts& counts) const;

  // The trained and the averaged weights and the optimiser state, as bytes (exact resume).
  std::string save() const;
  // InputError when the bytes do not fit this architecture; on error nothing changes.
  void load(std::string_view bytes, std::string_view origin);
  // One line naming the task and the network; checkpoints of another one are refused.
  std::string architecture() const;
  const net::QuestionNet& net() const { return *average_; }  // the weights H' acts with

 private:
  struct Examples;
  Examples examples(const std::vector<questions::Question>& questions,
                    const std::vector<questions::Amplified>& transcripts) const;

  const questions::Domain& domain_;
  int question_length_, answer_length_, max_steps_;
  double decay_;                               // of the average, per training step
  std::unique_ptr<net::QuestionNet> online_;   // trained by train_step
  std::unique_ptr<net::QuestionNet> average_;  // follows online_; acts
};

}  // namespace ida::decomposition
