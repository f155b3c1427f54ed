#include "serve/oversee_api.h"

#include "oversight/overseen_run.h"
#include "oversight/question_source.h"
#include "serve/runs_api.h"

namespace ida::serve {
namespace fs = std::filesystem;

class OverseeSession {
 public:
  OverseeSession(int id, const fs::path& dir, const std::string& task, std::string user)
      : id_(id), task_(task), user_(std::move(user)),
        run_(dir, oversight::overseen_config(task, dir)),
        source_({}, run_) {
    current_ = source_.next();
  }

  Json state() const {
    Json j = Json::object();
    j["id"] = id_;
    j["task"] = task_;
    j["round"] = run_.round();
    j["user"] = user_;
    j["committed"] = committed_;
    const oversight::Workspace& w = *current_;
    j["question"] = w.text(w.question());
    j["usage"] = w.domain().question_format().usage();
    Json& budget = j["budget"] = Json::object();
    budget["used"] = w.used();
    budget["max"] = w.budget();
    Json& steps = j["exchanges"] = Json::array();
    for (const auto& s : w.steps()) {
      Json e = Json::object();
      e["question"] = w.text(s.question);
      e["answer"] = w.answer_text(s.answer);
      e["source"] = oversight::source_name(s);
      steps.push(std::move(e));
    }
    return j;
  }

  Json ask(const std::string& sub_question) {
    current_->ask(sub_question);
    return state();
  }
  Json answer(const std::string& answer) {
    current_->answer(answer);
    run_.store().commit_transcript(current_->record(user_));  // before the next question
    ++committed_;
    current_ = source_.next();
    return state();
  }
  Json skip() {
    current_ = source_.next();
    return state();
  }

  std::mutex mutex;  // one request at a time per session

 private:
  int id_;
  std::string task_;
  std::string user_;
  oversight::OverseenRun run_;
  oversight::QuestionSource source_;
  std::unique_ptr<oversight::Workspace> current_;
  int committed_ = 0;
};

OverseeSessions::OverseeSessions(const RunFolder& folder) : folder_(folder) {}
OverseeSessions::~OverseeSessions() = default;

std::shared_ptr<OverseeSession> OverseeSessions::session(const std::string& id) {
  return sessions_.find(id, "oversight session");
}

void OverseeSessions::add_to(Api& api) {
  api.post("/api/oversee", [this](const Call& call) {
    const std::string& name = call.param("run");
    const fs::path dir = folder_.resolve(name);
    const std::string user = call.param("user", "anonymous");
    if (user.size() > 100) throw InputError("user name longer than 100 characters");
    const RunKind kind = run_kind(dir);
    if (kind.kind != "question") throw InputError("run '" + name + "' is not a question run");
    const std::string& task = kind.what;
    const int id = sessions_.reserve_id();
    auto made = std::make_shared<OverseeSession>(id, dir, task, user);
    sessions_.add(id, made);
    return made->state();
  });
  api.get("/api/oversee/([0-9]+)", [this](const Call& call) {
    auto s = session(call.captures.at(0));
    std::lock_guard lock(s->mutex);
    return s->state();
  });
  api.post("/api/oversee/([0-9]+)/ask", [this](const Call& call) {
    auto s = session(call.captures.at(0));
    std::lock_guard lock(s->mutex);
    return s->ask(call.param("sub_question"));
  });
  api.post("/api/oversee/([0-9]+)/answer", [this](const Call& call) {
    auto s = session(call.captures.at(0));
    std::lock_guard lock(s->mutex);
    return s->answer(call.param("answer"));
  });
  api.post("/api/oversee/([0-9]+)/skip", [this](const Call& call) {
    auto s = session(call.captures.at(0));
    std::lock_guard lock(s->mutex);
    return s->skip();
  });
}

}  // namespace ida::serve
