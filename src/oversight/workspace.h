// One question overseen by a person: Amplify(human, A) for one question. The person sees
// what H sees (the question, the exchanges so far, the sub-question budget; never the
// context) and has H's two moves: ask a sub-question, or give the final answer. Primitive
// sub-questions are looked up in the facts, the others are answered by the run's teacher A.
// The finished workspace is a transcript for the run store (RunStore::TranscriptRecord).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "engine/run_store.h"
#include "questions/domain.h"

namespace ida::oversight {

class Workspace {
 public:
  struct Step {
    questions::Question question;
    questions::Answer answer;
    bool looked_up = false;  // from the facts (else from A)
  };

  // `teacher` answers non-primitive sub-questions about `context`; the domain must outlive
  // this workspace. The clock for the time spent starts here.
  Workspace(const questions::Domain& domain, questions::Context context,
            questions::Question question, questions::Answerer teacher);

  // Asks a sub-question written in the task's notation. InputError, with nothing changed
  // (the budget is not spent), for a malformed sub-question (the task's parse error), when
  // the budget is used up, or once the final answer is given.
  const Step& ask(std::string_view sub_question);
  // Gives the final answer (the task's notation, "?" allowed); InputError for a malformed
  // one or a second answer, nothing changed.
  void answer(std::string_view final_answer);

  bool finished() const { return finished_; }
  int used() const { return static_cast<int>(steps_.size()); }
  int budget() const { return domain_.max_subquestions(); }
  const questions::Question& question() const { return question_; }
  const questions::Context& context() const { return context_; }
  const std::vector<Step>& steps() const { return steps_; }
  const questions::Answer& final_answer() const { return answer_; }
  const questions::Domain& domain() const { return domain_; }

  // The question and its exchanges in one line: "q; sq -> a (A); sq -> a (lookup)".
  std::string summary() const;
  // The transcript of the finished workspace (overseer "human"), in the task's notation: a
  // malformed sub-answer of A is stored as "?", what H reads it as. Requires finished().
  engine::RunStore::TranscriptRecord record(std::string_view user) const;

  std::string text(const questions::Question& question) const;
  std::string answer_text(const questions::Answer& answer) const;

 private:
  const questions::Domain& domain_;
  questions::Context context_;
  questions::Question question_;
  questions::Answerer teacher_;
  std::vector<Step> steps_;
  questions::Answer answer_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  double seconds_ = 0;  // set by answer()
};

// "lookup" or "A": the source of a step as written in transcripts and replies.
inline const char* source_name(const Workspace::Step& step) {
  return step.looked_up ? "lookup" : "A";
}

}  // namespace ida::oversight
