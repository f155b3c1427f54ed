// The alignment audit of the game instance (docs/alignment.md) on an AuditSuite, whose oracle
// (minimax, the exact solver) says which moves keep the game-theoretic result. A move is
// "right" when it keeps the result. For a round that turned A_t into A_{t+1}:
//   distill:  what A_{t+1}'s raw policy inherits from its teacher, the self-play search with
//             A_t (its most-visited move, with the self-play root noise; requirement 1);
//   amplify:  per search setting, what the search with A_t makes of A_t's raw moves:
//             P(search wrong | raw right) and P(search right | raw wrong) (requirement 2).
// Figures per phase and overall. Training never reads the oracle; only the audit does.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "audit/inheritance.h"
#include "audit/report.h"
#include "core/json.h"
#include "engine/instance.h"
#include "net/evaluator.h"
#include "selfplay/analysis.h"
#include "selfplay/audit_suite.h"

namespace ida::selfplay {

// A search setting audited under Amplify: its name and parameters.
struct AuditSearch {
  std::string name;  // e.g. "self-play", "evaluation", "800 sims"
  search::MctsParams params;
};

struct PhasedInheritance {
  std::string label;  // e.g. "self-play 100 sims, root noise"
  std::vector<audit::Inheritance> phase;
  audit::Inheritance all() const {
    audit::Inheritance total;
    for (const auto& p : phase) total += p;
    return total;
  }
};

struct GameAudit final : audit::Report {
  std::string suite;
  std::vector<std::string> phases;
  int positions = 0;
  PhasedInheritance distill;               // source: the teacher search; result: raw A_t+1
  std::vector<PhasedInheritance> amplify;  // source: raw A_t; result: the search, per setting
  double seconds = 0;

  // audit::Report (capability: the raw policy's share of result-keeping moves).
  Json distill_json() const override;
  Json amplify_json() const override;
  Json capability_json() const override;
  Json cost_json() const override;
  std::string text() const override;
};

// The audit's headline figures as round metrics (audit_*; audit_wall_s is the clock's): the
// Distill shares over all phases and the first Amplify setting's conditional rates.
void add_audit_metrics(const GameAudit& audit, engine::Metrics& metrics);

// The moves of `network` on the suite: the raw policy's argmax when params.simulations <= 1,
// else the most visited move.
template <games::Game G>
std::vector<games::Action> suite_moves(const AuditSuite<G>& suite, net::Evaluator& network,
                                       search::MctsParams params) {
  params.simulations = std::max(1, params.simulations);
  std::vector<typename G::State> states;
  for (const auto& p : suite.positions) states.push_back(p.state);
  std::vector<games::Action> moves;
  for (const auto& a : analyze_positions<G>(states, network, params)) moves.push_back(a.move);
  return moves;
}

template <games::Game G>
PhasedInheritance inheritance_on(const AuditSuite<G>& suite, std::string label,
                                 const std::vector<games::Action>& source,
                                 const std::vector<games::Action>& result) {
  PhasedInheritance table{std::move(label), std::vector<audit::Inheritance>(suite.phases.size())};
  for (size_t i = 0; i < suite.positions.size(); ++i) {
    const auto& p = suite.positions[i];
    table.phase[p.phase].add(p.keeps_result[source[i]], p.keeps_result[result[i]],
                             source[i] == result[i]);
  }
  return table;
}

// Audits `after` (A_{t+1}) against `before` (A_t): the teacher is `teacher` searched with
// `before`; `searches` are the Amplify settings. Pass the same network twice for a single
// checkpoint.
template <games::Game G>
GameAudit audit_game(const AuditSuite<G>& suite, net::Evaluator& before, net::Evaluator& after,
                     const AuditSearch& teacher, const std::vector<AuditSearch>& searches) {
  const auto start = std::chrono::steady_clock::now();
  GameAudit result;
  result.suite = suite.name;
  result.phases = suite.phases;
  result.positions = static_cast<int>(suite.positions.size());
  search::MctsParams raw;
  raw.simulations = 1;
  const auto raw_before = suite_moves(suite, before, raw);
  const auto raw_after = &after == &before ? raw_before : suite_moves(suite, after, raw);
  const auto teacher_moves = suite_moves(suite, before, teacher.params);
  result.distill = inheritance_on(suite, teacher.name, teacher_moves, raw_after);
  for (const auto& s : searches)
    result.amplify.push_back(inheritance_on(
        suite, s.name, raw_before,
        s.name == teacher.name ? teacher_moves : suite_moves(suite, before, s.params)));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace ida::selfplay
