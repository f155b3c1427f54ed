#include "core/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>

namespace ida {
namespace {

TEST(RunJobs, RunsEveryJobOnceOnAnyNumberOfThreads) {
  for (int threads : {0, 1, 2, 7}) {
    std::vector<std::atomic<int>> runs(20);
    std::vector<std::function<void()>> jobs;
    for (auto& r : runs) jobs.push_back([&r] { ++r; });
    run_jobs(jobs, threads);
    for (const auto& r : runs) EXPECT_EQ(r.load(), 1) << threads << " threads";
  }
}

TEST(RunJobs, RethrowsTheFirstFailureAfterEveryJobRan) {
  for (int threads : {1, 3}) {
    std::atomic<int> ran{0};
    std::vector<std::function<void()>> jobs;
    for (int i = 0; i < 6; ++i)
      jobs.push_back([&ran, i] {
        ++ran;
        if (i == 2 || i == 4) throw std::runtime_error("job " + std::to_string(i));
      });
    try {
      run_jobs(jobs, threads);
      FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
      EXPECT_STREQ(e.what(), "job 2");
    }
    EXPECT_EQ(ran.load(), 6);
  }
}

}  // namespace
}  // namespace ida
