#include "serve/ask_api.h"

#include "core/rng.h"
#include "decomposition/explain.h"
#include "decomposition/model_answerer.h"
#include "decomposition/question_instance.h"
#include "engine/checkpoint_file.h"
#include "oversight/question_source.h"
#include "questions/registry.h"
#include "selfplay/agent_file.h"
#include "serve/runs_api.h"

namespace ida::serve {
namespace fs = std::filesystem;

namespace {

using decomposition::ExplainedAnswer;

Json tree_json(const questions::Domain& domain, const ExplainedAnswer& node,
               const std::function<std::string(const questions::Answer&)>& text) {
  Json j = Json::object();
  j["question"] = domain.question_format().format(node.question);
  j["answer"] = text(node.answer);
  j["by"] = node.by == ExplainedAnswer::By::kLookup  ? "lookup"
            : node.by == ExplainedAnswer::By::kModel ? "A"
                                                     : "H";
  Json& steps = j["steps"] = Json::array();
  for (const auto& s : node.steps) steps.push(tree_json(domain, s, text));
  return j;
}

Json ask(const RunFolder& folder, const Call& call) {
  const std::string& name = call.param("run");
  const fs::path dir = folder.resolve(name);
  const RunKind kind = run_kind(dir);
  if (kind.kind != "question") throw InputError("run '" + name + "' is not a question run");
  const auto config = oversight::overseen_config(kind.what, dir);
  questions::DomainOptions options;
  options.letters = config.letters;
  const auto domain = questions::make_domain(config.task, options);
  const int depth = call.int_param("depth", 1, 1, 20);

  const std::string context_text = call.param("context", "");
  const std::string question_text = call.param("question", "");
  if (context_text.empty() != question_text.empty())
    throw InputError("give both a context and a question, or neither (a sampled one)");
  questions::Context context;
  questions::Question question;
  if (!context_text.empty()) {
    context = domain->parse_context(context_text);
    question = domain->parse_question(question_text);
    if (domain->kind_of(question) < 0)
      throw InputError("'" + question_text + "' is not a " + config.task + " question (expected " +
                       domain->question_format().usage() + ")");
  } else {
    Rng rng(static_cast<uint64_t>(call.int_param("seed", 1, 0, 1 << 30)));
    const int first = config.curriculum.start_size > 0 ? config.curriculum.start_size
                                                       : domain->min_size();
    const int size = call.int_param("size", first, 1, 1 << 20);
    context = domain->sample_context(size, rng);
    question = domain->sample_question(context, rng);
  }

  const fs::path path = selfplay::resolve_model(config.task, dir.string());
  const auto file = engine::read_checkpoint(path);
  engine::expect(file, "agent", config.task, "");
  const auto agent =
      decomposition::load_question_agent(file.payload, file.header.architecture, path.string());
  decomposition::ModelAnswerer model(*agent, {context});
  const auto& format = domain->answer_format();
  auto text = [&](const questions::Answer& a) {
    return format.shape_of(a) >= 0 ? format.format(a) : std::string("(malformed answer)");
  };
  const auto direct = model.answer({0}, {question}).at(0);
  const auto tree = decomposition::explain(*domain, context, question, model, depth);

  Json j = Json::object();
  j["task"] = config.task;
  j["model"] = name + "/" + path.filename().string();
  j["round"] = static_cast<int>(file.header.round);
  j["context"] = domain->context_text(context);
  j["question"] = domain->question_format().format(question);
  j["a"] = text(direct);
  j["amplified"] = text(tree.answer);
  j["truth"] = text(domain->ground_truth(context, question));
  j["tree"] = tree_json(*domain, tree, text);
  return j;
}

}  // namespace

void add_ask_endpoint(const RunFolder& folder, Api& api) {
  api.get("/api/ask", [&folder](const Call& call) { return ask(folder, call); });
}

}  // namespace ida::serve
