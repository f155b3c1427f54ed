// Requirement 2 for decompositions: does Amplify(H, A) compound A's errors? The observed error
// of amplified answers next to the error predicted if each of the answer's calls to A failed
// independently at A's measured per-call error rate e: mean over questions of 1 - (1 - e)^m
// for a question whose decomposition made m calls. A ratio observed / predicted above 1 means
// errors compound beyond independence; below 1, H's decomposition absorbs some of them.
#pragma once

#include <cstdint>
#include <map>

#include "audit/share.h"
#include "core/json.h"

namespace ida::audit {

struct Compounding {
  int64_t questions = 0;
  int64_t wrong = 0;        // amplified answers the oracle rejects
  int64_t calls = 0;        // sub-questions A answered (lookups excluded)
  int64_t wrong_calls = 0;  // of those, answers the oracle rejects
  std::map<int, int64_t> questions_by_calls;

  // One amplified answer, with its decomposition's calls to A and how many were wrong.
  void add(bool amplified_right, int model_calls, int wrong_model_calls);
  Compounding& operator+=(const Compounding& o);

  Share observed_error() const { return {wrong, questions}; }
  Share call_error() const { return {wrong_calls, calls}; }
  // The error predicted from independent failures at per-call rate `e`.
  double predicted_error(double e) const;
  // {"observed_error", "call_error", "mean_calls", "predicted_error", "ratio"}, predicted at
  // rate `e` (e.g. the whole suite's per-call rate).
  Json json(double e) const;
};

}  // namespace ida::audit
