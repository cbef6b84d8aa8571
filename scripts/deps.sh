#!/usr/bin/env bash
# The one place that lists the Debian 12 packages Aaren Studio needs.
# Installs whichever are missing: apt-get as root, sudo otherwise.
# Usage: scripts/deps.sh [--list]
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config
  clang libclang-rt-14-dev            # libFuzzer targets (make fuzz)
  # libraries
  qt6-base-dev qt6-base-dev-tools qt6-svg-dev
  libqcustomplot-dev
  libtorch-dev
  libopenblas0-openmp                 # optimised BLAS for LibTorch (else netlib's reference BLAS)
  libsqlite3-dev
  libboost-dev libboost-program-options-dev
  nlohmann-json3-dev
  libssl-dev                          # SHA-256 (libcrypto EVP) for model files
  libgl-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-pandas              # CSV ingest baseline in make bench
  xvfb xauth fonts-dejavu-core        # GUI runs and screenshots without a display
  poppler-utils                       # pdftotext / pdftoppm checks of reports
  # packaging (make package, make package-check)
  help2man desktop-file-utils appstream file dpkg-dev
)

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${PACKAGES[@]}"
  exit 0
fi

missing=()
for p in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#PACKAGES[@]} Debian packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
