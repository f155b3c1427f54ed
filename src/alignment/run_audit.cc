#include "alignment/run_audit.h"

#include <algorithm>

#include "core/atomic_file.h"
#include "core/config.h"
#include "core/error.h"
#include "core/rng.h"
#include "decomposition/question_audit.h"
#include "decomposition/question_config.h"
#include "decomposition/question_instance.h"
#include "decomposition/question_probe.h"
#include "engine/checkpoint_file.h"
#include "engine/run_store.h"
#include "games/registry.h"
#include "questions/registry.h"
#include "selfplay/agent_file.h"
#include "selfplay/game_audit.h"
#include "selfplay/game_config.h"
#include "selfplay/game_instance.h"
#include "selfplay/game_probe.h"

namespace ida::alignment {
namespace {
namespace fs = std::filesystem;

// What is audited: the checkpoint after the round and the one before it (absent for a run's
// first round, whose A_t is the run's initial agent; equal to `after` for a single model).
struct Subject {
  std::string instance;
  int round = 0;
  fs::path after;
  std::optional<fs::path> before;
  std::string config_text;  // TOML; empty: the defaults
  std::string config_origin;
  std::optional<int> size;               // the round's curriculum size (question runs)
  std::vector<std::string> regressions;  // failures stored by the run's earlier rounds
};

engine::RunStore open_run(const fs::path& run, const std::string& what) {
  if (!fs::exists(run / "run.db"))
    throw InputError(what + run.string() + ": not an ida run (no run.db)");
  return engine::RunStore(run / "run.db", engine::RunStore::Access::kRead);
}

Subject subject_of_run(const AuditRequest& request) {
  const fs::path& run = request.run;
  const auto store = open_run(run, "");
  const auto rounds = store.rounds();
  if (rounds.empty()) throw InputError(run.string() + ": the run has no completed round yet");
  const int round = request.round == 0 ? rounds.back().round : request.round;
  Subject s;
  s.round = round;
  for (const auto& r : rounds) {
    if (r.round == round - 1) s.before = run / r.checkpoint_file;
    if (r.round != round) continue;
    s.after = run / r.checkpoint_file;
    for (const auto& [name, value] : r.metrics)
      if (name == "size") s.size = static_cast<int>(value);
  }
  if (s.after.empty())
    throw InputError(run.string() + ": no completed round " + std::to_string(round) +
                     " (rounds 1.." + std::to_string(rounds.back().round) + ")");
  s.instance = engine::read_checkpoint(s.after).header.instance;
  for (auto& r : store.regressions())
    if (r.round < round) s.regressions.push_back(std::move(r.input));
  s.config_origin = (run / "config.toml").string();
  s.config_text = read_file(run / "config.toml");
  return s;
}

Subject subject_of_model(const AuditRequest& request) {
  Subject s;
  const auto file = engine::read_checkpoint(request.model);
  s.instance = file.header.instance;
  s.round = file.header.round;
  s.after = request.model;
  s.before = request.model;
  if (!request.config.empty()) {
    s.config_origin = request.config.string();
    s.config_text = read_file(request.config);
  }
  return s;
}

template <class Config>
Config load_config(const Subject& s, Config config) {
  ConfigSchema schema;
  describe(config, schema);
  if (!s.config_text.empty()) schema.load_string(s.config_text, s.config_origin);
  return config;
}

// The worst-case search of the audited agent (A_t+1) at the request's budget or the config's
// audit.budget, seeded by the round, and its pass rate on the run's regression suite.
template <class Input>
audit::Robustness robustness(const AuditRequest& request, const Subject& s, int config_budget,
                             audit::Probe<Input>& probe) {
  audit::WorstCaseParams params;
  params.budget = request.budget.value_or(config_budget);
  Rng rng(audit::worst_case_seed(s.round));
  return audit::robustness(probe, params, rng, s.regressions);
}

AuditResult result_of(const Subject& s, const audit::Report& report,
                      const audit::Robustness& robust) {
  AuditResult result;
  result.instance = s.instance;
  result.round = s.round;
  result.checkpoint = s.after;
  result.against_itself = s.before && *s.before == s.after;
  result.text = report.text() + robust.text();
  Json& j = result.json = Json::object();
  j["instance"] = s.instance;
  j["round"] = s.round;
  j["checkpoint"] = s.after.string();
  j["distill"] = report.distill_json();
  j["amplify"] = report.amplify_json();
  j["capability"] = report.capability_json();
  j["worst_case"] = robust.search.json();
  Json& regression = j["regression"] = robust.regression.json();
  Json& found = regression["found"] = Json::array();  // this audit's confirmed failures
  for (const auto& f : robust.search.failures) found.push(f);
  j["cost"] = report.cost_json();
  return result;
}

// A_t: the checkpoint before the round, or the run's initial agent for round 1 (made by
// `initial`); nullptr for a single model, whose A_t is the audited checkpoint itself.
template <class Net, class Load, class Initial>
std::unique_ptr<Net> agent_before(const Subject& s, Load load, Initial initial) {
  if (!s.before) return initial();
  if (*s.before == s.after) return nullptr;
  return load(*s.before);
}

template <games::Game G>
AuditResult audit_game(const AuditRequest& request, const Subject& s) {
  selfplay::GameRunConfig defaults;
  defaults.game = std::string(G::kName);
  const auto config = load_config(s, defaults);
  auto load = [&](const fs::path& p) { return selfplay::load_agent(config.game, p); };
  auto after = load(s.after);
  auto initial = [&] {
    auto untrained = config;
    untrained.audit_every = 0;  // its agent only: no audit suite to build
    return selfplay::GameInstance<G>(untrained, false).agent().clone();
  };
  const auto before_owned = agent_before<net::PolicyValueNet>(s, load, initial);
  net::PolicyValueNet& before = before_owned ? *before_owned : *after;
  const selfplay::AuditSearch teacher{
      "self-play " + std::to_string(config.search.simulations) + " sims, root noise",
      config.search.params(/*root_noise=*/true)};
  std::vector<selfplay::AuditSearch> searches{teacher};
  auto evaluation = config.search.params(/*root_noise=*/false);
  evaluation.simulations = config.arena_simulations;
  searches.push_back(
      {"evaluation " + std::to_string(evaluation.simulations) + " sims", evaluation});
  for (int sims : request.sims) {
    auto p = config.search.params(/*root_noise=*/false);
    p.simulations = sims;
    searches.push_back({std::to_string(sims) + " sims", p});
  }
  const auto report =
      selfplay::audit_game(selfplay::default_audit_suite<G>(), before, *after, teacher, searches,
                           config.audit_ways, config.audit_threads);
  selfplay::MoveOracle<G> oracle;
  selfplay::GameProbe<G> probe(*after, config.search.params(/*root_noise=*/false), oracle);
  return result_of(s, report, robustness(request, s, config.audit_budget, probe));
}

// The sizes audited, ascending: the request's, else the round's curriculum size, the config's
// assess sizes below it and the two sizes beyond it (within the task's range), else (a single
// checkpoint) the assess sizes and the largest size.
std::vector<int> question_sizes(const AuditRequest& request, const Subject& s,
                                const decomposition::QuestionRunConfig& config,
                                const questions::Domain& domain) {
  std::vector<int> sizes = request.sizes;
  if (sizes.empty()) {
    const int top =
        s.size ? *s.size
               : (config.curriculum.max_size ? config.curriculum.max_size : domain.max_size());
    for (int size : config.extra_assess_sizes())
      if (size < top) sizes.push_back(size);
    sizes.push_back(top);
    for (int beyond : {top + 1, top + 2})
      if (s.size && beyond <= domain.max_size()) sizes.push_back(beyond);
  }
  std::sort(sizes.begin(), sizes.end());
  sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
  for (int size : sizes)
    if (size < domain.min_size() || size > domain.max_size())
      throw InputError("size " + std::to_string(size) + " is out of range " +
                       std::to_string(domain.min_size()) + ".." +
                       std::to_string(domain.max_size()) + " for " + config.task);
  return sizes;
}

// The baseline run's checkpoint of `round`, else of its last round (a baseline that ran
// longer or shorter is compared at what it reached).
fs::path baseline_checkpoint(const fs::path& run, int round) {
  const auto rounds = open_run(run, "baseline ").rounds();
  if (rounds.empty())
    throw InputError("baseline " + run.string() + ": the run has no completed round");
  for (const auto& r : rounds)
    if (r.round == round) return run / r.checkpoint_file;
  return run / rounds.back().checkpoint_file;
}

AuditResult audit_questions(const AuditRequest& request, const Subject& s) {
  decomposition::QuestionRunConfig defaults;
  defaults.task = s.instance;
  const auto config = load_config(s, defaults);
  decomposition::QuestionInstance instance(config, /*show_progress=*/false);
  auto load = [&](const fs::path& p) {
    const auto file = engine::read_checkpoint(p);
    engine::expect(file, "agent", config.task, instance.architecture());
    return decomposition::load_question_agent(file.payload, file.header.architecture, p.string());
  };
  auto after = load(s.after);
  const auto before_owned =
      agent_before<net::QuestionNet>(s, load, [&] { return instance.agent().clone(); });
  const net::QuestionNet& before = before_owned ? *before_owned : *after;
  const auto& domain = instance.domain();
  std::vector<std::pair<int, decomposition::QuestionSet>> suites;
  const int count = request.questions ? request.questions : config.assess_questions;
  for (int size : question_sizes(request, s, config, domain))
    suites.emplace_back(size, instance.held_out(size, count));
  std::unique_ptr<net::QuestionNet> baseline;
  if (!request.baseline.empty()) baseline = load(baseline_checkpoint(request.baseline, s.round));
  const auto report = decomposition::audit_questions(domain, before, *after, suites,
                                                     s.size.value_or(0), baseline.get());
  decomposition::QuestionProbe probe(domain, *after, suites.front().first, suites.back().first);
  return result_of(s, report, robustness(request, s, config.audit_budget, probe));
}

}  // namespace

AuditResult audit(const AuditRequest& request) {
  const Subject s = request.run.empty() ? subject_of_model(request) : subject_of_run(request);
  const auto games = games::game_names();
  if (std::find(games.begin(), games.end(), s.instance) == games.end()) {
    if (!request.sims.empty()) throw InputError("search settings (sims) are for game runs");
    return audit_questions(request, s);
  }
  if (!request.sizes.empty()) throw InputError("sizes are for question runs");
  if (!request.baseline.empty()) throw InputError("a baseline is for question runs");
  AuditResult result;
  games::with_game(s.instance,
                   [&]<class G>(std::type_identity<G>) { result = audit_game<G>(request, s); });
  return result;
}

}  // namespace ida::alignment
