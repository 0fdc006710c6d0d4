"""zjpolicy against OpenFisca 46 on the same machine, in the same run: agreement first, then every timing row.

    pip install -e ".[bench]"                       # openfisca-core 46, pandas, numpy
    python benchmarks/bench_peers.py                # full run: 10,000 checked inputs, 1,000,000 rows
    python benchmarks/bench_peers.py --rows 100000 --check 2000 --repeat 5   # quicker
    python benchmarks/bench_peers.py --profile      # cProfile of the zjpolicy side of each row, then exit

Both engines read the same law: `openfisca_model` builds its parameters from the zjpolicy rulebook, read with
``dp.row1_scale=merged_three_four`` (a 500 亿元 three-star bar on row 1, as a plain encoding of the table has it);
the zjpolicy side is given the same rulebook. Before any timing the run checks that the engines give identical
answers on the same generated inputs — stars per park (scalar `rate_park`, batch `rate_parks`, OpenFisca one by
one and vectorised) and eligibility per project — including inputs exactly at a bar or a standard, and stops if one
differs. Every ratio printed is between two medians measured in this run; no peer figure is typed in.

Timings: median of ≥ 5 repeats (each repeat long enough to time: many calls for one entity). Memory of the 1M-row
calls: each engine in a fresh subprocess, the peak RSS of the call (Linux VmHWM, reset just before it) and
tracemalloc's peak of the call. Import and CLI rows: a fresh interpreter per run, median of several.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

try:
    from openfisca_model import (
        bench_rulebook,
        green_many,
        green_one,
        park_system,
        project_system,
        rate_many,
        rate_one,
    )
except ModuleNotFoundError as exc:  # the peer is a bench-only dependency
    raise SystemExit(f"{exc.name} is not installed: pip install -e '.[bench]'") from None

from zjpolicy.batch import rate_parks  # noqa: E402
from zjpolicy.land_energy import green_channel  # noqa: E402
from zjpolicy.land_energy.inputs import GreenChannelProject  # noqa: E402
from zjpolicy.rubric import ParkIndicators, rate_park  # noqa: E402
from zjpolicy.rubric.table import Table, table  # noqa: E402
from zjpolicy.rulebook import Rulebook  # noqa: E402

AS_OF = date(2024, 6, 30)
DAY = AS_OF.isoformat()
GREEN_FIELDS = ("energy_per_value_added", "pollutant_per_value_added")


# -- inputs: the same generated parks and projects for every engine ------------------------------------------------


def parks(n: int, rb: Rulebook, seed: int = 0, boundary: float = 0.25, ties: bool = True) -> pd.DataFrame:
    """n parks spread over 0–5 stars: each aims at a level and misses some bars; `boundary` of them have one
    indicator exactly at a bar (a random row and level), and (`ties`) 5% of the green values equal their standard
    exactly (more by rounding: ~12% in all). ``ties=False`` nudges every green value off its standard by 0.001."""
    t = table(rb)
    rng = np.random.default_rng(seed)
    aim = rng.integers(-1, len(t.levels), n)  # -1: below the lowest level
    cols: dict[str, np.ndarray] = {}
    for r in t.rows:
        bars = np.array([float(rb.value(p.id)) if p is not None else np.nan for p in r.params])
        bars = np.where(np.isnan(bars), np.nanmin(bars), bars)
        base = bars[np.maximum(aim, 0)]
        u = np.where(aim < 0, rng.uniform(0.80, 1.02, n), rng.uniform(0.97, 1.12, n))
        v = base * u
        if r.unit == "percent":
            v = np.minimum(v, 100)
        cols[r.field] = np.round(v, 2)
    at = rng.random(n) < boundary
    row_of = rng.integers(0, len(t.rows), n)
    lvl_of = rng.integers(0, len(t.levels), n)
    for i in np.flatnonzero(at):
        r = t.rows[row_of[i]]
        p = r.params[lvl_of[i]] or next(x for x in r.params if x is not None)
        cols[r.field][i] = float(rb.value(p.id))
    for f, lo, hi in (("energy_per_value_added", 0.30, 0.70), ("pollutant_per_value_added", 0.05, 0.50)):
        std = np.round(rng.uniform(lo, hi, n), 2)
        val = np.round(std * rng.uniform(0.75, 1.03, n), 3)
        equal = rng.random(n) < 0.05
        val[equal] = std[equal]
        if not ties:
            val[val == std] += 0.001
        cols[f"{f}.value"], cols[f"{f}.standard"] = val, std
    return pd.DataFrame(cols)


def park_dicts(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as `rate_park` input dicts (plain floats; nested green indicators)."""
    out = []
    for rec in df.to_dict("records"):
        d: dict[str, Any] = {}
        for k, v in rec.items():
            head, dot, sub = k.partition(".")
            if dot:
                d.setdefault(head, {})[sub] = float(v)
            else:
                d[head] = float(v)
        out.append(d)
    return out


def openfisca_columns(df: pd.DataFrame) -> dict[str, np.ndarray]:
    """The same table as OpenFisca input arrays (green `field.sub` -> `field_sub`)."""
    return {k.replace(".", "_"): df[k].to_numpy() for k in df.columns}


def projects(n: int, rb: Rulebook, seed: int = 1) -> pd.DataFrame:
    bar = float(rb.value("go.10.3.green_channel.max_intensity"))
    rng = np.random.default_rng(seed)
    intensity = np.round(rng.uniform(0.75 * bar, 1.25 * bar, n), 3)
    intensity[rng.random(n) < 0.1] = bar  # 低于 is strict: exactly at the bar is not eligible
    return pd.DataFrame({"intensity": intensity, "new_project": rng.random(n) < 0.8, "on_track": rng.random(n) < 0.8})


def project_dicts(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {"intensity": float(i), "new_project": bool(p), "dual_control": "on-track" if o else "off-track"}
        for i, p, o in zip(df["intensity"], df["new_project"], df["on_track"], strict=True)
    ]


def project_columns(df: pd.DataFrame) -> dict[str, np.ndarray]:
    return {
        "energy_intensity": df["intensity"].to_numpy(),
        "new_project": df["new_project"].to_numpy(),
        "dual_control_on_track": df["on_track"].to_numpy(),
    }


def plain_numpy(df: pd.DataFrame, rb: Rulebook, t: Table) -> np.ndarray:
    """The star decision written directly in numpy (float bars, no exact band, no explanations): the floor."""
    n = len(df)
    green = np.ones(n, bool)
    for f in GREEN_FIELDS:
        green &= df[f"{f}.value"].to_numpy() < df[f"{f}.standard"].to_numpy()
    stars = np.zeros(n, dtype="int64")
    reached = green.copy()
    for i, lvl in enumerate(t.levels):
        for r in t.rows:
            p = r.params[i]
            if p is not None:
                reached &= df[r.field].to_numpy() >= float(rb.value(p.id))
        stars[reached] = lvl
    return stars


# -- agreement -----------------------------------------------------------------------------------------------------


def check_agreement(n: int, rb: Rulebook, tbs_park: Any, tbs_project: Any) -> dict[str, Any]:
    t = table(rb)
    df = parks(n, rb, seed=42)
    dicts = park_dicts(df)
    cols = openfisca_columns(df)
    scalar = np.array([rate_park(d, as_of=AS_OF, rulebook=rb).stars for d in dicts])
    batch = rate_parks(df, as_of=AS_OF, rulebook=rb).frame["stars"].to_numpy(dtype="int64")
    of_vec = np.asarray(rate_many(tbs_park, cols, DAY), dtype="int64")
    of_one = np.array([rate_one(tbs_park, {k: float(v[i]) for k, v in cols.items()}, DAY) for i in range(n)])
    numpy_ = plain_numpy(df, rb, t)
    engines = {
        "rate_parks": batch,
        "OpenFisca vectorised": of_vec,
        "OpenFisca one by one": of_one,
        "plain numpy": numpy_,
    }
    for name, got in engines.items():
        bad = np.flatnonzero(got != scalar)
        if len(bad):
            i = int(bad[0])
            raise SystemExit(
                f"DISAGREE: {name} differs from rate_park on {len(bad)} of {n} parks; first: row {i} "
                f"{dicts[i]} -> rate_park {scalar[i]}, {name} {got[i]}"
            )
    at_bar = 0
    for r in t.rows:
        bars = {float(rb.value(p.id)) for p in r.params if p is not None}
        at_bar += int(np.isin(df[r.field].to_numpy(), list(bars)).sum())
    at_std = sum(int((df[f"{f}.value"] == df[f"{f}.standard"]).sum()) for f in GREEN_FIELDS)

    pj = projects(n, rb)
    pd_ = project_dicts(pj)
    z = np.array([green_channel(d, as_of=AS_OF, rulebook=rb).eligible for d in pd_])
    o_vec = np.asarray(green_many(tbs_project, project_columns(pj), DAY), dtype=bool)
    o_one = np.array(
        [
            green_one(
                tbs_project,
                {
                    "energy_intensity": d["intensity"],
                    "new_project": d["new_project"],
                    "dual_control_on_track": d["dual_control"] == "on-track",
                },
                DAY,
            )
            for d in pd_
        ]
    )
    for name, got in {"OpenFisca vectorised": o_vec, "OpenFisca one by one": o_one}.items():
        bad = np.flatnonzero(got != z)
        if len(bad):
            i = int(bad[0])
            raise SystemExit(f"DISAGREE: green channel, {name} differs on {len(bad)} of {n}; first {pd_[i]}")
    bar = float(rb.value("go.10.3.green_channel.max_intensity"))
    return {
        "parks": n,
        "stars": {int(k): int(v) for k, v in zip(*np.unique(scalar, return_counts=True), strict=True)},
        "cells_at_a_bar": at_bar,
        "green_values_at_standard": at_std,
        "projects": n,
        "eligible": int(z.sum()),
        "projects_at_bar": int((pj["intensity"] == bar).sum()),
        "float32": float32_probe(rb, tbs_park),
    }


def float32_probe(rb: Rulebook, tbs_park: Any) -> dict[str, int]:
    """Not part of the agreement: parks a hair (1e-8 relative) below one bar, where a float32 input rounds up."""
    t = table(rb)
    df = parks(2000, rb, seed=7, boundary=0.0)
    cols = openfisca_columns(df)
    r = t.rows[5]  # rd_intensity: 2.3 / 2.6 / 3.0 %
    bar = float(rb.value(r.params[0].id))
    df[r.field] = bar * (1 - 1e-8)
    cols[r.field] = df[r.field].to_numpy()
    z = rate_parks(df, as_of=AS_OF, rulebook=rb).frame["stars"].to_numpy(dtype="int64")
    o = np.asarray(rate_many(tbs_park, cols, DAY), dtype="int64")
    return {
        "parks": len(df),
        "differ": int((z != o).sum()),
        "zjpolicy_rated": int((z > 0).sum()),
        "openfisca_rated": int((o > 0).sum()),
    }


# -- timing --------------------------------------------------------------------------------------------------------


def per_call(fns: dict[str, Callable[[], Any]], repeat: int, budget: float = 0.25) -> dict[str, float]:
    """Median seconds per call of each of `fns`, interleaved: every repeat runs each function in turn (so a change
    of load on this shared machine hits every engine alike); a repeat of one function runs enough calls to last
    about `budget` s (one call when a call is longer)."""
    number = {}
    for k, fn in fns.items():
        fn()
        t = time.perf_counter()
        fn()
        number[k] = max(1, int(budget / max(time.perf_counter() - t, 1e-7)))
    runs: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for k, fn in fns.items():
            t = time.perf_counter()
            for _ in range(number[k]):
                fn()
            runs[k].append((time.perf_counter() - t) / number[k])
    return {k: statistics.median(v) for k, v in runs.items()}


def fresh(cmd: list[str], repeat: int) -> float:
    """Median wall time of `cmd` in a fresh process."""
    subprocess.run(cmd, check=True, capture_output=True)  # warm the OS file cache
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def fresh_pair(a: list[str], b: list[str], repeat: int) -> tuple[float, float]:
    """Medians of two commands run alternately (so drift hits both alike)."""
    for cmd in (a, b):
        subprocess.run(cmd, check=True, capture_output=True)
    ta, tb = [], []
    for _ in range(repeat):
        for cmd, ts in ((a, ta), (b, tb)):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True)
            ts.append(time.perf_counter() - t)
    return statistics.median(ta), statistics.median(tb)


def memory(engine: str, rows: int) -> dict[str, float]:
    """Run `engine` over `rows` parks in a fresh subprocess; its peak memory (see `_memory_child`)."""
    out = subprocess.run(
        [sys.executable, __file__, "--memory-child", engine, "--rows", str(rows)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _hwm_reset() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset VmHWM (peak RSS) to the current RSS
        return True
    except OSError:
        return False


def _status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def _memory_child(engine: str, rows: int) -> None:
    import gc
    import resource
    import tracemalloc

    rb = bench_rulebook()
    t = table(rb)
    df = parks(rows, rb)
    tbs = park_system(rb) if engine == "openfisca" else None
    run: Callable[[], Any] = {
        "zjpolicy": lambda: rate_parks(df, as_of=AS_OF, rulebook=rb),
        "openfisca": lambda: rate_many(tbs, openfisca_columns(df), DAY),
        "numpy": lambda: plain_numpy(df, rb, t),
    }[engine]
    if engine == "zjpolicy":
        rate_parks(df.head(100), as_of=AS_OF, rulebook=rb)  # warm: pint, table
    gc.collect()
    rss0 = _status_kib("VmRSS")
    reset = _hwm_reset()
    result = run()
    hwm = _status_kib("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    del result
    gc.collect()
    tracemalloc.start()
    run()
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "rss_before_mib": rss0 / 1024,
                "peak_rss_mib": hwm / 1024,
                "call_rss_mib": (hwm - rss0) / 1024,
                "tracemalloc_peak_mib": traced / 2**20,
                "hwm_reset": reset,
            }
        )
    )


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def cli() -> str:
    exe = Path(sys.executable).with_name("zjpolicy")
    return str(exe) if exe.exists() else "zjpolicy"


# -- profile -------------------------------------------------------------------------------------------------------


def profile(rows: int) -> None:
    import cProfile
    import pstats

    rb = bench_rulebook()
    df = parks(rows, rb)
    calm = parks(rows, rb, ties=False)
    one = park_dicts(df.head(50))
    model = ParkIndicators.model_validate(one[0])
    rate_park(model, as_of=AS_OF, rulebook=rb)
    proj = {"intensity": 0.45, "new_project": True, "dual_control": "on-track"}
    jobs = {
        "rate_park, model in (x2000)": lambda: [rate_park(model, as_of=AS_OF, rulebook=rb) for _ in range(2000)],
        "green_channel, dict in (x5000)": lambda: [green_channel(proj, as_of=AS_OF, rulebook=rb) for _ in range(5000)],
        f"rate_parks over {rows:,} rows": lambda: rate_parks(df, as_of=AS_OF, rulebook=rb),
        f"rate_parks over {rows:,} rows, no green ties": lambda: rate_parks(calm, as_of=AS_OF, rulebook=rb),
    }
    for name, job in jobs.items():
        job()
        pr = cProfile.Profile()
        pr.enable()
        job()
        pr.disable()
        print(f"\n===== {name}: top by internal time =====")
        pstats.Stats(pr).strip_dirs().sort_stats("tottime").print_stats(18)
        print(f"===== {name}: top by cumulative time =====")
        pstats.Stats(pr).strip_dirs().sort_stats("cumulative").print_stats(22)
    print("\n===== fresh-process import: python -X importtime -c 'import zjpolicy.cli' (top 15 cumulative µs) =====")
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import zjpolicy.cli"], capture_output=True, text=True
    ).stderr.splitlines()
    rows_ = []
    for line in out[1:]:
        parts = line.split("|")
        if len(parts) == 3:
            rows_.append((int(parts[1]), parts[2].rstrip()))
    for cum, mod in sorted(rows_, reverse=True)[:15]:
        print(f"{cum:>9}  {mod}")
    print("\n===== the README command's phases, fresh process, median of 5 (s) =====")
    runs = [
        json.loads(subprocess.run([sys.executable, "-c", _PHASES], capture_output=True, text=True, check=True).stdout)
        for _ in range(5)
    ]
    for k in runs[0]:
        if isinstance(runs[0][k], bool):
            print(f"{any(r[k] for r in runs)!s:>7}  {k}")
        else:
            print(f"{statistics.median(r[k] for r in runs):7.3f}  {k}")


_PHASES = """
import contextlib, io, json, sys, time
t0 = time.perf_counter()
import zjpolicy
t1 = time.perf_counter()
import zjpolicy.cli as cli
cli.app._mount_module("zjpolicy.rubric.cli")  # what `zjpolicy rate` mounts (the command line names its module)
t2 = time.perf_counter()
from zjpolicy.rulebook import default_rulebook
default_rulebook()
t3 = time.perf_counter()
sys.argv = ["zjpolicy", "rate", "--example", "example-park", "--as-of", "2024-06-30"]
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    cli.app()
t4 = time.perf_counter()
print(json.dumps({"import zjpolicy": t1 - t0, "import zjpolicy.cli + the rate command's module": t2 - t1,
                  "default_rulebook() (YAML, pure-Python loader)": t3 - t2, "rate: validate, rate, render": t4 - t3,
                  "pint loaded": "pint" in sys.modules}))
"""


# -- the run -------------------------------------------------------------------------------------------------------


def fmt_s(s: float) -> str:
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.3f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows of the table-in/table-out row")
    ap.add_argument("--check", type=int, default=10_000, help="generated inputs checked for identical answers")
    ap.add_argument("--repeat", type=int, default=7, help="repeats per median (≥ 5)")
    ap.add_argument("--fresh", type=int, default=9, help="fresh processes per import/CLI median")
    ap.add_argument("--profile", action="store_true", help="cProfile the zjpolicy side and exit")
    ap.add_argument("--memory-child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.memory_child:
        _memory_child(a.memory_child, a.rows)
        return
    if a.profile:
        profile(a.rows)
        return
    repeat = max(a.repeat, 5)
    import openfisca_core

    of_version = getattr(openfisca_core, "__version__", None)
    if of_version is None:
        from importlib.metadata import version

        of_version = version("openfisca-core")
    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"openfisca-core {of_version}, {os.cpu_count()} cores"
    )

    rb = bench_rulebook()
    t0 = time.perf_counter()
    tbs_park, tbs_project = park_system(rb), project_system(rb)
    print(f"OpenFisca systems built from the rulebook in {fmt_s(time.perf_counter() - t0)} (not timed below)")
    print(f"load average at start: {load()} (a shared machine: medians are interleaved across engines)")

    t0 = time.perf_counter()
    agree = check_agreement(a.check, rb, tbs_park, tbs_project)
    print(
        f"agreement ({time.perf_counter() - t0:.0f} s): {agree['parks']:,} parks identical stars in rate_park, "
        f"rate_parks, OpenFisca one by one and vectorised, plain numpy; stars {agree['stars']}; "
        f"{agree['cells_at_a_bar']} cells exactly at a bar, {agree['green_values_at_standard']} green values equal "
        f"to their standard. {agree['projects']:,} projects identical eligibility ({agree['eligible']} eligible, "
        f"{agree['projects_at_bar']} exactly at the bar)."
    )
    f32 = agree["float32"]
    print(
        f"float32 probe (not an agreement input): {f32['parks']} parks with rd_intensity 1e-8 (relative) below its "
        f"three-star bar: {f32['differ']} answered differently (rated: zjpolicy {f32['zjpolicy_rated']}, "
        f"OpenFisca {f32['openfisca_rated']})"
    )

    rows: list[tuple[str, str, str, str, str]] = []  # figure, zjpolicy, peer, ratio, goal

    # 1. one park
    df1 = parks(50, rb, seed=3)
    d1 = park_dicts(df1)
    pick = next(i for i, d in enumerate(d1) if rate_park(d, as_of=AS_OF, rulebook=rb).stars == 4)
    park_dict, model = d1[pick], ParkIndicators.model_validate(d1[pick])
    of_inputs = {k.replace(".", "_"): float(v) for k, v in df1.iloc[pick].items()}
    of_cols1 = {k: np.array([v]) for k, v in of_inputs.items()}
    assert rate_one(tbs_park, of_inputs, DAY) == 4 == rate_park(model, as_of=AS_OF, rulebook=rb).stars
    m1 = per_call(
        {
            "model": lambda: rate_park(model, as_of=AS_OF, rulebook=rb),
            "dict": lambda: rate_park(park_dict, as_of=AS_OF, rulebook=rb),
            "complete": lambda: rate_park(model, as_of=AS_OF, rulebook=rb).complete(),
            "json": lambda: rate_park(model, as_of=AS_OF, rulebook=rb).model_dump_json(),
            "of dict": lambda: rate_one(tbs_park, of_inputs, DAY),
            "of arrays": lambda: rate_many(tbs_park, of_cols1, DAY),
        },
        repeat,
    )
    z_model, z_dict, o_dict, o_arr = m1["model"], m1["dict"], m1["of dict"], m1["of arrays"]
    peer = f"{fmt_s(o_dict)} (situation dict); {fmt_s(o_arr)} (arrays, count=1)"
    rows.append(
        (
            "one park, star rating: rate_park, model in",
            fmt_s(z_model),
            peer,
            f"{o_dict / z_model:.2f}× / {o_arr / z_model:.2f}×",
            "≥ 10×",
        )
    )
    rows.append(
        (
            "one park, star rating: rate_park, dict in",
            fmt_s(z_dict),
            peer,
            f"{o_dict / z_dict:.2f}× / {o_arr / z_dict:.2f}×",
            "≥ 10×",
        )
    )
    for key, what in (("complete", "explanation completed (.complete())"), ("json", "explanation as JSON")):
        rows.append(
            (
                f"one park, star rating: rate_park, model in, {what}",
                fmt_s(m1[key]),
                peer,
                f"{o_dict / m1[key]:.2f}× / {o_arr / m1[key]:.2f}×",
                "(no goal: the explanation read)",
            )
        )

    # 2. one project
    proj = {"intensity": 0.45, "new_project": True, "dual_control": "on-track"}
    proj_model = GreenChannelProject.model_validate(proj)
    of_proj = {"energy_intensity": 0.45, "new_project": True, "dual_control_on_track": True}
    of_proj_cols = {k: np.array([v]) for k, v in of_proj.items()}
    assert green_channel(proj, as_of=AS_OF, rulebook=rb).eligible and green_one(tbs_project, of_proj, DAY)
    m2 = per_call(
        {
            "dict": lambda: green_channel(proj, as_of=AS_OF, rulebook=rb),
            "model": lambda: green_channel(proj_model, as_of=AS_OF, rulebook=rb),
            "complete": lambda: green_channel(proj_model, as_of=AS_OF, rulebook=rb).complete(),
            "of dict": lambda: green_one(tbs_project, of_proj, DAY),
            "of arrays": lambda: green_many(tbs_project, of_proj_cols, DAY),
        },
        repeat,
    )
    g_dict, g_model, og_dict, og_arr = m2["dict"], m2["model"], m2["of dict"], m2["of arrays"]
    gpeer = f"{fmt_s(og_dict)} (situation dict); {fmt_s(og_arr)} (arrays, count=1)"
    rows.append(
        (
            "one project, green_channel, dict in",
            fmt_s(g_dict),
            gpeer,
            f"{og_dict / g_dict:.2f}× / {og_arr / g_dict:.2f}×",
            "keep ≥ 10×",
        )
    )
    rows.append(
        (
            "one project, green_channel, model in",
            fmt_s(g_model),
            gpeer,
            f"{og_dict / g_model:.2f}× / {og_arr / g_model:.2f}×",
            "keep ≥ 10×",
        )
    )
    rows.append(
        (
            "one project, green_channel, model in, explanation completed (.complete())",
            fmt_s(m2["complete"]),
            gpeer,
            f"{og_dict / m2['complete']:.2f}× / {og_arr / m2['complete']:.2f}×",
            "(no goal: the explanation read)",
        )
    )

    # 3. a million parks, table in -> table out: the generated table (boundaries and green ties), and the same
    #    table with no green value equal to its standard (rows 1–9 still hit their bars exactly)
    n = a.rows
    t = table(rb)
    rate_parks(parks(100, rb), as_of=AS_OF, rulebook=rb)
    for label, ties in (("", True), (", no green ties", False)):
        df = parks(n, rb, ties=ties)
        n_ties = sum(int((df[f"{f}.value"] == df[f"{f}.standard"]).sum()) for f in GREEN_FIELDS)
        zs = rate_parks(df, as_of=AS_OF, rulebook=rb).frame["stars"].to_numpy(dtype="int64")
        os_ = np.asarray(rate_many(tbs_park, openfisca_columns(df), DAY), dtype="int64")
        ns = plain_numpy(df, rb, t)
        assert (zs == os_).all() and (zs == ns).all(), "the engines disagree on the big table"
        assert (rate_parks(df, as_of=AS_OF, rulebook=rb, cells=False).frame["stars"].to_numpy() == zs).all()
        m3 = per_call(
            {
                "zjpolicy": lambda df=df: rate_parks(df, as_of=AS_OF, rulebook=rb),
                "verdicts": lambda df=df: rate_parks(df, as_of=AS_OF, rulebook=rb, cells=False),
                "openfisca": lambda df=df: rate_many(tbs_park, openfisca_columns(df), DAY),
                "numpy": lambda df=df: plain_numpy(df, rb, t),
            },
            repeat,
            budget=0,
        )
        b_z, b_o, b_n = m3["zjpolicy"], m3["openfisca"], m3["numpy"]
        what = f"{n:,} parks{label} ({n_ties:,} green ties)"
        rows.append(
            (
                f"{what}: rate_parks(df) vs OpenFisca vectorised",
                fmt_s(b_z),
                fmt_s(b_o),
                f"{b_o / b_z:.2f}× faster",
                "≥ 3× faster",
            )
        )
        rows.append(
            (
                f"{what}: rate_parks(df) vs plain numpy",
                fmt_s(b_z),
                fmt_s(b_n) + " (numpy)",
                f"{b_z / b_n:.1f}× plain numpy's time",
                "within 3×",
            )
        )
        b_v = m3["verdicts"]
        rows.append(
            (
                f"{what}: rate_parks(df, cells=False) (the 4 verdict columns) vs OpenFisca vectorised; vs numpy",
                fmt_s(b_v),
                f"{fmt_s(b_o)}; {fmt_s(b_n)} (numpy)",
                f"{b_o / b_v:.2f}× faster; {b_v / b_n:.1f}× plain numpy's time",
                "(the default output is the rows above)",
            )
        )
        del df
    mem = {e: memory(e, n) for e in ("zjpolicy", "openfisca", "numpy")}
    m = mem["zjpolicy"]
    rows.append(
        (
            f"{n:,} parks: peak memory of the call (RSS; tracemalloc)",
            f"{m['call_rss_mib']:.0f} MiB; {m['tracemalloc_peak_mib']:.0f} MiB",
            f"{mem['openfisca']['call_rss_mib']:.0f} MiB; {mem['openfisca']['tracemalloc_peak_mib']:.0f} MiB"
            f" (numpy: {mem['numpy']['call_rss_mib']:.0f} MiB; {mem['numpy']['tracemalloc_peak_mib']:.0f} MiB)",
            f"process peak {m['peak_rss_mib']:.0f} MiB (input table included)",
            "< 1 GiB",
        )
    )

    # 4. import, fresh process each
    py = sys.executable
    i_z, i_o = fresh_pair([py, "-c", "import zjpolicy"], [py, "-c", "import openfisca_core.model_api"], a.fresh)
    i_0 = fresh([py, "-c", "pass"], a.fresh)
    rows.append(
        (
            "import zjpolicy vs import openfisca_core.model_api (fresh process)",
            fmt_s(i_z),
            fmt_s(i_o),
            f"{i_o / i_z:.2f}× (interpreter alone {fmt_s(i_0)})",
            "no slower (≥ 1.00×)",
        )
    )

    # 5. CLI
    exe = cli()
    c_v = fresh([exe, "--version"], a.fresh)
    c_r = fresh([exe, "rate", "--example", "example-park", "--as-of", "2024-06-30"], a.fresh)
    rows.append(("zjpolicy --version (fresh process)", fmt_s(c_v), "—", "—", "< 0.3 s"))
    rows.append(("zjpolicy rate --example example-park --as-of 2024-06-30", fmt_s(c_r), "—", "—", "< 0.5 s"))

    print()
    print("| figure | zjpolicy | OpenFisca 46 (same run) | ratio | goal |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print(f"\nload average at end: {load()}")
    print("ratios: peer time / zjpolicy time (> 1: zjpolicy faster); one-entity rows give both OpenFisca paths.")
    print(
        f"medians of {repeat} repeats; import/CLI medians of {a.fresh} fresh processes; memory in fresh subprocesses:"
        f" {json.dumps(mem)}"
    )


if __name__ == "__main__":
    main()
