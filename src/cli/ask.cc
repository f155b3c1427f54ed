// `ida ask`: a question about a context file, answered by A directly and by Amplify(H, A),
// with H's decomposition shown as an indented tree.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "decomposition/explain.h"
#include "decomposition/model_answerer.h"
#include "decomposition/question_instance.h"
#include "engine/checkpoint_file.h"
#include "questions/registry.h"
#include "selfplay/agent_file.h"

namespace ida::cli {
namespace {

struct AskArgs {
  std::string task;
  std::string context;
  std::string question;
  std::string model;
  int letters = 8;
  int depth = 1;
};

void ask(const AskArgs& args) {
  questions::DomainOptions options;
  options.letters = args.letters;
  const auto domain = questions::make_domain(args.task, options);
  const questions::Context context = domain->read_context(args.context);
  const questions::Question question = domain->parse_question(args.question);
  if (domain->kind_of(question) < 0)
    throw InputError("'" + args.question + "' is not a " + std::string(domain->name()) +
                     " question (expected " + domain->question_format().usage() + ")");

  const auto path = selfplay::resolve_model(args.task, args.model);
  const auto file = engine::read_checkpoint(path);
  engine::expect(file, "agent", args.task, "");
  const auto agent = decomposition::load_question_agent(file.payload, file.header.architecture,
                                                        path.string());
  const auto shape = decomposition::model_shape(*domain);
  if (agent->shape().vocabulary != shape.vocabulary)
    throw InputError(path.string() + ": the model's vocabulary (" +
                     std::to_string(agent->shape().vocabulary) + " tokens) does not fit " +
                     args.task + " with --letters " + std::to_string(args.letters));

  decomposition::ModelAnswerer model(*agent, {context});
  const auto direct = model.answer({0}, {question}).at(0);
  const auto tree = decomposition::explain(*domain, context, question, model, args.depth);
  const auto& format = domain->answer_format();
  auto text = [&](const questions::Answer& a) {
    return format.shape_of(a) >= 0 ? format.format(a) : std::string("(malformed answer)");
  };
  std::cout << "model: " << path.string() << " (round " << file.header.round << ")\n"
            << "A:              " << text(direct) << "\n"
            << "Amplify(H, A):  " << text(tree.answer) << "\n"
            << "ground truth:   " << text(domain->ground_truth(context, question)) << "\n\n"
            << "H's decomposition ([lookup] = looked up in the facts, [A] = answered by A):\n"
            << decomposition::explanation_text(*domain, tree);
}

}  // namespace

void add_ask_command(CLI::App& app) {
  auto args = std::make_shared<AskArgs>();
  auto* cmd = app.add_subcommand(
      "ask", "Ask a question about a context: A's direct answer and Amplify(H, A)'s, with H's "
             "decomposition as a tree");
  cmd->add_option("--task", args->task, "the question task")
      ->required()
      ->check(CLI::IsMember(questions::domain_names()));
  cmd->add_option("--context", args->context, "context file: one fact per line, '#' comments")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--question", args->question, "the question, e.g. \"ab 13\"")->required();
  cmd->add_option("--model", args->model,
                  "checkpoint or run directory (default: the shipped models/<task>.ckpt)");
  cmd->add_option("--letters", args->letters, "element names use the first N letters")
      ->check(CLI::Range(2, 13))
      ->capture_default_str();
  cmd->add_option("--depth", args->depth,
                  "levels of H shown: sub-questions below this depth are answered by A")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  cmd->callback([args] { ask(*args); });
}

}  // namespace ida::cli
