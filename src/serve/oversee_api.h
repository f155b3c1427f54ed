// The Oversee page: the workspace of `ida oversee` (oversight/workspace.h) in the browser,
// with the same rules: the person sees the question only, asks sub-questions in the task's
// notation (primitives looked up, the others answered by the run's newest teacher A) within
// the budget, and answers; each answered question is committed to the run's store before
// the next one is shown. Malformed input and asks past the budget are 400s that change
// nothing.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "serve/api.h"
#include "serve/sessions.h"
#include "serve/run_folder.h"

namespace ida::serve {

class OverseeSession;  // oversee_api.cc

class OverseeSessions {
 public:
  explicit OverseeSessions(const RunFolder& folder);
  ~OverseeSessions();

  // POST /api/oversee              run (a question run's name), user
  // GET  /api/oversee/<id>         the session's state
  // POST /api/oversee/<id>/ask     sub_question
  // POST /api/oversee/<id>/answer  answer (commits the transcript, shows the next question)
  // POST /api/oversee/<id>/skip    drops the question, shows the next one
  void add_to(Api& api);

 private:
  std::shared_ptr<OverseeSession> session(const std::string& id);
  const RunFolder& folder_;
  SessionTable<OverseeSession> sessions_;
};

}  // namespace ida::serve
