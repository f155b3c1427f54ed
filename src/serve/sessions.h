// The sessions a server keeps between requests (games, oversight), by id: at most kMax, the
// oldest dropped beyond that; a lookup of an unknown id is NotFound. Thread-safe.
#pragma once

#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "serve/api.h"

namespace ida::serve {

template <class Session>
class SessionTable {
 public:
  static constexpr int kMax = 64;

  int reserve_id() {
    std::lock_guard lock(mutex_);
    return next_id_++;
  }
  void add(int id, std::shared_ptr<Session> session) {
    std::lock_guard lock(mutex_);
    sessions_[id] = std::move(session);
    while (static_cast<int>(sessions_.size()) > kMax) sessions_.erase(sessions_.begin());
  }
  // `what` names the kind in the error, e.g. "game".
  std::shared_ptr<Session> find(const std::string& id, const std::string& what) {
    std::lock_guard lock(mutex_);
    int n = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    const bool number = ec == std::errc() && end == id.data() + id.size();
    const auto it = number ? sessions_.find(n) : sessions_.end();
    if (it == sessions_.end())
      throw NotFound("no " + what + " " + id + " (they end when the server stops)");
    return it->second;
  }

 private:
  std::mutex mutex_;
  std::map<int, std::shared_ptr<Session>> sessions_;
  int next_id_ = 1;
};

}  // namespace ida::serve
