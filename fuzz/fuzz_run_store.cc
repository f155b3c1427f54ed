// A damaged run.db, as `ida train` (resuming), `ida plot`, `ida curve` and --model RUN_DIR
// open it. Input: the bytes of the database file. Opening and reading every round, game and
// metadata value throws only InputError (not an ida database, damaged, newer schema).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.h"
#include "engine/run_store.h"
#include "fuzz_input.h"

namespace {

namespace fs = std::filesystem;

// A directory of this process's own, removed at exit.
const fs::path& scratch() {
  static const struct Dir {
    fs::path path = fs::temp_directory_path() / ("ida_fuzz_run_store_" + std::to_string(getpid()));
    Dir() { fs::create_directories(path); }
    ~Dir() { fs::remove_all(path); }
  } dir;
  return dir.path;
}

void read_all(const fs::path& db) {
  ida::engine::RunStore store(db);
  const int last = store.last_round();
  const auto rounds = store.rounds(/*with_games=*/true);
  if (!rounds.empty() && rounds.back().round != last) ida::fuzz::fail("last_round disagrees");
  store.games(0, last);
  store.get("instance");
  store.regressions();
  const auto all = store.transcripts();
  if (!all.empty() && store.transcripts(all.front().id).size() != all.size() - 1)
    ida::fuzz::fail("transcripts after the first disagree");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fs::path db = scratch() / "run.db";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix);
  std::ofstream(db, std::ios::binary).write(reinterpret_cast<const char*>(data), size);
  try {
    read_all(db);
  } catch (const ida::InputError&) {
  }
  return 0;
}
