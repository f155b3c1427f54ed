// `ida train`: runs (or resumes) an IDA run from a config file, printing a
// progress bar during each phase and a table row per completed round.
#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>
#include <toml++/toml.h>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/checksum.h"
#include "core/config.h"
#include "core/error.h"
#include "core/table.h"
#include "decomposition/question_config.h"
#include "decomposition/question_instance.h"
#include "engine/checkpoint_file.h"
#include "engine/round_loop.h"
#include "engine/run_lock.h"
#include "games/registry.h"
#include "selfplay/agent_file.h"
#include "selfplay/game_config.h"
#include "selfplay/game_instance.h"

namespace ida::cli {
namespace fs = std::filesystem;

int& exit_status() {
  static int status = 0;
  return status;
}

namespace {

struct TrainArgs {
  std::string config;
  std::vector<std::string> sets;
  std::string run;
  bool quiet = false;
  bool print_config = false;
  std::string init;
};

// Keys that may change when a run is resumed: they do not change what a round
// computes (beyond float rounding with several threads; the audit only measures).
bool may_change_on_resume(const std::string& key) {
  return key == "rounds" || key == "threads" || key == "selfplay.threads" ||
         key == "audit.every";
}

// Resolves a stored config text against today's defaults, so that keys added to ida after a
// run started (absent from its stored config) compare as their defaults.
using Resolver = std::function<std::string(const std::string& stored, const std::string& origin)>;

template <class Config>
Resolver resolver_of() {
  return [](const std::string& stored, const std::string& origin) {
    Config config;
    ConfigSchema schema;
    describe(config, schema);
    schema.load_string(stored, origin);
    return schema.to_toml();
  };
}

// Creates the run directory with its resolved config, or checks that an
// existing run was started with the same one.
void keep_config(const fs::path& run_dir, const std::string& resolved, const Resolver& resolve) {
  fs::create_directories(run_dir);
  const fs::path config_path = run_dir / "config.toml";
  if (fs::exists(config_path)) {
    std::string differs;
    const std::string stored = resolve(read_file(config_path), config_path.string());
    for (const auto& key : ConfigSchema::differing_keys(stored, resolved))
      if (!may_change_on_resume(key)) differs += (differs.empty() ? "" : ", ") + key;
    if (!differs.empty())
      throw InputError("run " + run_dir.string() + " was started with another config (" +
                       differs + " differ); resume it with the same config or use a new --run");
  }
  write_file_atomically(config_path, resolved);
}

// Loads the config of a run into `schema`: --config, else the run's own config when it
// exists, then the --set overrides. Returns false when --print-config printed it instead.
bool load_config(const TrainArgs& args, ConfigSchema& schema) {
  if (!args.config.empty()) schema.load_file(args.config);
  if (args.config.empty() && !args.run.empty() && fs::exists(fs::path(args.run) / "config.toml"))
    schema.load_file(fs::path(args.run) / "config.toml");
  for (const auto& s : args.sets) schema.set(s);
  if (!args.print_config) return true;
  std::cout << schema.to_toml();
  return false;
}

// A config with a top-level "task" key (or --set task=...) is a question run; any other is
// a game run. Unreadable files are left for the schema to report.
bool is_question_run(const TrainArgs& args) {
  for (const auto& s : args.sets)
    if (s.rfind("task=", 0) == 0) return true;
  fs::path file = args.config;
  if (file.empty() && !args.run.empty()) file = fs::path(args.run) / "config.toml";
  if (file.empty() || !fs::exists(file)) return false;
  try {
    return toml::parse_file(file.string()).contains("task");
  } catch (const std::exception&) {
    return false;
  }
}

// Runs (or resumes) the rounds of `instance` in `run_dir`, printing a row per round.
// `before` runs after the store is opened and the last round found (e.g. --init).
void run_rounds(engine::Instance& instance, const fs::path& run_dir, const std::string& resolved,
                const Resolver& resolve, int rounds, int64_t seed, const std::string& device,
                const std::function<void(int done, engine::RunStore&)>& before) {
  fs::create_directories(run_dir);
  const engine::RunLock lock(run_dir);  // before anything in the run is read or written
  keep_config(run_dir, resolved, resolve);
  engine::RunStore store(run_dir / "run.db");
  engine::RoundLoop loop(instance, store, run_dir);
  const int done = loop.resume();
  if (before) before(done, store);
  std::cout << "run " << run_dir.string() << ": " << instance.name() << ", "
            << instance.architecture() << " on " << device << "\n";
  if (done > 0) std::cout << "resuming after round " << done << "\n";
  if (done >= rounds) {
    std::cout << "all " << rounds << " rounds are done (raise rounds to go on)\n";
    return;
  }
  Table table;
  loop.run({rounds, static_cast<uint64_t>(seed)}, [&](int round, const engine::Metrics& metrics) {
    Table::Row row{{"round", static_cast<double>(round)}};
    row.insert(row.end(), metrics.values.begin(), metrics.values.end());
    std::cout << table.add_row(row) << std::flush;
  });
}

void warn_about_blas(int threads) {
  net::PolicyValueNet::set_threads(threads);
  if (auto warning = net::PolicyValueNet::blas_warning(); !warning.empty())
    std::cerr << "ida: warning: " << warning << "\n";
}

void train_questions(const TrainArgs& args) {
  decomposition::QuestionRunConfig config;
  ConfigSchema schema;
  decomposition::describe(config, schema);
  if (!load_config(args, schema)) return;
  if (!args.init.empty()) throw InputError("--init is for game runs only");
  const fs::path run_dir = args.run.empty() ? fs::path("runs") / config.task : fs::path(args.run);
  warn_about_blas(config.threads);
  // The instance checks the config before anything is written to the run.
  decomposition::QuestionInstance instance(config, !args.quiet);
  run_rounds(instance, run_dir, schema.to_toml(),
             resolver_of<decomposition::QuestionRunConfig>(), config.rounds, config.seed,
             instance.agent().device(), {});
}

void train_game(const TrainArgs& args) {
  selfplay::GameRunConfig config;
  ConfigSchema schema;
  selfplay::describe(config, schema);
  if (!load_config(args, schema)) return;
  const fs::path run_dir =
      args.run.empty() ? fs::path("runs") / config.game : fs::path(args.run);
  warn_about_blas(config.threads);
  games::with_game(config.game, [&]<class G>(std::type_identity<G>) {
    // The instance checks the config before anything is written to the run.
    selfplay::GameInstance<G> instance(config, !args.quiet);
    auto init = [&](int done, engine::RunStore& store) {
      if (done == 0 && !args.init.empty()) {
        auto path = selfplay::resolve_model(config.game, args.init);
        auto file = engine::read_checkpoint(path);
        engine::expect(file, "agent", config.game, instance.architecture());
        instance.warm_start(file.payload, path.string());
        store.put("initialized_from", path.string() + " crc32 " + crc32_hex(file.payload));
        std::cout << "starting from the agent in " << path.string() << "\n";
      } else if (done > 0 && !args.init.empty()) {
        std::cout << "--init ignored: the run resumes from its own round " << done << "\n";
      }
    };
    run_rounds(instance, run_dir, schema.to_toml(), resolver_of<selfplay::GameRunConfig>(),
               config.rounds, config.seed, instance.agent().device(), init);
  });
}

void train(const TrainArgs& args) {
  if (is_question_run(args))
    train_questions(args);
  else
    train_game(args);
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  auto* cmd = app.add_subcommand("train", "Run or resume IDA rounds: A <- Distill(Amplify(H, A))");
  cmd->add_option("--config", args->config,
                  "config file (TOML): a game run, or a question run when it sets `task`; default: "
                  "the run's own config when --run exists, else the tic-tac-toe run")
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", args->sets, "override a config key, e.g. --set search.simulations=50");
  cmd->add_option("--run", args->run, "run directory (default runs/<game or task>); rerun to resume");
  cmd->add_option("--init", args->init,
                  "start a new run from this agent's weights (checkpoint or run directory)");
  cmd->add_flag("--quiet", args->quiet, "no progress bars");
  cmd->add_flag("--print-config", args->print_config,
                "print the resolved config (commented) and exit");
  cmd->callback([args] { train(*args); });
}

}  // namespace ida::cli
