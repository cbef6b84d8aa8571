#!/usr/bin/env bash
# Trains the default forecasters on the bundled panel and writes docs/accuracy.md.
#   scripts/accuracy.sh BUILD_DIR          (what `make accuracy` calls after building)
# For every panel dataset it runs `aaren train` with the defaults (seed 42) for the Aaren
# model and the Transformer, keeps each run's JSON in BUILD_DIR/accuracy/, and then
# scripts/accuracy_report.py writes the table. The Transformer gets one epoch (about the Aaren
# run's training time: its epoch is ~3× as long; docs/benchmarks.md has its 3-epoch ETTh1
# figure), so the whole panel trains in about 45 minutes on 2 cores. Every choice inside a run (the least-squares
# part, ridge, the guard) is made on the validation part; the test figures are only reported.
# Environment:
#   AAREN_ACCURACY_ONLY   a comma-separated subset of the panel's names (e.g. ETTh1,Airline)
#   AAREN_ACCURACY_DOC    the document to write (default: docs/accuracy.md)
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 BUILD_DIR" >&2
  exit 2
fi
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=$(cd "$1" && pwd)
AAREN="$BUILD_DIR/app/aaren"
OUT_DIR="$BUILD_DIR/accuracy"
DOC="${AAREN_ACCURACY_DOC:-$ROOT/docs/accuracy.md}"
mkdir -p "$OUT_DIR"

# name file lookback horizon [flags]: the panel at its protocol, then the two series whose
# validation prefers a longer window, with --lookback-search (the lookback then starts there).
PANEL=(
  "ETTh1 data/forecasting/ETTh1.csv 96 96"
  "ETTh2 data/forecasting/ETTh2.csv 96 96"
  "exchange_rate data/forecasting/exchange_rate.csv 96 96"
  "national_illness data/forecasting/national_illness.csv 36 24"
  "daily-min-temperatures data/forecasting/daily-min-temperatures.csv 96 96"
  "Airline data/forecasting/Airline.csv 24 12"
  "national_illness+search data/forecasting/national_illness.csv 36 24 --lookback-search"
  "daily-min-temperatures+search data/forecasting/daily-min-temperatures.csv 96 96 --lookback-search"
)

wanted() {
  [[ -z "${AAREN_ACCURACY_ONLY:-}" ]] && return 0
  [[ ",${AAREN_ACCURACY_ONLY}," == *",$1,"* ]]
}

runs=()
for entry in "${PANEL[@]}"; do
  read -r name file lookback horizon flags <<<"$entry"
  wanted "$name" || continue
  for model in aaren transformer; do
    json="$OUT_DIR/$name.$model.json"
    epochs=3
    [[ $model == transformer ]] && epochs=1
    echo "accuracy: $name ($lookback/$horizon), $model"
    start=$(date +%s)
    if ! "$AAREN" train --data "$ROOT/$file" -L "$lookback" -H "$horizon" --model "$model" --epochs "$epochs" --seed 42 \
        ${flags:-} --no-workspace --json >"$json.tmp"; then
      echo "accuracy: $name $model failed" >&2
      rm -f "$json.tmp"
      exit 1
    fi
    mv "$json.tmp" "$json"
    echo "accuracy: $name $model took $(( $(date +%s) - start )) s"
  done
done

# The report covers every panel run whose JSON is in OUT_DIR (an AAREN_ACCURACY_ONLY run
# refreshes its rows and keeps the others').
for entry in "${PANEL[@]}"; do
  read -r name file lookback horizon flags <<<"$entry"
  for model in aaren transformer; do
    json="$OUT_DIR/$name.$model.json"
    [[ -f $json ]] && runs+=("$name=$lookback/$horizon=$model=$json")
  done
done

python3 "$ROOT/scripts/accuracy_report.py" --doc "$DOC" --command "make accuracy" "${runs[@]}"
echo "accuracy: wrote $DOC"
