// `ida audit`: the seed's requirements measured on one round of a run (or one checkpoint):
// what Distill keeps of its teacher, what Amplify makes of A, judged by the instance's oracle
// (docs/alignment.md). Text tables, or one JSON object with --json.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/counts.h"
#include "core/atomic_file.h"
#include "core/config.h"
#include "core/error.h"
#include "core/json.h"
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

namespace ida::cli {
namespace {
namespace fs = std::filesystem;

struct AuditArgs {
  std::string run;
  int round = 0;  // 0: the last completed round
  std::string model;
  std::string config;
  std::string sims;           // extra search settings for the games' Amplify figures
  std::string sizes;          // question sizes (default: the round's and the config's assess sizes)
  int questions = 0;          // per size (0: the config's assess.questions)
  int threads = 1;            // the network's
  std::string baseline;       // questions: another run of the task, e.g. the supervised baseline
  std::optional<int> budget;  // worst-case search queries (default: the config's audit.budget)
  bool json = false;
};

// What is audited: the checkpoint after the round and the one before it (absent for a run's
// first round, whose A_t is the run's initial agent; equal to `after` for --model).
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

Subject subject_of_run(const AuditArgs& args) {
  const fs::path run(args.run);
  if (!fs::exists(run / "run.db")) throw InputError(args.run + ": not an ida run (no run.db)");
  const engine::RunStore store(run / "run.db");
  const auto rounds = store.rounds();
  if (rounds.empty()) throw InputError(args.run + ": the run has no completed round yet");
  const int round = args.round == 0 ? rounds.back().round : args.round;
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
    throw InputError(args.run + ": no completed round " + std::to_string(round) + " (rounds 1.." +
                     std::to_string(rounds.back().round) + ")");
  s.instance = engine::read_checkpoint(s.after).header.instance;
  for (auto& r : store.regressions())
    if (r.round < round) s.regressions.push_back(std::move(r.input));
  s.config_origin = (run / "config.toml").string();
  s.config_text = read_file(run / "config.toml");
  return s;
}

Subject subject_of_model(const AuditArgs& args) {
  Subject s;
  const auto file = engine::read_checkpoint(args.model);
  s.instance = file.header.instance;
  s.round = file.header.round;
  s.after = args.model;
  s.before = args.model;
  if (!args.config.empty()) {
    s.config_origin = args.config;
    s.config_text = read_file(args.config);
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

// The worst-case search of the audited agent (A_t+1) at --budget or the config's
// audit.budget, seeded by the round, and its pass rate on the run's regression suite.
template <class Input>
audit::Robustness robustness(const AuditArgs& args, const Subject& s, int config_budget,
                             audit::Probe<Input>& probe) {
  audit::WorstCaseParams params;
  params.budget = args.budget.value_or(config_budget);
  Rng rng(audit::worst_case_seed(s.round));
  return audit::robustness(probe, params, rng, s.regressions);
}

// The audit as text, or as one JSON object whose top-level keys are distill, amplify,
// capability, worst_case, regression and cost.
void print(const AuditArgs& args, const Subject& s, const audit::Report& report,
           const audit::Robustness& robust) {
  if (!args.json) {
    std::cout << "audit of " << s.after.string() << " (" << s.instance << ", round " << s.round
              << (s.before && *s.before == s.after ? ", A against its own amplification" : "")
              << ")\n"
              << report.text() << robust.text();
    return;
  }
  Json j = Json::object();
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
  std::cout << j.dump() << "\n";
}

// A_t: the checkpoint before the round, or the run's initial agent for round 1 (made by
// `initial`); nullptr for --model, whose A_t is the audited checkpoint itself.
template <class Net, class Load, class Initial>
std::unique_ptr<Net> agent_before(const Subject& s, Load load, Initial initial) {
  if (!s.before) return initial();
  if (*s.before == s.after) return nullptr;
  return load(*s.before);
}

template <games::Game G>
void audit_game(const AuditArgs& args, const Subject& s) {
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
  for (int sims : args.sims.empty() ? std::vector<int>() : parse_counts(args.sims, "--sims", 0)) {
    auto p = config.search.params(/*root_noise=*/false);
    p.simulations = sims;
    searches.push_back({std::to_string(sims) + " sims", p});
  }
  const auto report =
      selfplay::audit_game(selfplay::default_audit_suite<G>(), before, *after, teacher, searches,
                           config.audit_ways, config.audit_threads);
  selfplay::MoveOracle<G> oracle;
  selfplay::GameProbe<G> probe(*after, config.search.params(/*root_noise=*/false), oracle);
  print(args, s, report, robustness(args, s, config.audit_budget, probe));
}

// The sizes audited, ascending: --sizes, else the round's curriculum size, the config's
// assess sizes below it and the two sizes beyond it (within the task's range), else (a single
// checkpoint) the assess sizes and the largest size.
std::vector<int> question_sizes(const AuditArgs& args, const Subject& s,
                                const decomposition::QuestionRunConfig& config,
                                const questions::Domain& domain) {
  std::vector<int> sizes;
  if (!args.sizes.empty()) {
    sizes = parse_counts(args.sizes, "--sizes", 1);
  } else {
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
  return sizes;
}

// The baseline run's checkpoint of `round`, else of its last round (a baseline that ran
// longer or shorter is compared at what it reached).
fs::path baseline_checkpoint(const std::string& dir, int round) {
  const fs::path run(dir);
  if (!fs::exists(run / "run.db")) throw InputError("--baseline " + dir + ": not an ida run");
  const auto rounds = engine::RunStore(run / "run.db").rounds();
  if (rounds.empty()) throw InputError("--baseline " + dir + ": the run has no completed round");
  for (const auto& r : rounds)
    if (r.round == round) return run / r.checkpoint_file;
  return run / rounds.back().checkpoint_file;
}

void audit_questions(const AuditArgs& args, const Subject& s) {
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
  const int count = args.questions ? args.questions : config.assess_questions;
  for (int size : question_sizes(args, s, config, domain)) {
    if (size < domain.min_size() || size > domain.max_size())
      throw InputError("--sizes: " + std::to_string(size) + " is out of range " +
                       std::to_string(domain.min_size()) + ".." +
                       std::to_string(domain.max_size()) + " for " + config.task);
    suites.emplace_back(size, instance.held_out(size, count));
  }
  std::unique_ptr<net::QuestionNet> baseline;
  if (!args.baseline.empty()) baseline = load(baseline_checkpoint(args.baseline, s.round));
  const auto report = decomposition::audit_questions(domain, before, *after, suites,
                                                     s.size.value_or(0), baseline.get());
  decomposition::QuestionProbe probe(domain, *after, suites.front().first, suites.back().first);
  print(args, s, report, robustness(args, s, config.audit_budget, probe));
}

void audit(const AuditArgs& args) {
  if (args.run.empty() == args.model.empty())
    throw InputError("give one of --run DIR or --model FILE");
  if (!args.model.empty() && args.round)
    throw InputError("--round is for --run; a --model checkpoint is one round");
  if (!args.run.empty() && !args.config.empty())
    throw InputError("--config is for --model; a run is audited with its own config");
  net::PolicyValueNet::set_threads(args.threads);  // torch's intra-op threads, both networks
  const Subject s = args.run.empty() ? subject_of_model(args) : subject_of_run(args);
  const auto games = games::game_names();
  if (std::find(games.begin(), games.end(), s.instance) != games.end()) {
    if (!args.sizes.empty()) throw InputError("--sizes is for question runs");
    if (!args.baseline.empty()) throw InputError("--baseline is for question runs");
    games::with_game(s.instance, [&]<class G>(std::type_identity<G>) { audit_game<G>(args, s); });
  } else {
    if (!args.sims.empty()) throw InputError("--sims is for game runs");
    audit_questions(args, s);
  }
}

}  // namespace

void add_audit_command(CLI::App& app) {
  auto args = std::make_shared<AuditArgs>();
  auto* cmd = app.add_subcommand(
      "audit",
      "Measure the seed's requirements on a round: what Distill keeps of its teacher "
      "Amplify(H, A) and what Amplify makes of A, judged by the oracle (docs/alignment.md)");
  cmd->add_option("--run", args->run, "run directory to audit");
  cmd->add_option("--round", args->round, "the round (default: the last completed)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--model", args->model,
                  "audit a single checkpoint instead (A against its own amplification)");
  cmd->add_option("--config", args->config,
                  "with --model: the config whose search and assess settings to use "
                  "(default: the defaults)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--sims", args->sims,
                  "games: more search settings to audit under Amplify, e.g. 100,800 "
                  "(the self-play and evaluation settings always are)");
  cmd->add_option("--sizes", args->sizes, "questions: instance sizes, e.g. 5,9");
  cmd->add_option("--questions", args->questions,
                  "questions: held-out questions per size (default: assess.questions)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--threads", args->threads, "the network's threads")->check(CLI::Range(1, 256));
  cmd->add_option("--baseline", args->baseline,
                  "questions: another run of the same task (e.g. the supervised baseline, "
                  "targets = ground_truth), its agent of the same round (else its last) "
                  "graded on the same suites; reports the gap recovered against it");
  cmd->add_option("--budget", args->budget,
                  "queries of the worst-case search (default: the config's audit.budget; 0 = "
                  "skip it)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_flag("--json", args->json, "print one JSON object instead of tables");
  cmd->callback([args] { audit(*args); });
}

}  // namespace ida::cli
