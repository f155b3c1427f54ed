// `ida oversee`: a person as the overseer H of a question task (Amplify(human, A)), and
// `ida transcripts`: what they did, as JSON Lines. Protocol: oversight/console.h.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "oversight/console.h"
#include "oversight/overseen_run.h"
#include "oversight/question_source.h"
#include "oversight/transcript_json.h"
#include "questions/registry.h"

namespace ida::cli {
namespace {
namespace fs = std::filesystem;

struct OverseeArgs {
  std::string task;
  std::string run;
  std::string config;
  std::string user;
  std::string context;
  std::string question;
  int size = 0;
  int questions = 0;
  int64_t seed = 1;
};

std::string user_name(const OverseeArgs& args) {
  if (!args.user.empty()) return args.user;
  const char* user = std::getenv("USER");
  return user && *user ? user : "anonymous";
}

void oversee(const OverseeArgs& args) {
  const fs::path run_dir = args.run.empty() ? fs::path("runs") / args.task : fs::path(args.run);
  oversight::OverseenRun run(run_dir, oversight::overseen_config(args.task, run_dir, args.config));
  oversight::QuestionSource source(
      {args.context, args.question, args.size, static_cast<uint64_t>(args.seed)}, run);
  const std::string user = user_name(args);
  const bool interactive = ::isatty(0) == 1;
  if (interactive)
    std::cout << "run " << run_dir.string() << ": " << args.task << ", round " << run.round()
              << ", A answers sub-questions; transcripts go to " << (run_dir / "run.db").string()
              << "\n";
  oversight::Console console([&] { return source.next(); },
                             [&](const oversight::Workspace& w) {
                               run.store().commit_transcript(w.record(user));
                             },
                             {interactive, args.questions});
  console.run(std::cin, std::cout);
}

void export_transcripts(const std::string& run) {
  const fs::path db = fs::path(run) / "run.db";
  if (!fs::exists(db)) throw InputError(run + ": not a run directory (no run.db)");
  const engine::RunStore store(db, engine::RunStore::Access::kRead);
  for (const auto& t : store.transcripts()) std::cout << oversight::transcript_json(t) << "\n";
}

}  // namespace

void add_oversee_command(CLI::App& app) {
  auto args = std::make_shared<OverseeArgs>();
  auto* cmd = app.add_subcommand(
      "oversee", "Be the overseer H of a question task: answer questions with sub-questions "
                 "that the run's model A answers; every answered question is stored as a "
                 "transcript");
  cmd->add_option("--task", args->task, "the question task")
      ->required()
      ->check(CLI::IsMember(questions::domain_names()));
  cmd->add_option("--run", args->run, "run directory (default runs/<task>); made if missing");
  cmd->add_option("--config", args->config,
                  "config for a run that has none yet (default: the task's defaults)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--user", args->user, "who oversees (default: $USER)");
  cmd->add_option("--context", args->context, "context file (default: sampled per question)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--question", args->question, "the one question to answer (needs --context)");
  cmd->add_option("--size", args->size,
                  "instance size of sampled contexts (default: the run's curriculum size)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--questions", args->questions, "stop after N answered questions (0: no limit)")
      ->check(CLI::Range(0, 1000000000))
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "seed of the sampled questions")
      ->check(CLI::Range(int64_t{0}, std::numeric_limits<int64_t>::max()))
      ->capture_default_str();
  cmd->callback([args] { oversee(*args); });

  auto run = std::make_shared<std::string>();
  auto* out = app.add_subcommand(
      "transcripts", "Print a run's transcripts (ida oversee) as JSON Lines, schema "
                     "ida-transcript/1 (README)");
  out->add_option("--run", *run, "run directory")->required();
  out->callback([run] { export_transcripts(*run); });
}

}  // namespace ida::cli
