#include "core/kill_point.h"

#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace ida {
namespace {

struct KillAt {
  std::string name;  // empty: no kill point armed
  long count = 1;
  mutable std::atomic<long> hits{0};  // times the armed point was reached

  KillAt() {
    const char* spec = std::getenv("IDA_KILL_AT");
    if (!spec) return;
    name = spec;
    if (const size_t at = name.find('@'); at != std::string::npos) {
      count = std::atol(name.c_str() + at + 1);
      name.resize(at);
    }
  }
};

const KillAt& armed() {
  static KillAt kill_at;
  return kill_at;
}

}  // namespace

void kill_point(std::string_view name) {
  const KillAt& k = armed();
  if (k.name.empty() || k.name != name) return;
  if (k.hits.fetch_add(1) + 1 == k.count) ::raise(SIGKILL);
}

}  // namespace ida
