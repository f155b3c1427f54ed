// The Play page's games against a checkpoint: a person plays Connect Four or tic-tac-toe
// against an agent, sees the search's statistics per candidate move (visits, value, prior,
// principal variation) and the root value, grows the search in slices (so the page can stop
// it and keep what it found), undoes moves, and may play one of the search's candidates
// (the person as overseer of MCTS): such choices are appended to <runs>/play-choices.jsonl.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

#include "serve/api.h"
#include "serve/sessions.h"
#include "serve/run_folder.h"

namespace ida::serve {

class PlaySession;  // one game in progress (play_api.cc)

class PlayGames {
 public:
  explicit PlayGames(const RunFolder& folder);
  ~PlayGames();

  // POST /api/play                 game, model (a run name; "" = the shipped model),
  //                                checkpoint (a file of that run; "" = its latest)
  // GET  /api/play/<id>            the game's state
  // POST /api/play/<id>/search     simulations (more visits, at most 2000 per call)
  // POST /api/play/<id>/move       move (notation), chosen (1: picked from the candidates)
  // POST /api/play/<id>/undo
  void add_to(Api& api);

 private:
  std::shared_ptr<PlaySession> session(const std::string& id);
  const RunFolder& folder_;
  SessionTable<PlaySession> sessions_;
};

}  // namespace ida::serve
