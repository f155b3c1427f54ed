#include "engine/round_loop.h"

#include <chrono>
#include <cstdio>

#include "core/checksum.h"
#include "core/error.h"
#include "core/rng.h"
#include "engine/checkpoint_file.h"

namespace ida::engine {

RoundLoop::RoundLoop(Instance& instance, RunStore& store, std::filesystem::path run_dir)
    : instance_(instance), store_(store), run_dir_(std::move(run_dir)) {}

std::string RoundLoop::checkpoint_name(int round) {
  char name[32];
  std::snprintf(name, sizeof name, "round-%04d.ckpt", round);
  return name;
}

int RoundLoop::resume() {
  completed_ = std::max(0, store_.last_round());
  if (completed_ == 0) return 0;
  auto rounds = store_.rounds();
  const auto& last = rounds.back();
  auto path = run_dir_ / last.checkpoint_file;
  CheckpointFile file = read_checkpoint(path);
  if (crc32_hex(file.payload) != last.checkpoint_crc32)
    throw InputError(path.string() + ": checksum differs from the run store's index (" +
                     crc32_hex(file.payload) + " != " + last.checkpoint_crc32 + ")");
  expect(file, "agent", instance_.name(), instance_.architecture());
  instance_.restore(file.payload, path.string(), completed_, store_);
  return completed_;
}

void RoundLoop::run(const LoopConfig& config,
                    const std::function<void(int, const Metrics&)>& on_round) {
  if (completed_ < 0) resume();
  for (int r = completed_ + 1; r <= config.rounds; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    Round round{r, mix_seed(config.seed, static_cast<uint64_t>(r)), &store_};
    RoundOutput out;
    instance_.amplify(round, out);
    instance_.distill(round, out);
    instance_.assess(round, out);

    CheckpointHeader header;
    header.kind = "agent";
    header.instance = instance_.name();
    header.round = r;
    header.architecture = instance_.architecture();
    std::string payload = instance_.save();
    std::string file = checkpoint_name(r);
    write_checkpoint(run_dir_ / file, header, payload);

    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out.metrics.add("wall_s", wall);
    RunStore::RoundRecord record;
    record.round = r;
    record.wall_seconds = wall;
    record.metrics = out.metrics.values;
    record.checkpoint_file = file;
    record.checkpoint_crc32 = crc32_hex(payload);
    record.checkpoint_bytes = static_cast<int64_t>(payload.size());
    record.games = std::move(out.records);
    record.regressions = std::move(out.regressions);
    store_.commit_round(record);  // the round counts as completed from here on
    completed_ = r;
    if (on_round) on_round(r, out.metrics);
  }
}

}  // namespace ida::engine
