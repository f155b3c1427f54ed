// Independent jobs on a few threads.
#pragma once

#include <functional>
#include <vector>

namespace ida {

// Runs every job once on up to `threads` threads (<= 1: in order on the caller's thread) and
// returns when all have ended. Jobs must not depend on each other or on their order. The first
// job (in list order) that threw has its exception rethrown here, after all jobs ended.
void run_jobs(const std::vector<std::function<void()>>& jobs, int threads);

}  // namespace ida
