// `ida ask`: questions about a context file, answered by A directly and by Amplify(H, A).
// One question (--question) shows H's decomposition as an indented tree; a file of them
// (--questions) prints one tab-separated line per question.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "decomposition/explain.h"
#include "decomposition/model_answerer.h"
#include "decomposition/question_instance.h"
#include "engine/checkpoint_file.h"
#include "questions/amplify.h"
#include "questions/registry.h"
#include "selfplay/agent_file.h"

namespace ida::cli {
namespace {

struct AskArgs {
  std::string task;
  std::string context;
  std::string question;
  std::string questions;  // a file, one question per line
  std::string model;
  int letters = 8;
  int depth = 1;
};

// The task, its context and the model that answers about it.
struct Asking {
  std::unique_ptr<questions::Domain> domain;
  questions::Context context;
  std::filesystem::path model_path;
  int round = 0;
  std::unique_ptr<net::QuestionNet> agent;

  explicit Asking(const AskArgs& args) {
    questions::DomainOptions options;
    options.letters = args.letters;
    domain = questions::make_domain(args.task, options);
    context = domain->read_context(args.context);
    model_path = selfplay::resolve_model(args.task, args.model);
    const auto file = engine::read_checkpoint(model_path);
    engine::expect(file, "agent", args.task, "");
    round = file.header.round;
    agent = decomposition::load_question_agent(file.payload, file.header.architecture,
                                               model_path.string());
    if (agent->shape().vocabulary != decomposition::model_shape(*domain).vocabulary)
      throw InputError(model_path.string() + ": the model's vocabulary (" +
                       std::to_string(agent->shape().vocabulary) + " tokens) does not fit " +
                       args.task + " with --letters " + std::to_string(args.letters));
  }

  // The question in `text`; InputError names what is wrong with it.
  questions::Question parse(const std::string& text) const {
    const questions::Question question = domain->parse_question(text);
    if (domain->kind_of(question) < 0)
      throw InputError("'" + text + "' is not a " + std::string(domain->name()) +
                       " question (expected " + domain->question_format().usage() + ")");
    return question;
  }

  std::string text(const questions::Answer& a) const {
    const auto& format = domain->answer_format();
    return format.shape_of(a) >= 0 ? format.format(a) : std::string("(malformed answer)");
  }
};

void ask_one(const AskArgs& args) {
  Asking asking(args);
  const auto question = asking.parse(args.question);
  decomposition::ModelAnswerer model(*asking.agent, {asking.context});
  const auto direct = model.answer({0}, {question}).at(0);
  const auto tree =
      decomposition::explain(*asking.domain, asking.context, question, model, args.depth);
  std::cout << "model: " << asking.model_path.string() << " (round " << asking.round << ")\n"
            << "A:              " << asking.text(direct) << "\n"
            << "Amplify(H, A):  " << asking.text(tree.answer) << "\n"
            << "ground truth:   "
            << asking.text(asking.domain->ground_truth(asking.context, question)) << "\n\n"
            << "H's decomposition ([lookup] = looked up in the facts, [A] = answered by A):\n"
            << decomposition::explanation_text(*asking.domain, tree);
}

// One line per question of the file (blank lines and '#' comments skipped):
// "<question>\t<A>\t<Amplify(H, A)>\t<ground truth>", or "<line>\terror: <reason>" (and the
// exit status 1) for a line that is not a question of the task. A's answers are one batch;
// so is Amplify at depth 1.
void ask_batch(const AskArgs& args) {
  Asking asking(args);
  struct Line {
    std::string text, error;
  };
  std::vector<Line> lines;
  std::vector<questions::Question> asked;
  std::istringstream file(read_file(args.questions));
  for (std::string text; std::getline(file, text);) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const auto content = text.substr(0, text.find('#'));
    if (content.find_first_not_of(" \t") == std::string::npos) continue;
    try {
      asked.push_back(asking.parse(content));
      lines.push_back({text, ""});
    } catch (const InputError& e) {
      lines.push_back({text, e.what()});
    }
  }
  decomposition::ModelAnswerer model(*asking.agent, {asking.context});
  const std::vector<int> context_of(asked.size(), 0);
  const auto direct = model.answer(context_of, asked);
  std::vector<questions::Answer> amplified;
  if (args.depth == 1) {
    questions::AmplifyCounts counts;
    for (auto& a : questions::amplify_batch(*asking.domain, {asking.context}, context_of, asked,
                                            questions::overseer_of(*asking.domain), model, counts))
      amplified.push_back(std::move(a.answer));
  } else {
    for (const auto& q : asked)
      amplified.push_back(
          decomposition::explain(*asking.domain, asking.context, q, model, args.depth).answer);
  }
  size_t i = 0;
  for (const auto& line : lines) {
    if (!line.error.empty()) {
      std::cout << line.text << "\terror: " << line.error << "\n";
      exit_status() = 1;
      continue;
    }
    std::cout << asking.domain->question_format().format(asked[i]) << "\t" << asking.text(direct[i])
              << "\t" << asking.text(amplified[i]) << "\t"
              << asking.text(asking.domain->ground_truth(asking.context, asked[i])) << "\n";
    ++i;
  }
}

}  // namespace

void add_ask_command(CLI::App& app) {
  auto args = std::make_shared<AskArgs>();
  auto* cmd = app.add_subcommand(
      "ask",
      "Ask questions about a context: A's direct answer and Amplify(H, A)'s, with H's "
      "decomposition as a tree (one question) or one line per question (a file)");
  cmd->add_option("--task", args->task, "the question task")
      ->required()
      ->check(CLI::IsMember(questions::domain_names()));
  cmd->add_option("--context", args->context, "context file: one fact per line, '#' comments")
      ->required()
      ->check(CLI::ExistingFile);
  auto* one = cmd->add_option("--question", args->question, "the question, e.g. \"ab 13\"");
  auto* many = cmd->add_option("--questions", args->questions,
                               "a file of questions, one per line: prints '<question> <A> "
                               "<Amplify(H, A)> <ground truth>' per line, tab-separated")
                   ->check(CLI::ExistingFile);
  one->excludes(many);
  cmd->add_option("--model", args->model,
                  "checkpoint or run directory (default: the shipped models/<task>.ckpt)");
  cmd->add_option("--letters", args->letters, "element names use the first N letters")
      ->check(CLI::Range(2, 13))
      ->capture_default_str();
  cmd->add_option("--depth", args->depth,
                  "levels of H: sub-questions below this depth are answered by A")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  cmd->callback([args, one, many] {
    if (one->count() == 0 && many->count() == 0)
      throw InputError("ask needs --question or --questions");
    if (one->count())
      ask_one(*args);
    else
      ask_batch(*args);
  });
}

}  // namespace ida::cli
