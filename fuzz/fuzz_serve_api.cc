// `ida serve`'s JSON API (serve/api.h) with fuzzed requests, without HTTP: a method, a path
// and parameters, against a runs folder holding a one-round tic-tac-toe run ("ttt") and a
// one-round permutation-powering run ("pp"), trained at start-up.
// Input: byte 0 = the method (even: GET, odd: POST), byte 1 picks a path prefix from kPaths,
// then text: its first line completes the path, each further line is a parameter key=value.
// Contract: every reply is 200, 400, 404 or 503, never an internal error (500); an error reply
// names its problem in "error"; every reply serialises.
// Requests whose valid parameters ask for much work (search simulations, audit budgets and
// question counts beyond small ones) are skipped: their cost is bounded by the API's ranges,
// and they would only slow the search for malformed ones.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/commands.h"
#include "fuzz_input.h"
#include "serve/endpoints.h"

namespace {

namespace fs = std::filesystem;
using ida::serve::Endpoints;

constexpr const char* kPaths[] = {"/api/runs",
                                  "/api/runs/",
                                  "/api/runs/ttt",
                                  "/api/games",
                                  "/api/play",
                                  "/api/play/",
                                  "/api/play/1",
                                  "/api/play/1/search",
                                  "/api/play/1/move",
                                  "/api/play/1/undo",
                                  "/api/ask",
                                  "/api/audit",
                                  "/api/oversee",
                                  "/api/oversee/",
                                  "/api/oversee/1",
                                  "/api/oversee/1/ask",
                                  "/api/oversee/1/answer",
                                  "/api/oversee/1/skip",
                                  "/",
                                  ""};

void train(const std::vector<std::string>& args) {
  CLI::App app;
  ida::cli::add_train_command(app);
  std::vector<const char*> argv{"ida"};
  for (const auto& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
}

// The runs folder, made once per process and removed at exit.
struct Runs {
  fs::path root = fs::temp_directory_path() / ("ida_fuzz_serve_api_" + std::to_string(getpid()));
  Runs() {
    fs::create_directories(root);
    std::ofstream(root / "ttt.toml")
        << "game = \"tictactoe\"\nrounds = 1\n[selfplay]\ngames_per_round = 4\n"
           "[search]\nsimulations = 4\n[net]\nchannels = 4\nblocks = 1\n"
           "[assess]\narena_games = 2\nreference_games = 2\narena_simulations = 2\n"
           "optimal_move_rate = false\n[audit]\nbudget = 8\n";
    train({"train", "--quiet", "--config", (root / "ttt.toml").string(), "--run",
           (root / "ttt").string()});
    std::ofstream(root / "pp.toml")
        << "task = \"permutation_powering\"\nrounds = 1\n[distill]\nsteps_per_round = 1\n"
           "contexts_per_step = 2\n[assess]\nquestions = 8\nsizes = \"2\"\n"
           "[audit]\nevery = 0\nbudget = 8\n";
    train({"train", "--quiet", "--config", (root / "pp.toml").string(), "--run",
           (root / "pp").string()});
  }
  ~Runs() { fs::remove_all(root); }
};

const Endpoints& endpoints() {
  static const Runs runs;
  static const Endpoints endpoints(runs.root);
  return endpoints;
}

// A parameter that would make a valid request do much work.
bool costly(const std::string& key, const std::string& value) {
  if (key != "simulations" && key != "budget" && key != "questions" && key != "depth" &&
      key != "size")
    return false;
  int n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  return ec == std::errc() && n > 16;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const std::string method = data[0] % 2 ? "POST" : "GET";
  std::string path = kPaths[data[1] % std::size(kPaths)];
  const std::string_view text = ida::fuzz::as_text(data + 2, size - 2);
  std::map<std::string, std::string> params;
  size_t start = 0;
  for (bool first = true; start <= text.size(); first = false) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(start, end - start));
    start = end + 1;
    if (first) {
      path += line;
      continue;
    }
    const size_t eq = line.find('=');
    const std::string key = line.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : line.substr(eq + 1);
    if (costly(key, value)) return 0;
    params.emplace(key, value);
  }
  const auto reply = endpoints().api().respond(method, path, params);
  const std::string body = reply.body.dump();
  if (reply.status != 200 && reply.status != 400 && reply.status != 404 && reply.status != 503) {
    std::fprintf(stderr, "%s %s: %d %s\n", method.c_str(), path.c_str(), reply.status,
                 body.c_str());
    ida::fuzz::fail("a status other than 200, 400, 404 or 503");
  }
  if (reply.status != 200 && body.find("\"error\":") == std::string::npos)
    ida::fuzz::fail("an error reply without its error");
  return 0;
}
