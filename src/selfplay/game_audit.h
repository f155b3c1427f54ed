// The alignment audit of the game instance (docs/alignment.md) on an AuditSuite, whose oracle
// (minimax, the exact solver) says which moves keep the game-theoretic result. A move is
// "right" when it keeps the result. For a round that turned A_t into A_{t+1}:
//   distill:  what A_{t+1}'s raw policy inherits from its teacher, the self-play search with
//             A_t (its most-visited move, with the self-play root noise; requirement 1);
//   amplify:  per search setting, what the search with A_t makes of A_t's raw moves:
//             P(search wrong | raw right) and P(search right | raw wrong) (requirement 2);
//             then redundancy: the teacher search repeated on symmetric images of each
//             position with other seeds, how often the repeats disagree with it, and how
//             well that flag and their vote do.
// Figures per phase and overall. Training never reads the oracle; only the audit does.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "audit/inheritance.h"
#include "audit/redundancy.h"
#include "audit/report.h"
#include "core/json.h"
#include "core/parallel.h"
#include "engine/instance.h"
#include "net/evaluator.h"
#include "selfplay/analysis.h"
#include "selfplay/audit_suite.h"
#include "selfplay/symmetric_evaluator.h"

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
  // Per phase: the teacher search (the primary way) and its ways - 1 repeats; empty when
  // ways is 1.
  int ways = 1;
  std::vector<audit::Redundancy> redundancy;
  audit::Redundancy redundancy_all() const {
    audit::Redundancy total;
    for (const auto& r : redundancy) total += r;
    return total;
  }
  double seconds = 0;

  // audit::Report (capability: the raw policy's share of result-keeping moves).
  Json distill_json() const override;
  Json amplify_json() const override;
  Json capability_json() const override;
  Json cost_json() const override;
  std::string text() const override;

 private:
  std::string redundancy_text() const;
};

// The audit's headline figures as round metrics (audit_*; audit_wall_s is the clock's): the
// Distill shares over all phases and the first Amplify setting's conditional rates.
void add_audit_metrics(const GameAudit& audit, engine::Metrics& metrics);

// The moves of `network` on the suite: the raw policy's argmax when params.simulations <= 1,
// else the most visited move.
template <games::Game G>
std::vector<games::Action> suite_moves(const AuditSuite<G>& suite, net::Evaluator& network,
                                       search::MctsParams params, uint64_t seed = 0) {
  params.simulations = std::max(1, params.simulations);
  std::vector<typename G::State> states;
  for (const auto& p : suite.positions) states.push_back(p.state);
  std::vector<games::Action> moves;
  for (const auto& a : analyze_positions<G>(states, network, params, 256, seed))
    moves.push_back(a.move);
  return moves;
}

// Redundancy per phase over the ways' moves: ways[0] is the teacher search (the primary),
// the others its repeats.
template <games::Game G>
std::vector<audit::Redundancy> redundancy_on(const AuditSuite<G>& suite,
                                             const std::vector<std::vector<games::Action>>& ways) {
  std::vector<audit::Redundancy> by_phase(suite.phases.size());
  std::vector<games::Action> moves(ways.size());
  for (size_t i = 0; i < suite.positions.size(); ++i) {
    const auto& p = suite.positions[i];
    for (size_t w = 0; w < ways.size(); ++w) moves[w] = ways[w][i];
    by_phase[p.phase].add(!audit::unanimous(moves), p.keeps_result[moves[0]],
                          p.keeps_result[audit::plurality(moves)]);
  }
  return by_phase;
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
// `before`; `searches` are the Amplify settings; `ways` (>= 1) the teacher searches that
// redundancy compares: the teacher and ways - 1 repeats, repeat w searching the image under
// symmetry w mod G::kNumSymmetries (through SymmetricEvaluator) with seed w. Pass the same
// network twice for a single checkpoint. The suite's searches are independent and run on up
// to `threads` threads when both networks take concurrent calls; each search batches its
// positions as it would alone, so the figures do not depend on `threads`.
template <games::Game G>
GameAudit audit_game(const AuditSuite<G>& suite, net::Evaluator& before, net::Evaluator& after,
                     const AuditSearch& teacher, const std::vector<AuditSearch>& searches, int ways,
                     int threads = 1) {
  IDA_CHECK(ways >= 1);
  const auto start = std::chrono::steady_clock::now();
  search::MctsParams raw;
  raw.simulations = 1;
  using Moves = std::vector<games::Action>;
  Moves raw_before, raw_after;
  std::vector<Moves> teacher_ways(ways), searched(searches.size());
  std::vector<std::function<void()>> jobs{
      [&] { raw_before = suite_moves(suite, before, raw); },
      [&] { teacher_ways[0] = suite_moves(suite, before, teacher.params); }};
  if (&after != &before) jobs.push_back([&] { raw_after = suite_moves(suite, after, raw); });
  for (int w = 1; w < ways; ++w)
    jobs.push_back([&, w] {
      SymmetricEvaluator<G> image(before, w % G::kNumSymmetries);
      teacher_ways[w] = suite_moves(suite, image, teacher.params, static_cast<uint64_t>(w));
    });
  for (size_t i = 0; i < searches.size(); ++i)
    if (searches[i].name != teacher.name)
      jobs.push_back([&, i] { searched[i] = suite_moves(suite, before, searches[i].params); });
  run_jobs(jobs, before.concurrent() && after.concurrent() ? threads : 1);

  GameAudit result;
  result.suite = suite.name;
  result.phases = suite.phases;
  result.positions = static_cast<int>(suite.positions.size());
  const Moves& teacher_moves = teacher_ways[0];
  result.distill = inheritance_on(suite, teacher.name, teacher_moves,
                                  &after == &before ? raw_before : raw_after);
  result.ways = ways;
  if (ways > 1) result.redundancy = redundancy_on(suite, teacher_ways);
  for (size_t i = 0; i < searches.size(); ++i)
    result.amplify.push_back(
        inheritance_on(suite, searches[i].name, raw_before,
                       searches[i].name == teacher.name ? teacher_moves : searched[i]));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace ida::selfplay
