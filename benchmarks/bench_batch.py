"""Batch rating: medians of rate_parks over generated tables, against plain numpy and a scalar loop.

    python benchmarks/bench_batch.py [--rows 1000000] [--repeat 5]

"plain numpy" is the same star decision written directly (thresholds as floats, no exact band, no
explanations): the floor a column-wise engine can reach. The loop rates a sample of rows with rate_park
and extrapolates. Prints medians and ratios measured in this run.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from datetime import date

import numpy as np
import pandas as pd

from zjpolicy.batch import rate_parks
from zjpolicy.rubric import rate_park
from zjpolicy.rubric.table import table
from zjpolicy.rulebook import default_rulebook

AS_OF = date(2024, 6, 30)


def parks(n: int, seed: int = 0) -> pd.DataFrame:
    rb, t = default_rulebook(), table(default_rulebook())
    rng = np.random.default_rng(seed)
    cols: dict[str, np.ndarray] = {}
    for r in t.rows:
        top = float(max(rb.value(p.id) for p in r.params if p is not None))
        v = rng.uniform(0.7 * top, 1.15 * top, n)
        cols[r.field] = np.round(np.minimum(v, 100) if r.unit == "percent" else v, 2)
    for f in ("energy_per_value_added", "pollutant_per_value_added"):
        cols[f"{f}.value"] = np.round(rng.uniform(0.3, 0.55, n), 3)
        cols[f"{f}.standard"] = np.full(n, 0.5)
    return pd.DataFrame(cols)


def plain_numpy(df: pd.DataFrame) -> np.ndarray:
    rb, t = default_rulebook(), table(default_rulebook())
    stars = np.zeros(len(df), dtype="int64")
    reached = np.ones(len(df), bool)
    green = np.ones(len(df), bool)
    for r in t.green:
        green &= df[f"{r.field}.value"].to_numpy() < df[f"{r.field}.standard"].to_numpy()
    for i, lvl in enumerate(t.levels):
        ok = green.copy()
        for r in t.rows:
            p = r.params[i]
            if p is not None:
                ok &= df[r.field].to_numpy() >= float(rb.value(p.id))
        reached &= ok
        stars[reached] = lvl
    return stars


def median(fn, repeat: int) -> float:
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    df = parks(a.rows)
    rate_parks(df.head(100), as_of=AS_OF)  # warm: rulebook, table, pint
    got = rate_parks(df, as_of=AS_OF).frame["stars"].to_numpy()
    assert (got == plain_numpy(df)).all(), "batch and plain numpy disagree"
    t_batch = median(lambda: rate_parks(df, as_of=AS_OF), a.repeat)
    t_np = median(lambda: plain_numpy(df), a.repeat)
    sample = df.head(200)
    records = []
    for _, row in sample.iterrows():
        d: dict = {}
        for k, v in row.items():
            head, dot, sub = str(k).partition(".")
            if dot:
                d.setdefault(head, {})[sub] = float(v)
            else:
                d[head] = float(v)
        records.append(d)
    t_loop = median(lambda: [rate_park(r, as_of=AS_OF) for r in records], 3) / len(records) * a.rows
    tracemalloc.start()
    rate_parks(df, as_of=AS_OF)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"rows: {a.rows:,}")
    print(
        f"rate_parks:       {t_batch:8.3f} s  ({t_batch / a.rows * 1e9:.0f} ns/row), peak {peak / 2**20:.0f} MiB (tracemalloc)"
    )
    print(f"plain numpy:      {t_np:8.3f} s  -> rate_parks is {t_batch / t_np:.1f}x plain numpy")
    print(
        f"rate_park loop:   {t_loop:8.1f} s  (extrapolated from {len(records)} rows) -> batch {t_loop / t_batch:.0f}x faster"
    )


if __name__ == "__main__":
    main()
