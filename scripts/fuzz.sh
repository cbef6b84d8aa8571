#!/usr/bin/env bash
# Builds the libFuzzer targets (CSV and .ts parsers, stream lines) with clang and runs each for SECONDS.
# Usage: scripts/fuzz.sh [SECONDS]          (default 60; `make fuzz FUZZ_SECONDS=...`)
# Build directory: build-fuzz, or $AAREN_FUZZ_BUILD_DIR. Crashes are written to
# <build>/fuzz-artifacts/ and make the script fail.
set -euo pipefail

SECONDS_PER_TARGET=${1:-60}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${AAREN_FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
JOBS=${JOBS:-2}

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (scripts/deps.sh installs it)" >&2; exit 1; }
GENERATOR="Unix Makefiles"
command -v ninja >/dev/null && GENERATOR=Ninja

if [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G "$GENERATOR" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DAAREN_BUILD_FUZZ=ON -DAAREN_BUILD_GUI=OFF -DAAREN_BUILD_TESTS=OFF -DAAREN_BUILD_BENCH=OFF >/dev/null
fi
cmake --build "$BUILD" --target fuzz_csv fuzz_ts fuzz_model_file fuzz_stream_lines -j "$JOBS"

mkdir -p "$BUILD/fuzz-artifacts"
for target in csv ts model_file stream_lines; do
  corpus="$BUILD/fuzz-corpus/$target"
  mkdir -p "$corpus"
  # Small shipped files as extra seeds (the CSV target reads its first byte as options).
  if [[ $target == csv ]]; then
    for f in Airline.csv national_illness.csv; do
      [[ -f "$corpus/$f" ]] || { printf '\000'; cat "$ROOT/data/forecasting/$f"; } > "$corpus/$f"
    done
  elif [[ $target == ts ]]; then
    cp -n "$ROOT/data/classification/ItalyPowerDemand/ItalyPowerDemand_TRAIN.ts" "$corpus/" 2>/dev/null || true
  fi
  echo "fuzz: fuzz_$target for ${SECONDS_PER_TARGET}s"
  log="$BUILD/fuzz-$target.log"
  set +e
  "$BUILD/tests/fuzz/fuzz_$target" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$BUILD/fuzz-artifacts/${target}-" -print_final_stats=1 \
    "$corpus" "$ROOT/tests/fuzz/seeds/${target%_file}" >"$log" 2>&1
  status=$?
  set -e
  grep -E "^(Done [0-9]+ runs|stat::number_of_executed_units)" "$log" || true
  if [[ $status -ne 0 ]]; then
    tail -n 60 "$log" >&2
    echo "fuzz: fuzz_$target FAILED (exit $status); log $log, inputs in $BUILD/fuzz-artifacts" >&2
    exit "$status"
  fi
done
echo "fuzz: all targets ran ${SECONDS_PER_TARGET}s without a finding"
