// Conversion between a self-play game (the teacher's output) and its row in
// the run store: moves in the game's notation, the result, and per ply the
// visit distribution, root value and target flag as little-endian float32.
#pragma once

#include <cstring>
#include <string>

#include "core/error.h"
#include "engine/run_store.h"
#include "games/notation.h"
#include "selfplay/match.h"

namespace ida::selfplay {

template <games::Game G>
engine::RunStore::GameRecord to_store_record(int index, const GameRecord<G>& g) {
  engine::RunStore::GameRecord rec;
  rec.game = index;
  rec.moves = games::position_to_string<G>(g.moves);
  rec.result = g.result;
  constexpr size_t kPly = (G::kNumActions + 2) * sizeof(float);
  rec.targets.resize(g.visits.size() * kPly);
  for (size_t i = 0; i < g.visits.size(); ++i) {
    char* at = rec.targets.data() + i * kPly;
    std::memcpy(at, g.visits[i].data(), G::kNumActions * sizeof(float));
    std::memcpy(at + G::kNumActions * sizeof(float), &g.search_values[i], sizeof(float));
    std::memcpy(at + (G::kNumActions + 1) * sizeof(float), &g.is_target[i], sizeof(float));
  }
  return rec;
}

template <games::Game G>
GameRecord<G> from_store_record(const engine::RunStore::GameRecord& rec) {
  GameRecord<G> g;
  try {
    g.moves = games::parse_moves<G>(rec.moves);
  } catch (const InputError& e) {
    throw InputError("run store: game " + std::to_string(rec.game) + ": " + e.what());
  }
  g.result = static_cast<float>(rec.result);
  constexpr size_t kPly = (G::kNumActions + 2) * sizeof(float);
  if (rec.targets.size() != g.moves.size() * kPly)
    throw InputError("run store: game " + std::to_string(rec.game) + " has " +
                     std::to_string(rec.targets.size()) + " bytes of targets, expected " +
                     std::to_string(g.moves.size() * kPly));
  g.visits.resize(g.moves.size());
  g.search_values.resize(g.moves.size());
  g.is_target.resize(g.moves.size());
  for (size_t i = 0; i < g.moves.size(); ++i) {
    const char* at = rec.targets.data() + i * kPly;
    std::memcpy(g.visits[i].data(), at, G::kNumActions * sizeof(float));
    std::memcpy(&g.search_values[i], at + G::kNumActions * sizeof(float), sizeof(float));
    std::memcpy(&g.is_target[i], at + (G::kNumActions + 1) * sizeof(float), sizeof(float));
  }
  return g;
}

}  // namespace ida::selfplay
