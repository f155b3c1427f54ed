// ida: Iterated Distillation and Amplification. Entry point: parses the
// command line and turns errors into messages and exit codes (only here).
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/allocator.h"
#include "core/error.h"

int main(int argc, char** argv) {
  ida::keep_freed_memory();
  CLI::App app{
      "ida: Iterated Distillation and Amplification.\n"
      "Trains an agent A with an overseer H: repeat A <- Distill(Amplify(H, A))."};
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();  // --help shows every default
  ida::cli::add_train_command(app);
  ida::cli::add_play_command(app);
  ida::cli::add_analyze_command(app);
  ida::cli::add_arena_command(app);
  ida::cli::add_solve_command(app);
  ida::cli::add_eval_command(app);
  ida::cli::add_curve_command(app);
  ida::cli::add_ask_command(app);
  ida::cli::add_sample_command(app);
  ida::cli::add_export_command(app);
  ida::cli::add_plot_command(app);
  ida::cli::add_audit_command(app);
  ida::cli::add_ladder_command(app);
  ida::cli::add_oversee_command(app);
  ida::cli::add_serve_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const ida::InputError& e) {
    std::cerr << "ida: error: " << e.what() << "\n";
    return 2;
  } catch (const std::filesystem::filesystem_error& e) {
    // The environment (a read-only or full disk, a missing directory), not ida: what() names
    // the operation, the path and the system's reason.
    std::cerr << "ida: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ida: internal error: " << e.what() << "\n";
    return 3;
  }
  return ida::cli::exit_status();
}
