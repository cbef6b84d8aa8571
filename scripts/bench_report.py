#!/usr/bin/env python3
"""Rewrite the generated section of docs/benchmarks.md from Google Benchmark JSON files.

    bench_report.py --doc docs/benchmarks.md [--command "make bench"] FILE.json...

Everything between the markers <!-- bench:begin --> and <!-- bench:end --> is replaced;
text outside them is kept. Known programs (bench_streaming, bench_training) get tables and
the targets of issue 2 with PASS/MISS; any other JSON is rendered as a generic table, so a
new benchmark program shows up without touching this script. Standard library only.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import statistics
import sys
from pathlib import Path

BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"

STREAM_MODELS = [  # (key in the benchmark name, column title)
    ("aaren", "Aaren (LibTorch ops)"),
    ("aaren_fused", "Aaren (fused step)"),
    ("gru", "GRU (LibTorch)"),
    ("transformer", "Transformer (KV cache)"),
]
TRAIN_MODELS = [
    ("aaren_scan", "Aaren (parallel scan)"),
    ("transformer", "Transformer"),
    ("aaren_step_loop", "Aaren (step loop, BPTT)"),
    ("aaren_sequential", "Aaren (attention-only loop)"),
]


# ---- input ------------------------------------------------------------------------------

def load(paths):
    """{program name: parsed JSON} for every readable file (program = file stem)."""
    runs = {}
    for p in paths:
        path = Path(p)
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as e:
            print(f"bench_report: skipping {path}: {e}", file=sys.stderr)
            continue
        if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
            print(f"bench_report: skipping {path}: not Google Benchmark JSON", file=sys.stderr)
            continue
        runs[path.stem] = data
    return runs


def iteration_rows(data):
    """Plain (non-aggregate) rows; with repetitions, the median aggregate instead."""
    rows = [b for b in data["benchmarks"] if b.get("run_type", "iteration") == "iteration"
            and not b.get("error_occurred")]
    medians = [b for b in data["benchmarks"] if b.get("aggregate_name") == "median"]
    return medians or rows


def parse_name(row):
    """'stream/aaren/1024/iterations:3000/real_time' -> ('stream', 'aaren', 1024)."""
    name = row.get("run_name") or row.get("name", "")
    parts = [p for p in name.split("/") if ":" not in p and p != "real_time"]
    arg = None
    if len(parts) >= 3:
        try:
            arg = int(parts[2])
        except ValueError:
            arg = None
    return (parts[0] if parts else name, parts[1] if len(parts) > 1 else "", arg)


def table(rows, group, key):
    """{(model, arg): row} for benchmarks named group/model/arg."""
    out = {}
    for r in rows:
        g, model, arg = parse_name(r)
        if g == group and arg is not None:
            out[(model, arg)] = r
    return out


# ---- formatting -------------------------------------------------------------------------

def fmt_us(v):
    if v is None:
        return "—"
    if v >= 1000:
        return f"{v:,.0f} µs"
    if v >= 100:
        return f"{v:.0f} µs"
    if v >= 10:
        return f"{v:.1f} µs"
    return f"{v:.2f} µs"


def fmt_bytes(v):
    if v is None:
        return "—"
    v = int(round(v))
    if v < 10 * 1024:
        return f"{v:,} B"
    if v < 10 * 1024 * 1024:
        return f"{v / 1024:,.0f} KiB"
    return f"{v / (1024 * 1024):,.1f} MiB"


def fmt_num(v):
    if v is None:
        return "—"
    if isinstance(v, float) and not v.is_integer():
        if abs(v) >= 100:
            return f"{v:,.0f}"
        if abs(v) >= 1:
            return f"{v:.2f}"
        return f"{v:.3g}"
    return f"{int(v):,}"


def fmt_rate(v):
    """Three significant digits (windows per second span 0.5 to 500)."""
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def fmt_ctx(n):
    return f"{n // 1024}k" if n % 1024 == 0 else f"{n:,}"


def md_table(header, rows):
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def verdict(ok):
    if ok is None:
        return "n/a (not run)"
    return "**PASS**" if ok else "**MISS**"


# ---- machine ----------------------------------------------------------------------------

def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        pass
    return None


def nproc():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count()


# ---- known programs ---------------------------------------------------------------------

def streaming(data, targets):
    rows = iteration_rows(data)
    t = table(rows, "stream", None)
    contexts = sorted({arg for (_, arg) in t})
    models = [(k, title) for k, title in STREAM_MODELS if any((k, c) in t for c in contexts)]

    def p50(model, ctx):
        r = t.get((model, ctx))
        return None if r is None else r.get("p50_us", r.get("real_time"))

    def counter(model, ctx, name):
        r = t.get((model, ctx))
        return None if r is None else r.get(name)

    ctx_info = data.get("context", {})
    out = ["### Streaming: one token at a time (batch 1)", ""]
    out.append(f"Median per-token step latency over the timed steps "
               f"(torch threads: {ctx_info.get('torch_threads', '?')}; "
               f"model: {ctx_info.get('model', 'default options')}).")
    out.append("")
    out.append(md_table(["context"] + [title for _, title in models],
                        [[fmt_ctx(c)] + [fmt_us(p50(k, c)) for k, _ in models] for c in contexts]))
    out.append("")
    out.append("State held by the stream at that context (exact logical bytes; the KV cache's "
               "allocated capacity in parentheses):")
    out.append("")
    srows = []
    for c in contexts:
        cells = [fmt_ctx(c)]
        for k, _ in models:
            b, a = counter(k, c, "state_bytes"), counter(k, c, "alloc_bytes")
            cell = fmt_bytes(b)
            if b is not None and a is not None and int(a) != int(b):
                cell += f" ({fmt_bytes(a)})"
            cells.append(cell)
        srows.append(cells)
    out.append(md_table(["context"] + [title for _, title in models], srows))
    out.append("")

    # Targets.
    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    aaren_bytes = {counter("aaren", c, "state_bytes") for c in contexts} - {None}
    ok = (len(aaren_bytes) == 1) if aaren_bytes else None
    targets.append(("Aaren's state bytes identical at every context",
                    ", ".join(fmt_bytes(counter("aaren", c, "state_bytes")) for c in contexts)
                    if aaren_bytes else "—", ok))

    lo, hi = (contexts[0], contexts[-1]) if contexts else (None, None)
    r = ratio(p50("aaren", hi), p50("aaren", lo)) if contexts else None
    targets.append((f"Aaren's step at {fmt_ctx(hi) if hi else '64k'} within 1.1× of its step at "
                    f"{fmt_ctx(lo) if lo else '1k'}",
                    "—" if r is None else f"{fmt_us(p50('aaren', hi))} / {fmt_us(p50('aaren', lo))} = {r:.2f}×",
                    None if r is None else r <= 1.1))

    c16 = 16384 if 16384 in contexts else None
    r = ratio(p50("transformer", c16), p50("aaren", c16)) if c16 else None
    targets.append(("Transformer's step at 16k ≥ 10× Aaren's",
                    "—" if r is None else f"{fmt_us(p50('transformer', c16))} / {fmt_us(p50('aaren', c16))} = {r:.1f}×",
                    None if r is None else r >= 10))

    def median_over(model):
        vals = [p50(model, c) for c in contexts if p50(model, c) is not None]
        return statistics.median(vals) if vals else None

    gru, aaren, fused = median_over("gru"), median_over("aaren"), median_over("aaren_fused")
    r = ratio(aaren, gru)
    targets.append(("Aaren's step ≤ 2× the GRU step (medians over contexts)",
                    "—" if r is None else f"{fmt_us(aaren)} / {fmt_us(gru)} = {r:.2f}×",
                    None if r is None else r <= 2))
    r = ratio(fused, gru)
    targets.append(("Stretch: fused Aaren step ≤ 0.5× the GRU step",
                    "—" if r is None else f"{fmt_us(fused)} / {fmt_us(gru)} = {r:.2f}×",
                    None if r is None else r <= 0.5))
    return "\n".join(out)


def training(data, targets):
    rows = iteration_rows(data)
    t = table(rows, "train", None)
    lengths = sorted({arg for (_, arg) in t})
    models = [(k, title) for k, title in TRAIN_MODELS if any((k, n) in t for n in lengths)]

    def wps(model, n):
        r = t.get((model, n))
        if r is None:
            return None
        return r.get("windows_per_s", r.get("items_per_second"))

    def batch(n):
        for k, _ in models:
            r = t.get((k, n))
            if r is not None and "batch" in r:
                return int(r["batch"])
        return None

    ctx_info = data.get("context", {})
    out = ["### Training: forward + backward throughput", ""]
    out.append(f"Windows (sequences of T steps) per second, MSE loss on the forecast at every "
               f"position, backward every iteration (torch threads: "
               f"{ctx_info.get('torch_threads', '?')}; {ctx_info.get('model', 'default options')}).")
    out.append("")
    trows = []
    for n in lengths:
        cells = [f"{n:,}", fmt_num(batch(n))]
        for k, _ in models:
            v = wps(k, n)
            cells.append("skipped" if v is None else fmt_rate(v))
        trows.append(cells)
    out.append(md_table(["T", "batch"] + [title for _, title in models], trows))
    out.append("")

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    for n, need in ((96, 1.0), (2048, 3.0)):
        r = ratio(wps("aaren_scan", n), wps("transformer", n))
        targets.append((f"Training at T={n:,}: Aaren ≥ {need:g}× the Transformer",
                        "—" if r is None else f"{fmt_rate(wps('aaren_scan', n))} / {fmt_rate(wps('transformer', n))} windows/s = {r:.2f}×",
                        None if r is None else r >= need))
    r = ratio(wps("aaren_scan", 512), wps("aaren_step_loop", 512))
    targets.append(("Training at T=512: scan ≥ 10× the sequential loop (whole model stepped, BPTT)",
                    "—" if r is None else f"{fmt_rate(wps('aaren_scan', 512))} / {fmt_rate(wps('aaren_step_loop', 512))} windows/s = {r:.1f}×",
                    None if r is None else r >= 10))
    r = ratio(wps("aaren_scan", 512), wps("aaren_sequential", 512))
    if r is not None:
        out.append(f"Against the stricter attention-only loop (every projection, norm and "
                   f"feed-forward still batched over T; only the recurrence stepped) the scan is "
                   f"{r:.1f}× faster at T=512.")
        out.append("")
    return "\n".join(out)


def generic(name, data):
    rows = iteration_rows(data)
    skip = {"name", "run_name", "run_type", "repetitions", "repetition_index", "threads",
            "family_index", "per_family_instance_index", "aggregate_name", "aggregate_unit",
            "time_unit", "real_time", "cpu_time", "iterations", "error_occurred", "error_message",
            "label"}
    counters = []
    for r in rows:
        for k, v in r.items():
            if k not in skip and isinstance(v, (int, float)) and k not in counters:
                counters.append(k)
    header = ["benchmark", "real time", "CPU time", "iterations"] + counters
    body = []
    for r in rows:
        unit = r.get("time_unit", "ns")
        body.append([f"`{r.get('run_name') or r.get('name')}`",
                     f"{fmt_num(r.get('real_time'))} {unit}", f"{fmt_num(r.get('cpu_time'))} {unit}",
                     fmt_num(r.get("iterations"))] + [fmt_num(r.get(c)) for c in counters])
    out = [f"### {name}", ""]
    out.append(md_table(header, body) if body else "_no results_")
    errors = [b for b in data["benchmarks"] if b.get("error_occurred")]
    for e in errors:
        out.append(f"\n- `{e.get('name')}` failed: {e.get('error_message', '?')}")
    return "\n".join(out)


KNOWN = {"bench_streaming": streaming, "bench_training": training}


# ---- document ---------------------------------------------------------------------------

def render(runs, command):
    now = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    mem = memory_gib()
    machine = f"{cpu_model()}, {nproc()} cores (nproc)" + (f", {mem:.0f} GiB RAM" if mem else "")
    libs = sorted({d.get("context", {}).get("library_build_type") for d in runs.values()} - {None})
    lines = [
        BEGIN,
        "<!-- Generated by scripts/bench_report.py; edits between these markers are overwritten. -->",
        "",
        f"- **Date:** {now}",
        f"- **Machine:** {machine}; {platform.system()} {platform.release()}",
        f"- **Command:** `{command}`",
        f"- **Programs:** {', '.join(sorted(runs)) or 'none'} "
        f"(Google Benchmark library build: {', '.join(libs) or '?'})",
        "",
    ]
    targets = []
    sections = []
    for name in sorted(runs, key=lambda n: (n not in KNOWN, n)):
        if name in KNOWN:
            sections.append(KNOWN[name](runs[name], targets))
    if targets or any(n in KNOWN for n in runs):
        lines.append("### Targets (issue 2)")
        lines.append("")
        lines.append(md_table(["target", "measured", "result"],
                              [[t, m, verdict(ok)] for t, m, ok in targets]))
        met = sum(1 for *_, ok in targets if ok)
        lines.append("")
        lines.append(f"{met} of {len(targets)} targets met.")
        lines.append("")
    for s in sections:
        lines.append(s)
        lines.append("")
    for name in sorted(n for n in runs if n not in KNOWN):
        lines.append(generic(name, runs[name]))
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


MARKERS = re.compile(r"^<!-- bench:begin -->[ \t]*$.*?^<!-- bench:end -->[ \t]*$",
                     re.MULTILINE | re.DOTALL)


def update(doc: Path, generated: str):
    """Replace the first marker pair that stands on lines of its own (so prose may quote
    the markers); append one at the end when there is none."""
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    if MARKERS.search(text):
        text = MARKERS.sub(lambda _: generated, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + generated + "\n"
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--doc", required=True, type=Path, help="markdown file to update")
    ap.add_argument("--command", default="make bench", help="the command that produced the figures")
    ap.add_argument("--stdout", action="store_true", help="print the section instead of writing")
    ap.add_argument("json", nargs="*", help="Google Benchmark JSON files")
    args = ap.parse_args(argv)
    runs = load(args.json)
    if not runs:
        print("bench_report: no benchmark results to report", file=sys.stderr)
        return 1
    generated = render(runs, args.command)
    if args.stdout:
        print(generated)
    else:
        update(args.doc, generated)
        print(f"bench_report: updated {args.doc} from {len(runs)} file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
