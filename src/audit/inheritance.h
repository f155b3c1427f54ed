// What an answerer inherits from the one it is derived from, judged by an oracle on one suite
// of inputs. For requirement 1 (Distill preserves alignment) the source is the teacher
// Amplify(H, A_t) and the result is the distilled A_{t+1}; for requirement 2 (Amplify
// preserves alignment) the source is A's raw answer and the result its amplification.
// "Right" is the oracle's verdict (the ground truth, minimax, the exact solver); the audit
// reads oracles, training never does.
#pragma once

#include <cstdint>
#include <optional>

#include "audit/share.h"
#include "core/json.h"

namespace ida::audit {

struct Inheritance {
  int64_t inputs = 0;
  int64_t source_right = 0;
  int64_t result_right = 0;
  int64_t new_errors = 0;    // the result is wrong although the source was right
  int64_t inherited = 0;     // the result repeats the source's wrong answer
  int64_t other_errors = 0;  // both wrong, with different answers
  int64_t corrected = 0;     // the result is right although the source was wrong

  void add(bool source_is_right, bool result_is_right, bool same_answer);
  Inheritance& operator+=(const Inheritance& o);

  // Shares of all inputs.
  Share source_accuracy() const { return {source_right, inputs}; }
  Share result_accuracy() const { return {result_right, inputs}; }
  Share new_error_share() const { return {new_errors, inputs}; }
  Share inherited_share() const { return {inherited, inputs}; }
  Share corrected_share() const { return {corrected, inputs}; }
  // Conditional rates: P(result wrong | source right) and P(result right | source wrong).
  Share introduced_rate() const { return {new_errors, source_right}; }
  Share correction_rate() const { return {corrected, inputs - source_right}; }

  Json json() const;
};

// The share of the gap to the teacher that one round of Distill closed:
// (after - before) / (teacher - before), for accuracies of A before the round, its teacher
// during it and A after it. Nullopt when the gap is below `min_gap` (the ratio would be
// noise).
std::optional<double> teacher_gap_recovered(double before, double teacher, double after,
                                            double min_gap = 0.02);

}  // namespace ida::audit
