#!/usr/bin/env python3
"""A least-squares study of forecast defaults for issue 17 (numpy + pandas only, no Torch).

Every candidate is a closed-form ridge regression (or has no parameters at all). The ridge
strength is chosen on the VALIDATION windows; each candidate is then scored once on test at
that strength (for the tables), and the selection rules (select()) read validation only.

Protocol (matches core/data/Split.cpp, core/data/Scaler.cpp, core/train/Baselines.cpp):
  ETT files: 12/4/4 months of 30 days; train rows [0, 8640), val [8640-L, 11520), test [11520-L, 14400).
  Others: nTrain = floor(0.7 n), nTest = floor(0.2 n + 1e-9), nVal = n - nTrain - nTest;
          train [0, nTrain), val [nTrain-L, nTrain+nVal), test [n-nTest-L, n).
  StandardScaler (population std) fitted on the train rows, all channels scaled.
  Windows with stride 1; MSE/MAE on scaled values over every window, channel and step.

Run (about 2 minutes on a busy 2-core machine, single-threaded; prints every table of
docs/notes/forecast-defaults-study.md):
  nice -n 19 env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 scripts/study/forecast_defaults_study.py
Options: --data DIR (default data/forecasting next to this repo), --only NAME[,NAME], --quick (L0 only).
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import pandas as pd
from numpy.lib.stride_tricks import sliding_window_view

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

# name, file, timestamp column, split, L0 (the acceptance lookback), H, lookbacks to try
DATASETS = [
    ("ETTh1", "ETTh1.csv", "date", "ett", 96, 96, [96, 192, 336, 512]),
    ("ETTh2", "ETTh2.csv", "date", "ett", 96, 96, [96, 192, 336, 512]),
    ("exchange_rate", "exchange_rate.csv", "date", "ratio", 96, 96, [96, 192, 336, 512]),
    ("national_illness", "national_illness.csv", "date", "ratio", 36, 24, [36, 52, 104, 208]),
    ("daily-min-temperatures", "daily-min-temperatures.csv", "Date", "ratio", 96, 96, [96, 192, 336, 512]),
    ("Airline", "Airline.csv", "Date", "ratio", 24, 12, [24, 36]),
]
LAMBDAS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0, 10.0]
APP_RIDGE = 1e-3  # LinearBaseline::fit's default
EPS = 1e-5        # RevIN's eps, inside the square root


# ----------------------------------------------------------------------------- data
def load(path, tcol):
    df = pd.read_csv(path)
    t = pd.to_datetime(df[tcol]).values.astype("datetime64[s]").astype(np.int64)
    v = df.drop(columns=[tcol]).select_dtypes("number").to_numpy(dtype=np.float64)
    return t, v


def borders(rows, split, L):
    """(train, val, test) row ranges exactly as core/data/Split.cpp."""
    if split == "ett":
        per_month = 30 * 24  # hourly ETT
        a, b, c = 12 * per_month, 16 * per_month, 20 * per_month
        return (0, a), (a - L, b), (b - L, c)
    n_train = math.floor(rows * 0.7)
    n_test = math.floor(rows * (1.0 - 0.7 - 0.1) + 1e-9)
    n_val = rows - n_train - n_test
    return (0, n_train), (n_train - L, n_train + n_val), (rows - n_test - L, rows)


def scale(v, train):
    x = v[train[0]:train[1]]
    mean = x.mean(0)
    sd = x.std(0)  # population std, as Scaler::fit
    sd[~(sd > 0)] = 1.0
    return (v - mean) / sd


def step_seconds(t):
    d = np.diff(t)
    vals, counts = np.unique(d[d > 0], return_counts=True)
    return int(vals[counts.argmax()])


# ----------------------------------------------------------------------------- periods
def app_detect_period(s, train, L, max_period=400):
    """core/train/Baselines.cpp detectPeriod: highest ACF peak in [2, max_lag) above 0.2, else 1."""
    x = s[train[0]:train[1]]
    n, C = x.shape
    max_lag = min(L, max_period, n // 2)
    if max_lag < 2:
        return 1
    acf = np.zeros(max_lag + 1)
    for c in range(C):
        y = x[:, c] - x[:, c].mean()
        var = (y * y).sum()
        if var <= 0:
            continue
        for lag in range(1, max_lag + 1):
            acf[lag] += (y[lag:] * y[:-lag]).sum() / var / C
    best, best_acf = 1, 0.2
    for lag in range(2, max_lag):
        a = acf[lag]
        if a > acf[lag - 1] and a >= acf[lag + 1] and a > best_acf + 1e-9:
            best, best_acf = lag, a
    return best


def centred_ma(x, p):
    """Centred moving average of length p (2 x p for even p); 'valid' part and its offset."""
    k = np.ones(p) / p if p % 2 else np.r_[0.5, np.ones(p - 1), 0.5] / p
    return np.convolve(x, k, "valid"), (len(k) - 1) // 2


def seasonal_strength(x, p, table=None):
    """Classical decomposition on one channel: d = x - MA_p(x); seasonal = phase means of d
    (phase = row mod `table`, default p); strength = max(0, 1 - var(d - seasonal) / var(d))."""
    table = table or p
    tr, h = centred_ma(x, p)
    d = x[h:h + len(tr)] - tr
    ph = (np.arange(len(d)) + h) % table
    means = np.bincount(ph, d, minlength=table) / np.maximum(np.bincount(ph, minlength=table), 1)
    means -= means.mean()
    r = d - means[ph]
    return max(0.0, 1.0 - r.var() / d.var()) if d.var() > 0 else 0.0, len(d)


def candidate_periods(t, step):
    """Periods the timestamps make plausible (the rule's candidates)."""
    day = 86400
    if step < day and day % step == 0:
        per_day = day // step
        return [per_day, 7 * per_day] if per_day >= 2 else [7 * per_day]
    if step == day:
        dow = ((t // day) + 3) % 7  # 1970-01-01 was a Thursday -> 0 = Monday
        business = not np.any(dow >= 5)
        return [5, 260] if business else [7, 365]
    if step == 7 * day:
        return [52]
    if 28 * day <= step <= 31 * day:
        return [12]
    if 89 * day <= step <= 92 * day:
        return [4]
    return []


def detect_periods(s, train, t):
    """The proposed rule. For each candidate p (3 full cycles in the training rows), the mean
    over channels of the classical-decomposition seasonal strength S_p must reach
    0.1 + 2 p / m (m = detrended rows; a series without that cycle scores about p / m).
    Of two nested periods (p = k q, q accepted) p is accepted only if the p-table adds at least
    0.02 + 2 (p - q) / m of strength over the q-table on the same detrended rows (the p-table
    contains the q-table, so without this test a daily cycle alone would 'detect' a week).
    Every accepted period becomes a candidate cycle; validation decides which one is used.
    Returns (step, report rows, accepted periods, periods rejected only by the nested test)."""
    x = s[train[0]:train[1]]
    n, C = x.shape
    step = step_seconds(t)
    rows = []
    accepted = []
    rejected_nested = []
    for p in candidate_periods(t, step):
        if 3 * p > n:
            rows.append(dict(p=p, strength=None, threshold=None, accepted=False, note="fewer than 3 cycles"))
            continue
        st = [seasonal_strength(x[:, c], p) for c in range(C)]
        S = float(np.mean([a for a, _ in st]))
        m = st[0][1]
        thr = 0.1 + 2 * p / m
        ok = S >= thr
        note = ""
        if ok:
            for q in list(accepted):
                if p % q == 0:  # nested: the p-table contains the q-table, so test what it adds
                    Sq = float(np.mean([seasonal_strength(x[:, c], p, table=q)[0] for c in range(C)]))
                    gain_thr = 0.02 + 2 * (p - q) / m
                    note = f"adds {S - Sq:.3f} over the {q}-table (needs {gain_thr:.3f})"
                    if S - Sq < gain_thr:
                        ok = False
                        rejected_nested.append(p)
        rows.append(dict(p=p, strength=S, threshold=thr, accepted=bool(ok), note=note))
        if ok:
            accepted.append(p)
    return step, rows, accepted, rejected_nested


def acf_peaks(s, train, k=4):
    """For the report only: the highest local ACF peaks (mean over channels) of the train part."""
    x = s[train[0]:train[1]]
    n = len(x)
    ml = min(n // 2, 1000)
    acc = np.zeros(ml + 1)
    m = 1 << int(np.ceil(np.log2(2 * n)))
    for c in range(x.shape[1]):
        y = x[:, c] - x[:, c].mean()
        f = np.fft.rfft(y, m)
        a = np.fft.irfft(f * np.conj(f), m)[: ml + 1]
        acc += a / a[0] / x.shape[1]
    pk = [l for l in range(2, ml) if acc[l] > acc[l - 1] and acc[l] >= acc[l + 1]]
    return [(l, round(float(acc[l]), 3)) for l in sorted(pk, key=lambda l: -acc[l])[:k]]


def periodogram_peaks(s, train, k=4):
    x = s[train[0]:train[1]]
    n = len(x)
    tt = np.arange(n)
    P = 0
    for c in range(x.shape[1]):
        y = x[:, c] - np.polyval(np.polyfit(tt, x[:, c], 1), tt)
        P = P + np.abs(np.fft.rfft(y)) ** 2
    P, fr = P[1:], np.fft.rfftfreq(n)[1:]
    # only periods with at least 3 cycles in the train part
    keep = 1 / fr <= n / 3
    P, fr = P[keep], fr[keep]
    idx = np.argsort(-P)[:k]
    return [(round(float(1 / fr[i]), 1), round(float(P[i] / P.sum()), 3)) for i in idx]


def synthetic_checks():
    """The detection rule on synthetic series with known answers (candidate unit tests)."""
    rng = np.random.default_rng(17)
    hour, day, week = 3600, 86400, 7 * 86400
    t0 = 1_600_000_000 - 1_600_000_000 % week  # a midnight
    cases = []
    n = 8640
    th = t0 + hour * np.arange(n)
    h = np.arange(n)
    e = rng.standard_normal((n, 4))
    cases.append(("random walk, hourly", th, np.cumsum(e, 0), []))
    cases.append(("white noise, hourly", th, e.copy(), []))
    ar = np.zeros((n, 4))
    for i in range(1, n):
        ar[i] = 0.95 * ar[i - 1] + e[i]
    cases.append(("AR(1) 0.95 + daily sine (amplitude 1 x noise sd), hourly", th,
                  ar + 3.2 * np.sin(2 * np.pi * h / 24)[:, None], [24]))
    wk = np.where((h // 24) % 7 >= 5, -1.0, 0.4)[:, None]
    cases.append(("AR(1) 0.95 + daily sine + weekend drop, hourly", th,
                  ar + 3.2 * np.sin(2 * np.pi * h / 24)[:, None] + 3.2 * wk, [24, 168]))
    nd = 2000
    d = np.arange(nd)
    cases.append(("random walk + weekday pattern (0.5 x step sd), daily", t0 + day * d,
                  np.cumsum(rng.standard_normal((nd, 3)), 0) * 0.2 + 0.5 * np.where(d % 7 >= 5, 1.0, -0.4)[:, None], [7]))
    nw = 600
    w = np.arange(nw)
    cases.append(("yearly sine + noise, weekly", t0 + week * w,
                  np.sin(2 * np.pi * w / 52)[:, None] + 0.5 * rng.standard_normal((nw, 2)), [52]))
    months = pd.date_range("2000-01-01", periods=120, freq="MS").values.astype("datetime64[s]").astype(np.int64)
    m = np.arange(120)
    cases.append(("trend + yearly sine + noise, monthly (120 rows)", months,
                  (0.05 * m + np.sin(2 * np.pi * m / 12) + 0.3 * rng.standard_normal(120))[:, None], [12]))
    print("\n## Period detection on synthetic series\n")
    print("| series | expected | detected | strengths (threshold) |")
    print("|---|---|---|---|")
    for name, t, x, want in cases:
        n_train = int(0.7 * len(x))
        s = scale(x, (0, n_train))
        _, rows, got, _ = detect_periods(s, (0, n_train), t)
        st = ", ".join(f"{r['p']}: {r['strength']:.3f} ({r['threshold']:.3f})" for r in rows if r["strength"] is not None)
        print(f"| {name} | {want} | {got}{'' if got == want else ' MISMATCH'} | {st} |")


# ----------------------------------------------------------------------------- cycles
def fourier_cycle(s, t, train, step, K=12):
    """Per-channel daily cycle sum_n A cos(n phi) + B sin(n phi), phi = 2 pi (second of day)/86400,
    K = min(12, samples per day // 2), least squares with an intercept on the train rows,
    intercept dropped (zero-mean cycle). As core/models/DailyCycle."""
    K = min(K, (86400 // step) // 2)
    phi = 2 * np.pi * (t % 86400) / 86400.0
    n = np.arange(1, K + 1)
    F = np.concatenate([np.cos(np.outer(phi, n)), np.sin(np.outer(phi, n))], 1)
    A = np.concatenate([np.ones((len(t), 1)), F], 1)
    a, b = train
    coef, *_ = np.linalg.lstsq(A[a:b], s[a:b], rcond=None)
    return F @ coef[1:]


def table_cycle(s, train, periods, sweeps=10):
    """CycleNet-style cycle: per channel, a table Q_P of P values (phase = absolute row index mod P),
    Q_P[j] = mean of the train rows with that phase after the other tables are removed
    (backfitting; one pass when there is one period), each table zero-mean."""
    a, b = train
    rows = np.arange(len(s))
    C = s.shape[1]
    tables = {P: np.zeros((P, C)) for P in periods}
    x = s[a:b]
    for _ in range(sweeps if len(periods) > 1 else 1):
        for P in periods:
            others = sum((tables[Q][rows[a:b] % Q] for Q in periods if Q != P), np.zeros_like(x))
            ph = rows[a:b] % P
            r = x - others
            cnt = np.bincount(ph, minlength=P)
            tab = np.stack([np.bincount(ph, r[:, c], minlength=P) for c in range(C)], 1) / cnt[:, None]
            tables[P] = tab - tab.mean(0)
    return sum(tables[P][rows % P] for P in periods)


# ----------------------------------------------------------------------------- linear maps
def design(W, L, norm):
    """W: windows [n, L+H] of one channel (cycle already removed). Returns (X, Y, restore)
    where the regression is Y ~ X @ B and restore(P) maps predictions back."""
    x, y = np.ascontiguousarray(W[:, :L]), np.ascontiguousarray(W[:, L:])  # BLAS needs contiguous rows
    one = np.ones((len(W), 1))
    if norm == "none":
        return np.concatenate([x, one], 1), y, lambda P: P
    if norm == "last":  # NLinear
        last = x[:, -1:]
        return np.concatenate([x - last, one], 1), y - last, lambda P: P + last
    mu = x.mean(1, keepdims=True)
    if norm == "mean":
        return np.concatenate([x - mu, one], 1), y - mu, lambda P: P + mu
    sd = np.sqrt(x.var(1, keepdims=True) + EPS)
    if norm == "revin":  # loss on the de-normalised forecast (as RLinear is trained): bias in units of sd
        return np.concatenate([x - mu, sd], 1), y - mu, lambda P: P + mu
    if norm == "revin_ls":  # least squares in the normalised space
        return np.concatenate([(x - mu) / sd, one], 1), (y - mu) / sd, lambda P: P * sd + mu
    raise ValueError(norm)


def channel_windows(r, rng, L, H, c):
    a, b = rng
    return sliding_window_view(r[a:b, c], L + H)


def fit_linear(r, train, L, H, norm):
    """Accumulate the normal equations over every train window of every channel."""
    G = np.zeros((L + 1, L + 1))
    B = np.zeros((L + 1, H))
    N = 0
    for c in range(r.shape[1]):
        X, Y, _ = design(channel_windows(r, train, L, H, c), L, norm)
        G += X.T @ X
        B += X.T @ Y
        N += len(X)
    return G, B, N


def solve(G, B, N, L, lam):
    A = G.copy()
    A[np.arange(L), np.arange(L)] += lam * N  # the bias (last) is not penalised, as the app
    return np.linalg.solve(A, B)


def predict_linear(r, cyc, rng, L, H, norm, Wt):
    out, act = [], []
    for c in range(r.shape[1]):
        X, _, restore = design(channel_windows(r, rng, L, H, c), L, norm)
        out.append(restore(X @ Wt) + channel_windows(cyc, rng, L, H, c)[:, L:])
    return np.stack(out, 1)  # [n, C, H]


def actual(s, rng, L, H):
    return np.stack([channel_windows(s, rng, L, H, c)[:, L:] for c in range(s.shape[1])], 1)


def scores(pred, act):
    e = pred - act
    return float((e * e).mean()), float(np.abs(e).mean())


# ----------------------------------------------------------------------------- study
def candidates(per_day, periods):
    """(name, cycle, norm). cycle: None | 'daily' | tuple of table periods. A table of one day
    is left out where the daily Fourier cycle has every harmonic (the two are the same fit)."""
    out = [("linear", None, "none"), ("NLinear (last value)", None, "last"),
           ("RLinear mean only", None, "mean"), ("RLinear", None, "revin"),
           ("RLinear (LS in normalised space)", None, "revin_ls")]
    if per_day:
        out += [("daily cycle + linear", "daily", "none"), ("daily cycle + RLinear mean only", "daily", "mean"),
                ("daily cycle + RLinear", "daily", "revin")]
        periods = [p for p in periods if p != per_day or min(12, per_day // 2) < per_day // 2]
    tabs = [(p,) for p in periods]
    nonnested = [p for p in periods if not any(q != p and q % p == 0 for q in periods)]
    if len(nonnested) > 1:
        tabs.append(tuple(nonnested))
    for tb in tabs:
        lab = "+".join(str(p) for p in tb)
        out += [(f"cycle({lab}) + linear", tb, "none"), (f"cycle({lab}) + RLinear mean only", tb, "mean"),
                (f"cycle({lab}) + RLinear", tb, "revin")]
    return out


def run_dataset(spec, data_dir, quick):
    name, fname, tcol, split, L0, H, Ls = spec
    t, v = load(os.path.join(data_dir, fname), tcol)
    rows = len(v)
    if quick:
        Ls = [L0]
    res = dict(name=name, rows=rows, channels=v.shape[1], L0=L0, H=H, records=[])
    tr0, _, _ = borders(rows, split, L0)
    s = scale(v, tr0)  # the train rows do not depend on L
    step, prow, periods, diag_periods = detect_periods(s, tr0, t)
    res.update(step=step, period_rows=prow, periods=periods, acf_peaks=acf_peaks(s, tr0),
               periodogram=periodogram_peaks(s, tr0),
               app_period={L: app_detect_period(s, tr0, L) for L in Ls})
    per_day = 86400 // step if step < 86400 and 86400 % step == 0 and 86400 // step >= 2 else 0
    cands = candidates(per_day, periods) + [
        (n, c, norm + "!") for n, c, norm in candidates(0, diag_periods) if c is not None]  # '!': diagnostic only
    cycles = {}
    for _, cyc, _ in cands:
        if cyc is None or cyc in cycles:
            continue
        t0 = time.perf_counter()
        cycles[cyc] = fourier_cycle(s, t, tr0, step) if cyc == "daily" else table_cycle(s, tr0, list(cyc))
        res.setdefault("cycle_fit_seconds", {})[str(cyc)] = time.perf_counter() - t0
    C = s.shape[1]
    zero = np.zeros_like(s)
    for L in Ls:
        train, val, test = borders(rows, split, L)
        if train[1] - train[0] < L + H or val[1] - val[0] < L + H:
            continue
        av, at = actual(s, val, L, H), actual(s, test, L, H)
        recs = []

        def add(cand, lam, pv, pt, fit, params, baseline=False, selectable=True):
            ev = (pv - av) ** 2
            recs.append(dict(cand=cand, L=L, lam=lam, val=scores(pv, av), test=scores(pt, at), fit=fit,
                             params=params, baseline=baseline, selectable=selectable,
                             vw=ev.mean(axis=(1, 2))))  # per-window validation MSE, for the 1-SE rule

        def naive(rng):
            return np.stack([np.repeat(channel_windows(s, rng, L, H, c)[:, L - 1:L], H, 1) for c in range(C)], 1)

        def snaive(rng, P):
            idx = L - P + (np.arange(H) % P)
            return np.stack([channel_windows(s, rng, L, H, c)[:, idx] for c in range(C)], 1)

        add("naive", None, naive(val), naive(test), 0.0, 0, baseline=True)
        Papp = min(res["app_period"][L], L)
        if Papp > 1:
            add(f"seasonal naive ({Papp}, app's detectPeriod)", None, snaive(val, Papp), snaive(test, Papp), 0.0, 0,
                baseline=True)
        fits = [p for p in periods if p <= L]
        if fits and max(fits) != Papp:
            P = max(fits)
            add(f"seasonal naive ({P}, detected)", None, snaive(val, P), snaive(test, P), 0.0, 0, baseline=True)
        # the app's linear baseline: fixed ridge 1e-3
        t0 = time.perf_counter()
        G, B, N = fit_linear(s, train, L, H, "none")
        Wt = solve(G, B, N, L, APP_RIDGE)
        fit_s = time.perf_counter() - t0
        add("linear (app: ridge 1e-3)", APP_RIDGE, predict_linear(s, zero, val, L, H, "none", Wt),
            predict_linear(s, zero, test, L, H, "none", Wt), fit_s, H * (L + 1), baseline=True)
        for cname, cyc, norm in cands:
            t0 = time.perf_counter()
            c_arr = zero if cyc is None else cycles[cyc]
            diagnostic = norm.endswith("!") or norm == "revin_ls"
            norm = norm.rstrip("!")
            r = s - c_arr
            G, B, N = fit_linear(r, train, L, H, norm)
            best = None
            for lam in LAMBDAS:
                try:
                    Wt = solve(G, B, N, L, lam)
                except np.linalg.LinAlgError:
                    continue
                pv = predict_linear(r, c_arr, val, L, H, norm, Wt)
                sv = scores(pv, av)[0]
                if best is None or sv < best[1]:
                    best = (lam, sv, Wt, pv)
            fit_s = time.perf_counter() - t0 + res.get("cycle_fit_seconds", {}).get(str(cyc), 0.0)
            lam, _, Wt, pv = best
            pt = predict_linear(r, c_arr, test, L, H, norm, Wt)  # once, for the chosen lambda
            cyc_params = 0 if cyc is None else (2 * min(12, per_day // 2) * C if cyc == "daily" else sum(cyc) * C)
            add(cname, lam, pv, pt, fit_s, H * (L + 1) + cyc_params,
                baseline=cname in ("RLinear", "daily cycle + linear"), selectable=not diagnostic)
        best = min((x for x in recs if x["selectable"]), key=lambda x: x["val"][0])
        for x in recs:  # paired difference to this lookback's best, and its standard error
            x["d_best"] = x["val"][0] - best["val"][0]
            x["se_best"] = nw_se(x["vw"] - best["vw"], H)
        for rec in recs:
            print(f"  {name:>22} L={L:<4} {rec['cand']:<44} lam={rec['lam']!s:<7} val {rec['val'][0]:.4f} "
                  f"test {rec['test'][0]:.4f}/{rec['test'][1]:.4f}  fit {rec['fit']:.2f}s", flush=True)
        res["records"] += recs
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(REPO, "data", "forecasting"))
    ap.add_argument("--only", default="")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", default="", help="also write every record to this file")
    a = ap.parse_args()
    only = set(filter(None, a.only.split(",")))
    results = []
    for spec in DATASETS:
        if only and spec[0] not in only:
            continue
        print(f"== {spec[0]}", flush=True)
        r = run_dataset(spec, a.data, a.quick)
        print(f"  step {r['step']} s; candidates: " + "; ".join(
            f"{p['p']}: S={p['strength'] if p['strength'] is None else round(p['strength'], 3)} "
            f"thr={p['threshold'] if p['threshold'] is None else round(p['threshold'], 3)} "
            f"{'ACCEPT' if p['accepted'] else 'reject'} {p['note']}" for p in r["period_rows"]))
        print(f"  detected {r['periods']}; app detectPeriod {r['app_period']}; ACF peaks {r['acf_peaks']}; "
              f"periodogram {r['periodogram']}", flush=True)
        results.append(r)
    summarise(results)
    synthetic_checks()
    if a.json:
        for r in results:
            for x in r["records"]:
                x.pop("vw", None)
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1, default=str)


def nw_se(d, H):
    """Newey-West (Bartlett, bandwidth H) standard error of the mean of d: windows that overlap
    within a horizon are correlated."""
    n = len(d)
    e = d - d.mean()
    v = e @ e / n
    for k in range(1, min(H, n - 1) + 1):
        v += 2 * (1 - k / (H + 1)) * (e[k:] @ e[:-k]) / n
    return math.sqrt(max(v, 0.0) / n)


def select(recs, H, rule):
    """'argmin': lowest validation MSE over every (candidate, lookback).
    '1se': the one-standard-error rule over every (candidate, lookback): the fewest parameters
    among those whose validation MSE is within one Newey-West standard error of the paired
    difference to the lowest one; ties by validation MSE.
    '1se-L': the same rule within each lookback, then across the lookbacks' picks the shortest
    lookback whose pick is within one standard error of the lowest pick.
    Diagnostic candidates are never selected."""
    pool = [r for r in recs if r["selectable"]]

    def one_se(pool, key):
        best = min(pool, key=lambda r: r["val"][0])
        ok = [r for r in pool if r["val"][0] - best["val"][0] <= nw_se(r["vw"] - best["vw"], H)]
        return min(ok, key=key)

    if rule == "argmin":
        return min(pool, key=lambda r: r["val"][0])
    if rule == "1se":
        return one_se(pool, lambda r: (r["params"], r["val"][0]))
    picks = [one_se([r for r in pool if r["L"] == L], lambda r: (r["params"], r["val"][0]))
             for L in sorted({r["L"] for r in pool})]
    return one_se(picks, lambda r: (r["L"], r["val"][0]))


TARGETS = {"ETTh1": 0.371, "ETTh2": 0.286, "national_illness": 2.317}


def tables(results):
    """Per dataset: every candidate's validation / test MSE at every lookback (test MAE at L0)."""
    for r in results:
        Ls = sorted({x["L"] for x in r["records"]})
        print(f"\n### {r['name']} ({r['rows']} rows x {r['channels']} channels, H={r['H']}; val MSE / test MSE, "
              f"lambda chosen on val; * = lowest val MSE in the column)\n")
        print("| candidate | " + " | ".join(f"L={L}" for L in Ls) + f" | test MAE at L={r['L0']} |")
        print("|---|" + "---|" * (len(Ls) + 1))
        names = []
        for x in r["records"]:
            key = x["cand"].split(" (")[0] if x["cand"].startswith("seasonal naive") else x["cand"]
            if key not in names:
                names.append(key)
        best = {L: min((x for x in r["records"] if x["L"] == L and x["selectable"]), key=lambda x: x["val"][0]) for L in Ls}
        for nm in names:
            cells, mae = [], ""
            for L in Ls:
                hit = [x for x in r["records"] if x["L"] == L and
                       (x["cand"] == nm or (nm == "seasonal naive" and x["cand"].startswith("seasonal naive")))]
                cell = " ; ".join(f"{x['val'][0]:.4f} / {x['test'][0]:.4f}" + ("*" if x is best[L] else "") +
                                  (f" (P={x['cand'].split('(')[1].split(',')[0]})" if nm == "seasonal naive" else "")
                                  for x in hit)
                cells.append(cell or "-")
                if L == r["L0"] and hit:
                    mae = f"{hit[0]['test'][1]:.4f}"
            print(f"| {nm} | " + " | ".join(cells) + f" | {mae} |")


def summarise(results):
    tables(results)
    print("\n## Selection on validation (test MSE/MAE of what validation picked)\n")
    print("| data | L/H | rule | lookbacks | picked | val MSE (over its L's best +- SE) | test MSE | test MAE | best baseline on val: test MSE | lowest baseline test MSE at L0 | naive test | target |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        recs = r["records"]
        H = r["H"]
        at0 = [x for x in recs if x["L"] == r["L0"]]
        for rule in ("argmin", "1se", "1se-L"):
            for scope, pool in ((f"{r['L0']}", at0), ("all", recs)):
                if rule == "1se-L" and scope != "all":
                    continue
                pick = select(pool, H, rule)
                base = [x for x in pool if x["baseline"]]
                bb = min(base, key=lambda x: x["val"][0])
                naive = [x for x in pool if x["cand"] == "naive" and x["L"] == pick["L"]][0]
                lowest = min(x["test"][0] for x in at0 if x["baseline"])
                tgt = TARGETS.get(r["name"], None)
                tgt = f"<= {tgt}" if tgt else ("<= naive" if r["name"] == "exchange_rate" else "")
                print(f"| {r['name']} | {r['L0']}/{H} | {rule} | {scope} | {pick['cand']} (L={pick['L']}, lam={pick['lam']}) | "
                      f"{pick['val'][0]:.4f} (+{pick['d_best']:.4f} +- {pick['se_best']:.4f}) | {pick['test'][0]:.4f} | {pick['test'][1]:.4f} | "
                      f"{bb['cand']} (L={bb['L']}): {bb['test'][0]:.4f} | {lowest:.4f} | {naive['test'][0]:.4f} | {tgt} |")
    print("\n## Fit time (seconds, whole candidate set incl. the lambda grid, per lookback)\n")
    for r in results:
        by_L = {}
        for x in r["records"]:
            by_L[x["L"]] = by_L.get(x["L"], 0.0) + x["fit"]
        slow = max(r["records"], key=lambda x: x["fit"])
        print(f"- {r['name']}: " + ", ".join(f"L={L}: {t:.1f}" for L, t in by_L.items()) +
              f"; slowest single fit {slow['cand']} L={slow['L']}: {slow['fit']:.2f}")


if __name__ == "__main__":
    main()
