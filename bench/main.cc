// Entry point of the ida benchmark binary (all bench/*.cc files register benchmarks).
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
