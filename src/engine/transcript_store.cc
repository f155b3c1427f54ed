// RunStore's transcripts: an overseer's finished questions (tables `transcripts` and
// `transcript_exchanges`, schema version 3).
#include <sqlite3.h>

#include <map>

#include "core/error.h"
#include "core/kill_point.h"
#include "engine/run_store.h"
#include "engine/sqlite_statement.h"

namespace ida::engine {

int64_t RunStore::commit_transcript(const TranscriptRecord& record) {
  expect_writable("commit_transcript");
  sqlite3* db = db_.get();
  sqlite::Transaction tx(db, path_, "BEGIN IMMEDIATE");
  sqlite::Statement row(db, path_,
                        "INSERT INTO transcripts(task, overseer, user, context, question, "
                        "answer, seconds, finished_at) VALUES(?,?,?,?,?,?,?, "
                        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
  row.bind_text(1, record.task);
  row.bind_text(2, record.overseer);
  row.bind_text(3, record.user);
  row.bind_text(4, record.context);
  row.bind_text(5, record.question);
  row.bind_text(6, record.answer);
  row.bind(7, record.seconds);
  row.step("cannot store a transcript");
  const int64_t id = sqlite3_last_insert_rowid(db);
  sqlite::Statement exchange(db, path_,
                             "INSERT INTO transcript_exchanges(transcript, idx, question, answer, "
                             "source) VALUES(?,?,?,?,?)");
  for (size_t i = 0; i < record.exchanges.size(); ++i) {
    const auto& e = record.exchanges[i];
    exchange.reset();
    exchange.bind(1, id);
    exchange.bind(2, static_cast<int64_t>(i));
    exchange.bind_text(3, e.question);
    exchange.bind_text(4, e.answer);
    exchange.bind_text(5, e.source);
    exchange.step("cannot store an exchange of transcript " + std::to_string(id));
  }
  kill_point("store.transcript-before-commit");
  tx.commit();
  return id;
}

std::vector<RunStore::TranscriptRecord> RunStore::transcripts(int64_t after_id) const {
  if (version_ < 3) return {};  // an older schema read as it is: no transcripts
  sqlite3* db = db_.get();
  sqlite::Transaction tx(db, path_, "BEGIN");  // one snapshot for both queries
  std::vector<TranscriptRecord> out;
  std::map<int64_t, size_t> index;
  sqlite::Statement t(db, path_,
                      "SELECT id, task, overseer, user, context, question, answer, seconds, "
                      "finished_at FROM transcripts WHERE id > ? ORDER BY id");
  t.bind(1, after_id);
  while (t.step("cannot read transcripts")) {
    // Ids are rowids: positive and, in id order, increasing; anything else is damage that
    // SQLite did not notice (found by fuzz_run_store).
    const int64_t id = t.integer(0);
    if (id <= (out.empty() ? 0 : out.back().id))
      throw InputError(path_.string() + ": transcript ids out of order (the run database is "
                       "damaged or was changed by another program)");
    TranscriptRecord& r = out.emplace_back();
    r.id = id;
    r.task = t.text(1);
    r.overseer = t.text(2);
    r.user = t.text(3);
    r.context = t.text(4);
    r.question = t.text(5);
    r.answer = t.text(6);
    r.seconds = t.real(7);
    r.finished_at = t.text(8);
    index[r.id] = out.size() - 1;
  }
  sqlite::Statement e(db, path_,
                      "SELECT transcript, question, answer, source FROM transcript_exchanges "
                      "WHERE transcript > ? ORDER BY transcript, idx");
  e.bind(1, after_id);
  while (e.step("cannot read transcript exchanges")) {
    auto it = index.find(e.integer(0));
    if (it != index.end()) out[it->second].exchanges.push_back({e.text(1), e.text(2), e.text(3)});
  }
  tx.commit();
  return out;
}

}  // namespace ida::engine
