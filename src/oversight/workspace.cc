#include "oversight/workspace.h"

#include <utility>

#include "core/error.h"

namespace ida::oversight {

using questions::Answer;
using questions::Question;

Workspace::Workspace(const questions::Domain& domain, questions::Context context,
                     Question question, questions::Answerer teacher)
    : domain_(domain),
      context_(std::move(context)),
      question_(std::move(question)),
      teacher_(std::move(teacher)) {}

const Workspace::Step& Workspace::ask(std::string_view sub_question) {
  if (finished_) throw InputError("this question is already answered");
  if (used() >= budget())
    throw InputError("no sub-questions left (budget " + std::to_string(used()) + "/" +
                     std::to_string(budget()) + "): give the answer");
  const Question q = domain_.parse_question(sub_question);
  if (domain_.kind_of(q) < 0)
    throw InputError("'" + std::string(sub_question) + "' is not a " +
                     std::string(domain_.name()) + " question (expected " +
                     domain_.question_format().usage() + ")");
  Step step{q, {}, domain_.is_primitive(q)};
  step.answer = step.looked_up ? domain_.answer_primitive(context_, q) : teacher_(q);
  steps_.push_back(std::move(step));
  return steps_.back();
}

void Workspace::answer(std::string_view final_answer) {
  if (finished_) throw InputError("this question is already answered");
  answer_ = domain_.parse_answer(final_answer);
  finished_ = true;
  seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

std::string Workspace::text(const Question& question) const {
  return domain_.question_format().format(question);
}

// A's answers may be any tuple of the answer length, some of which no shape fits.
std::string Workspace::answer_text(const Answer& answer) const {
  const auto& format = domain_.answer_format();
  return format.shape_of(answer) >= 0 ? format.format(answer) : "(malformed answer)";
}

std::string Workspace::summary() const {
  std::string out = text(question_);
  for (const Step& s : steps_)
    out += "; " + text(s.question) + " -> " + answer_text(s.answer) + " (" + source_name(s) + ")";
  if (finished_) out += "; => " + answer_text(answer_);
  return out;
}

engine::RunStore::TranscriptRecord Workspace::record(std::string_view user) const {
  IDA_CHECK(finished_);
  engine::RunStore::TranscriptRecord r;
  r.task = std::string(domain_.name());
  r.overseer = "human";
  r.user = std::string(user);
  r.context = domain_.context_text(context_);
  r.question = text(question_);
  // Stored in the task's notation: a malformed sub-answer of A is what H reads it as, "?".
  const auto& format = domain_.answer_format();
  auto notation = [&](const Answer& a) {
    return format.shape_of(a) >= 0 ? format.format(a) : format.format(Answer(format.length()));
  };
  for (const Step& s : steps_)
    r.exchanges.push_back({text(s.question), notation(s.answer), source_name(s)});
  r.answer = notation(answer_);
  r.seconds = seconds_;
  return r;
}

}  // namespace ida::oversight
