"""Reading the law files of this folder: seed-text normalization, quotes, numbers and the case runner.

Nothing here reads a value from the rulebook to decide what is expected: the law files type it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date
from enum import Enum
from fractions import Fraction
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SEEDS = Path(os.environ.get("ZJPOLICY_SEEDS") or HERE.parent.parent.parent / "shared" / "seeds")
DOCUMENTS = ("guiding-opinions-2022", "demo-park-plan")
LOST_POINT = "\ue010"  # the seeds' extraction lost decimal points as U+E010 + a space (seeds README)


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII), the lost decimal point restored, no white space.

    The ellipsis …… (an elision, never a decimal point) is kept as one "…", not NFKC's "......".
    """
    text = re.sub("…+", "\x00", text.replace(LOST_POINT, "."))
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\x00", "…")


@cache
def seed_text(document: str) -> str:
    return normalize_text((SEEDS / f"{document}.txt").read_text(encoding="utf-8"))


@cache
def law(document: str) -> dict[str, Any]:
    return yaml.safe_load((HERE / f"{document}.yaml").read_text(encoding="utf-8"))


def law_clauses(document: str) -> list[dict[str, Any]]:
    return list(law(document)["clauses"])


def quote_runs(quote: str) -> list[str]:
    # "……" elides words; "|" separates the cells of a table row (the seed lost the grid, the cells stay in order)
    return [r for r in re.split("[…|]", normalize_text(quote)) if r]


def quote_in(text: str, quote: str) -> bool:
    """Every run of the quote occurs in `text`, in order."""
    pos = 0
    for run in quote_runs(quote):
        i = text.find(run, pos)
        if i < 0:
            return False
        pos = i + len(run)
    return True


# ------------------------------------------------------------------ how a number may be written in the law

_CN_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> set[str]:
    """一 … 九十九 (and 两 for 2), as the documents write small counts (三大, 十大, 两年, 五年)."""
    if n < 0 or n > 99:
        return set()
    if n < 10:
        out = {_CN_DIGITS[n]}
        if n == 2:
            out.add("两")
        return out
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else _CN_DIGITS[tens] + "十"
    return {head + (_CN_DIGITS[ones] if ones else "")}


def spellings(value: Fraction, unit: str) -> set[str]:
    """The ways the law writes `value` in `unit`: 2.5, 1/3, 35, 三, 千亿 (for 1000 亿元), 全 (100%)."""
    out: set[str] = set()
    if value.denominator == 1:
        n = value.numerator
        out.add(str(n))
        out |= chinese_numeral(n)
        if unit.startswith("亿"):
            out |= {"千亿"} if n == 1000 else {"百亿"} if n == 100 else set()
        if unit == "percent" and n == 100:
            out |= {"全覆盖", "全部"}
        if unit == "年" and n == 1:
            out.add("每年")  # a period of one year
        if unit == "星" and n == 3:
            out.add("星级园区")  # a 星级园区 is one rated 三星 or more: the lowest star level (三、2.)
    else:
        from zjpolicy.exact import fmt

        text = fmt(value) or ""
        out.add(text)
        for num_cn in chinese_numeral(value.numerator):  # 1/3 is written 三分之一 too
            for den_cn in chinese_numeral(value.denominator):
                out.add(f"{den_cn}分之{num_cn}")
    return out


def number_shown(text: str, value: Fraction, unit: str) -> bool:
    """Is the number visible in `text` as a whole number (35 is not found inside 350 or 2035)?"""
    for s in spellings(value, unit):
        if not s[0].isdigit():
            if s in text:
                return True
            continue
        if re.search(rf"(?<![\d.]){re.escape(s)}(?![\d]|\.\d)", text):
            return True
    return False


# ------------------------------------------------------------------ the cases


def as_of_of(case: dict[str, Any]) -> date:
    a = case.get("as_of")
    if a is not None:
        return a if isinstance(a, date) else date.fromisoformat(str(a))
    if case.get("year") is not None:
        return date(int(case["year"]), 12, 31)
    return date(2025, 6, 30)


def run_case(document: str, clause: str, case: dict[str, Any]) -> Any:
    """Call the public function the case names; return its result."""
    call = case["call"]
    overrides = case.get("overrides")
    if call == "targets":
        from zjpolicy.targets import assess_targets

        given = case["given"]
        year = int(case["year"])
        series = (
            given if isinstance(given, dict) and not ({"value", "baseline", "items"} & set(given)) else {year: given}
        )
        report = assess_targets(
            {clause: series}, year=year, as_of=as_of_of(case), clauses=[clause], overrides=overrides
        )
        return report[clause]
    if call in ("items", "conditions"):  # a named list, or the facts a clause attaches that the rating cannot see
        from zjpolicy.rulebook import default_rulebook

        return SimpleNamespace(**{call: list(getattr(default_rulebook().clause(clause), call))})
    from zjpolicy.rules import get_rule

    args = dict(case.get("args") or {})
    if "park" in case:
        args = {**law(document)["parks"][case["park"]], **(case.get("set") or {})}
    return get_rule(call)(args, as_of=as_of_of(case), overrides=overrides, **(case.get("options") or {}))


_TOKEN = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[([^\]]*)\]")


def resolve_path(obj: Any, path: str) -> Any:
    """`checks[name=intensity].met`, `items[0]`, `policy_support[clause=dp.4.3.x].applies`, `items.len`."""
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if not m:
            raise ValueError(f"bad path {path!r} at {pos}")
        pos = m.end()
        name, sub = m.group(1), m.group(2)
        if name is not None:
            if name == "len" and isinstance(obj, (list, tuple, dict)):
                obj = len(obj)
            elif isinstance(obj, dict):
                obj = obj[name]
            else:
                obj = getattr(obj, name)
        elif "=" in sub:
            key, want = sub.split("=", 1)
            hits = [x for x in obj if str(_plain(resolve_path(x, key))) == want]
            if len(hits) != 1:
                raise LookupError(f"{path}: {len(hits)} elements with {key}={want}")
            obj = hits[0]
        else:
            obj = obj[int(sub)] if isinstance(obj, (list, tuple)) else obj[sub]
    return obj


def _plain(x: Any) -> Any:
    return x.value if isinstance(x, Enum) else x


def matches(actual: Any, expected: Any) -> bool:
    if isinstance(actual, Enum):
        return expected in (actual.value, actual.name) or _plain(actual) == expected
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    if isinstance(actual, Fraction | int) and not isinstance(actual, bool) and expected is not None:
        from zjpolicy.exact import to_fraction

        try:
            return Fraction(actual) == to_fraction(expected)
        except (TypeError, ValueError):
            return False
    if isinstance(actual, date):
        return str(actual) == str(expected)
    if isinstance(actual, (list, tuple)) and isinstance(expected, list):
        return len(actual) == len(expected) and all(matches(a, e) for a, e in zip(actual, expected, strict=True))
    return bool(actual == expected)
