#!/usr/bin/env bash
# Trains the shipped question models: for each task, IDA on configs/<task>.toml (A never sees
# a ground-truth label), two tasks at a time, one core and one torch thread each, then
# exports the last round's agent to models/<task>.ckpt (weights alone, `ida export`).
#
# Usage: scripts/ship_question_models.sh [TASK...]   (default: all five)
# Runs go to runs/ship-<task> and resume when rerun (a finished run only exports again).
set -euo pipefail
cd "$(dirname "$0")/.."

tasks=("$@")
[[ ${#tasks[@]} -gt 0 ]] ||
  tasks=(permutation_powering union_find shortest_path sequential_assignments wildcard_search)

train() {
  local task=$1
  build/ida train --config "configs/$task.toml" --set threads=1 --run "runs/ship-$task" \
    --quiet >"runs/ship-$task.log" 2>&1
  build/ida export --model "runs/ship-$task" --out "models/$task.ckpt"
}

mkdir -p runs
for ((i = 0; i < ${#tasks[@]}; i += 2)); do
  pids=()
  for task in "${tasks[@]:i:2}"; do
    train "$task" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
done
