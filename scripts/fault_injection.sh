#!/usr/bin/env bash
# Fault injection (docs/alignment.md, requirement 2): trains small runs with a share p of
# Distill's targets (or of A's answers inside Amplify) replaced by wrong ones, p in
# {0, 0.01, 0.1, 0.3} x seeds 1-3, on sequential_assignments (size 2, 7 rounds) and
# tic-tac-toe (configs/tictactoe.toml, 10 rounds), and prints a markdown table of the
# distilled A's held-out accuracy beside its corrupted teacher's and the closed form
# (1 - p) * clean + p * chance (what A would score if it copied its corrupted targets).
# Usage: scripts/fault_injection.sh [OUT_DIR]   (runs kept in OUT_DIR, default runs/faults)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/faults}"
ida=build/ida
[ -x "$ida" ] || { echo "fault_injection: build first (scripts/test.sh)" >&2; exit 2; }
mkdir -p "$out"

# The last round's metric NAME from a run's `ida train --quiet` table.
metric() {
  awk -v name="$2" '$1 == "round" { for (i = 1; i <= NF; i++) col[$i] = i; next }
                    { last = $0 } END { split(last, f); print (name in col) ? f[col[name]] : "" }' "$1"
}

train() {  # instance place mode p seed -> the run's log
  local instance=$1 place=$2 mode=$3 p=$4 seed=$5
  local dir="$out/$instance-$place-$mode-$p-$seed"
  local args=(train --quiet --run "$dir" --set "seed=$seed" --set "fault.$place=$p" --set "fault.mode=$mode" --set audit.every=0)
  if [ "$instance" = tictactoe ]; then
    args+=(--config configs/tictactoe.toml --set rounds=10 --set assess.arena_games=0 --set assess.reference_games=0)
  else
    args+=(--set task=sequential_assignments --set curriculum.start_size=2 --set curriculum.max_size=2 --set rounds=7 --set assess.questions=512)
  fi
  [ -f "$dir/done" ] || { rm -rf "$dir"; "$ida" "${args[@]}" >"$dir.log" 2>&1 && touch "$dir/done"; }
  echo "$dir.log"
}

echo "| instance | faults in | mode | p | realised (seed 1) | A, seeds 1-3 | teacher with faults | closed form |"
echo "|---|---|---|---:|---:|---|---|---|"
for instance in sequential_assignments tictactoe; do
  for spec in targets:random targets:fixed subanswers:fixed; do
    place=${spec%:*} mode=${spec#*:}
    [ "$instance" = tictactoe ] && [ "$place" = subanswers ] && mode=random
    for p in 0 0.01 0.1 0.3; do
      a="" teacher="" closed="" realised=""
      for seed in 1 2 3; do
        log=$(train "$instance" "$place" "$mode" "$p" "$seed")
        if [ "$instance" = tictactoe ]; then
          acc=$(metric "$log" optimal_moves)
          clean=$(metric "$(train tictactoe targets random 0 "$seed")" optimal_moves)
          chance=$(metric "$(train tictactoe targets random 1 "$seed")" optimal_moves_chance)
          t="—"
        else
          acc=$(metric "$log" acc)
          clean=$(metric "$log" acc_amp)
          chance=0
          t=$(metric "$log" acc_amp_faulty); [ -n "$t" ] || t=$clean
        fi
        r=$(metric "$log" "fault_${place}_share"); [ -n "$r" ] || r=0
        a+="${a:+, }$acc"
        teacher+="${teacher:+, }$t"
        if [ "$place" = targets ]; then
          closed+="${closed:+, }$(awk -v p="$p" -v c="$clean" -v z="$chance" 'BEGIN { printf "%.3f", (1 - p) * c + p * z }')"
        else
          closed="—"
        fi
        [ -n "$realised" ] || realised=$r
      done
      echo "| $instance | $place | $mode | $p | $realised | $a | $teacher | $closed |"
    done
  done
done
