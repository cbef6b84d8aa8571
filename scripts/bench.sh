#!/usr/bin/env bash
# Runs every Google Benchmark program of a build and updates docs/benchmarks.md.
#   scripts/bench.sh BUILD_DIR          (what `make bench` calls after building)
# Each BUILD_DIR/tests/bench/bench_* program writes BUILD_DIR/bench/<name>.json; then
# scripts/bench_report.py rewrites the generated section of docs/benchmarks.md (between
# <!-- bench:begin --> and <!-- bench:end -->) from every JSON in BUILD_DIR/bench.
# Environment:
#   AAREN_BENCH_ARGS     extra arguments for every program (e.g. --benchmark_filter=...)
#   AAREN_BENCH_COMMAND  the command recorded in the report (default: make bench)
#   AAREN_BENCH_DOC      the document to update (default: docs/benchmarks.md)
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$(cd "$1" && pwd)
BENCH_DIR="$BUILD_DIR/tests/bench"
OUT_DIR="$BUILD_DIR/bench"
DOC="${AAREN_BENCH_DOC:-$ROOT/docs/benchmarks.md}"
read -r -a EXTRA <<<"${AAREN_BENCH_ARGS:-}"

programs=()
if [[ -d "$BENCH_DIR" ]]; then
  while IFS= read -r -d '' p; do programs+=("$p"); done \
    < <(find "$BENCH_DIR" -maxdepth 1 -type f -name 'bench_*' -perm -u+x -print0 | sort -z)
fi
if ((${#programs[@]} == 0)); then
  echo "bench: no bench_* programs in $BENCH_DIR (build with -DAAREN_BUILD_BENCH=ON)" >&2
  exit 1
fi

mkdir -p "$OUT_DIR"
failed=()
for p in "${programs[@]}"; do
  name=$(basename "$p")
  json="$OUT_DIR/$name.json"
  echo "bench: running $name"
  start=$(date +%s)
  if ! "$p" --benchmark_out="$json" --benchmark_out_format=json "${EXTRA[@]}"; then
    echo "bench: $name failed" >&2
    rm -f "$json"   # never report stale figures
    failed+=("$name")
  fi
  echo "bench: $name took $(( $(date +%s) - start )) s"
done

shopt -s nullglob
jsons=("$OUT_DIR"/*.json)
python3 "$ROOT/scripts/bench_report.py" --doc "$DOC" \
  --command "${AAREN_BENCH_COMMAND:-make bench}" "${jsons[@]}"

if ((${#failed[@]} > 0)); then
  echo "bench: failed: ${failed[*]}" >&2
  exit 1
fi
