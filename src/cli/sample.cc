// `ida sample`: a random context of a question task, in the context-file format that
// `ida ask --context` reads, and questions about it for `ida ask --questions`.
#include <CLI/CLI.hpp>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/rng.h"
#include "questions/registry.h"

namespace ida::cli {
namespace {

struct SampleArgs {
  std::string task;
  int size = 0;
  uint64_t seed = 1;
  int questions = 10;
  std::string questions_file;
  int letters = 8;
};

// Prints the context; the questions go to --questions-file, or else after the context as
// comment lines "# question: <q>", which keeps the output a valid context file.
void sample(const SampleArgs& args) {
  questions::DomainOptions options;
  options.letters = args.letters;
  const auto domain = questions::make_domain(args.task, options);
  if (args.size < domain->min_size() || args.size > domain->max_size())
    throw InputError("--size " + std::to_string(args.size) + " is out of range for " + args.task +
                     " with --letters " + std::to_string(args.letters) + " (" +
                     std::to_string(domain->min_size()) + ".." +
                     std::to_string(domain->max_size()) + ")");
  Rng rng(args.seed);
  const auto context = domain->sample_context(args.size, rng);
  std::ostringstream asked;
  for (int i = 0; i < args.questions; ++i)
    asked << domain->question_format().format(domain->sample_question(context, rng)) << "\n";
  std::cout << "# " << args.task << ", size " << args.size << ", seed " << args.seed << "\n"
            << domain->context_text(context);
  if (!args.questions_file.empty()) {
    write_file_atomically(args.questions_file, asked.str());
    return;
  }
  std::istringstream lines(asked.str());
  for (std::string line; std::getline(lines, line);) std::cout << "# question: " << line << "\n";
}

}  // namespace

void add_sample_command(CLI::App& app) {
  auto args = std::make_shared<SampleArgs>();
  auto* cmd = app.add_subcommand(
      "sample",
      "A random context of a question task (the file format of ida ask --context) "
      "and questions about it");
  cmd->add_option("--task", args->task, "the question task")
      ->required()
      ->check(CLI::IsMember(questions::domain_names()));
  cmd->add_option("--size", args->size, "elements in the context")->required();
  cmd->add_option("--seed", args->seed, "random seed: the same seed gives the same sample")
      ->capture_default_str();
  cmd->add_option("--questions", args->questions, "questions to sample")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--questions-file", args->questions_file,
                  "write the questions here, one per line (default: after the context, as "
                  "'# question: ' comment lines)");
  cmd->add_option("--letters", args->letters, "element names use the first N letters")
      ->check(CLI::Range(2, 13))
      ->capture_default_str();
  cmd->callback([args] { sample(*args); });
}

}  // namespace ida::cli
