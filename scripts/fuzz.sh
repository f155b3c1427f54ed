#!/usr/bin/env bash
# Runs libFuzzer targets of the sanitizer build (scripts/sanitize.sh builds them) for RUNS
# inputs each, from the committed seed corpus; new inputs go to build-sanitize/fuzz-found/,
# a crash, leak or sanitizer report stops the run and leaves its input in
# build-sanitize/fuzz-found/<target>-crashes/. Prints the execution count and time per
# target (each target's log is build-sanitize/fuzz-found/<target>.log).
# Usage: scripts/fuzz.sh RUNS [TARGET...]   (default: every fuzz_* target)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:?usage: scripts/fuzz.sh RUNS [TARGET...]}"
shift
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/fuzz_*.cc; do targets+=("$(basename "$f" .cc)"); done
fi
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
for t in "${targets[@]}"; do
  found="build-sanitize/fuzz-found/$t"
  mkdir -p "$found" "$found-crashes"
  log="build-sanitize/fuzz-found/$t.log"
  start=$(date +%s)
  if ! build-sanitize/"$t" -runs="$runs" -seed=1 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$found-crashes/" "$found" "fuzz/corpus/$t" >"$log" 2>&1; then
    echo "$t: FAILED, see $log" >&2
    tail -30 "$log" >&2
    exit 1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  echo "$t: $execs executions in $(( $(date +%s) - start )) s, no crash, leak or sanitizer report"
done
