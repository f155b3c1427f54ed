#!/usr/bin/env bash
# Learning-efficiency ablation for Connect Four at equal compute (docs/connect4.md).
#
# Usage: scripts/connect4_ablation.sh [MINUTES] [VARIANT...]   (default: 40 minutes, all six)
#
# Each variant trains configs/connect4.toml from random weights with some options changed,
# two variants at a time, each with one core (selfplay.threads = 1, 1 torch thread), for
# MINUTES of wall time; then `ida curve` grades every round checkpoint's raw policy against
# the solver (the per-round arena and reference games are off: the curve is the measure).
# Equal wall time on the same machine is equal compute. Runs go to
# runs/ablation-<variant>; rerunning resumes a run (delete it to start over).
#
# The variants average 80 simulations per move, like the plain config:
#   plain     configs/connect4.toml as it is
#   cap       playout cap randomisation: 25% full searches of 200, the rest 40 (not targets)
#   forced    forced playouts with policy target pruning, k = 2
#   valuemix  value target = (result + search value) / 2
#   all       the three together
#   plain2    the plain config with another seed: how far two runs differ by chance alone
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=40
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then minutes=$1; shift; fi
variants=("$@")
[[ ${#variants[@]} -gt 0 ]] || variants=(plain cap forced valuemix all plain2)

options_of() {
  local cap="--set selfplay.full_search_share=0.25 --set search.simulations=200 --set selfplay.fast_simulations=40"
  local forced="--set search.forced_playouts=2"
  local valuemix="--set train.value_target_mix=0.5"
  case $1 in
    plain) echo "" ;;
    cap) echo "$cap" ;;
    forced) echo "$forced" ;;
    valuemix) echo "$valuemix" ;;
    all) echo "$cap $forced $valuemix" ;;
    plain2) echo "--set seed=2" ;;
    *) echo "unknown variant $1 (plain, cap, forced, valuemix, all, plain2)" >&2; exit 2 ;;
  esac
}

train() {
  local variant=$1 run=runs/ablation-$1
  local options
  options=$(options_of "$variant")
  # shellcheck disable=SC2086 # options are separate words
  timeout "${minutes}m" build/ida train --config configs/connect4.toml --quiet \
    --set rounds=100000 --set threads=1 --set selfplay.threads=1 \
    --set assess.arena_games=0 --set assess.reference_games=0 $options \
    --run "$run" >"$run.log" 2>&1 || true
}

for ((i = 0; i < ${#variants[@]}; i += 2)); do
  for v in "${variants[@]:i:2}"; do options_of "$v" >/dev/null; done
  echo "== ${variants[*]:i:2}: $minutes min each, one core each"
  train "${variants[i]}" &
  [[ $((i + 1)) -lt ${#variants[@]} ]] && train "${variants[i + 1]}" &
  wait
done

for v in "${variants[@]}"; do
  echo "== $v"
  build/ida curve --run "runs/ablation-$v" --out "runs/ablation-$v.svg" --title "ablation: $v" |
    tail -n 3
done
