// `ida audit`: the seed's requirements measured on one round of a run (or one checkpoint):
// what Distill keeps of its teacher, what Amplify makes of A, judged by the instance's oracle
// (docs/alignment.md). Text tables, or one JSON object with --json.
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "alignment/run_audit.h"
#include "cli/commands.h"
#include "cli/counts.h"
#include "core/error.h"
#include "net/policy_value_net.h"

namespace ida::cli {
namespace {

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

void audit(const AuditArgs& args) {
  if (args.run.empty() == args.model.empty())
    throw InputError("give one of --run DIR or --model FILE");
  if (!args.model.empty() && args.round)
    throw InputError("--round is for --run; a --model checkpoint is one round");
  if (!args.run.empty() && !args.config.empty())
    throw InputError("--config is for --model; a run is audited with its own config");
  alignment::AuditRequest request;
  request.run = args.run;
  request.model = args.model;
  request.config = args.config;
  request.round = args.round;
  if (!args.sims.empty()) request.sims = parse_counts(args.sims, "--sims", 0);
  if (!args.sizes.empty()) request.sizes = parse_counts(args.sizes, "--sizes", 1);
  request.questions = args.questions;
  request.baseline = args.baseline;
  request.budget = args.budget;
  net::PolicyValueNet::set_threads(args.threads);  // torch's intra-op threads, both networks
  const auto result = alignment::audit(request);
  if (args.json) {
    std::cout << result.json.dump() << "\n";
    return;
  }
  std::cout << "audit of " << result.checkpoint.string() << " (" << result.instance
            << ", round " << result.round
            << (result.against_itself ? ", A against its own amplification" : "") << ")\n"
            << result.text;
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
