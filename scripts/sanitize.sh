#!/usr/bin/env bash
# Builds ida with AddressSanitizer + UndefinedBehaviorSanitizer (clang) into build-sanitize
# and runs the tests there, each fuzz target included (label fuzz: IDA_FUZZ_RUNS inputs from
# its seed corpus). Any sanitizer report, leak included, fails the test that made it.
#   scripts/sanitize.sh          every test, label long at its smaller budget included
#   scripts/sanitize.sh --quick  what CI runs: without labels slow (the kill campaign) and
#                                long (learning runs), which CI runs in the release build,
#                                and with fewer fuzz inputs
set -euo pipefail
cd "$(dirname "$0")/.."
filter=()
fuzz_runs=20000
slow=ON
# Label long (learning and end-to-end runs) runs at its sanitizer budget (tests/budget.h).
if [ "${1:-}" = "--quick" ]; then filter=(-LE "slow|long"); fuzz_runs=8000; slow=OFF; fi
scripts/setup.sh
cmake -S . -B build-sanitize -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DIDA_SANITIZE=ON -DIDA_BUILD_FUZZERS=ON \
  -DIDA_BUILD_BENCHMARKS=OFF -DIDA_BUILD_SLOW_TESTS=$slow -DIDA_FUZZ_RUNS=$fuzz_runs >/dev/null
cmake --build build-sanitize -j2
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# oneDNN 2.6's AMX convolutions (brgconv:avx512_core_amx_bf16, the bf16 trunk on CPUs with
# AMX) read past the end of a small heap block while their primitive is created. glibc's heap
# keeps such bytes mapped; ASan's allocator does not, and the uninstrumented read ends in a
# SEGV (GameAudit.FiguresDoNotDependOnThreads: 16 runs of 16 on an Intel Xeon with AMX,
# 0 of 16 capped). Capping oneDNN at AVX512-BF16 keeps the bf16 path under test.
export ONEDNN_MAX_CPU_ISA="AVX512_CORE_BF16"
ctest --test-dir build-sanitize --output-on-failure -j2 "${filter[@]}"
