"""Mutation check of the safety net: change one law value at a time and see the test suite fail.

    python scripts/mutate_rulebook.py [--jobs 2] [--limit N] [--kinds value,year,comparison,reading]

Each mutant is a copy of the repository whose rulebook differs in exactly one place:
- ``value``: a parameter's value ×10 (a digit typed twice) and + one unit of its last digit (35 → 36, 2.5 → 2.6);
- ``upper``: the same for a range's upper bound;
- ``year``: a target year one earlier;
- ``comparison``: ge ↔ gt, le ↔ lt;
- ``reading``: a reading's default switched to another choice.
The suite runs on it (``tests/law`` first, stopping at the first failure; the rest of the suite only when
``tests/law`` passed). A mutant is *caught* when the suite fails. The report lists the survivors.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from queue import Queue

import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "zjpolicy" / "rulebook"
SWAP = {"ge": "gt", "gt": "ge", "le": "lt", "lt": "le"}


def load(name: str, book: Path = BOOK, text: str | None = None):
    sys.path.insert(0, str(ROOT))
    from zjpolicy.rulebook.load import _ExactLoader

    return yaml.load(text if text is not None else (book / name).read_text(encoding="utf-8"), Loader=_ExactLoader)


def bump(v) -> list[str]:
    """×10 and +1 in the last digit, as exact text."""
    from zjpolicy.exact import fmt, to_fraction

    x = to_fraction(v)
    text = fmt(x) or "0"
    step = Fraction(1, 10 ** len(text.split(".")[1])) if "." in text else Fraction(1, 100) if "/" in text else 1
    return [fmt(x * 10) if x else "1", fmt(x + step)]


def mutants(kinds: set[str]):
    for name in ("guiding-opinions-2022.yaml", "demo-park-plan.yaml"):
        committed = subprocess.run(
            ["git", "show", f"HEAD:zjpolicy/rulebook/{name}"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        raw = load(name, text=committed)
        for c in raw["clauses"]:
            for p in c.get("parameters") or []:
                where = f"{c['id']}.{p['name']}"
                for key in ("value", "upper"):
                    if key in kinds and p.get(key) is not None:
                        for new in bump(p[key]):
                            yield f"{where}.{key}: {p[key]} -> {new}", name, ("param", c["id"], p["name"], key, new)
                if "year" in kinds and p.get("year") is not None:
                    yield (
                        f"{where}.year: {p['year']} -> {p['year'] - 1}",
                        name,
                        ("param", c["id"], p["name"], "year", p["year"] - 1),
                    )
                if "comparison" in kinds and p.get("comparison") in SWAP:
                    new = SWAP[p["comparison"]]
                    yield (
                        f"{where}.comparison: {p['comparison']} -> {new}",
                        name,
                        ("param", c["id"], p["name"], "comparison", new),
                    )
        if "reading" in kinds:
            for r in raw.get("readings") or []:
                others = [k for k in (r.get("choices") or {}) if k != str(r["default"])]
                if others:
                    yield (
                        f"{r['id']}.default: {r['default']} -> {others[0]}",
                        name,
                        ("reading", r["id"], None, "default", others[0]),
                    )


def apply(raw, change) -> None:
    what, ident, name, key, new = change
    if what == "param":
        clause = next(c for c in raw["clauses"] if c["id"] == ident)
        next(p for p in clause["parameters"] if p["name"] == name)[key] = new
    else:
        next(r for r in raw["readings"] if r["id"] == ident)[key] = new


def run(copy: Path, label: str, name: str, change) -> tuple[str, bool, str]:
    target = copy / "zjpolicy" / "rulebook" / name
    original = target.read_text(encoding="utf-8")
    raw = load(name, text=original)
    apply(raw, change)
    target.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(copy),
        "ZJPOLICY_SEEDS": str(ROOT.parent / "shared" / "seeds"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    try:
        # tests/docs builds the site and checks no law value: left out to keep a mutant under a minute
        for args in (["tests/law", "-x"], ["tests", "-x", "--deselect", "tests/law", "--deselect", "tests/docs"]):
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                cwd=copy,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                failed = [ln for ln in proc.stdout.splitlines() if ln.startswith(("FAILED", "ERROR"))]
                return label, True, (failed[0] if failed else proc.stdout.strip().splitlines()[-1])[:200]
        return label, False, ""
    finally:
        target.write_text(original, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--kinds", default="value,upper,year,comparison,reading")
    ap.add_argument("--control", action="store_true", help="also run the unmutated (re-dumped) rulebook: it must pass")
    a = ap.parse_args()
    todo = list(mutants(set(a.kinds.split(","))))
    if a.limit:
        todo = todo[: a.limit]
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for k in range(a.jobs):
            dst = Path(tmp) / f"copy{k}"
            # the committed tree (HEAD) only: work in progress beside it must not decide a mutant
            dst.mkdir()
            archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(dst)], input=archive, check=True)
            copies.append(dst)
        if a.control:
            first = load("demo-park-plan.yaml")["readings"][0]
            raw_ok = run(
                copies[0], "control", "demo-park-plan.yaml", ("reading", first["id"], None, "default", first["default"])
            )
            print(
                "control (no change):", "FAILS — fix before trusting the mutants" if raw_ok[1] else "passes", raw_ok[2]
            )
        free: Queue[Path] = Queue()
        for c in copies:
            free.put(c)

        def one(label: str, name: str, change) -> tuple[str, bool, str]:
            copy = free.get()  # each copy runs one mutant at a time
            try:
                return run(copy, label, name, change)
            finally:
                free.put(copy)

        results = []
        with ThreadPoolExecutor(a.jobs) as pool:
            futs = [pool.submit(one, *m) for m in todo]
            for f in futs:
                label, caught, why = f.result()
                results.append((label, caught, why))
                print(("caught  " if caught else "SURVIVED"), label, ("— " + why) if why else "", flush=True)
    caught = sum(1 for _, c, _ in results if c)
    print(f"\n{caught} of {len(results)} mutants caught; {len(results) - caught} survived")
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
