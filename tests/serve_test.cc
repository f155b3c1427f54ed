// `ida serve`'s JSON API, through HTTP against a server on an ephemeral port: runs and their
// rounds, run names that leave the runs folder, bad input, games against a checkpoint with the
// search's statistics, the record of moves a person picks from the search, and the token that
// writes need off loopback.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "scratch.h"
#include "serve/api.h"
#include "serve/run_folder.h"
#include "serve/server.h"
#include "small_runs.h"
#include "subprocess.h"

namespace ida {
namespace {
namespace fs = std::filesystem;

// A server over `runs` answering in a thread for the test's lifetime.
class Served {
 public:
  explicit Served(const fs::path& runs, const std::string& host = "127.0.0.1")
      : server_({runs, host, 0}), thread_([this] { server_.serve(); }) {
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    for (int i = 0; i < 100 && !client_->Get("/api/games"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ~Served() {
    server_.stop();
    thread_.join();
  }
  int port() const { return server_.port(); }
  const std::string& token() const { return server_.token(); }

  struct Reply {
    int status = 0;
    std::string body;
  };
  Reply get(const std::string& path) {
    auto r = client_->Get(path);
    return r ? Reply{r->status, r->body} : Reply{};
  }
  Reply post(const std::string& path, const httplib::Params& params,
             const httplib::Headers& headers = {}) {
    auto r = client_->Post(path, headers, params);
    return r ? Reply{r->status, r->body} : Reply{};
  }

 private:
  serve::WebServer server_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A folder with one trained tic-tac-toe run of two rounds ("ttt"), a permutation-powering
// run of one round ("powering") and an empty directory.
fs::path runs_folder() {
  static const fs::path dir = [] {
    const fs::path d = testing::scratch_dir("serve", "runs");
    testing::SmallRun run;
    run.rounds = 2;
    run.games = 8;
    run.simulations = 8;
    run.channels = 8;
    run.assess_games = 2;
    auto r = testing::run_ida(testing::small_run_args(d / "ttt", run));
    EXPECT_EQ(r.status, 0) << r.output;
    std::ofstream(d / "powering.toml") << "task = \"permutation_powering\"\nrounds = 1\n"
                                           "[distill]\nsteps_per_round = 2\ncontexts_per_step = 2\n"
                                           "[assess]\nquestions = 8\nsizes = \"2\"\n"
                                           "[audit]\nevery = 0\n";
    r = testing::run_ida({"train", "--quiet", "--config", (d / "powering.toml").string(), "--run",
                          (d / "powering").string()});
    EXPECT_EQ(r.status, 0) << r.output;
    fs::create_directories(d / "empty");
    return d;
  }();
  return dir;
}

TEST(Serve, ListsRunsAndTheirRoundsAfterAGivenOne) {
  Served s(runs_folder());
  auto list = s.get("/api/runs");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(contains(list.body, R"("name":"ttt","kind":"game","what":"tictactoe","rounds":2)"))
      << list.body;
  EXPECT_FALSE(contains(list.body, "empty")) << "a folder without run.db is no run";
  auto run = s.get("/api/runs/ttt");
  ASSERT_EQ(run.status, 200);
  EXPECT_TRUE(contains(run.body, R"("round":1)"));
  EXPECT_TRUE(contains(run.body, R"("round":2)"));
  EXPECT_TRUE(contains(run.body, R"("file":"round-0002.ckpt")"));
  EXPECT_TRUE(contains(run.body, R"("present":true)"));
  EXPECT_TRUE(contains(run.body, R"(game = \"tictactoe\")")) << "the resolved config";
  auto later = s.get("/api/runs/ttt?after=1");
  EXPECT_FALSE(contains(later.body, R"("round":1,)"));
  EXPECT_TRUE(contains(later.body, R"("round":2,)"));
}

TEST(Serve, RunNamesThatLeaveTheFolderAreRefused) {
  const fs::path runs = runs_folder();
  const fs::path outside = testing::scratch_dir("serve", "outside");
  fs::create_directories(outside / "secret");
  std::ofstream(outside / "secret" / "run.db") << "x";
  fs::remove(runs / "escape");
  fs::create_directory_symlink(outside / "secret", runs / "escape");
  Served s(runs);
  for (const char* path : {"/api/runs/../outside", "/api/runs/..%2F..%2Fetc", "/api/runs/%2Fetc",
                           "/api/runs/ttt%2F..%2F..%2Foutside", "/api/runs/./ttt", "/api/runs/escape",
                           "/api/runs/a%5Cb", "/api/runs/a%00b"}) {
    auto r = s.get(path);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_TRUE(contains(r.body, R"({"error":)")) << path;
  }
  EXPECT_EQ(s.get("/api/runs/missing").status, 404);
  EXPECT_FALSE(contains(s.get("/api/runs").body, "escape")) << "symlinks are not followed";
  auto play = s.post("/api/play", {{"game", "tictactoe"}, {"model", "../outside/secret"}});
  EXPECT_EQ(play.status, 400) << play.body;
  play = s.post("/api/play",
                {{"game", "tictactoe"}, {"model", "ttt"}, {"checkpoint", "../../x.ckpt"}});
  EXPECT_EQ(play.status, 400) << play.body;
  fs::remove(runs / "escape");
  fs::remove_all(outside);
}

TEST(Serve, BadInputGetsA400NamingTheProblem) {
  Served s(runs_folder());
  auto r = s.post("/api/play", {{"game", "chess"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "unknown game 'chess'")) << r.body;
  r = s.post("/api/play", {});
  EXPECT_TRUE(contains(r.body, "missing parameter 'game'")) << r.body;
  r = s.post("/api/play", {{"game", "tictactoe"}, {"model", "ttt"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = r.body.substr(6, r.body.find(',') - 6);  // {"id":N,
  for (const auto& [params, message] : std::vector<std::pair<httplib::Params, std::string>>{
           {{{"move", "0"}}, "no tictactoe move"},
           {{{"move", "5"}, {"chosen", "1"}}, "search first"},
           {{{"move", "5"}, {"chosen", "yes"}}, "parameter 'chosen'"},
       }) {
    r = s.post("/api/play/" + id + "/move", params);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_TRUE(contains(r.body, message)) << r.body;
  }
  r = s.post("/api/play/" + id + "/search", {{"simulations", "0"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "must be an integer in [1, 2000]")) << r.body;
  r = s.post("/api/play/" + id + "/undo", {});
  EXPECT_TRUE(contains(r.body, "no move to undo")) << r.body;
  EXPECT_EQ(s.get("/api/play/9999").status, 404);
  EXPECT_EQ(s.get("/api/nothing").status, 404);
  r = s.post("/api/nothing", {});
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(contains(r.body, "no such endpoint: POST /api/nothing")) << r.body;
  EXPECT_EQ(s.get("/no-such-page.html").status, 404);
  EXPECT_EQ(s.get("/").status, 200);
  EXPECT_EQ(s.get("/app.js").status, 200);
}

TEST(Serve, AGameShowsTheSearchAndRecordsMovesPickedFromIt) {
  const fs::path runs = runs_folder();
  fs::remove(runs / "play-choices.jsonl");
  Served s(runs);
  auto r = s.post("/api/play", {{"game", "tictactoe"}, {"model", "ttt"},
                                {"checkpoint", "round-0001.ckpt"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, R"("model":"ttt/round-0001.ckpt")")) << r.body;
  r = s.post("/api/play/1/search", {{"simulations", "30"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, R"("search":{"visits":30,)")) << r.body;
  EXPECT_TRUE(contains(r.body, R"("candidates":[{"move":)")) << r.body;
  r = s.post("/api/play/1/search", {{"simulations", "20"}});
  EXPECT_TRUE(contains(r.body, R"("visits":50,)")) << "the search grows: " << r.body;
  r = s.post("/api/play/1/move", {{"move", "5"}, {"chosen", "1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, R"("moves":["5"])")) << r.body;
  std::ifstream choices(runs / "play-choices.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(choices, line));
  EXPECT_TRUE(contains(line, R"("position":"-","move":"5")")) << line;
  EXPECT_TRUE(contains(line, R"("visits":50)")) << line;
  EXPECT_FALSE(std::getline(choices, line)) << "one line per chosen move";
  r = s.post("/api/play/1/move", {{"move", "1"}});  // an ordinary move is not recorded
  r = s.post("/api/play/1/undo", {});
  EXPECT_TRUE(contains(r.body, R"("moves":["5"])")) << r.body;
  EXPECT_TRUE(contains(r.body, R"("visits":0)")) << "a fresh search after undo";
}

// The value of "key" in a flat JSON reply (a number or a string without escapes).
std::string field(const std::string& body, const std::string& key) {
  const size_t at = body.find("\"" + key + "\":");
  if (at == std::string::npos) return "";
  size_t begin = at + key.size() + 3;
  const bool text = body[begin] == '"';
  begin += text;
  return body.substr(begin, body.find(text ? "\"" : ",", begin) - begin);
}

TEST(Serve, OverseeingInTheBrowserCommitsEachAnsweredQuestion) {
  const fs::path runs = runs_folder();
  Served s(runs);
  EXPECT_EQ(s.post("/api/oversee", {{"run", "ttt"}}).status, 400) << "a game run";
  auto r = s.post("/api/oversee", {{"run", "powering"}, {"user", "ada"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string id = field(r.body, "id");
  EXPECT_TRUE(contains(r.body, R"("budget":{"used":0,"max":3})")) << r.body;
  const std::string x = field(r.body, "question").substr(0, 2);
  auto bad = s.post("/api/oversee/" + id + "/ask", {{"sub_question", "zz zz"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  r = s.post("/api/oversee/" + id + "/ask", {{"sub_question", x + " 1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, R"("source":"lookup")")) << r.body;
  EXPECT_TRUE(contains(r.body, R"("used":1)")) << "the malformed ask cost nothing: " << r.body;
  for (int i = 0; i < 2; ++i) s.post("/api/oversee/" + id + "/ask", {{"sub_question", x + " 2"}});
  bad = s.post("/api/oversee/" + id + "/ask", {{"sub_question", x + " 1"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(contains(bad.body, "3/3")) << bad.body;
  EXPECT_EQ(s.post("/api/oversee/" + id + "/answer", {{"answer", "not an answer"}}).status, 400);
  r = s.post("/api/oversee/" + id + "/answer", {{"answer", "?"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, R"("committed":1)")) << r.body;
  EXPECT_TRUE(contains(r.body, R"("used":0)")) << "the next question: " << r.body;
  r = s.post("/api/oversee/" + id + "/skip", {});
  EXPECT_TRUE(contains(r.body, R"("committed":1)")) << r.body;
  const auto stored = testing::run_ida({"transcripts", "--run", (runs / "powering").string()});
  EXPECT_TRUE(contains(stored.output, R"("user":"ada")")) << stored.output;
  EXPECT_EQ(std::count(stored.output.begin(), stored.output.end(), '\n'), 1);
  EXPECT_EQ(s.get("/api/oversee/77").status, 404);
}

TEST(Serve, AskShowsAAmplifyAndTheDecomposition) {
  Served s(runs_folder());
  auto r = s.get("/api/ask?run=powering&depth=2&seed=3");
  ASSERT_EQ(r.status, 200) << r.body;
  for (const char* key : {"\"a\":", "\"amplified\":", "\"truth\":", "\"tree\":{", "\"by\":\"H\""})
    EXPECT_TRUE(contains(r.body, key)) << key << " in " << r.body;
  r = s.get("/api/ask?run=powering&context=ab%20ac%0Aac%20ab%0A&question=ab%203");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, R"("truth":"ac")")) << r.body;
  EXPECT_TRUE(contains(r.body, R"("by":"lookup")")) << r.body;
  for (const char* bad : {"/api/ask?run=ttt", "/api/ask?run=powering&context=ab%20ac",
                          "/api/ask?run=powering&context=ab%20ac%0Aac%20ab&question=zz%201",
                          "/api/ask?run=powering&context=ab%20ab%0Aab%20ac&question=ab%202",
                          "/api/ask?run=powering&depth=0", "/api/ask"}) {
    auto b = s.get(bad);
    EXPECT_EQ(b.status, 400) << bad << ": " << b.body;
  }
}

// The Audit page's figures: `ida audit --json` of a round, over HTTP; a viewer leaves the
// run's store as it was.
TEST(Serve, AuditOfARoundOfAGameAndAQuestionRun) {
  Served s(runs_folder());
  auto r = s.get("/api/audit?run=ttt&round=2&budget=8");
  ASSERT_EQ(r.status, 200) << r.body;
  for (const char* key :
       {R"("instance":"tictactoe","round":2)", R"("checkpoint":"ttt/round-0002.ckpt")",
        R"("distill":{"setting":)", R"("amplify":[)", R"("worst_case":{"budget":8,)",
        R"("regression":)", R"("text":")"})
    EXPECT_TRUE(contains(r.body, key)) << key << " in " << r.body.substr(0, 400);
  EXPECT_TRUE(contains(r.body, R"("inputs":3191)")) << "the tic-tac-toe suite";
  r = s.get("/api/audit?run=powering&questions=4&budget=0");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, R"("instance":"permutation_powering","round":1)"));
  EXPECT_TRUE(contains(r.body, R"("capability":{"frontier":)"));

  const std::pair<const char*, const char*> bad[] = {
      {"/api/audit", "missing parameter 'run'"},
      {"/api/audit?run=ttt&round=9", "no completed round 9"},
      {"/api/audit?run=ttt&round=0", "parameter 'round' must be an integer in [1,"},
      {"/api/audit?run=ttt&budget=-1", "parameter 'budget'"},
      {"/api/audit?run=ttt&budget=100000", "parameter 'budget'"},
      {"/api/audit?run=powering&questions=x", "parameter 'questions'"},
      {"/api/audit?run=..%2Fx", "leaves the runs folder"}};
  for (const auto& [path, message] : bad) {
    r = s.get(path);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_TRUE(contains(r.body, message)) << path << ": " << r.body;
  }
  EXPECT_EQ(s.get("/api/audit?run=missing").status, 404);
}

// Routing without HTTP: the whole path must match, the method too, and a long path is refused
// before any regular expression sees it.
TEST(ServeApi, RespondRoutesByMethodAndWholePath) {
  serve::Api api;
  api.get("/api/x/(\\d+)", [](const serve::Call& call) { return Json(call.captures.at(0)); });
  api.post("/api/x/(\\d+)", [](const serve::Call&) -> Json { throw InputError("bad x"); });
  api.get("/api/boom", [](const serve::Call&) -> Json { throw std::runtime_error("boom"); });
  EXPECT_EQ(api.respond("GET", "/api/x/12", {}).body.dump(), "\"12\"");
  EXPECT_EQ(api.respond("GET", "/api/x/12/y", {}).status, 404);
  EXPECT_EQ(api.respond("PUT", "/api/x/12", {}).status, 404);
  const auto post = api.respond("POST", "/api/x/1", {});
  EXPECT_EQ(post.status, 400);
  EXPECT_EQ(post.body.dump(), R"({"error":"bad x"})");
  EXPECT_EQ(api.respond("GET", "/api/boom", {}).status, 500);
  const auto long_path = api.respond("GET", "/api/x/" + std::string(5000, '1'), {});
  EXPECT_EQ(long_path.status, 400);
  EXPECT_TRUE(contains(long_path.body.dump(), "a path of 5007 characters"));
}

TEST(Serve, WritesOffLoopbackNeedTheToken) {
  Served s(runs_folder(), "0.0.0.0");
  ASSERT_EQ(s.token().size(), 32u);
  EXPECT_EQ(s.get("/api/runs").status, 200) << "reads need no token";
  auto r = s.post("/api/play", {{"game", "tictactoe"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(contains(r.body, "token")) << r.body;
  EXPECT_EQ(s.post("/api/play", {{"game", "tictactoe"}}, {{"X-Ida-Token", "wrong"}}).status, 403);
  EXPECT_EQ(s.post("/api/play", {{"game", "tictactoe"}}, {{"X-Ida-Token", s.token()}}).status, 200);
  EXPECT_EQ(s.post("/api/play", {{"game", "tictactoe"}, {"token", s.token()}}).status, 200);
  Served local(runs_folder());
  EXPECT_TRUE(local.token().empty());
}

TEST(Serve, APortInUseIsAnEnvironmentError) {
  Served s(runs_folder());
  // The first server's port, taken.
  const int port = s.port();
  try {
    serve::WebServer second({runs_folder(), "127.0.0.1", port});
    FAIL() << "bound a port in use";
  } catch (const EnvironmentError& e) {
    EXPECT_TRUE(contains(e.what(), "127.0.0.1:" + std::to_string(port))) << e.what();
  }
  EXPECT_THROW(serve::RunFolder("/no/such/folder"), EnvironmentError);
}

}  // namespace
}  // namespace ida
