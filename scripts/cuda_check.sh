#!/usr/bin/env bash
# Prepare (here, with apt):  mkdir -p .gpu && cp scripts/cuda_check.sh .gpu/check.sh && (cd .gpu && apt-get download libsqlite3-dev libsqlite3-0 libtomlplusplus-dev libtomlplusplus3 libcli11-dev libgtest-dev libgmock-dev)
# then run `bash .gpu/check.sh` on a CUDA machine with PyTorch (its libtorch is used), carrying .gpu/.
# One CUDA check of ida's libtorch networks on the lent GPU machine.
# Run from the repo root:  bash .gpu/check.sh   (writes at most 8 files to $OUT)
# Builds ida + ida_tests against the libtorch inside the python3 PyTorch wheel,
# with Debian's dev packages (.gpu/*.deb) unpacked into /tmp/deps (never into /).
# Env overrides (for dry runs elsewhere): TORCH_PREFIX, EXTRA_CMAKE_ARGS, BUILD_DIR, DEPS, STAGE=configure, BUDGET_S.
set -u
START=$(date +%s)
BUDGET_S=${BUDGET_S:-480}            # whole script must end inside this many seconds
OUT=${OUT:-/tmp/ida-gpu-out}
mkdir -p "$OUT"
cd "$(dirname "$0")/.." || exit 1
ROOT=$(pwd)
DEPS=${DEPS:-/tmp/deps}
BUILD_DIR=${BUILD_DIR:-$ROOT/build-cuda}
S=$OUT/summary.log
: > "$S"
say() { echo "[$(( $(date +%s) - START ))s] $*" | tee -a "$S"; }
left() { echo $(( BUDGET_S - ($(date +%s) - START) )); }
# timed CMD...: runs CMD, then prints its elapsed seconds
timed() { local t0; t0=$(date +%s.%N); "$@"; local rc=$?; echo "elapsed $(awk "BEGIN{printf \"%.2f\", $(date +%s.%N) - $t0}") s"; return $rc; }
# rounds_of DIR [cumulative|perround]: per-round wall seconds and steps from the run's database (survives a kill)
rounds_of() {
  python3 - "$1" "${2:-cumulative}" <<'PY' 2>&1
import sqlite3, sys
try:
    c = sqlite3.connect(sys.argv[1] + "/run.db")
    prev = 0
    for rnd, wall in c.execute("select round, wall_seconds from rounds order by round"):
        st = c.execute("select value from metrics where round=? and name='steps'", (rnd,)).fetchone()
        st = st[0] if st else None
        d = (st - prev if sys.argv[2] == "cumulative" else st) if st is not None else None
        print(f"    db round {rnd}: wall_s={wall:.2f} steps={st} -> {d/wall:.2f} steps/s (whole round)" if d else f"    db round {rnd}: wall_s={wall:.2f}")
        if st is not None: prev = st
except Exception as e:
    print("    db read failed:", e)
PY
}
LB=(); command -v stdbuf >/dev/null && LB=(stdbuf -oL -eL)
# tmo N: a timeout of at most N seconds that still ends 15 s before the budget
tmo() { local l=$(( $(left) - 15 )); (( l < 1 )) && l=1; (( $1 < l )) && l=$1; echo "$l"; }

# ---------- environment ----------
E=$OUT/env.log
{
  echo "== nvidia-smi -L"; nvidia-smi -L 2>&1
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1
  echo "== uname"; uname -a; cat /etc/os-release 2>/dev/null | head -3
  echo "== compilers"; for c in c++ g++ gcc clang++ nvcc; do printf '%s: ' $c; command -v $c || echo missing; done
  c++ --version 2>&1 | head -1; command -v nvcc >/dev/null && nvcc --version | tail -2
  ls -d /usr/local/cuda* 2>&1
  echo "== cmake / ninja"; cmake --version | head -1; ninja --version 2>&1
  echo "== python torch"
  python3 - <<'EOF' 2>&1
import torch, os
print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())
print("cxx11abi", torch._C._GLIBCXX_USE_CXX11_ABI)
print("cmake_prefix_path", torch.utils.cmake_prefix_path)
print("lib", os.path.join(os.path.dirname(torch.__file__), "lib"))
if torch.cuda.is_available(): print("device", torch.cuda.get_device_name(0))
EOF
  echo "== libsqlite3 system"; ldconfig -p 2>/dev/null | grep -E 'libsqlite3|libtomlplusplus|libgtest' || echo none
} > "$E" 2>&1
say "GPU: $(nvidia-smi -L 2>&1 | head -1)"
say "compiler: $(c++ --version 2>&1 | head -1); cmake $(cmake --version | head -1 | awk '{print $3}')"

[ -d /usr/local/cuda/bin ] && export PATH=$PATH:/usr/local/cuda/bin
if [ -z "${TORCH_PREFIX:-}" ]; then
  TORCH_PREFIX=$(python3 -c 'import torch;print(torch.utils.cmake_prefix_path)' 2>/dev/null)
fi
say "TORCH_PREFIX=$TORCH_PREFIX"

# ---------- dependencies from the carried debs ----------
mkdir -p "$DEPS"
for f in .gpu/*.deb; do dpkg -x "$f" "$DEPS" || say "dpkg -x failed: $f"; done
DL=$DEPS/usr/lib/x86_64-linux-gnu
export LD_LIBRARY_PATH=$DL${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}

# ---------- configure ----------
GEN=(); command -v ninja >/dev/null && GEN=(-G Ninja)
C=$OUT/configure.log
configure() {
  rm -rf "$BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DIDA_BUILD_TESTS=ON -DIDA_BUILD_BENCHMARKS=OFF \
    -DCMAKE_PREFIX_PATH="$TORCH_PREFIX;$DEPS/usr" \
    -DCMAKE_CXX_FLAGS="-isystem $DEPS/usr/include" \
    -DSQLite3_INCLUDE_DIR="$DEPS/usr/include" -DSQLite3_LIBRARY="$DL/libsqlite3.so" \
    -DCMAKE_EXE_LINKER_FLAGS="-Wl,--no-as-needed" \
    -DCMAKE_GTEST_DISCOVER_TESTS_DISCOVERY_MODE=PRE_TEST \
    -DCMAKE_POLICY_VERSION_MINIMUM=3.5 ${EXTRA_CMAKE_ARGS:-} "$@"
}
configure > "$C" 2>&1; rc=$?
if (( rc != 0 )) && grep -q -i 'nvToolsExt\|nvtx' "$C"; then
  # Known libtorch/CUDA>=12.9 issue: give CUDA::nvToolsExt as an alias of CUDA::nvtx3.
  say "configure failed on NVTX; retrying with an nvtx shim (see configure.log)"
  cat > /tmp/ida_nvtx_shim.cmake <<'EOF'
find_package(CUDAToolkit QUIET)
if(NOT TARGET CUDA::nvToolsExt AND TARGET CUDA::nvtx3)
  add_library(CUDA::nvToolsExt INTERFACE IMPORTED)
  target_link_libraries(CUDA::nvToolsExt INTERFACE CUDA::nvtx3)
endif()
EOF
  { echo; echo "==== retry with nvtx shim ===="; } >> "$C"
  configure -DCMAKE_PROJECT_INCLUDE=/tmp/ida_nvtx_shim.cmake >> "$C" 2>&1; rc=$?
fi
say "configure rc=$rc"
grep -E 'Found (Torch|SQLite3|GTest|CUDA|tomlplusplus)|CUDA|Caffe2' "$C" | grep -v '^ *$' | head -12 | sed 's/^/    /' | tee -a "$S"
if (( rc != 0 )); then grep -B2 -A8 'CMake Error' "$C" | head -60 | tee -a "$S"; exit 1; fi
grep -E '^(SQLite3_|GTest_DIR|tomlplusplus_DIR|Torch_DIR|CMAKE_CXX_COMPILER:)' "$BUILD_DIR/CMakeCache.txt" | sed 's/^/    /' | tee -a "$S"
[ "${STAGE:-}" = configure ] && { say "STAGE=configure: stopping"; exit 0; }

# ---------- build ----------
B=$OUT/build.log
KEEP=(); [ ${#GEN[@]} -gt 0 ] && KEEP=(-- -k 0) || KEEP=(-- -k)
timeout "$(tmo 330)" cmake --build "$BUILD_DIR" -j${JOBS:-16} --target ida ida_tests "${KEEP[@]}" > "$B" 2>&1; rc=$?
say "build rc=$rc (ida: $([ -x "$BUILD_DIR/ida" ] && echo built || echo MISSING), ida_tests: $([ -x "$BUILD_DIR/ida_tests" ] && echo built || echo MISSING))"
if (( rc != 0 )); then
  echo "---- first compiler/linker errors ----" | tee -a "$S"
  grep -E 'error:|undefined reference|^FAILED|Error [0-9]' "$B" | head -60 | tee -a "$S"
  # If ida alone can still be built, try it (ida_tests may be what failed).
  if [ ! -x "$BUILD_DIR/ida" ]; then
    timeout "$(tmo 120)" cmake --build "$BUILD_DIR" -j${JOBS:-16} --target ida >> "$B" 2>&1
    say "ida alone: $([ -x "$BUILD_DIR/ida" ] && echo built || echo MISSING)"
  fi
fi
ldd "$BUILD_DIR/ida" 2>/dev/null | grep -E '^\s*lib(torch|c10|cuda|sqlite|toml)' | sed 's/^/    /' | tee -a "$S"

# ---------- network tests on CUDA ----------
T=$OUT/tests.log
if [ -x "$BUILD_DIR/ida_tests" ]; then
  F='QuestionNet.*:Net*.*:PolicyValue*.*'
  { echo "== list"; "$BUILD_DIR/ida_tests" --gtest_list_tests --gtest_filter="$F"; } > "$T" 2>&1
  timeout "$(tmo 180)" "$BUILD_DIR/ida_tests" --gtest_filter="$F" >> "$T" 2>&1; rc=$?
  say "network tests rc=$rc"
  grep -E '^\[ *(OK|FAILED|PASSED) *\]|tests ran' "$T" | tee -a "$S"
fi

# ---------- training smoke tests ----------
R=$OUT/train_small.log
: > "$R"
if [ -x "$BUILD_DIR/ida" ]; then
  rm -rf /tmp/q /tmp/t /tmp/big
  { echo "== permutation_powering rounds=3"; } >> "$R"
  timed timeout "$(tmo 120)" "${LB[@]}" "$BUILD_DIR/ida" train --set task=permutation_powering --set rounds=3 --run /tmp/q --quiet >> "$R" 2>&1
  say "train question rc=$?"; rounds_of /tmp/q >> "$R"
  { echo; echo "== tictactoe rounds=2"; } >> "$R"
  timed timeout "$(tmo 120)" "${LB[@]}" "$BUILD_DIR/ida" train --config configs/tictactoe.toml --set rounds=2 --run /tmp/t --quiet >> "$R" 2>&1
  say "train tictactoe rc=$?"; rounds_of /tmp/t perround >> "$R"
  cat "$R" >> "$S"

  # ---------- larger question model (the paper's sizes) ----------
  G=$OUT/train_big.log
  nvidia-smi --query-gpu=timestamp,utilization.gpu,memory.used --format=csv -l 1 > /tmp/smi.csv 2>&1 &
  SMI=$!
  { echo "== big question model rounds=3"; } > "$G"
  timed timeout "$(tmo 200)" "${LB[@]}" "$BUILD_DIR/ida" train --set task=permutation_powering \
    --set model.width=512 --set model.heads=8 --set model.fact_layers=6 --set model.answer_layers=3 \
    --set model.feedforward=2048 --set rounds=3 --run /tmp/big --quiet >> "$G" 2>&1
  say "train big rc=$?"; rounds_of /tmp/big >> "$G"
  kill "$SMI" 2>/dev/null
  { echo; echo "== nvidia-smi samples (1 s)"; cat /tmp/smi.csv; } >> "$G"
  grep -v '^20[0-9][0-9]/' "$G" | head -20 >> "$S"
  awk -F', ' 'NR>1 && $2+0>0 {u+=$2; n++} END {if (n) printf "    mean GPU util over busy samples: %.0f%% (%d samples)\n", u/n, n}' /tmp/smi.csv | tee -a "$S"
fi

# ---------- the whole test suite, with what time is left ----------
if [ -x "$BUILD_DIR/ida_tests" ] && (( $(left) > 60 )); then
  A=$OUT/all_tests.log
  timeout "$(tmo 400)" "$BUILD_DIR/ida_tests" > "$A" 2>&1; rc=$?
  say "full ida_tests rc=$rc (124 = cut off by the time budget)"
  grep -E '^\[ *(FAILED|PASSED) *\]|tests ran' "$A" | tee -a "$S"
  echo "    OK: $(grep -c '^\[       OK \]' "$A")  FAILED: $(grep -c '^\[  FAILED  \]' "$A")" | tee -a "$S"
fi
say "done"
