// Requirement 2, reliability amplification: the same input answered several independent
// ways (alternative decompositions of a question; symmetric images of a position, searches
// seeded differently). When the ways disagree, at least one is wrong: a flag that needs no
// label. Against the oracle the audit measures how good that flag is, and whether a vote over
// the ways beats the primary way alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/share.h"
#include "core/json.h"

namespace ida::audit {

struct Redundancy {
  int64_t inputs = 0;
  int64_t flagged = 0;        // the ways did not all agree
  int64_t primary_wrong = 0;  // the primary way (variant 0, the one training uses) was wrong
  int64_t flagged_wrong = 0;  // flagged and the primary was wrong
  int64_t vote_right = 0;     // the plurality answer was right
  int64_t primary_right = 0;

  // One input: whether its ways disagreed, and the oracle's verdict on the primary answer and
  // on the vote.
  void add(bool disagreement, bool primary_is_right, bool vote_is_right);
  Redundancy& operator+=(const Redundancy& o);

  Share disagreement() const { return {flagged, inputs}; }
  Share primary_accuracy() const { return {primary_right, inputs}; }
  Share vote_accuracy() const { return {vote_right, inputs}; }
  Share recall() const { return {flagged_wrong, primary_wrong}; }  // P(flag | wrong)
  Share precision() const { return {flagged_wrong, flagged}; }     // P(wrong | flag)
  // {"inputs", "disagreement", "primary_accuracy", "vote_accuracy", "recall", "precision"}.
  Json json() const;

  // Stores the figures as round metrics: audit_alt_disagreement, audit_alt_recall and
  // audit_alt_precision, each only when its denominator is not 0 (the recall of a teacher
  // that made no error is undefined, not 0), and the vote's accuracy as `vote_name`.
  template <class Metrics>
  void add_metrics(const std::string& vote_name, Metrics& metrics) const {
    if (inputs == 0) return;
    metrics.add("audit_alt_disagreement", disagreement().value());
    if (primary_wrong > 0) metrics.add("audit_alt_recall", recall().value());
    if (flagged > 0) metrics.add("audit_alt_precision", precision().value());
    metrics.add(vote_name, vote_accuracy().value());
  }
};

// The plurality of `answers` (one per way; not empty); a tie goes to the tied answer that
// comes first, so the primary way (answers[0]) wins ties it is part of.
template <class T>
const T& plurality(const std::vector<T>& answers) {
  size_t best = 0, best_count = 0;
  for (size_t i = 0; i < answers.size(); ++i) {
    size_t count = 0;
    for (const T& other : answers) count += other == answers[i];
    if (count > best_count) {
      best = i;
      best_count = count;
    }
  }
  return answers[best];
}

// Whether every way gave the same answer.
template <class T>
bool unanimous(const std::vector<T>& answers) {
  for (const T& a : answers)
    if (!(a == answers.front())) return false;
  return true;
}

}  // namespace ida::audit
