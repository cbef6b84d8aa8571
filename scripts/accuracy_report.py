#!/usr/bin/env python3
"""Writes docs/accuracy.md from the JSON of `aaren train --json` runs (scripts/accuracy.sh).

usage: accuracy_report.py --doc FILE --command CMD NAME=L/H=MODEL=JSON ...

Standard library only. Every figure comes from the runs' JSON; the published records are the
lookback-96 (illness: 36) figures quoted in issue 17 with their sources.
"""
import argparse
import json
import math
import sys
from collections import OrderedDict

# Lowest published test MSE at the same protocol (lookback 96, or 36 for illness), as quoted
# in issue 17.
PUBLISHED = {
    "ETTh1": (0.371, "TQNet (Lin et al., 2025)"),
    "ETTh2": (0.286, "CycleNet/Linear (Lin et al., NeurIPS 2024)"),
    "exchange_rate": (0.086, "iTransformer (Liu et al., ICLR 2024)"),
    "national_illness": (2.317, "TimesNet (Wu et al., ICLR 2023)"),
}


def fmt(v, digits=4):
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    return f"{v:.{digits}f}"


def minutes(seconds):
    if seconds is None:
        return "–"
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s" if m else f"{s} s"


def load(args):
    runs = OrderedDict()
    for spec in args:
        name, window, model, path = spec.split("=", 3)
        with open(path, encoding="utf-8") as f:
            runs.setdefault((name, window), {})[model] = json.load(f)
    return runs


def label(name, window, run):
    """'national_illness (36/24)'; a lookback-search row names the lookback validation chose."""
    if not name.endswith("+search"):
        return f"{name} ({window})"
    chosen = [x["lookback"] for x in run.get("lookback_search", []) if x.get("chosen")]
    tried = "/".join(str(x["lookback"]) for x in run.get("lookback_search", []))
    h = window.split("/")[1]
    return f"{name[:-7]} (L chosen on validation among {tried}: {chosen[0] if chosen else '?'}/{h})"


def baselines(run):
    """[{name, mse, mae}] of a run's baselines."""
    out = []
    for b in run.get("baselines", []):
        m = b.get("metrics") or {}
        out.append({"name": b["name"], "mse": m.get("mse"), "mae": m.get("mae")})
    return out


def best_baseline(run):
    b = [x for x in baselines(run) if x["mse"] is not None]
    return min(b, key=lambda x: x["mse"]) if b else None


def metric(run, part, key):
    m = run.get(part) or {}
    return m.get(key)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--doc", required=True)
    ap.add_argument("--command", default="make accuracy")
    ap.add_argument("runs", nargs="+")
    a = ap.parse_args()
    runs = load(a.runs)

    out = []
    w = out.append
    w("# Accuracy on the bundled panel")
    w("")
    w(f"Produced by `{a.command}` (scripts/accuracy.sh, then scripts/accuracy_report.py) on the")
    w("development machine: 2 shared cores, Debian's CPU LibTorch, seed 42. Each row is one `aaren train")
    w("--data FILE -L L -H H [--model transformer] --json` run with every other setting at its default.")
    w("Test MSE and MAE are on values standardised with the training part's statistics, averaged over")
    w("every test window (stride 1), channel and step, as in the papers.")
    w("")
    w("How each default was chosen (nothing below was picked on test figures):")
    w("")
    w("- **The least-squares part** is chosen per run on the validation windows: naive, seasonal naive,")
    w("  and the linear, level-free linear and RLinear maps, each also after a daily cycle when the series")
    w("  has a sub-daily step. Ridge λ comes from {1e-6 … 10} by validation MSE; the candidate kept is the")
    w("  one with the fewest parameters within one Newey–West standard error of the lowest validation MSE")
    w("  (docs/notes/forecast-defaults-study.md, §5).")
    w("- **The guard**: the network (Aaren or Transformer, trained on what that part leaves) is kept only")
    w("  when it beats the part on validation by more than one standard error; otherwise the saved model")
    w("  forecasts with the least-squares part alone.")
    w("- **Lookback and horizon** are the panel's protocol (96/96; illness 36/24; Airline, 144 monthly")
    w("  rows, 24/12), not tuned.")
    w("- The network's own settings (width 64, 2 layers, 3 epochs, AdamW 2e-4, the loss on the last")
    w("  position; the Transformer gets 1 epoch, about the Aaren run's time) are the app's defaults as measured in docs/benchmarks.md, \"Accuracy\"; they were set")
    w("  on ETTh1 with its test figures in view before this study, which is why the guard now decides on")
    w("  validation whether the network is used at all.")
    w("")

    w("## Test MSE / MAE")
    w("")
    w("| data (L/H) | Aaren | Transformer (1 epoch) | best baseline | least-squares part (validation's pick) | Aaren network | published record (lookback 96) |")
    w("|---|---|---|---|---|---|---|")
    verdicts = []
    for (name, window), models in runs.items():
        ar, tf = models.get("aaren"), models.get("transformer")
        ref = ar or tf
        bb = best_baseline(ref)
        pub = PUBLISHED.get(name)  # like-for-like only at the protocol's lookback
        def cell(run):
            if not run or run.get("test") is None:
                return "–"
            return f"{fmt(metric(run, 'test', 'mse'))} / {fmt(metric(run, 'test', 'mae'))}"
        guard = (ar or {}).get("guard") or {}
        kept = "–" if not guard else ("kept" if guard.get("network_kept") else "off (no gain on validation)")
        w(f"| {label(name, window, ref)} | {cell(ar)} | {cell(tf)} | "
          f"{bb['name']} {fmt(bb['mse'])} / {fmt(bb['mae'])} | {ref.get('linear_part') or '–'} | {kept} | "
          f"{fmt(pub[0], 3) + ' — ' + pub[1] if pub else '–'} |")
        if ar and ar.get("test") is not None and bb:
            mse = metric(ar, "test", "mse")
            verdicts.append((label(name, window, ar), mse, bb, pub if not name.endswith("+search") else None))
    w("")
    w("Against the acceptance of issue 17 (the Aaren row; \"best baseline\" is the lowest test MSE among")
    w("the app's baselines, which validation could not have known):")
    w("")
    for name, mse, bb, pub in verdicts:
        line = f"- {name}: {fmt(mse)} "
        # The same forecast scored in float (the model) and in double (the baseline) differs
        # in the sixth digit: within 1e-4 relative counts as equal.
        same = abs(mse - bb["mse"]) <= 1e-4 * abs(bb["mse"])
        line += ("= (the same forecast)" if same else "≤" if mse < bb["mse"] else ">") + f" best baseline {bb['name']} {fmt(bb['mse'])}"
        if pub:
            line += "; " + ("≤" if mse <= pub[0] else ">") + f" published {fmt(pub[0], 3)}"
        w(line + ".")
    w("")

    w("## Every baseline (test MSE / MAE)")
    w("")
    names = []
    for models in runs.values():
        for b in baselines(models.get("aaren") or models.get("transformer")):
            base = b["name"].split(" (")[0]
            if base not in names:
                names.append(base)
    w("| data (L/H) | " + " | ".join(names) + " |")
    w("|---|" + "---|" * len(names))
    for (name, window), models in runs.items():
        ref = models.get("aaren") or models.get("transformer")
        by = {b["name"].split(" (")[0]: b for b in baselines(ref)}
        cells = [f"{fmt(by[n]['mse'])} / {fmt(by[n]['mae'])}" if n in by else "–" for n in names]
        w(f"| {label(name, window, ref)} | " + " | ".join(cells) + " |")
    w("")
    w("Seasonal naive uses the detected period (at most the lookback); without one it repeats the last value.")
    w("")

    w("## What the network adds (the ablation)")
    w("")
    w("The least-squares part alone against the same model with its trained network, on validation")
    w("(where the guard decides) and on test. \"SE\" is the Newey–West standard error of the paired")
    w("per-window difference on validation.")
    w("")
    w("| data (L/H) | model | validation: part alone | validation: with network | SE | test: part alone | test: saved model | training time |")
    w("|---|---|---|---|---|---|---|---|")
    for (name, window), models in runs.items():
        for model in ("aaren", "transformer"):
            run = models.get(model)
            if not run:
                continue
            g = run.get("guard") or {}
            lt = (run.get("linear_test") or {}).get("mse")
            w(f"| {label(name, window, run)} | {model} | {fmt(g.get('linear_val_mse'))} | {fmt(g.get('network_val_mse'))} | "
              f"{fmt(g.get('gap_se'))} | {fmt(lt)} | {fmt(metric(run, 'test', 'mse'))} | {minutes(run.get('train_seconds'))} |")
    w("")

    w("## The candidates validation scored")
    w("")
    for (name, window), models in runs.items():
        ref = models.get("aaren") or models.get("transformer")
        cands = ref.get("linear_candidates") or []
        if not cands:
            continue
        w(f"**{label(name, window, ref)}**: " + "; ".join(
            f"{c['name']} {fmt(c['val_mse'])}" + (" (chosen)" if c.get("chosen") else " (within 1 SE)" if c.get("eligible") else "")
            for c in cands) + ".")
        w("")

    # Hand-written analysis after the marker survives a rerun.
    marker = "<!-- accuracy:notes -->"
    kept = ""
    try:
        with open(a.doc, encoding="utf-8") as f:
            text = f.read()
        if marker in text:
            kept = text[text.index(marker):]
    except FileNotFoundError:
        pass
    with open(a.doc, "w", encoding="utf-8") as f:
        f.write("\n".join(out).rstrip() + "\n")
        if kept:
            f.write("\n" + kept.rstrip() + "\n")


if __name__ == "__main__":
    sys.exit(main())
