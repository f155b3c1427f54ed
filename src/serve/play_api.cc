#include "serve/play_api.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>

#include "core/atomic_file.h"
#include "games/notation.h"
#include "games/registry.h"
#include "search/mcts.h"
#include "selfplay/agent_file.h"
#include "selfplay/game_config.h"

namespace ida::serve {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxSlice = 2000;         // simulations per search call
constexpr int kMaxSimulations = 200000;  // per position
constexpr int kPvLength = 12;

// A checkpoint file name of a run: "round-0012.ckpt" and the like, no path.
void check_checkpoint_name(const std::string& name) {
  const bool plain = name.find('/') == std::string::npos && name.find('\\') == std::string::npos &&
                     name != "." && name != "..";
  if (!plain || name.size() < 6 || name.substr(name.size() - 5) != ".ckpt")
    throw InputError("checkpoint '" + name + "' is not a checkpoint file name of the run");
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return text;
}

}  // namespace

class PlaySession {
 public:
  virtual ~PlaySession() = default;
  virtual Json state() = 0;
  virtual Json search(int simulations) = 0;
  // Plays `move`. When it was chosen from the search's candidates, `record` gets the line
  // for the choices log first (if it throws, the move is not played).
  virtual Json play(const std::string& move, bool chosen,
                    const std::function<void(const std::string&)>& record) = 0;
  virtual Json undo() = 0;
  std::mutex mutex;  // one request at a time per game
};

namespace {

template <games::Game G>
class GameSession : public PlaySession {
 public:
  GameSession(int id, std::string model_name, const fs::path& model)
      : id_(id), model_name_(std::move(model_name)),
        network_(selfplay::load_agent(std::string(G::kName), model)), tree_(params(0), 1) {
    tree_.reset(G::initial());
  }

  Json state() override {
    const typename G::State s = position();
    Json j = Json::object();
    j["id"] = id_;
    j["game"] = std::string(G::kName);
    j["model"] = model_name_;
    Json& moves = j["moves"] = Json::array();
    for (games::Action a : moves_) moves.push(G::action_to_string(a));
    j["to_move"] = s.to_move();
    j["height"] = G::kHeight;
    j["width"] = G::kWidth;
    j["cells"] = cells(s);
    j["terminal"] = s.is_terminal();
    // +1: the first player won, -1: the second, 0: a draw (terminal only).
    j["result"] = s.is_terminal() ? Json(static_cast<double>(
                                        s.to_move() == 0 ? s.terminal_value() : -s.terminal_value()))
                                  : Json();
    // Each legal move and the cell its stone fills (so the page knows what a click plays).
    Json& legal = j["legal"] = Json::array();
    for (games::Action a : s.legal_actions()) {
      typename G::State next = s;
      next.play(a);
      Json move = Json::object();
      move["move"] = G::action_to_string(a);
      move["cell"] = filled_cell(s, next);
      legal.push(std::move(move));
    }
    j["search"] = search_json();
    return j;
  }

  Json search(int simulations) override {
    const typename G::State s = position();
    if (s.is_terminal()) throw InputError("the game is over: nothing to search");
    const int target = std::min(kMaxSimulations, tree_.root_visits() + simulations);
    tree_.set_params(params(target));
    constexpr int kIn = games::kInputSize<G>;
    float input[kIn];
    float logits[G::kNumActions];
    float value = 0;
    while (!tree_.done()) {
      if (!tree_.select_leaf()) continue;
      tree_.leaf_state().encode(input);
      network_->evaluate(input, 1, logits, &value);
      tree_.expand_and_backup(logits, value);
    }
    return state();
  }

  Json play(const std::string& text, bool chosen,
            const std::function<void(const std::string&)>& record) override {
    typename G::State s = position();
    const auto action = G::parse_action(text);
    if (!action) throw InputError("'" + text + "' is no " + std::string(G::kName) + " move");
    if (!s.is_legal(*action))
      throw InputError("move " + text + ": " + games::detail::illegal_reason<G>(s, *action));
    if (chosen) {
      if (tree_.root_visits() <= 1)
        throw InputError("chosen=1 picks a move from the search's candidates: search first");
      Json line = Json::object();
      line["time"] = utc_now();
      line["game"] = std::string(G::kName);
      line["model"] = model_name_;
      line["position"] = games::position_to_string<G>(moves_);
      line["move"] = text;
      line["search_best"] = G::action_to_string(tree_.best_action());
      line["search"] = search_json();
      record(line.dump());
    }
    moves_.push_back(*action);
    tree_.advance(*action);
    return state();
  }

  Json undo() override {
    if (moves_.empty()) throw InputError("no move to undo");
    moves_.pop_back();
    tree_.reset(position());
    return state();
  }

 private:
  static search::MctsParams params(int simulations) {
    selfplay::SearchConfig search;
    search.simulations = std::max(1, simulations);
    return search.params(/*root_noise=*/false);
  }

  typename G::State position() const {
    typename G::State s = G::initial();
    for (games::Action a : moves_) s.play(a);
    return s;
  }

  // Cell owners row by row from the top: 0 empty, 1 first player, 2 second player.
  static Json cells(const typename G::State& s) {
    constexpr int kIn = games::kInputSize<G>;
    constexpr int kCells = G::kHeight * G::kWidth;
    float planes[kIn];
    s.encode(planes);
    Json out = Json::array();
    for (int c = 0; c < kCells; ++c) {
      const int mover = s.to_move() + 1, other = 3 - mover;
      out.push(planes[c] > 0.5f ? mover : planes[kCells + c] > 0.5f ? other : 0);
    }
    return out;
  }

  // The cell empty in `before` and taken in `after` (-1 if none).
  static int filled_cell(const typename G::State& before, const typename G::State& after) {
    constexpr int kCells = G::kHeight * G::kWidth;
    float a[games::kInputSize<G>], b[games::kInputSize<G>];
    before.encode(a);
    after.encode(b);
    for (int c = 0; c < kCells; ++c) {
      const bool was = a[c] > 0.5f || a[kCells + c] > 0.5f;
      const bool is = b[c] > 0.5f || b[kCells + c] > 0.5f;
      if (!was && is) return c;
    }
    return -1;
  }

  Json search_json() const {
    Json j = Json::object();
    j["visits"] = tree_.root_visits();
    j["value"] = tree_.root_visits() > 0 ? Json(static_cast<double>(tree_.root_value())) : Json();
    Json& candidates = j["candidates"] = Json::array();
    for (const auto& m : tree_.root_moves()) {
      Json c = Json::object();
      c["move"] = G::action_to_string(m.action);
      c["visits"] = m.visits;
      c["value"] = m.visits ? Json(static_cast<double>(m.value)) : Json();
      c["prior"] = static_cast<double>(m.prior);
      Json& pv = c["pv"] = Json::array();
      for (games::Action a : tree_.principal_variation(m.action, kPvLength))
        pv.push(G::action_to_string(a));
      candidates.push(std::move(c));
    }
    return j;
  }

  int id_;
  std::string model_name_;
  std::unique_ptr<net::PolicyValueNet> network_;
  search::SearchTree<G> tree_;
  std::vector<games::Action> moves_;
};

}  // namespace

PlayGames::PlayGames(const RunFolder& folder) : folder_(folder) {}
PlayGames::~PlayGames() = default;

std::shared_ptr<PlaySession> PlayGames::session(const std::string& id) {
  return sessions_.find(id, "game");
}

void PlayGames::add_to(Api& api) {
  api.post("/api/play", [this](const Call& call) {
    const std::string game = call.param("game");
    const auto games = games::game_names();
    if (std::find(games.begin(), games.end(), game) == games.end())
      throw InputError("unknown game '" + game + "'");
    const std::string run = call.param("model", "");
    const std::string checkpoint = call.param("checkpoint", "");
    fs::path model;
    if (!run.empty()) {
      model = folder_.resolve(run);
      if (!checkpoint.empty()) {
        check_checkpoint_name(checkpoint);
        model /= checkpoint;
      }
    }
    const fs::path file = selfplay::resolve_model(game, model.string());
    std::shared_ptr<PlaySession> made;
    const int id = sessions_.reserve_id();
    const std::string name = run.empty() ? "shipped" : run + (checkpoint.empty() ? "" : "/" + checkpoint);
    games::with_game(game, [&]<class G>(std::type_identity<G>) {
      made = std::make_shared<GameSession<G>>(id, name, file);
    });
    sessions_.add(id, made);
    std::lock_guard game_lock(made->mutex);
    return made->state();
  });
  api.get("/api/play/([0-9]+)", [this](const Call& call) {
    auto s = session(call.captures.at(0));
    std::lock_guard lock(s->mutex);
    return s->state();
  });
  api.post("/api/play/([0-9]+)/search", [this](const Call& call) {
    auto s = session(call.captures.at(0));
    const int simulations = call.int_param("simulations", 200, 1, kMaxSlice);
    std::lock_guard lock(s->mutex);
    return s->search(simulations);
  });
  api.post("/api/play/([0-9]+)/move", [this](const Call& call) {
    auto s = session(call.captures.at(0));
    const bool chosen = call.int_param("chosen", 0, 0, 1) == 1;
    std::lock_guard lock(s->mutex);
    return s->play(call.param("move"), chosen, [this](const std::string& line) {
      append_line_durably(folder_.root() / "play-choices.jsonl", line);
    });
  });
  api.post("/api/play/([0-9]+)/undo", [this](const Call& call) {
    auto s = session(call.captures.at(0));
    std::lock_guard lock(s->mutex);
    return s->undo();
  });
}

}  // namespace ida::serve
