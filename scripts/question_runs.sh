#!/usr/bin/env bash
# The documented IDA-vs-supervised run of each question task (docs/questions.md).
#
# Usage: scripts/question_runs.sh [MINUTES] TASK...   (default: 22 minutes, all five tasks)
#
# For each task, IDA (configs/<task>.toml) and the supervised baseline (the same config with
# targets = ground_truth) train side by side, one core and one torch thread each, for at most
# MINUTES of wall time (the limit, not the rounds, ends them); a run stopped by the limit
# keeps its finished rounds. They are compared
# at the last round both finished, so at equal training steps. Runs go to
# runs/<task>-ida and runs/<task>-supervised; rerunning resumes them (delete them to start over).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=22
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then minutes=$1; shift; fi
tasks=("$@")
[[ ${#tasks[@]} -gt 0 ]] ||
  tasks=(permutation_powering union_find wildcard_search sequential_assignments shortest_path)

for task in "${tasks[@]}"; do
  config=configs/$task.toml
  [[ -f $config ]] || { echo "no config $config" >&2; exit 2; }
  echo "== $task: IDA and supervised, $minutes min, 1 thread each"
  pids=()
  for targets in amplified ground_truth; do
    run=runs/$task-ida
    [[ $targets == ground_truth ]] && run=runs/$task-supervised
    timeout "${minutes}m" build/ida train --config "$config" --quiet \
      --set threads=1 --set rounds=10000 --set targets=$targets --run "$run" >"$run.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || true; done
done
