"""Hostile input, timed: every rule and entry point on every hand-picked hostile value, slowest answer reported.

Issue 12 asks that every public entry point answer any input under 64 KiB within 100 ms, with a result or a
`ZjpolicyError`. This script puts each of the fuzz catalogue's hostile values (tests/fuzz/strategies.py: numerals,
units, scalars, dates), alone and as "<numeral> <unit>", plus inputs padded towards 64 KiB, into each top-level
field of each rule's example input (and into `as_of`), calls the rule, and reports per rule the number of calls,
the median and the slowest answer, and any answer that was neither a result nor a ZjpolicyError. It asserts
nothing about speed (that is the point of a benchmark); run it by hand:

    python benchmarks/bench_hostile.py            # every rule, ~1–2 min on 2 cores
    python benchmarks/bench_hostile.py --rules rubric.rate_park land_energy.green_channel
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzz.strategies import HOSTILE_DATES, HOSTILE_NUMERALS, HOSTILE_SCALARS, HOSTILE_UNITS  # noqa: E402

from zjpolicy.api.examples import rule_examples  # noqa: E402
from zjpolicy.catalogue import all_rules  # noqa: E402
from zjpolicy.errors import ZjpolicyError  # noqa: E402

KIB = 1024
BIG = (
    "1" * (60 * KIB),  # a numeral of 60 KiB
    "0." + "0" * (60 * KIB) + "1",
    "1e-" + "9" * (60 * KIB),
    "5 " + "万元/" * (20 * KIB),  # a unit of 60 KiB
    "[" * (30 * KIB) + "]" * (30 * KIB),
    {"k" * 10: ["x"] * (6 * KIB)},
)


def values() -> list[Any]:
    out: list[Any] = [*HOSTILE_NUMERALS, *HOSTILE_SCALARS, *BIG]
    out += [f"{n} {u}".strip() for n in HOSTILE_NUMERALS[:12] for u in HOSTILE_UNITS]
    return out


def size(x: Any) -> int:
    try:
        return len(json.dumps(x, ensure_ascii=False, default=str).encode())
    except ValueError:  # an int past Python's str conversion limit: far over 64 KiB as text anyway
        return sys.maxsize


def timed(fn: Any) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        fn()
        kind = "result"
    except ZjpolicyError:
        kind = "error"
    except Exception as exc:  # a finding: neither a result nor a ZjpolicyError
        kind = f"ESCAPED {type(exc).__name__}: {str(exc)[:120]}"
    return time.perf_counter() - start, kind


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rules", nargs="*", help="rule ids (default: all)")
    args = ap.parse_args()
    rules = all_rules()
    examples = rule_examples()
    chosen = args.rules or sorted(rules)
    hostile = values()
    total, escaped, slowest = 0, [], (0.0, "")
    print(f"{len(hostile)} hostile values ({len(BIG)} padded towards 64 KiB), {len(chosen)} rules")
    print(f"{'rule':58} {'calls':>6} {'median ms':>10} {'max ms':>8}  results/errors")
    for rid in chosen:
        rule, ex = rules[rid], examples[rid]
        inputs, as_of = ex["inputs"], ex["as_of"]
        rule(inputs, as_of=as_of)  # warm: pint, the rulebook's memos
        times, kinds = [], {"result": 0, "error": 0}
        cases = [(k, v) for k in inputs for v in hostile] + [("as_of", v) for v in (*HOSTILE_DATES, *BIG[:2])]
        for key, v in cases:
            given = {**inputs, key: v} if key != "as_of" else inputs
            if size(given) >= 64 * KIB:
                continue
            on = v if key == "as_of" else as_of
            took, kind = timed(lambda g=given, d=on, r=rule: r(g, as_of=d))
            times.append(took)
            total += 1
            if kind.startswith("ESCAPED"):
                escaped.append(f"{rid} {key}={str(v)[:40]!r}: {kind}")
            else:
                kinds[kind] += 1
            if took > slowest[0]:
                slowest = (took, f"{rid} {key}={str(v)[:60]!r}")
        print(
            f"{rid:58} {len(times):6} {statistics.median(times) * 1e3:10.2f} {max(times) * 1e3:8.1f}  "
            f"{kinds['result']}/{kinds['error']}"
        )
    print(f"\n{total} calls; slowest {slowest[0] * 1e3:.1f} ms: {slowest[1]}")
    print(f"escaped (neither a result nor a ZjpolicyError): {len(escaped)}")
    for line in escaped[:20]:
        print("  " + line)


if __name__ == "__main__":
    main()
