// SQLite helpers of the run store (internal to src/engine): errors classified as the
// environment's, a damaged file's or internal; a prepared statement and a transaction, each
// released on scope exit.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/error.h"

namespace ida::engine::sqlite {

inline std::string error_text(sqlite3* db, const std::filesystem::path& path, std::string_view what) {
  return path.string() + ": " + std::string(what) + ": " + sqlite3_errmsg(db);
}

// The error to throw for a failed SQLite call: the environment's (disk full, read-only, I/O,
// cannot open) as EnvironmentError; a damaged database (corrupt pages, a changed schema) as
// InputError, since the file is the user's to restore; anything else as an internal error.
[[noreturn]] inline void throw_sqlite_error(sqlite3* db, const std::filesystem::path& path,
                                     std::string_view what) {
  switch (sqlite3_errcode(db)) {
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      throw EnvironmentError(error_text(db, path, what));
    case SQLITE_NOMEM:  // also met on damaged files (found by fuzz_run_store)
      throw EnvironmentError(error_text(db, path, what) +
                             " (or the run database is damaged and asks for too much)");
    case SQLITE_CORRUPT:
    case SQLITE_TOOBIG:  // a damaged record claiming a huge length (found by fuzz_run_store)
    case SQLITE_NOTADB:
    case SQLITE_ERROR:
    case SQLITE_MISMATCH:
    case SQLITE_FORMAT:
    case SQLITE_RANGE:
    case SQLITE_SCHEMA:
      throw InputError(error_text(db, path, what) +
                       " (the run database is damaged or was changed by another program)");
    default:
      throw std::runtime_error(error_text(db, path, what));
  }
}

// A prepared statement, finalized on scope exit. Errors throw as throw_sqlite_error does.
class Statement {
 public:
  Statement(sqlite3* db, const std::filesystem::path& path, const char* sql)
      : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw_sqlite_error(db, path, "cannot prepare query");
    }
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  void bind(int i, int64_t v) { check(sqlite3_bind_int64(stmt_, i, v)); }
  void bind(int i, double v) { check(sqlite3_bind_double(stmt_, i, v)); }
  void bind_text(int i, std::string_view v) {
    check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind_blob(int i, std::string_view v) {
    // A null pointer would bind NULL instead of an empty blob.
    const char* data = v.empty() ? "" : v.data();
    check(sqlite3_bind_blob64(stmt_, i, data, v.size(), SQLITE_TRANSIENT));
  }

  // Advances; true if a row is available. `what` describes the step for errors.
  bool step(std::string_view what) {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_sqlite_error(db_, path_, what);
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  // Every integer column is NOT NULL INTEGER: anything else is a damaged database (found by
  // fuzz_run_store: NULL rounds read as round 0 while max(round) said there were none).
  int64_t integer(int col) const {
    if (sqlite3_column_type(stmt_, col) != SQLITE_INTEGER)
      throw InputError(path_.string() + ": column " + std::to_string(col + 1) + " of '" +
                       sqlite3_sql(stmt_) +
                       "' is not an integer (the run database is damaged or was changed by "
                       "another program)");
    return sqlite3_column_int64(stmt_, col);
  }
  // NULL (how SQLite stores NaN) reads back as NaN.
  double real(int col) const {
    return is_null(col) ? std::numeric_limits<double>::quiet_NaN()
                        : sqlite3_column_double(stmt_, col);
  }
  std::string text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(n)) : "";
  }
  std::string blob(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n)) : "";
  }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw std::runtime_error(error_text(db_, path_, "cannot bind value"));
  }
  sqlite3* db_;
  const std::filesystem::path& path_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A transaction rolled back on scope exit unless commit() was called.
class Transaction {
 public:
  Transaction(sqlite3* db, const std::filesystem::path& path, const char* begin)
      : db_(db), path_(path) {
    if (sqlite3_exec(db, begin, nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw_sqlite_error(db, path, "cannot begin transaction");
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw_sqlite_error(db_, path_, "cannot commit");
    }
    open_ = false;
  }

 private:
  sqlite3* db_;
  const std::filesystem::path& path_;
  bool open_ = true;
};

inline int64_t single_integer(sqlite3* db, const std::filesystem::path& path, const char* sql) {
  Statement s(db, path, sql);
  return s.step(sql) ? s.integer(0) : 0;
}


}  // namespace ida::engine::sqlite
