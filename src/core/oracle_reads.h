// Reads of an oracle: the question tasks' ground truth, minimax, the exact Connect Four solver.
// They are counted process-wide so that a test can check the separation the audit relies on:
// training (Amplify and Distill in IDA mode) never reads an oracle; assessment, the audit, the
// supervised baseline and the grading commands may.
#pragma once

#include <atomic>
#include <cstdint>

namespace ida {

inline std::atomic<int64_t>& oracle_read_counter() {
  static std::atomic<int64_t> count{0};
  return count;
}
inline void note_oracle_read() { oracle_read_counter().fetch_add(1, std::memory_order_relaxed); }
inline int64_t oracle_reads() { return oracle_read_counter().load(std::memory_order_relaxed); }

}  // namespace ida
