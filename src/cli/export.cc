// `ida export`: a question run's agent A as a small checkpoint of its weights alone (no
// optimiser state, teacher or learned overseer H'), for `ida ask --model` or to ship as
// models/<task>.ckpt, the default model of `ida ask`.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/sections.h"
#include "decomposition/question_instance.h"
#include "engine/checkpoint_file.h"
#include "net/question_net.h"
#include "questions/registry.h"
#include "selfplay/agent_file.h"

namespace ida::cli {
namespace {

struct ExportArgs {
  std::string model;
  std::string out;
};

void export_agent(const ExportArgs& args) {
  const auto path = selfplay::resolve_model("", args.model);
  const auto file = engine::read_checkpoint(path);
  engine::expect(file, "agent", "", "");
  const auto tasks = questions::domain_names();
  if (std::find(tasks.begin(), tasks.end(), file.header.instance) == tasks.end())
    throw InputError(path.string() + ": a checkpoint of " + file.header.instance +
                     ", not of a question task (ida export takes question runs)");
  const auto agent =
      decomposition::load_question_agent(file.payload, file.header.architecture, path.string());
  engine::CheckpointHeader header = file.header;
  header.extra = {{"exported_from", path.filename().string()}};
  // A network loaded without its optimiser saves its weights alone.
  const auto written =
      engine::write_checkpoint(args.out, header, pack_sections({{"agent", agent->save()}}));
  std::cout << "wrote " << args.out << ": " << header.instance << ", round " << header.round << ", "
            << agent->parameter_count() << " weights, " << written.payload_bytes << " bytes\n";
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand(
      "export", "Write a question run's agent A as a checkpoint of its weights alone");
  cmd->add_option("--model", args->model, "a question run directory (its last round) or checkpoint")
      ->required();
  cmd->add_option("--out", args->out, "the checkpoint to write")->required();
  cmd->callback([args] { export_agent(*args); });
}

}  // namespace ida::cli
