// Entry point of the ida benchmark binary (all bench/*.cc files register benchmarks). The
// heap is managed as in `ida` (core/allocator.h).
#include <benchmark/benchmark.h>

#include "core/allocator.h"

int main(int argc, char** argv) {
  ida::keep_freed_memory();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
