#include "oversight/question_source.h"

#include "core/config.h"
#include "core/error.h"
#include "decomposition/model_answerer.h"

namespace ida::oversight {
namespace fs = std::filesystem;

decomposition::QuestionRunConfig overseen_config(const std::string& task, const fs::path& run_dir,
                                                 const fs::path& config_file) {
  decomposition::QuestionRunConfig config;
  config.task = task;
  ConfigSchema schema;
  decomposition::describe(config, schema);
  if (fs::exists(run_dir / "config.toml"))
    schema.load_file(run_dir / "config.toml");
  else if (!config_file.empty())
    schema.load_file(config_file);
  if (config.task != task)
    throw InputError("run " + run_dir.string() + " is a " + config.task + " run, not " + task);
  return config;
}

QuestionSource::QuestionSource(const QuestionChoice& choice, OverseenRun& run)
    : choice_(choice), run_(run), domain_(run.instance().domain()) {
  rng_.seed(mix_seed(choice.seed, run.store().transcripts().size()));
  if (!choice.context_file.empty()) context_ = domain_.read_context(choice.context_file);
  if (!choice.question.empty()) {
    if (!context_) throw InputError("a given question needs its context (the facts it is about)");
    question_ = domain_.parse_question(choice.question);
    if (domain_.kind_of(*question_) < 0 || domain_.is_primitive(*question_))
      throw InputError("'" + choice.question + "' is not a non-primitive " +
                       std::string(domain_.name()) + " question (expected " +
                       domain_.question_format().usage() + ")");
  }
}

std::unique_ptr<Workspace> QuestionSource::next() {
  if (question_ && given_shown_) return nullptr;
  run_.refresh();  // the newest teacher, when a trainer committed a round meanwhile
  const int size = choice_.size > 0 ? choice_.size : run_.instance().size();
  const questions::Context context = context_ ? *context_ : domain_.sample_context(size, rng_);
  const questions::Question question =
      question_ ? *question_ : domain_.sample_question(context, rng_);
  given_shown_ = true;
  auto model = std::make_shared<decomposition::ModelAnswerer>(run_.instance().teacher(),
                                                              std::vector{context});
  return std::make_unique<Workspace>(
      domain_, context, question,
      [model](const questions::Question& q) { return model->answer({0}, {q}).at(0); });
}

}  // namespace ida::oversight
