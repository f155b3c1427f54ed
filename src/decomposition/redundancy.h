// Redundancy for the question instance (docs/alignment.md): H's alternative decompositions of
// the same questions (Domain::begin_alternative), answered by the same model, and the
// label-free guard the curriculum builds on them. Agreement is the only thing read here: no
// ground truth, so training may use it.
#pragma once

#include <vector>

#include "decomposition/question_set.h"
#include "net/question_net.h"
#include "questions/amplify.h"
#include "questions/domain.h"

namespace ida::decomposition {

// How often two answerers agreed, over the questions with a depth (depth[i] < 0: not counted).
struct Agreement {
  double overall = 0;  // share of agreeing questions
  double worst = 1;    // the lowest share over depths with at least kMinQuestionsPerDepth
};
// Depths with fewer questions are too noisy to hold the curriculum back.
inline constexpr int kMinQuestionsPerDepth = 32;

// same[i]: whether question i's answers agreed.
Agreement agreement(const std::vector<bool>& same, const std::vector<int>& depth);
// same[i] = (a[i] == b[i]).
std::vector<bool> equal_answers(const std::vector<questions::Answer>& a,
                                const std::vector<questions::Answer>& b);

// Amplify(H_v, model) of every question of `set` for each alternative v = 1 ..
// alternatives() - 1: result[v - 1][i]. Empty when the domain offers none.
std::vector<std::vector<questions::Answer>> alternative_answers(const questions::Domain& domain,
                                                                const net::QuestionNet& model,
                                                                const QuestionSet& set,
                                                                questions::AmplifyCounts& counts);
// The same with any answerer (a person, a hand-made teacher in a test).
std::vector<std::vector<questions::Answer>> alternative_answers(const questions::Domain& domain,
                                                                questions::BatchAnswerer& model,
                                                                const QuestionSet& set,
                                                                questions::AmplifyCounts& counts);

// Per question: whether every alternative gave the primary answer.
std::vector<bool> alternatives_agree(const std::vector<questions::Answer>& primary,
                                     const std::vector<std::vector<questions::Answer>>& others);

}  // namespace ida::decomposition
