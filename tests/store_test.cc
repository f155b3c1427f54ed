// Tests for RunStore: round trips, all-or-nothing commits, persistence, foreign files.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"
#include "engine/run_store.h"

namespace ida::engine {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ida_store_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    db_ = dir_ / "run.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `sql` on the file with a plain SQLite connection.
  void raw_sql(const fs::path& path, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  fs::path dir_;
  fs::path db_;
};

RunStore::RoundRecord sample_round(int round) {
  RunStore::RoundRecord r;
  r.round = round;
  r.wall_seconds = 12.5 + round;
  r.metrics = {{"loss/policy", 2.07944 - round}, {"winrate", 0.55}, {"a_last", -1}};
  r.checkpoint_file = "round-000" + std::to_string(round) + ".ckpt";
  r.checkpoint_crc32 = "cbf43926";
  r.checkpoint_bytes = 123456;
  for (int g : {2, 0, 1}) {  // stored in any order, read back by game number
    RunStore::GameRecord game;
    game.game = g;
    game.moves = "d4 e5 " + std::to_string(g);
    game.result = g == 0 ? 1.0 : (g == 1 ? -1.0 : 0.0);
    game.targets = std::string("\0\x01\xff\n", 4) + std::to_string(round * 10 + g);
    r.games.push_back(game);
  }
  return r;
}

void expect_same(const RunStore::RoundRecord& a, const RunStore::RoundRecord& b) {
  EXPECT_EQ(a.round, b.round);
  EXPECT_EQ(a.wall_seconds, b.wall_seconds);
  EXPECT_EQ(a.metrics, b.metrics);
  EXPECT_EQ(a.checkpoint_file, b.checkpoint_file);
  EXPECT_EQ(a.checkpoint_crc32, b.checkpoint_crc32);
  EXPECT_EQ(a.checkpoint_bytes, b.checkpoint_bytes);
}

TEST_F(StoreTest, CommitAndReadBack) {
  RunStore store(db_);
  EXPECT_EQ(store.last_round(), -1);
  EXPECT_TRUE(store.rounds().empty());
  store.commit_round(sample_round(0));
  store.commit_round(sample_round(1));
  EXPECT_EQ(store.last_round(), 1);

  auto rounds = store.rounds();
  ASSERT_EQ(rounds.size(), 2u);
  expect_same(rounds[0], sample_round(0));
  expect_same(rounds[1], sample_round(1));
  EXPECT_TRUE(rounds[0].games.empty());
  EXPECT_EQ(rounds[0].finished_at.size(), 20u) << rounds[0].finished_at;  // ...T..:..:..Z

  rounds = store.rounds(/*with_games=*/true);
  ASSERT_EQ(rounds[1].games.size(), 3u);
  for (int g = 0; g < 3; ++g) {
    const auto& got = rounds[1].games[g];
    EXPECT_EQ(got.game, g);
    EXPECT_EQ(got.round, 1);
    EXPECT_EQ(got.moves, "d4 e5 " + std::to_string(g));
    EXPECT_EQ(got.targets, std::string("\0\x01\xff\n", 4) + std::to_string(10 + g));
  }
  EXPECT_EQ(rounds[1].games[0].result, 1.0);
  EXPECT_EQ(rounds[1].games[1].result, -1.0);

  auto games = store.games(0, 1);
  ASSERT_EQ(games.size(), 6u);
  EXPECT_EQ(games[0].round, 0);
  EXPECT_EQ(games[3].round, 1);
  EXPECT_EQ(games[3].game, 0);
  EXPECT_EQ(store.games(1, 1).size(), 3u);
  EXPECT_TRUE(store.games(5, 9).empty());
}

TEST_F(StoreTest, EdgeValues) {
  RunStore store(db_);
  RunStore::RoundRecord r;
  r.round = 4;
  r.metrics = {{"nan_metric", std::nan("")}, {"tiny", 5e-324}};
  RunStore::GameRecord g;
  g.game = 0;  // empty moves and targets
  r.games.push_back(g);
  store.commit_round(r);  // no checkpoint this round
  auto got = store.rounds(true).at(0);
  EXPECT_TRUE(std::isnan(got.metrics.at(0).second));
  EXPECT_EQ(got.metrics.at(1).second, 5e-324);
  EXPECT_EQ(got.checkpoint_file, "");
  ASSERT_EQ(got.games.size(), 1u);
  EXPECT_EQ(got.games[0].moves, "");
  EXPECT_EQ(got.games[0].targets, "");
}

TEST_F(StoreTest, FailedCommitLeavesNothing) {
  RunStore store(db_);
  store.commit_round(sample_round(0));
  // Duplicate game numbers: the rounds row, metrics, checkpoint and the first games are
  // inserted before the failure; all of it must be rolled back.
  RunStore::RoundRecord bad = sample_round(1);
  bad.games.push_back(bad.games.front());
  EXPECT_THROW(store.commit_round(bad), std::runtime_error);
  EXPECT_EQ(store.last_round(), 0);
  EXPECT_EQ(store.rounds().size(), 1u);
  EXPECT_TRUE(store.games(1, 1).empty());

  RunStore::RoundRecord dup_metric = sample_round(1);
  dup_metric.metrics.push_back(dup_metric.metrics.front());
  EXPECT_THROW(store.commit_round(dup_metric), std::runtime_error);
  EXPECT_EQ(store.last_round(), 0);

  // The same round commits cleanly afterwards: nothing of the failed attempts remained.
  store.commit_round(sample_round(1));
  auto rounds = store.rounds(true);
  ASSERT_EQ(rounds.size(), 2u);
  expect_same(rounds[1], sample_round(1));
  EXPECT_EQ(rounds[1].games.size(), 3u);

  // Committing an existing round is refused and changes nothing.
  RunStore::RoundRecord again = sample_round(1);
  again.wall_seconds = 99;
  try {
    store.commit_round(again);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("round 1 is already committed"), std::string::npos);
  }
  EXPECT_EQ(store.rounds().at(1).wall_seconds, sample_round(1).wall_seconds);
  RunStore::RoundRecord negative = sample_round(-1);
  EXPECT_THROW(store.commit_round(negative), std::runtime_error);
}

TEST_F(StoreTest, ReopeningKeepsEverything) {
  {
    RunStore store(db_);
    store.put("instance", "connect4");
    store.put("note", "first");
    store.put("note", "second");
    store.commit_round(sample_round(0));
    store.commit_round(sample_round(1));
  }
  RunStore store(db_);
  EXPECT_EQ(store.last_round(), 1);
  EXPECT_EQ(store.get("instance"), "connect4");
  EXPECT_EQ(store.get("note"), "second");
  EXPECT_EQ(store.get("missing"), std::nullopt);
  auto rounds = store.rounds(true);
  ASSERT_EQ(rounds.size(), 2u);
  expect_same(rounds[0], sample_round(0));
  EXPECT_EQ(rounds[1].games.size(), 3u);
  store.commit_round(sample_round(2));
  EXPECT_EQ(store.last_round(), 2);
}

TEST_F(StoreTest, UsesWalJournal) {
  { RunStore store(db_); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(StoreTest, ForeignFilesAreInputErrors) {
  write_file_atomically(db_, std::string(4096, 'x') + "this is not a database");
  try {
    RunStore store(db_);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(db_.string() + ": not an ida run database"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(read_file(db_), std::string(4096, 'x') + "this is not a database");  // untouched

  fs::path other = dir_ / "other.db";
  raw_sql(other, "CREATE TABLE people(name TEXT)");
  EXPECT_THROW(RunStore{other}, InputError);

  fs::path newer = dir_ / "newer.db";
  { RunStore store(newer); }
  raw_sql(newer, "PRAGMA user_version=4");
  try {
    RunStore store(newer);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("newer ida"), std::string::npos) << e.what();
  }

  EXPECT_THROW(RunStore{dir_ / "no" / "such" / "dir" / "run.db"}, InputError);
}

// A run database damaged after it was made (here: a table dropped by another program, and
// overwritten pages) is an InputError naming the file, never an internal error.
TEST_F(StoreTest, DamagedDatabasesAreInputErrors) {
  { RunStore store(db_); store.commit_round(sample_round(1)); }
  raw_sql(db_, "DROP TABLE games");
  try {
    RunStore(db_).rounds(/*with_games=*/true);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(db_.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }

  // A value of the wrong type where an integer must be: damaged, not read as 0.
  const fs::path typed = dir_ / "typed.db";
  { RunStore store(typed); store.commit_round(sample_round(1)); }
  raw_sql(typed, "UPDATE games SET game = 'x' WHERE game = 1");
  EXPECT_THROW(RunStore(typed).rounds(/*with_games=*/true), InputError);

  const fs::path pages = dir_ / "pages.db";
  {
    RunStore store(pages);
    for (int r = 0; r < 40; ++r) store.commit_round(sample_round(r));
  }
  std::string bytes = read_file(pages);
  ASSERT_GT(bytes.size(), 3 * 4096u);
  for (size_t i = 2 * 4096; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(0xa5);
  write_file_atomically(pages, bytes);
  EXPECT_THROW(
      {
        RunStore store(pages);
        store.rounds(/*with_games=*/true);
      },
      InputError);
}

// A viewer (ida serve, plot, audit) opens kRead: an older schema stays as it is, so the ida
// that wrote it can go on; its missing tables read as empty; writes are refused.
TEST_F(StoreTest, AReaderLeavesAnOlderSchemaAsItIs) {
  {
    RunStore store(db_);
    store.commit_round(sample_round(1));
  }
  raw_sql(db_, "DROP TABLE regressions; DROP TABLE transcripts; "
               "DROP TABLE transcript_exchanges; PRAGMA user_version=1;");
  {
    const RunStore reader(db_, RunStore::Access::kRead);
    EXPECT_EQ(reader.schema_version(), 1);
    ASSERT_EQ(reader.rounds().size(), 1u);
    EXPECT_EQ(reader.rounds()[0].metrics, sample_round(1).metrics);
    EXPECT_TRUE(reader.regressions().empty());
    EXPECT_TRUE(reader.transcripts().empty());
  }
  RunStore reader(db_, RunStore::Access::kRead);
  EXPECT_THROW(reader.commit_round(sample_round(2)), std::logic_error);
  EXPECT_THROW(reader.put("k", "v"), std::logic_error);
  EXPECT_THROW(reader.commit_transcript({.task = "t", .question = "q", .answer = "a"}),
               std::logic_error);
  EXPECT_EQ(reader.rounds().size(), 1u);
  EXPECT_EQ(RunStore(db_).schema_version(), 3) << "a writer upgrades it";
}

TEST_F(StoreTest, AReaderCreatesNothing) {
  EXPECT_THROW(RunStore(db_, RunStore::Access::kRead), InputError);
  EXPECT_FALSE(fs::exists(db_));
  raw_sql(db_, "");  // an empty SQLite file: not a run database yet
  EXPECT_THROW(RunStore(db_, RunStore::Access::kRead), InputError);
}

}  // namespace
}  // namespace ida::engine
