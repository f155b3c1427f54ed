// The AlphaGo Zero instance of the IDA engine for any game G:
//   A          = the policy/value network,
//   Amplify    = self-play with MCTS using A as prior and value,
//   Distill    = training A on visit distributions and game results,
//   Assess     = the distillation gap, arena vs the previous agent, reference players,
//                and every audit.every rounds the alignment audit against the oracle.
#pragma once

#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.h"
#include "engine/instance.h"
#include "games/game.h"
#include "games/notation.h"
#include "net/policy_value_net.h"
#include "selfplay/faulty_evaluator.h"
#include "selfplay/game_audit.h"
#include "selfplay/game_config.h"
#include "selfplay/game_probe.h"
#include "selfplay/grading.h"
#include "selfplay/ladder_matches.h"
#include "selfplay/match.h"
#include "selfplay/reference_players.h"
#include "selfplay/replay_buffer.h"
#include "selfplay/teacher_record.h"

namespace ida::selfplay {

template <games::Game G>
net::NetShape net_shape() {
  return {G::kPlanes, G::kHeight, G::kWidth, G::kNumActions};
}

template <games::Game G>
class GameInstance final : public engine::Instance {
 public:
  explicit GameInstance(const GameRunConfig& config, bool show_progress = true)
      : config_(config),
        show_progress_(show_progress),
        net_(std::make_unique<net::PolicyValueNet>(net_shape<G>(), config.net, config.optim,
                                                   mix_seed(config.seed, 0xA9E27))),
        replay_(config.replay_rounds, static_cast<float>(config.value_target_mix)),
        faults_(config.fault, static_cast<uint64_t>(config.seed)) {
    if (config.full_search_share < 1.0 &&
        (config.fast_simulations < 1 || config.fast_simulations >= config.search.simulations))
      throw InputError("selfplay.fast_simulations = " + std::to_string(config.fast_simulations) +
                       " must be in 1.." + std::to_string(config.search.simulations - 1) +
                       " (below search.simulations) when selfplay.full_search_share < 1");
    if constexpr (!kMinimaxFeasible<G>) {
      for (auto [key, on] : {std::pair{"assess.minimax_reference", config.minimax_reference},
                             std::pair{"assess.optimal_move_rate", config.optimal_move_rate}})
        if (on)
          throw InputError(std::string(key) + " = true needs a game small enough for minimax; " +
                           std::string(G::kName) + " is not: set it to false");
    }
    if (config.audit_every > 0) {
      try {
        audit_suite_ = default_audit_suite<G>();
      } catch (const InputError& e) {
        throw InputError("audit.every = " + std::to_string(config.audit_every) + ": " + e.what() +
                         " (set it to 0)");
      }
    }
  }

  std::string name() const override { return std::string(G::kName); }
  std::string architecture() const override { return net_->architecture(); }
  net::PolicyValueNet& agent() { return *net_; }

  void amplify(const engine::Round& round, engine::RoundOutput& out) override {
    previous_ = net_->clone();  // A of the previous round, for the arena
    faults_.begin_round(round.seed);
    FaultyEvaluator<G> faulty(*net_, faults_.subanswers);  // A, wrong where the fault hits
    net::Evaluator* a = net_.get();
    if (faults_.subanswers.rate() > 0) a = &faulty;
    Player<G> self{"A", a, config_.search.params(/*root_noise=*/true), {}};
    MatchOptions options;
    options.games = config_.games_per_round;
    options.concurrent_games = config_.concurrent_games;
    options.threads = config_.selfplay_threads;
    options.self_play = true;
    options.temperature_moves = config_.temperature_moves;
    options.temperature = static_cast<float>(config_.temperature);
    options.random_opening_moves = config_.random_opening_moves;
    options.full_search_share = static_cast<float>(config_.full_search_share);
    options.fast_simulations = config_.fast_simulations;
    options.seed = round.seed;
    options.cache_positions = config_.cache_positions;
    MatchStats stats;
    options.stats = &stats;
    Progress progress("self-play", config_.games_per_round, "games", show_progress_);
    options.on_progress = [&](int done, int64_t) { progress.update(done); };
    auto games = play_match<G>({&self, &self}, options);
    progress.finish();
    // Throughput: the network should be the bottleneck, not search or bookkeeping.
    out.metrics.add("speed_selfplay_positions_per_s", stats.positions / stats.wall_seconds);
    out.metrics.add("speed_selfplay_net_share", stats.network_share());
    out.metrics.add("selfplay_cache_hits", stats.cache_hit_rate());

    int64_t positions = 0, targets = 0;
    double gap = 0, gap_max = 0, first_player_score = 0;
    for (const auto& g : games) {
      positions += static_cast<int64_t>(g.moves.size());
      targets += g.targets();
      gap += g.gap_sum;
      gap_max = std::max(gap_max, g.gap_max);
      first_player_score += (g.result + 1) / 2;
      out.records.push_back(to_store_record<G>(static_cast<int>(out.records.size()), g));
    }
    out.metrics.add("games", static_cast<double>(games.size()));
    out.metrics.add("positions", static_cast<double>(positions));
    // The fixed-point signal: how far A is from predicting its own amplification,
    // measured on positions it has not been trained on yet.
    out.metrics.add("gap", targets ? gap / static_cast<double>(targets) : 0);
    // Distillation must preserve alignment on the worst inputs too, not only on average.
    out.metrics.add("gap_max", gap_max);
    out.metrics.add("first_score", first_player_score / std::max<size_t>(1, games.size()));
    new_positions_ = targets;
    replay_.add_round(round.number, games);
  }

  void distill(const engine::Round& round, engine::RoundOutput& out) override {
    const int batch = config_.batch_size;
    const int steps = std::max(1, static_cast<int>(std::lround(static_cast<double>(new_positions_) *
                                                               config_.sample_reuse / batch)));
    constexpr int kIn = games::kInputSize<G>;
    std::vector<float> inputs(static_cast<size_t>(batch) * kIn);
    std::vector<float> policies(static_cast<size_t>(batch) * G::kNumActions);
    std::vector<float> values(batch);
    Rng rng(mix_seed(round.seed, 0xD157));
    engine::FaultInjector* fault = faults_.targets.rate() > 0 ? &faults_.targets : nullptr;
    Progress progress("distill", steps, "steps", show_progress_);
    double policy_loss = 0, value_loss = 0;
    int tail = 0;  // losses averaged over the last half of the steps
    for (int i = 0; i < steps; ++i) {
      replay_.sample(batch, rng, inputs.data(), policies.data(), values.data(), fault);
      auto stats = net_->train_step(inputs.data(), policies.data(), values.data(), batch);
      if (i >= steps / 2) {
        policy_loss += stats.policy_loss;
        value_loss += stats.value_loss;
        ++tail;
      }
      progress.update(i + 1);
    }
    progress.finish();
    out.metrics.add("policy_loss", policy_loss / std::max(1, tail));
    out.metrics.add("value_loss", value_loss / std::max(1, tail));
    out.metrics.add("steps", steps);
    out.metrics.add("replay", static_cast<double>(replay_.size()));
    faults_.add_metrics(out.metrics);
  }

  void assess(const engine::Round& round, engine::RoundOutput& out) override {
    search::MctsParams params = config_.search.params(/*root_noise=*/false);
    params.simulations = config_.arena_simulations;
    Player<G> current{"A", net_.get(), params, {}};
    if (config_.arena_games > 0 && previous_) {
      Player<G> previous{"previous", previous_.get(), params, {}};
      out.metrics.add("vs_prev",
                      play(current, previous, config_.arena_games, mix_seed(round.seed, 0xA7E)));
    }
    if (config_.reference_games > 0) {
      auto rollouts = reference_player<G>("mcts:" + std::to_string(config_.rollout_simulations));
      out.metrics.add("vs_mcts", play(current, rollouts, config_.reference_games,
                                      mix_seed(round.seed, 0x2011)));
      if (config_.minimax_reference) {
        auto games = match(current, reference_player<G>("minimax"), config_.reference_games,
                           mix_seed(round.seed, 0x313));
        int losses = 0;
        for (const auto& g : games) losses += (g.first_player == 0 ? g.result : -g.result) < 0;
        out.metrics.add("vs_minimax_losses", losses);
      }
    }
    if (config_.optimal_move_rate) {
      if constexpr (kMinimaxFeasible<G>) {
        out.metrics.add("optimal_moves", optimal_move_rate<G>(*net_));
        // Under fault injection, the level that wrong targets at rate 1 drive A to.
        if (config_.fault.targets > 0)
          out.metrics.add("optimal_moves_chance", chance_optimal_move_rate<G>());
      }
    }
    if (audit_suite_ && previous_ && round.number % config_.audit_every == 0) audit(round, out);
  }

  std::string save() const override { return net_->save(); }

  // Starts a fresh run from a trained agent's weights (fine-tuning with this
  // run's own optimiser settings, e.g. a lower learning rate).
  void warm_start(std::string_view checkpoint, std::string_view origin) {
    net_->load(checkpoint, origin, /*with_optimizer=*/false);
  }

  void restore(std::string_view checkpoint, std::string_view origin, int round,
               const engine::RunStore& store) override {
    net_->load(checkpoint, origin);
    replay_ = ReplayBuffer<G>(config_.replay_rounds, static_cast<float>(config_.value_target_mix));
    int first = std::max(1, round - config_.replay_rounds + 1);
    for (int r = first; r <= round; ++r) {
      std::vector<GameRecord<G>> games;
      for (const auto& rec : store.games(r, r)) games.push_back(from_store_record<G>(rec));
      replay_.add_round(r, games);
    }
    regressions_.clear();
    for (auto& stored : store.regressions()) regressions_.push_back(std::move(stored.input));
  }

 private:
  // The alignment audit of this round (docs/alignment.md): A_t (previous_) searched as in
  // self-play is the teacher of A_t+1 (net_), and the self-play search is the Amplify audited.
  // Then the worst-case search on A_t+1 (its confirmed failures join the regression suite)
  // and A_t+1's pass rate on the failures of earlier rounds.
  void audit(const engine::Round& round, engine::RoundOutput& out) {
    const AuditSearch self_play{"self-play", config_.search.params(/*root_noise=*/true)};
    add_audit_metrics(audit_game(*audit_suite_, *previous_, *net_, self_play, {self_play},
                                 config_.audit_ways, config_.audit_threads),
                      out.metrics);
    if (!oracle_) oracle_ = std::make_unique<MoveOracle<G>>();
    GameProbe<G> probe(*net_, config_.search.params(/*root_noise=*/false), *oracle_);
    out.regressions =
        audit::audit_round(probe, config_.audit_budget, round.number, regressions_, out.metrics);
    if (config_.audit_ladder_games > 0) ladder(out.metrics);
  }

  // A_t+1's rating on the capability ladder (requirement 3): the anchors' games are the same
  // every audit (one seed), A's games against them differ only because A does.
  void ladder(engine::Metrics& metrics) {
    const auto start = std::chrono::steady_clock::now();
    auto mcts = config_.search.params(/*root_noise=*/false);
    mcts.simulations = std::max(1, config_.arena_simulations);
    LadderMatches<G> ladder(
        {config_.audit_ladder_games, mcts, static_cast<uint64_t>(config_.seed)});
    for (const auto& anchor : default_ladder_anchors<G>()) ladder.add_anchor(anchor);
    ladder.add_agent(*net_, "A");
    const audit::LadderFit fit = ladder.play_and_fit();
    metrics.add("audit_elo", fit.elo.back());
    metrics.add("audit_elo_se", fit.stderr_elo.back());
    metrics.add("audit_ladder_wall_s",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }

  std::vector<GameRecord<G>> match(const Player<G>& a, const Player<G>& b, int games,
                                   uint64_t seed) {
    MatchOptions options;
    options.games = games;
    options.concurrent_games = config_.concurrent_games;
    options.threads = config_.selfplay_threads;
    options.temperature_moves = config_.arena_temperature_moves;
    options.seed = seed;
    options.cache_positions = config_.cache_positions;
    Progress progress("assess vs " + b.name, games, "games", show_progress_);
    options.on_progress = [&](int done, int64_t) { progress.update(done); };
    auto records = play_match<G>({&a, &b}, options);
    progress.finish();
    return records;
  }
  double play(const Player<G>& a, const Player<G>& b, int games, uint64_t seed) {
    return score_of_first<G>(match(a, b, games, seed));
  }

  GameRunConfig config_;
  bool show_progress_;
  std::unique_ptr<net::PolicyValueNet> net_;
  std::unique_ptr<net::PolicyValueNet> previous_;
  ReplayBuffer<G> replay_;
  std::optional<AuditSuite<G>> audit_suite_;  // when audit.every > 0
  std::unique_ptr<MoveOracle<G>> oracle_;     // the worst-case search's, made at first use
  std::vector<std::string> regressions_;      // the run's regression suite, as stored
  // Fault injection (config.fault): wrong Distill targets, wrong evaluations in self-play.
  engine::Faults faults_;
  int64_t new_positions_ = 0;
};

}  // namespace ida::selfplay
