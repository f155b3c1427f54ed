#!/usr/bin/env bash
# Installs what ida needs on Debian 12 (apt only; nothing is downloaded at
# build or run time). OpenBLAS matters: without it Debian's libtorch falls back
# to the reference BLAS, ~20x slower.
set -euo pipefail
packages=(cmake g++ make libtorch-dev libopenblas0-openmp libtomlplusplus-dev libcli11-dev
          libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev
          clang libclang-rt-14-dev  # the sanitizer build and the fuzz targets
          pkg-config libcpp-httplib-dev libssl-dev zlib1g-dev libbrotli-dev  # ida serve
          chromium)  # the browser tests (driven by playwright-core, never a browser download)
# Node.js and npm for the browser tests, from Debian unless some node is there already.
command -v npm > /dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
# playwright-core for the browser tests, at the version of the committed lock file.
browser_tests="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
if [ ! -d "$browser_tests/node_modules/playwright-core" ]; then
  npm ci --prefix "$browser_tests" --no-audit --no-fund --loglevel=error
fi
