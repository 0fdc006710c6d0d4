"""Exact numbers and the law's comparisons.

Every number from the law and every input is held as a `fractions.Fraction`, so
5200 tce over 1 亿元 is exactly 0.52 tce/万元 and one third is one third.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

__all__ = ["Comparison", "Exact", "compare", "fmt", "margin", "to_fraction"]

_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
_RATIO = re.compile(r"^\s*[+-]?\d+\s*/\s*\d+\s*$")

MAX_DIGITS = 64
"""Most significant digits an input number may have (no statistic has more; bounds the exact arithmetic)."""
MAX_EXPONENT = 64
"""Largest decimal exponent, either way, of an input number (1e-64 and 1e64 are far past any quantity here)."""


def _bounded(d: Decimal, shown: object) -> Decimal:
    """Refuse, before any exact arithmetic, a number whose digits or exponent would make it slow or huge."""
    t = d.as_tuple()
    digits, exp = t.digits, t.exponent
    if not isinstance(exp, int):  # NaN or infinity: the callers refuse them first
        raise ValueError(f"{shown!r} is not a finite number")
    n = len(digits)
    magnitude = n + exp  # position of the leading digit
    if n > MAX_DIGITS or magnitude > MAX_EXPONENT or (any(digits) and magnitude < -MAX_EXPONENT):
        raise ValueError(
            f"{shown!r} is out of range: at most {MAX_DIGITS} significant digits, at least 1e-{MAX_EXPONENT} "
            f"and below 1e{MAX_EXPONENT} in size"
        )
    return d


def to_fraction(x: Any) -> Fraction:
    """Turn an int, Decimal, Fraction, float or numeric string ("0.52", "1/3") into a Fraction.

    Floats are read through their shortest repr (0.1 -> 1/10), which is what the user typed.
    """
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(x, int):
        if x.bit_length() > MAX_DIGITS * 4:  # ~ MAX_DIGITS decimal digits, checked without printing it
            raise ValueError(f"an integer of {x.bit_length()} bits is out of range (at most {MAX_DIGITS} digits)")
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"{x!r} is not a finite number")
        return Fraction(_bounded(Decimal(repr(x)), x))
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError(f"{x!r} is not a finite number")
        return Fraction(_bounded(x, x))
    if isinstance(x, str):
        s = x.strip().replace("，", "").replace(",", "").replace("_", "")
        if len(s) > 4 * MAX_DIGITS:
            raise ValueError(f"a number of {len(s)} characters is out of range (at most {MAX_DIGITS} digits)")
        if _NUMBER.match(s):
            try:
                return Fraction(_bounded(Decimal(s), x))
            except InvalidOperation:  # pragma: no cover - regex guards this
                pass
        if _RATIO.match(s):
            num, den = s.split("/")
            if int(den) == 0:
                raise ValueError(f"{x!r} divides by zero")
            return Fraction(to_fraction(int(num)), to_fraction(int(den)))
        raise ValueError(f"{x!r} is not a number")
    raise TypeError(f"{type(x).__name__} is not a number")


def fmt(x: Fraction | None) -> str | None:
    """Exact text for a Fraction: a decimal when it terminates ("0.52"), else "p/q" ("1/3")."""
    if x is None:
        return None
    if x.denominator == 1:
        return str(x.numerator)
    d = x.denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{x.numerator}/{x.denominator}"
    places = max(twos, fives)
    scaled = x * 10**places
    s = f"{abs(scaled.numerator):0{places + 1}d}"
    sign = "-" if x < 0 else ""
    return f"{sign}{s[:-places]}.{s[-places:]}"


def _parse_exact(v: Any) -> Any:
    if v is None:
        return None
    return to_fraction(v)


Exact = Annotated[
    Fraction,
    BeforeValidator(_parse_exact),
    PlainSerializer(fmt, return_type=str, when_used="always"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^-?\d+(\.\d+)?$|^-?\d+/\d+$",
            "description": "An exact number: a decimal ('0.52') or a ratio ('1/3').",
        }
    ),
]
"""A pydantic field type for exact numbers; serializes to text so JSON loses nothing."""


class Comparison(StrEnum):
    """How a value is compared with the law's threshold (the Chinese word is kept beside it)."""

    ge = "ge"  # 以上 / 不低于 / 达到
    gt = "gt"  # 超过 / 高于
    le = "le"  # 以下 / 不超过
    lt = "lt"  # 低于
    eq = "eq"
    approx = "approx"  # 左右: within a named tolerance
    range = "range"  # 1-2条
    nondecreasing = "nondecreasing"  # 稳中有升 (default reading)
    increasing = "increasing"  # 持续增加 / 逐步提高

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Comparison.ge: "≥",
    Comparison.gt: ">",
    Comparison.le: "≤",
    Comparison.lt: "<",
    Comparison.eq: "=",
    Comparison.approx: "≈",
    Comparison.range: "∈",
    Comparison.nondecreasing: "≥ prev",
    Comparison.increasing: "> prev",
}


def compare(
    value: Fraction,
    op: Comparison,
    threshold: Fraction,
    *,
    upper: Fraction | None = None,
    tolerance: Fraction | None = None,
) -> bool:
    """Exact comparison. For trends, `threshold` is the previous value."""
    if op is Comparison.ge or op is Comparison.nondecreasing:
        return value >= threshold
    if op is Comparison.gt or op is Comparison.increasing:
        return value > threshold
    if op is Comparison.lt:
        return value < threshold
    if op is Comparison.le:
        return value <= threshold
    if op is Comparison.eq:
        return value == threshold
    if op is Comparison.approx:
        if tolerance is None:
            raise ValueError("an approximate (左右) comparison needs a tolerance reading")
        return abs(value - threshold) <= tolerance
    if op is Comparison.range:
        if upper is None:
            raise ValueError("a range comparison needs an upper bound")
        return threshold <= value <= upper
    raise ValueError(f"unknown comparison {op!r}")  # pragma: no cover


def margin(value: Fraction, op: Comparison, threshold: Fraction) -> Fraction | None:
    """Signed distance on the passing side: >= 0 passes a ge/le test, > 0 a gt/lt test.

    A negative margin is the shortfall. Undefined (None) for eq/approx/range.
    """
    if op in (Comparison.ge, Comparison.gt, Comparison.nondecreasing, Comparison.increasing):
        return value - threshold
    if op in (Comparison.le, Comparison.lt):
        return threshold - value
    return None
