// The ida subcommands, one file each. Each registers itself on the CLI11 app;
// its callback throws InputError for bad input, which main() reports.
#pragma once

namespace CLI {
class App;
}

namespace ida::cli {

void add_train_command(CLI::App& app);
void add_play_command(CLI::App& app);
void add_analyze_command(CLI::App& app);
void add_arena_command(CLI::App& app);
void add_solve_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_curve_command(CLI::App& app);
void add_ask_command(CLI::App& app);
void add_sample_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_plot_command(CLI::App& app);
void add_audit_command(CLI::App& app);
void add_ladder_command(CLI::App& app);
void add_oversee_command(CLI::App& app);  // and `transcripts`
void add_serve_command(CLI::App& app);

// Exit status a command asks main() to return (e.g. analyze with bad lines).
int& exit_status();

}  // namespace ida::cli
