// The worst-case search of the alignment audit (requirement 1, "robustly"; docs/alignment.md):
// a hill-climbing search over valid inputs for those where A disagrees most with its own
// amplification Amplify(H, A), a signal that needs no labels. Each input where the two answer
// differently is then confirmed with the oracle; an input where A is wrong is a confirmed
// failure, kept by the run as its regression suite.
//
// The search is generic: an instance supplies a Probe over its inputs (game positions,
// questions on contexts). It is deterministic given its Rng, so a resumed round repeats it.
#pragma once

#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "audit/share.h"
#include "core/json.h"
#include "core/rng.h"

namespace ida::audit {

// How far A's answer is from Amplify(H, A)'s on one input.
struct Disagreement {
  double score = 0;      // in [0, 1], higher is further apart; what the search maximises
  bool differs = false;  // the two answers differ: a candidate for the oracle
};

// An instance's view of its inputs for the search. Inputs are values; text() is their
// stable text form (deduplication, the run store) and parse(text()) gives the input back.
template <class Input>
class Probe {
 public:
  virtual ~Probe() = default;
  // Valid inputs to start from, drawn as the instance's own training inputs are.
  virtual std::vector<Input> seeds(int count, Rng& rng) = 0;
  // A valid input near `input` (nullopt: this try found none).
  virtual std::optional<Input> mutate(const Input& input, Rng& rng) = 0;
  // One query per input: A's answer and Amplify(H, A)'s, compared. Reads no oracle.
  virtual std::vector<Disagreement> disagreement(const std::vector<Input>& inputs) = 0;
  // The oracle's verdict on A's own answer, per input: true where A is wrong.
  virtual std::vector<bool> wrong(const std::vector<Input>& inputs) = 0;
  virtual std::string text(const Input& input) const = 0;
  // What makes two inputs the same (e.g. one position reached by two move orders); the
  // search never queries or counts one twice.
  virtual std::string key(const Input& input) const { return text(input); }
  // InputError for text that is no valid input.
  virtual Input parse(const std::string& text) const = 0;
};

// The search's seed for the audit of `round`: the same in training (audit.every) and in
// `ida audit`, so both find the same inputs.
inline uint64_t worst_case_seed(int round) {
  return mix_seed(0x5EA4C4, static_cast<uint64_t>(round));
}

struct WorstCaseParams {
  int budget = 256;     // queries (inputs scored by disagreement()), seeds included
  int population = 32;  // inputs kept between generations, and each generation's size
};

struct WorstCase {
  int budget = 0;
  int queries = 0;                         // inputs scored (at most budget)
  double worst_disagreement = 0;           // the highest score found
  int candidates = 0;                      // distinct inputs where A and Amplify(H, A) differ
  std::vector<std::string> failures;       // of those, where the oracle says A is wrong (text form)
  std::optional<int> first_failure_query;  // queries spent when the first failure was scored
  int64_t oracle_calls = 0;
  double seconds = 0;
  Json json() const;
};

// The regression suite's pass rate: the share of stored failures A now answers right.
struct RegressionCheck {
  Share passed;  // of the n stored inputs, those where A is now right
  Json json() const;
};

// The worst-case search of one audit and the regression suite checked beside it.
struct Robustness {
  WorstCase search;            // budget 0: not run
  RegressionCheck regression;  // the failures stored by earlier rounds
  std::string text() const;
  // The headline figures as audit_* round metrics (engine::Metrics-like: add(name, value)).
  template <class Metrics>
  void add_metrics(Metrics& metrics) const {
    if (search.budget > 0) {
      metrics.add("audit_wc_worst", search.worst_disagreement);
      metrics.add("audit_wc_candidates", search.candidates);
      metrics.add("audit_wc_failures", static_cast<double>(search.failures.size()));
      if (search.first_failure_query)
        metrics.add("audit_wc_first_failure", *search.first_failure_query);
      metrics.add("audit_wc_wall_s", search.seconds);
    }
    metrics.add("audit_regression_n", static_cast<double>(regression.passed.n));
    if (regression.passed.n > 0) metrics.add("audit_regression_pass", regression.passed.value());
  }
};

namespace detail {
template <class Input>
struct Scored {
  double score = 0;
  Input input;
};
}  // namespace detail

// Hill climbing: score the seeds, then each generation mutates inputs drawn from the best
// `population` found so far (a binary tournament, biased towards the higher score), until the
// budget is spent. No input is queried twice, so the pool stays diverse and the budget buys
// distinct inputs; fresh seeds fill a generation where the pool's mutants are all spent. Every
// candidate is confirmed with the oracle once, as it is found.
template <class Input>
WorstCase worst_case_search(Probe<Input>& probe, const WorstCaseParams& params, Rng& rng) {
  const auto start = std::chrono::steady_clock::now();
  WorstCase result;
  result.budget = params.budget;
  std::vector<detail::Scored<Input>> pool;
  std::set<std::string> seen;    // candidates confirmed
  std::set<std::string> scored;  // inputs queried: a query is never spent twice on one input
  auto score = [&](std::vector<Input> batch) {
    const auto found = probe.disagreement(batch);
    std::vector<Input> candidates;
    std::vector<int> query_of;
    for (size_t i = 0; i < batch.size(); ++i) {
      const int query = ++result.queries;
      result.worst_disagreement = std::max(result.worst_disagreement, found[i].score);
      pool.push_back({found[i].score, batch[i]});
      if (found[i].differs && seen.insert(probe.key(batch[i])).second) {
        candidates.push_back(batch[i]);
        query_of.push_back(query);
      }
    }
    if (candidates.empty()) return;
    result.candidates += static_cast<int>(candidates.size());
    result.oracle_calls += static_cast<int64_t>(candidates.size());
    const auto wrong = probe.wrong(candidates);
    for (size_t i = 0; i < candidates.size(); ++i) {
      if (!wrong[i]) continue;
      result.failures.push_back(probe.text(candidates[i]));
      if (!result.first_failure_query) result.first_failure_query = query_of[i];
    }
  };
  const int population = std::max(1, params.population);
  auto seeds = probe.seeds(std::min(population, params.budget), rng);
  std::erase_if(seeds, [&](const Input& in) { return !scored.insert(probe.key(in)).second; });
  score(std::move(seeds));
  while (result.queries < params.budget && !pool.empty()) {
    std::stable_sort(pool.begin(), pool.end(),
                     [](const auto& a, const auto& b) { return a.score > b.score; });
    if (pool.size() > static_cast<size_t>(population)) pool.resize(population);
    std::vector<Input> generation;
    const int size = std::min(population, params.budget - result.queries);
    for (int tries = 0; static_cast<int>(generation.size()) < size && tries < 16 * size; ++tries) {
      const size_t a = rng() % pool.size(), b = rng() % pool.size();
      auto mutant = probe.mutate(pool[std::min(a, b)].input, rng);
      if (mutant && scored.insert(probe.key(*mutant)).second)
        generation.push_back(std::move(*mutant));
    }
    // Where the pool's neighbourhood is spent, fresh seeds fill the generation.
    for (int draws = 0; draws < 8 && static_cast<int>(generation.size()) < size; ++draws)
      for (auto& seed : probe.seeds(size - static_cast<int>(generation.size()), rng))
        if (scored.insert(probe.key(seed)).second) generation.push_back(std::move(seed));
    if (generation.empty()) break;  // nothing new near the pool nor among seeds: all seen
    score(std::move(generation));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

// A's pass rate on stored failure inputs (their text form).
template <class Input>
RegressionCheck check_regressions(Probe<Input>& probe, const std::vector<std::string>& texts) {
  std::vector<Input> inputs;
  for (const auto& t : texts) inputs.push_back(probe.parse(t));
  RegressionCheck check;
  check.passed.n = static_cast<int64_t>(inputs.size());
  if (inputs.empty()) return check;
  for (bool wrong : probe.wrong(inputs)) check.passed.count += !wrong;
  return check;
}

// The search at `params` (skipped at budget 0) and the check of the `stored` failures.
template <class Input>
Robustness robustness(Probe<Input>& probe, const WorstCaseParams& params, Rng& rng,
                      const std::vector<std::string>& stored) {
  Robustness r;
  if (params.budget > 0) r.search = worst_case_search(probe, params, rng);
  r.regression = check_regressions(probe, stored);
  return r;
}

// The worst-case part of a training round's audit: the search of round `round` at `budget`
// and the check of `suite` (the failures stored so far), its figures added to `metrics`. The
// new failures are appended to `suite` and returned, to be stored with the round.
template <class Input, class Metrics>
std::vector<std::string> audit_round(Probe<Input>& probe, int budget, int round,
                                     std::vector<std::string>& suite, Metrics& metrics) {
  Rng rng(worst_case_seed(round));
  const auto robust = robustness(probe, {.budget = budget}, rng, suite);
  robust.add_metrics(metrics);
  suite.insert(suite.end(), robust.search.failures.begin(), robust.search.failures.end());
  return robust.search.failures;
}

}  // namespace ida::audit
