// The run's durable record: one SQLite database per run directory (<run_dir>/run.db)
// holding each finished round (metrics, checkpoint, self-play games) and run metadata.
// A round is committed in one transaction, with WAL journaling and synchronous=FULL, so
// after a crash or SIGKILL the database holds exactly the rounds whose commit returned.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;

namespace ida::engine {

// Not thread-safe: use one RunStore from one thread at a time. Several processes may
// open the same database (SQLite locks; writers wait up to a few seconds).
// Any call throws EnvironmentError for what the machine refuses (disk full, read-only, I/O
// errors) and InputError for a database found damaged (corrupt pages, a changed schema).
class RunStore {
 public:
  // kWrite creates the file and schema if absent and upgrades an older schema on open;
  // kRead is for viewers (ida serve, plot, curve, audit, transcripts): the file must exist,
  // nothing in it changes (so an older ida can still read what a newer viewer looked at),
  // an older schema's missing tables read as empty, and every write throws std::logic_error.
  enum class Access { kWrite, kRead };

  // Opens `db_path`. Throws InputError if it cannot be opened (kRead: does not exist), is not
  // an SQLite database, is an SQLite database that is not an ida run database, or has a
  // newer schema version than this ida.
  explicit RunStore(const std::filesystem::path& db_path, Access access = Access::kWrite);
  ~RunStore();
  RunStore(const RunStore&) = delete;
  RunStore& operator=(const RunStore&) = delete;

  struct GameRecord {
    int game = 0;         // index of the game within its round
    std::string moves;    // move list, e.g. space-separated move notation
    double result = 0;    // from the first player's perspective: +1 win, 0 draw, -1 loss
    std::string targets;  // opaque bytes (e.g. per-move visit distributions as floats)
    int round = -1;       // filled in when reading; ignored by commit_round
  };
  struct RoundRecord {
    int round = 0;
    double wall_seconds = 0;
    std::vector<std::pair<std::string, double>> metrics;  // names unique; order is kept
    std::string checkpoint_file;                          // empty = no checkpoint this round
    std::string checkpoint_crc32;
    int64_t checkpoint_bytes = 0;
    std::vector<GameRecord> games;  // game numbers unique within the round
    // Inputs the audit's worst-case search confirmed as failures of this round's agent, in
    // the instance's text form (the regression suite of later rounds).
    std::vector<std::string> regressions;
    std::string finished_at;  // UTC ISO-8601; set by commit_round, filled when reading
  };

  // Stores everything of `record` in one transaction: all of it or (on any error) none.
  // Throws std::runtime_error (database unchanged) if the round already exists, the
  // round number is negative, names/game numbers repeat, or SQLite fails.
  void commit_round(const RoundRecord& record);

  // The highest committed round number, or -1 if there is none.
  int last_round() const;
  // All committed rounds in increasing order (metrics in insertion order), with their
  // games if `with_games`. NaN metric values read back as NaN.
  std::vector<RoundRecord> rounds(bool with_games = false) const;
  // The games of rounds first_round..last_round (inclusive), ordered by (round, game).
  std::vector<GameRecord> games(int first_round, int last_round) const;

  // The regression suite: every stored failure input, by (round, order found).
  struct Regression {
    int round = 0;
    std::string input;
  };
  std::vector<Regression> regressions() const;

  // An overseer's finished work on one question (a human's through `ida oversee`, or a
  // program's): what it saw, what it asked, what it was told, what it answered. Text in the
  // task's notation; the store does not parse it.
  struct TranscriptRecord {
    struct Exchange {
      std::string question;
      std::string answer;
      std::string source;  // who answered: "lookup" (the facts) or "A" (the model)
    };
    int64_t id = 0;             // assigned by commit_transcript, in commit order from 1
    std::string task;           // e.g. "permutation_powering"
    std::string overseer;       // "human" or "program"
    std::string user;           // who oversaw
    std::string context;        // the context's facts, one per line (never shown to H)
    std::string question;
    std::vector<Exchange> exchanges;
    std::string answer;         // the overseer's final answer
    double seconds = 0;         // time spent on the question
    std::string finished_at;    // UTC ISO-8601; set by commit_transcript, filled when reading
  };
  // Stores the transcript in one transaction (all of it or, on error, none) and returns its
  // id. Several processes may commit while a trainer commits rounds (SQLite serialises them).
  int64_t commit_transcript(const TranscriptRecord& record);
  // The transcripts with id > after_id, in id order.
  std::vector<TranscriptRecord> transcripts(int64_t after_id = 0) const;

  // Run metadata (e.g. "instance" -> "connect4"). put overwrites.
  std::optional<std::string> get(std::string_view key) const;
  void put(std::string_view key, std::string_view value);

  const std::filesystem::path& path() const { return path_; }
  // The schema version of the file (after an upgrade, when opened kWrite).
  int schema_version() const { return version_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };
  void exec(const char* sql) const;
  void create_or_upgrade_schema();
  void expect_writable(const char* what) const;

  std::filesystem::path path_;
  Access access_;
  int version_ = 0;
  std::unique_ptr<sqlite3, Closer> db_;
};

}  // namespace ida::engine
