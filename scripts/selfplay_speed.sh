#!/usr/bin/env bash
# End-to-end Connect Four self-play speed of one or more ida binaries, as the OpenSpiel
# comparison in the README measures it: one round of `ida train` from random weights
# (configs/connect4.toml, 256 games), read from its speed_selfplay_positions_per_s.
#
# Usage: scripts/selfplay_speed.sh [REPEATS] [BINARY...]   (default: 3, build/ida)
#
# Settings: "80" and "300" simulations with no tree reuse and no random openings (matched
# to OpenSpiel's alpha_zero_torch_example), and "shipped" (80 simulations, tree reuse,
# random openings). The binaries alternate within each repeat, so a before/after pair sees
# the same machine state; each line is one round, the last lines the medians.
# Distillation is cut to a token step count (it is not measured) and the per-round
# reference games and audit are off. Runs go to a temporary directory and are deleted.
set -euo pipefail
cd "$(dirname "$0")/.."

repeats=3
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then repeats=$1; shift; fi
binaries=("$@")
[[ ${#binaries[@]} -gt 0 ]] || binaries=(build/ida)
for b in "${binaries[@]}"; do
  [[ -x $b ]] || { echo "selfplay_speed: $b is not an executable" >&2; exit 2; }
done

options_of() {
  case $1 in
    80 | 300) echo "--set search.simulations=$1 --set search.reuse_tree=false --set selfplay.random_opening_moves=0" ;;
    shipped) echo "" ;;
  esac
}

work=$(mktemp -d "${TMPDIR:-/tmp}/ida-selfplay-speed.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One round; prints its speed_selfplay_positions_per_s (the round table's column).
speed() {
  local binary=$1 setting=$2 run=$work/run
  rm -rf "$run"
  # shellcheck disable=SC2046 # options are separate words
  "$binary" train --config configs/connect4.toml --quiet --run "$run" --set rounds=1 \
    --set train.sample_reuse=0.01 --set assess.reference_games=0 --set audit.every=0 \
    $(options_of "$setting") |
    awk '$1 == "round" { for (i = 1; i <= NF; ++i) if ($i == "speed_selfplay_positions_per_s") c = i }
         c && $1 == "1" { print $c }'
}

results=$work/results
for ((r = 1; r <= repeats; ++r)); do
  for setting in 80 300 shipped; do
    for b in "${binaries[@]}"; do
      s=$(speed "$b" "$setting")
      printf '%s\t%s\t%s\n' "$setting" "$b" "$s" | tee -a "$results"
    done
  done
done

echo "== medians of $repeats (positions/s)"
for setting in 80 300 shipped; do
  for b in "${binaries[@]}"; do
    m=$(awk -F'\t' -v s="$setting" -v b="$b" '$1 == s && $2 == b { print $3 }' "$results" |
      sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')
    printf '%s\t%s\t%s\n' "$setting" "$b" "$m"
  done
done
