// Writes the seed corpus of the fuzz targets: fuzz/corpus/<target>/<name>, valid inputs of
// every kind each target reads (the libFuzzer runs mutate them into damaged ones).
// Usage: ida_fuzz_seeds SOURCE_DIR (the repository root). Deterministic.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "core/rng.h"
#include "core/sections.h"
#include "decomposition/model_answerer.h"
#include "engine/checkpoint_file.h"
#include "engine/run_store.h"
#include "net/policy_value_net.h"
#include "net/question_net.h"
#include "questions/registry.h"

namespace {

namespace fs = std::filesystem;
using namespace ida;

fs::path corpus;

void seed(const std::string& target, const std::string& name, std::string_view bytes) {
  fs::create_directories(corpus / target);
  write_file_atomically(corpus / target / name, bytes);
}

void config_seeds(const fs::path& source) {
  for (const auto& entry : fs::directory_iterator(source / "configs"))
    seed("fuzz_config", entry.path().filename().string(), read_file(entry.path()));
  seed("fuzz_config", "sets",
       "--set search.simulations=64\n--set task=union_find\n"
       "--set net.channels=1_000\n--set train.learning_rate=1e-3\n");
}

void position_seeds() {
  const char* lines[] = {"-",       "4453",  " 5 \r",
                         "1111112", "15263", "444444333333555555222222666666777"};
  for (size_t i = 0; i < std::size(lines); ++i)
    seed("fuzz_position", "line" + std::to_string(i), lines[i]);
}

void question_seeds() {
  Rng rng(1);
  for (size_t d = 0; d < std::size(questions::kAllDomains); ++d) {
    const auto domain = questions::kAllDomains[d].make({});
    const int size = std::max(domain->min_size(), std::min(6, domain->max_size()));
    const auto context = domain->sample_context(size, rng);
    const auto question = domain->sample_question(context, rng);
    seed("fuzz_question", std::string(domain->name()),
         std::string(1, static_cast<char>(d)) + "# a comment\n" + domain->context_text(context) +
             domain->question_format().format(question));
  }
}

void checkpoint_seeds() {
  net::PolicyValueNet game_net({2, 3, 3, 9}, {8, 1, 8}, {}, 1);
  const std::string untrained = game_net.save();
  std::vector<float> x(18, 1.0f), pi(9, 1.0f / 9), z(1, 0.0f);
  game_net.train_step(x.data(), pi.data(), z.data(), 1);  // an optimiser state to read
  const std::string game = game_net.save();
  const auto domain = questions::make_domain("wildcard_search");
  net::QuestionNet question_net(decomposition::model_shape(*domain), {16, 2, 1, 1, 16}, {}, 1);
  const std::string question = pack_sections({{"agent", question_net.save()}});
  engine::CheckpointHeader header;
  header.kind = "agent";
  header.instance = "tictactoe";
  header.round = 3;
  header.architecture = net::PolicyValueNet({2, 3, 3, 9}, {8, 1, 8}, {}, 1).architecture();
  header.extra["note"] = "a seed";
  seed("fuzz_checkpoint", "game", engine::pack_checkpoint(header, "weights"));
  header.instance = "wildcard_search";
  header.architecture = question_net.architecture();
  seed("fuzz_checkpoint", "question",
       engine::pack_checkpoint(header, pack_sections({{"agent", "weights"}})));
  seed("fuzz_weights", "game", std::string(1, 0) + game);
  seed("fuzz_weights", "game-untrained", std::string(1, 2) + untrained);
  seed("fuzz_weights", "question", std::string(1, 1) + question);
}

void run_store_seeds() {
  const fs::path dir = fs::temp_directory_path() / ("ida_fuzz_seeds_" + std::to_string(getpid()));
  fs::create_directories(dir);
  {
    engine::RunStore store(dir / "run.db");
    store.put("instance", "tictactoe");
    for (int round = 0; round < 2; ++round) {
      engine::RunStore::RoundRecord r;
      r.round = round;
      r.wall_seconds = 1.5;
      r.metrics = {{"loss", 0.5 / (round + 1)}, {"win_rate", 0.25}};
      r.checkpoint_file = "round-" + std::to_string(round) + ".ckpt";
      r.checkpoint_crc32 = "0123abcd";
      r.checkpoint_bytes = 1000;
      r.games = {{0, "15263", 1.0, "targets", -1}, {1, "5123", 0.0, "", -1}};
      store.commit_round(r);
    }
    store.commit_transcript({.task = "permutation_powering",
                             .overseer = "human",
                             .user = "ada",
                             .context = "ab ac\nac ab\n",
                             .question = "ab 2",
                             .exchanges = {{"ab 1", "ac", "lookup"}, {"ac 1", "ab", "A"}},
                             .answer = "ab",
                             .seconds = 4.5});
  }  // closing checkpoints the write-ahead log into run.db
  seed("fuzz_run_store", "two-rounds", read_file(dir / "run.db"));
  fs::remove_all(dir);
}

// A request of fuzz_serve_api: byte 0 the method (0 GET, 1 POST), byte 1 the index of a path
// prefix in its kPaths, then the rest of the path and key=value lines.
void request_seed(const std::string& name, int method, int path, const std::string& text) {
  const std::string head{static_cast<char>(method), static_cast<char>(path)};
  seed("fuzz_serve_api", name, head + text);
}

void serve_api_seeds() {
  request_seed("runs", 0, 0, "");
  request_seed("run", 0, 2, "\nafter=0");
  request_seed("run-pp", 0, 1, "pp");
  request_seed("games", 0, 3, "");
  request_seed("play", 1, 4, "\ngame=tictactoe\nmodel=ttt");
  request_seed("search", 1, 7, "\nsimulations=8");
  request_seed("move", 1, 8, "\nmove=5\nchosen=0");
  request_seed("undo", 1, 9, "");
  request_seed("ask-sampled", 0, 10, "\nrun=pp\nsize=2\nseed=3\ndepth=2");
  request_seed("ask-typed", 0, 10, "\nrun=pp\ncontext=ab ac\nquestion=ab 2");
  request_seed("audit-game", 0, 11, "\nrun=ttt\nround=1\nbudget=4");
  request_seed("audit-questions", 0, 11, "\nrun=pp\nquestions=4");
  request_seed("oversee", 1, 12, "\nrun=pp\nuser=ada");
  request_seed("oversee-ask", 1, 15, "\nsub_question=ab 1");
  request_seed("oversee-answer", 1, 16, "\nanswer=ab");
  request_seed("oversee-skip", 1, 17, "");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: ida_fuzz_seeds SOURCE_DIR\n";
    return 2;
  }
  corpus = fs::path(argv[1]) / "fuzz" / "corpus";
  config_seeds(argv[1]);
  position_seeds();
  question_seeds();
  checkpoint_seeds();
  run_store_seeds();
  serve_api_seeds();
  std::cout << "wrote the seed corpus to " << corpus.string() << "\n";
  return 0;
}
