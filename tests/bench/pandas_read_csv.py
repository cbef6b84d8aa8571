#!/usr/bin/python3
"""Baseline for bench_csv_ingest: time pandas.read_csv(path, parse_dates=[0]).

Usage: /usr/bin/python3 pandas_read_csv.py FILE [REPEATS]
Prints "<best seconds> <MB/s>" (MB = 10^6 bytes of input), the best of REPEATS reads.
Run with Debian's /usr/bin/python3 (python3-pandas); the pyenv python3 has no pandas.
"""
import os
import sys
import time

import pandas as pd


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        frame = pd.read_csv(path, parse_dates=[0])
        best = min(best, time.perf_counter() - start)
        del frame
    mb = os.path.getsize(path) / 1e6
    print(f"{best:.6f} {mb / best:.1f}")


if __name__ == "__main__":
    main()
