#!/usr/bin/env bash
# Model variants of one question task compared at equal steps (docs/questions.md, "Model
# variants"): each variant is the task's config with its own --set overrides, trained for the
# same number of rounds, two runs at a time, one core and one torch thread each.
#
# Usage: scripts/question_variants.sh ROUNDS TASK VARIANT...
#   VARIANT: a name and its overrides, "name:key=value,key=value" ("name:" for none), e.g.
#   scripts/question_variants.sh 100 permutation_powering plain: pointer:model.pointer=true
#
# Runs go to runs/variants/<task>-<name> (rerunning resumes them, or extends them to more
# ROUNDS); each run's last row is printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

[[ $# -ge 3 && $1 =~ ^[0-9]+$ ]] || { sed -n 6,9p "$0" >&2; exit 2; }
rounds=$1 task=$2
shift 2
config=configs/$task.toml
[[ -f $config ]] || { echo "no config $config" >&2; exit 2; }
mkdir -p runs/variants

run_variant() {  # name overrides
  local run=runs/variants/$task-$1 sets=(--set threads=1 --set rounds="$rounds")
  local item
  IFS=',' read -ra items <<<"$2"
  for item in "${items[@]}"; do [[ -n $item ]] && sets+=(--set "$item"); done
  build/ida train --config "$config" --quiet "${sets[@]}" --run "$run" >"$run.log" 2>&1 ||
    { echo "$run failed:" >&2; tail -n 3 "$run.log" >&2; return 1; }
}

names=()
running=0
for variant in "$@"; do
  [[ $variant == *:* ]] || { echo "variant '$variant' is not name:overrides" >&2; exit 2; }
  name=${variant%%:*}
  names+=("$name")
  run_variant "$name" "${variant#*:}" &
  if ((++running == 2)); then wait -n; running=1; fi
done
wait

for name in "${names[@]}"; do
  echo "== $task $name"
  log=runs/variants/$task-$name.log
  grep -m 1 '^ *round ' "$log" || true
  grep -E '^ +[0-9]+ ' "$log" | tail -n 1
done
