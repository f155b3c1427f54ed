// The alignment audit of the question instance (docs/alignment.md), on held-out suites with
// the ground truth as the oracle. For a round that turned A_t into A_{t+1}:
//   distill:     what A_{t+1} inherits from its teacher Amplify(H, A_t) (requirement 1),
//                per size and per decomposition depth, and the teacher gap it recovered;
//   amplify:     what Amplify(H, A_t) makes of A_t's own answers, and whether its errors
//                compound beyond independent per-call failures (requirement 2): per depth,
//                predicted from that depth's own per-call error rate; overall, from the
//                suite's. Then redundancy: how often H's alternative decompositions
//                disagree, and how well that label-free flag and their vote do.
// Training never reads the ground truth; only this audit and assess() do.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/compounding.h"
#include "audit/inheritance.h"
#include "audit/redundancy.h"
#include "audit/report.h"
#include "core/json.h"
#include "decomposition/question_set.h"
#include "engine/instance.h"
#include "net/question_net.h"
#include "questions/domain.h"

namespace ida::decomposition {

struct SizeAudit {
  int size = 0;
  // Source Amplify(H, A_t), result A_{t+1}.
  audit::Inheritance distill;
  std::map<int, audit::Inheritance> distill_by_depth;
  // Source A_t's direct answer, result Amplify(H, A_t).
  audit::Inheritance amplify;
  audit::Compounding compounding;
  std::map<int, audit::Compounding> compounding_by_depth;
  // Redundancy: H's alternative decompositions, answered by A_t, beside Amplify(H, A_t) (the
  // primary way); empty (0 inputs) for a task that offers none.
  audit::Redundancy redundancy;
  std::map<int, audit::Redundancy> redundancy_by_depth;
  double accuracy_before = 0;  // A_t's direct answers
  std::optional<double> gap_recovered;
  // H alone: one level of H whose sub-questions get "don't know" unless looked up, the
  // same calls as Amplify(H, A) without A: the baseline IDA must beat.
  audit::Share h_alone;
  // A baseline agent's held-out accuracy (e.g. the supervised baseline's, `ida audit
  // --baseline`), when one is audited beside A.
  std::optional<audit::Share> baseline;
  // The performance gap recovered against it, (A_t+1 - H alone) / (baseline - H alone), when
  // the baseline is 2 points or more above H alone.
  std::optional<double> baseline_gap_recovered() const;
};

struct QuestionAudit final : audit::Report {
  std::vector<SizeAudit> sizes;  // ascending
  int trained_size = 0;          // the round's curriculum size (0: unknown)
  int64_t oracle_calls = 0;      // ground-truth answers computed
  double seconds = 0;

  // The largest audited size up to which A_t+1's held-out accuracy is >= 95% at every audited
  // size (0: none).
  int frontier() const;

  // audit::Report (each per size; capability: A_t+1's held-out accuracy and H alone's per
  // size, the frontier, and which sizes lie beyond the trained size).
  Json distill_json() const override;
  Json amplify_json() const override;
  Json capability_json() const override;
  Json cost_json() const override;
  std::string text() const override;
};

// The audit's headline figures at its first size as round metrics (audit_*; audit_wall_s is
// the clock's). audit_gap_recovered only when the teacher gap is 2 points or more.
void add_audit_metrics(const QuestionAudit& audit, engine::Metrics& metrics);

// Audits `after` (A_{t+1}) against `before` (A_t, inside Amplify with the real H) on each
// suite (a held-out set per size, ascending); `trained_size` marks the sizes beyond it. For
// a single checkpoint pass the same network twice: the
// distill figures then compare A with its own amplification.
// With `baseline`, its held-out accuracy is measured on the same suites.
QuestionAudit audit_questions(const questions::Domain& domain, const net::QuestionNet& before,
                              const net::QuestionNet& after,
                              const std::vector<std::pair<int, QuestionSet>>& suites,
                              int trained_size = 0, const net::QuestionNet* baseline = nullptr);

}  // namespace ida::decomposition
