// `ida train`: runs (or resumes) an IDA run from a config file, printing a
// progress bar during each phase and a table row per completed round.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/checksum.h"
#include "core/config.h"
#include "core/error.h"
#include "core/table.h"
#include "engine/checkpoint_file.h"
#include "engine/round_loop.h"
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
// computes (beyond float rounding with several threads).
bool may_change_on_resume(const std::string& key) {
  return key == "rounds" || key == "threads" || key == "selfplay.threads";
}

// Creates the run directory with its resolved config, or checks that an
// existing run was started with the same one.
void keep_config(const fs::path& run_dir, const std::string& resolved) {
  fs::create_directories(run_dir);
  const fs::path config_path = run_dir / "config.toml";
  if (fs::exists(config_path)) {
    std::string differs;
    for (const auto& key : ConfigSchema::differing_keys(read_file(config_path), resolved))
      if (!may_change_on_resume(key)) differs += (differs.empty() ? "" : ", ") + key;
    if (!differs.empty())
      throw InputError("run " + run_dir.string() + " was started with another config (" +
                       differs + " differ); resume it with the same config or use a new --run");
  }
  write_file_atomically(config_path, resolved);
}

void train(const TrainArgs& args) {
  selfplay::GameRunConfig config;
  ConfigSchema schema;
  selfplay::describe(config, schema);
  // Without --config, an existing run resumes with its own config.
  const bool resume_own = args.config.empty() && !args.run.empty() &&
                          fs::exists(fs::path(args.run) / "config.toml");
  if (!args.config.empty()) schema.load_file(args.config);
  if (resume_own) schema.load_file(fs::path(args.run) / "config.toml");
  for (const auto& s : args.sets) schema.set(s);
  if (args.print_config) {
    std::cout << schema.to_toml();
    return;
  }

  const fs::path run_dir =
      args.run.empty() ? fs::path("runs") / config.game : fs::path(args.run);
  net::PolicyValueNet::set_threads(config.threads);
  if (auto warning = net::PolicyValueNet::blas_warning(); !warning.empty())
    std::cerr << "ida: warning: " << warning << "\n";
  games::with_game(config.game, [&]<class G>(std::type_identity<G>) {
    // The instance checks the config before anything is written to the run.
    selfplay::GameInstance<G> instance(config, !args.quiet);
    keep_config(run_dir, schema.to_toml());
    engine::RunStore store(run_dir / "run.db");
    engine::RoundLoop loop(instance, store, run_dir);
    int done = loop.resume();
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
    std::cout << "run " << run_dir.string() << ": " << config.game << ", "
              << instance.architecture() << " on " << instance.agent().device() << "\n";
    if (done > 0) std::cout << "resuming after round " << done << "\n";
    if (done >= config.rounds) {
      std::cout << "all " << config.rounds << " rounds are done (raise rounds to go on)\n";
      return;
    }
    Table table;
    loop.run({config.rounds, static_cast<uint64_t>(config.seed)},
             [&](int round, const engine::Metrics& metrics) {
               Table::Row row{{"round", static_cast<double>(round)}};
               row.insert(row.end(), metrics.values.begin(), metrics.values.end());
               std::cout << table.add_row(row) << std::flush;
             });
  });
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  auto* cmd = app.add_subcommand("train", "Run or resume IDA rounds: A <- Distill(Amplify(H, A))");
  cmd->add_option("--config", args->config,
                  "config file (TOML); default: the run's own config when --run exists, else "
                  "the tic-tac-toe run")
      ->check(CLI::ExistingFile);
  cmd->add_option("--set", args->sets, "override a config key, e.g. --set search.simulations=50");
  cmd->add_option("--run", args->run, "run directory (default runs/<game>); rerun to resume");
  cmd->add_option("--init", args->init,
                  "start a new run from this agent's weights (checkpoint or run directory)");
  cmd->add_flag("--quiet", args->quiet, "no progress bars");
  cmd->add_flag("--print-config", args->print_config,
                "print the resolved config (commented) and exit");
  cmd->callback([args] { train(*args); });
}

}  // namespace ida::cli
