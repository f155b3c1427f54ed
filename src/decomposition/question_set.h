// Sets of questions grouped by context (a round's training set, a held-out suite) and
// Amplify(H, A) over a whole set, batched: shared by the question instance and its audit.
#pragma once

#include <vector>

#include "engine/fault.h"
#include "net/question_net.h"
#include "questions/amplify.h"
#include "questions/domain.h"

namespace ida::decomposition {

class LearnedOverseer;

struct QuestionSet {
  std::vector<questions::Context> contexts;
  std::vector<int> context_of;  // per question: its index in `contexts`
  std::vector<questions::Question> questions;
};

// Questions of `set` whose context is in contexts [first, last), renumbered from 0; their
// indices in `set` are appended to `where` when given.
QuestionSet slice(const QuestionSet& set, int first, int last, std::vector<size_t>* where);

// Amplify(overseer, model) on every question of `set`, in chunks of contexts: the real H, or
// H' when `learned` is given. Also the model's direct answers when `direct` is given (from
// the same encoding of the facts). With `fault` (and its rate above 0), the model's answers
// to H's sub-questions are wrong where it hits (fault injection; the direct answers are not).
// `variant` picks one of H's alternative decompositions (Domain::begin_alternative; 0 without
// `learned`).
std::vector<questions::Amplified> amplify_set(const questions::Domain& domain,
                                              const net::QuestionNet& model, const QuestionSet& set,
                                              questions::AmplifyCounts& counts,
                                              std::vector<questions::Answer>* direct,
                                              const LearnedOverseer* learned = nullptr,
                                              engine::FaultInjector* fault = nullptr,
                                              int variant = 0);

// The questions of `set` whose context `keep` selects (by context index), renumbered; their
// indices in `set` are appended to `where`.
QuestionSet subset(const QuestionSet& set, const std::vector<bool>& keep,
                   std::vector<size_t>& where);

std::vector<questions::Answer> answers_of(const std::vector<questions::Amplified>& amplified);

// The share of positions where a[i] == b[i] (0 for empty lists).
double share_equal(const std::vector<questions::Answer>& a,
                   const std::vector<questions::Answer>& b);

}  // namespace ida::decomposition
