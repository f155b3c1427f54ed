#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

namespace ida {

void run_jobs(const std::vector<std::function<void()>>& jobs, int threads) {
  std::vector<std::exception_ptr> failures(jobs.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      try {
        jobs[i]();
      } catch (...) {
        failures[i] = std::current_exception();
      }
    }
  };
  const int n = std::min(std::max(1, threads), static_cast<int>(jobs.size()));
  if (n <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < n; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  for (const auto& f : failures)
    if (f) std::rethrow_exception(f);
}

}  // namespace ida
