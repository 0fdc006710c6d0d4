"""What the fuzz tests share: valid seed inputs for every rule, and the outcome check with its timing record.

The only outcomes allowed for an entry point are a valid result or a `ZjpolicyError`; anything else escapes
`run` and fails the test with hypothesis's falsifying example (each finding so far is fixed and kept as a
regression test in test_fuzz_findings.py). `run` also records, per entry point, how many
examples ran, how many gave a result or an error, and the slowest single answer; with
``ZJPOLICY_FUZZ_STATS=path.json`` the record is written there when a module finishes.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from zjpolicy.errors import ZjpolicyError

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent.parent
SLOWEST_ALLOWED = 10.0  # seconds: one hostile input must never take longer (a denial of service)

STATS: dict[str, dict[str, Any]] = {}

CI_EXAMPLES = 30
"""Examples per fuzzed entry point in CI and locally; a profile asking for 1,000 or more (deep) gets its own."""


def examples() -> int:
    """Examples per entry point: the hypothesis profile's (deep: 10,000), at most `CI_EXAMPLES` for lighter ones."""
    from hypothesis import settings

    n = settings.default.max_examples
    return n if n >= 1000 else min(n, CI_EXAMPLES)


def run(entry: str, fn: Callable[[], T], case: Callable[[], object]) -> T | None:
    """`fn()`: its value, or None for a `ZjpolicyError`; any other exception propagates."""
    s = STATS.setdefault(entry, {"examples": 0, "results": 0, "errors": 0, "slowest_s": 0.0, "slowest_case": ""})
    s["examples"] += 1
    start = time.perf_counter()
    try:
        out = fn()
    except ZjpolicyError as exc:
        s["errors"] += 1
        kinds = s.setdefault("error_kinds", {})
        kinds[type(exc).__name__] = kinds.get(type(exc).__name__, 0) + 1
        return None
    else:
        s["results"] += 1
        return out
    finally:
        took = time.perf_counter() - start
        if took > s["slowest_s"]:
            s["slowest_s"] = took
            s["slowest_case"] = _short(case)
        assert took < SLOWEST_ALLOWED, f"{entry}: one answer took {took:.1f}s: {_short(case)}"


def _short(case: Callable[[], object]) -> str:
    try:
        text = repr(case())
    except Exception as exc:  # a case too deep to print
        text = f"<{type(exc).__name__}>"
    return text if len(text) <= 300 else text[:300] + "…"


def dump_stats() -> None:
    out = os.environ.get("ZJPOLICY_FUZZ_STATS")
    if not out:
        return
    path = Path(out)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update(STATS)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


# ---------------------------------------------------------------------------- seeds: valid inputs of every rule


@cache
def seeds() -> dict[str, list[dict[str, Any]]]:
    """rule id -> a few valid inputs (JSON), from the golden calls and the bundled example statistics."""
    from zjpolicy.targets import assess_targets, load_example

    out: dict[str, list[dict[str, Any]]] = {}
    records = json.loads((ROOT / "tests" / "golden" / "decisions.json").read_text(encoding="utf-8"))
    for rec in records:
        call = rec["call"]
        bucket = out.setdefault(call["rule"], [])
        if len(bucket) >= 6:
            continue
        if "targets" in call:
            case = call["targets"]
            clause, year = call["rule"].removeprefix("targets."), int(case["year"])
            given = case["given"]
            series = (
                given
                if isinstance(given, dict) and not ({"value", "baseline", "items"} & set(given))
                else {year: given}
            )
            as_of = date.fromisoformat(str(case["as_of"])) if case.get("as_of") else None
            try:
                report = assess_targets({clause: series}, year=year, as_of=as_of, clauses=[clause])
            except ZjpolicyError:
                continue
            bucket.extend(r.inputs for r in report.results)
        else:
            bucket.append(call["inputs"])
    for r in assess_targets(load_example(), year=2024).results:
        out.setdefault(r.rule, []).append(r.inputs)
    return out


@cache
def stored_results() -> list[dict[str, Any]]:
    """Stored results (JSON) of every rule, for replay: one per rule, from its first seed."""
    from zjpolicy.catalogue import all_rules

    out = []
    for rid, r in all_rules().items():
        for inputs in seeds().get(rid, [])[:1]:
            with contextlib.suppress(ZjpolicyError):
                out.append(json.loads(r(inputs, as_of=date(2025, 12, 31)).model_dump_json()))
    return out


NOT_FUZZED = {"serve": "runs an HTTP server until stopped (its requests are fuzzed by the service's own tests)"}
"""Commands that do not return on their own: never invoked here (a fuzzed `serve --workers` spawns processes)."""


def every_command() -> dict[str, Any]:
    """'check green-channel' -> its click command, for every command of the zjpolicy CLI (but `NOT_FUZZED`)."""
    import typer

    from zjpolicy.cli import app

    found: dict[str, Any] = {}

    def walk(c: Any, path: list[str]) -> None:
        if " ".join(path) in NOT_FUZZED:
            return
        subs = getattr(c, "commands", None)
        if subs is None:
            found[" ".join(path)] = c
            return
        if path and c.callback is not None and any(p.opts for p in c.params):
            found[" ".join(path)] = c  # a group that is also a command (params --as-of D)
        for name, sub in subs.items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found
