// RunStore on SQLite: schema creation, identification and upgrade, and the round, game and
// metadata queries (transcripts: transcript_store.cc).
#include "engine/run_store.h"

#include <sqlite3.h>

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "core/error.h"
#include "core/kill_point.h"
#include "engine/sqlite_statement.h"

namespace ida::engine {
namespace {

using sqlite::Statement;
using sqlite::Transaction;
using sqlite::single_integer;
using sqlite::throw_sqlite_error;

constexpr int kApplicationId = 0x49444131;  // "IDA1": marks the file as an ida run db
constexpr int kSchemaVersion = 3;           // 2 added `regressions`, 3 `transcripts`;
                                            // older versions are upgraded on open

constexpr const char* kSchema = R"sql(
CREATE TABLE rounds(
  round INTEGER PRIMARY KEY,
  finished_at TEXT NOT NULL,
  wall_seconds REAL NOT NULL);
CREATE TABLE metrics(
  round INTEGER NOT NULL,
  name TEXT NOT NULL,
  value REAL,
  seq INTEGER NOT NULL,
  PRIMARY KEY(round, name));
CREATE TABLE checkpoints(
  round INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  crc32 TEXT NOT NULL,
  bytes INTEGER NOT NULL);
CREATE TABLE games(
  round INTEGER NOT NULL,
  game INTEGER NOT NULL,
  moves TEXT NOT NULL,
  result REAL NOT NULL,
  targets BLOB NOT NULL,
  PRIMARY KEY(round, game));
CREATE TABLE kv(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL);
)sql";

// Added in version 2: the inputs the audit's worst-case search confirmed as failures.
constexpr const char* kRegressionsTable = R"sql(
CREATE TABLE regressions(
  round INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  input TEXT NOT NULL,
  PRIMARY KEY(round, idx));
)sql";

// Added in version 3: overseers' finished work on questions, one row per question, its
// exchanges in order (RunStore::TranscriptRecord).
constexpr const char* kTranscriptsTables = R"sql(
CREATE TABLE transcripts(
  id INTEGER PRIMARY KEY,
  task TEXT NOT NULL,
  overseer TEXT NOT NULL,
  user TEXT NOT NULL,
  context TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  seconds REAL NOT NULL,
  finished_at TEXT NOT NULL);
CREATE TABLE transcript_exchanges(
  transcript INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY(transcript, idx));
)sql";

}  // namespace

void RunStore::Closer::operator()(sqlite3* db) const { sqlite3_close(db); }

void RunStore::exec(const char* sql) const {
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw_sqlite_error(db_.get(), path_, sql);
  }
}

RunStore::RunStore(const std::filesystem::path& db_path, Access access)
    : path_(db_path), access_(access) {
  const bool reading = access == Access::kRead;
  std::error_code ec;
  if (reading && !std::filesystem::is_regular_file(path_, ec))
    throw InputError(path_.string() + ": no run database there");
  sqlite3* raw = nullptr;
  const int flags = reading ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path_.c_str(), &raw, flags, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) {
    throw InputError(path_.string() + ": cannot open run database: " +
                     (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_extended_result_codes(raw, 0);
  sqlite3_busy_timeout(raw, 10000);

  // Identify the file before changing anything in it.
  int64_t app_id = 0, version = 0, objects = 0;
  try {
    app_id = single_integer(raw, path_, "PRAGMA application_id");
    version = single_integer(raw, path_, "PRAGMA user_version");
    objects = single_integer(raw, path_, "SELECT count(*) FROM sqlite_master");
  } catch (const std::runtime_error&) {
    int code = sqlite3_errcode(raw);
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      throw InputError(path_.string() + ": not an ida run database (" + sqlite3_errmsg(raw) + ")");
    }
    throw;
  }
  bool fresh = app_id == 0 && version == 0 && objects == 0;
  if (fresh && reading)
    throw InputError(path_.string() + ": an empty database, not an ida run database yet");
  if (!fresh && app_id != kApplicationId) {
    throw InputError(path_.string() +
                     ": not an ida run database (an SQLite database of another program)");
  }
  if (!fresh && (version < 1 || version > kSchemaVersion)) {
    throw InputError(path_.string() + ": run database has schema version " +
                     std::to_string(version) + "; this ida reads versions 1 to " +
                     std::to_string(kSchemaVersion) +
                     (version > kSchemaVersion ? " (written by a newer ida)" : ""));
  }
  version_ = static_cast<int>(version);
  if (reading) return;  // a WAL database stays WAL; an older schema stays as it is

  {
    Statement wal(raw, path_, "PRAGMA journal_mode=WAL");
    if (!wal.step("cannot enable WAL journaling") || wal.text(0) != "wal") {
      throw std::runtime_error(path_.string() + ": cannot enable WAL journaling");
    }
  }
  exec("PRAGMA synchronous=FULL");
  if (fresh || version < kSchemaVersion) create_or_upgrade_schema();
}

void RunStore::expect_writable(const char* what) const {
  if (access_ == Access::kRead)
    throw std::logic_error(path_.string() + ": " + what + " on a run store opened for reading");
}

// Creates the schema in an empty database or adds the tables of later versions, in one
// transaction; another process may have done it meanwhile, so the version is read again.
void RunStore::create_or_upgrade_schema() {
  sqlite3* raw = db_.get();
  Transaction tx(raw, path_, "BEGIN IMMEDIATE");
  const bool empty = single_integer(raw, path_, "SELECT count(*) FROM sqlite_master") == 0;
  const int64_t version = empty ? 0 : single_integer(raw, path_, "PRAGMA user_version");
  if (empty) {
    exec(kSchema);
    exec(("PRAGMA application_id=" + std::to_string(kApplicationId)).c_str());
  }
  if (version < 2) exec(kRegressionsTable);
  if (version < 3) exec(kTranscriptsTables);
  exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
  tx.commit();
  version_ = kSchemaVersion;
}

RunStore::~RunStore() = default;

void RunStore::commit_round(const RoundRecord& record) {
  expect_writable("commit_round");
  sqlite3* db = db_.get();
  const std::string round_text = "round " + std::to_string(record.round);
  if (record.round < 0) throw std::runtime_error(path_.string() + ": negative " + round_text);
  Transaction tx(db, path_, "BEGIN IMMEDIATE");
  {
    Statement exists(db, path_, "SELECT 1 FROM rounds WHERE round = ?");
    exists.bind(1, int64_t{record.round});
    if (exists.step("cannot read rounds")) {
      throw std::runtime_error(path_.string() + ": " + round_text + " is already committed");
    }
  }
  Statement round(db, path_,
                  "INSERT INTO rounds(round, finished_at, wall_seconds) "
                  "VALUES(?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?)");
  round.bind(1, int64_t{record.round});
  round.bind(2, record.wall_seconds);
  round.step("cannot store " + round_text);

  Statement metric(db, path_, "INSERT INTO metrics(round, name, value, seq) VALUES(?,?,?,?)");
  for (size_t i = 0; i < record.metrics.size(); ++i) {
    const auto& [name, value] = record.metrics[i];
    metric.reset();
    metric.bind(1, int64_t{record.round});
    metric.bind_text(2, name);
    metric.bind(3, value);
    metric.bind(4, static_cast<int64_t>(i));
    metric.step("cannot store metric '" + name + "' of " + round_text);
  }

  if (!record.checkpoint_file.empty()) {
    Statement checkpoint(db, path_,
                         "INSERT INTO checkpoints(round, file, crc32, bytes) VALUES(?,?,?,?)");
    checkpoint.bind(1, int64_t{record.round});
    checkpoint.bind_text(2, record.checkpoint_file);
    checkpoint.bind_text(3, record.checkpoint_crc32);
    checkpoint.bind(4, record.checkpoint_bytes);
    checkpoint.step("cannot store the checkpoint of " + round_text);
  }

  Statement game(db, path_,
                 "INSERT INTO games(round, game, moves, result, targets) VALUES(?,?,?,?,?)");
  for (const GameRecord& g : record.games) {
    game.reset();
    game.bind(1, int64_t{record.round});
    game.bind(2, int64_t{g.game});
    game.bind_text(3, g.moves);
    game.bind(4, g.result);
    game.bind_blob(5, g.targets);
    game.step("cannot store game " + std::to_string(g.game) + " of " + round_text);
  }
  Statement regression(db, path_, "INSERT INTO regressions(round, idx, input) VALUES(?,?,?)");
  for (size_t i = 0; i < record.regressions.size(); ++i) {
    regression.reset();
    regression.bind(1, int64_t{record.round});
    regression.bind(2, static_cast<int64_t>(i));
    regression.bind_text(3, record.regressions[i]);
    regression.step("cannot store a regression input of " + round_text);
  }
  kill_point("store.before-commit");
  tx.commit();
  kill_point("store.committed");
}

std::vector<RunStore::Regression> RunStore::regressions() const {
  if (version_ < 2) return {};  // an older schema read as it is: no audit failures stored
  Statement s(db_.get(), path_, "SELECT round, input FROM regressions ORDER BY round, idx");
  std::vector<Regression> out;
  while (s.step("cannot read regressions"))
    out.push_back({static_cast<int>(s.integer(0)), s.text(1)});
  return out;
}

int RunStore::last_round() const {
  Statement s(db_.get(), path_, "SELECT max(round) FROM rounds");
  s.step("cannot read rounds");
  return s.is_null(0) ? -1 : static_cast<int>(s.integer(0));
}

std::vector<RunStore::RoundRecord> RunStore::rounds(bool with_games) const {
  sqlite3* db = db_.get();
  Transaction tx(db, path_, "BEGIN");  // one consistent snapshot for all queries
  std::vector<RoundRecord> out;
  std::map<int, size_t> index;
  Statement r(db, path_, "SELECT round, finished_at, wall_seconds FROM rounds ORDER BY round");
  while (r.step("cannot read rounds")) {
    RoundRecord& record = out.emplace_back();
    record.round = static_cast<int>(r.integer(0));
    record.finished_at = r.text(1);
    record.wall_seconds = r.real(2);
    index[record.round] = out.size() - 1;
  }
  Statement m(db, path_, "SELECT round, name, value FROM metrics ORDER BY round, seq");
  while (m.step("cannot read metrics")) {
    auto it = index.find(static_cast<int>(m.integer(0)));
    if (it != index.end()) out[it->second].metrics.emplace_back(m.text(1), m.real(2));
  }
  Statement c(db, path_, "SELECT round, file, crc32, bytes FROM checkpoints ORDER BY round");
  while (c.step("cannot read checkpoints")) {
    auto it = index.find(static_cast<int>(c.integer(0)));
    if (it == index.end()) continue;
    RoundRecord& record = out[it->second];
    record.checkpoint_file = c.text(1);
    record.checkpoint_crc32 = c.text(2);
    record.checkpoint_bytes = c.integer(3);
  }
  if (with_games && !out.empty()) {
    for (GameRecord& g : games(out.front().round, out.back().round)) {
      auto it = index.find(g.round);
      if (it != index.end()) out[it->second].games.push_back(std::move(g));
    }
  }
  tx.commit();
  return out;
}

std::vector<RunStore::GameRecord> RunStore::games(int first_round, int last_round) const {
  Statement s(db_.get(), path_,
              "SELECT round, game, moves, result, targets FROM games "
              "WHERE round BETWEEN ? AND ? ORDER BY round, game");
  s.bind(1, int64_t{first_round});
  s.bind(2, int64_t{last_round});
  std::vector<GameRecord> out;
  while (s.step("cannot read games")) {
    GameRecord& g = out.emplace_back();
    g.round = static_cast<int>(s.integer(0));
    g.game = static_cast<int>(s.integer(1));
    g.moves = s.text(2);
    g.result = s.real(3);
    g.targets = s.blob(4);
  }
  return out;
}

std::optional<std::string> RunStore::get(std::string_view key) const {
  Statement s(db_.get(), path_, "SELECT value FROM kv WHERE key = ?");
  s.bind_text(1, key);
  if (!s.step("cannot read run metadata")) return std::nullopt;
  return s.text(0);
}

void RunStore::put(std::string_view key, std::string_view value) {
  expect_writable("put");
  Statement s(db_.get(), path_,
              "INSERT INTO kv(key, value) VALUES(?, ?) "
              "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  s.bind_text(1, key);
  s.bind_text(2, value);
  s.step("cannot store run metadata '" + std::string(key) + "'");
}

}  // namespace ida::engine
