// The oversight protocol: a person (or a script) drives Workspaces with text commands.
//   ask <sub-question>   the sub-answer and its source       sub-answer: <a> (lookup|A)
//   answer <answer>      commits the transcript, next question  question: <q>
//   show                 the transcript so far                 transcript: <q>; <sq> -> <a> (A); ...
//   budget               sub-questions used and allowed        budget: <used>/<max>
//   skip                 drops the question, next question      question: <q>
//   help                 the commands                          help: ...
//   quit                 ends (the question in progress is dropped)   done: <n> committed
// Every reply is one line with one of those prefixes, or "error: <reason>" (a malformed
// command, sub-question or answer, or a sub-question past the budget), which changes
// nothing. Interactive sessions (a terminal) also get a greeting and a prompt showing the
// budget. A transcript is committed before the next question is shown, so a kill loses at
// most the question in progress.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>

#include "oversight/workspace.h"

namespace ida::oversight {

struct ConsoleOptions {
  bool interactive = false;  // greeting and prompts (for a person at a terminal)
  int questions = 0;         // stop after this many committed transcripts (0: no limit)
};

class Console {
 public:
  // `next` makes the workspace of the next question (nullptr: there is none, the session
  // ends); `commit` stores a finished one durably before it returns.
  using Next = std::function<std::unique_ptr<Workspace>()>;
  using Commit = std::function<void(const Workspace&)>;
  Console(Next next, Commit commit, ConsoleOptions options);

  // Reads commands until quit, end of input, the question limit or the last question;
  // returns the number of transcripts committed.
  int run(std::istream& in, std::ostream& out);

 private:
  enum class Flow { kStay, kNextQuestion, kQuit };
  Flow handle(const std::string& line, std::ostream& out);
  bool show_next_question(std::ostream& out);  // false when there is none or the limit is hit
  void prompt(std::ostream& out) const;

  Next next_;
  Commit commit_;
  ConsoleOptions options_;
  std::unique_ptr<Workspace> current_;
  int committed_ = 0;
};

}  // namespace ida::oversight
