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

from .lang import say

__all__ = ["PLAIN_COMPARISONS", "Comparison", "Exact", "compare", "fmt", "margin", "to_fraction"]

_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")
_RATIO = re.compile(r"^\s*[+-]?\d+\s*/\s*\d+\s*$")

MAX_DIGITS = 64
"""Most significant digits an input number may have (no statistic has more; bounds the exact arithmetic)."""
MAX_EXPONENT = 64
"""Largest decimal exponent, either way, of an input number (1e-64 and 1e64 are far past any quantity here)."""


FLOAT_TOO_BIG = float(f"1e{MAX_EXPONENT}")
"""The smallest double `to_fraction` refuses as too large (its shortest repr has MAX_EXPONENT + 1 digits before the
point); every smaller double is accepted, so a vectorised check ``abs(x) < FLOAT_TOO_BIG`` agrees with it."""
FLOAT_TOO_SMALL = float(f"1e-{MAX_EXPONENT}")
"""The smallest non-zero magnitude of a double `to_fraction` accepts (1e-64; 9.999…e-65 is refused)."""


def _bounded(d: Decimal, shown: object) -> Decimal:
    """Refuse, before any exact arithmetic, a number whose digits or exponent would make it slow or huge."""
    t = d.as_tuple()
    digits, exp = t.digits, t.exponent
    if not isinstance(exp, int):  # NaN or infinity: the callers refuse them first
        raise ValueError(say("error.not_finite", shown=repr(shown)))
    n = len(digits)
    magnitude = n + exp  # position of the leading digit
    if n > MAX_DIGITS or magnitude > MAX_EXPONENT or (any(digits) and magnitude <= -MAX_EXPONENT):
        raise _out_of_range(shown)
    return d


def _shown(x: object) -> str:
    from .errors import shown  # errors imports nothing of exact

    return shown(x)


def _out_of_range(shown: object) -> ValueError:
    return ValueError(say("error.out_of_range", shown=_shown(shown), digits=MAX_DIGITS, exponent=MAX_EXPONENT))


def _digits_fraction(text: str, shown: object) -> Fraction:
    """``Fraction(_bounded(Decimal(text), shown))`` for an ASCII decimal numeral (a float's repr, or a string
    `_NUMBER` matches), reading its digits directly (a test compares the two for every input)."""
    mant, _, e = text.lower().partition("e")
    ip, _, fp = mant.lstrip("+-").partition(".")
    coef = (ip + fp).lstrip("0") or "0"  # Decimal's digits: no leading zeros
    exp = (int(e) if e else 0) - len(fp)
    magnitude = len(coef) + exp
    if len(coef) > MAX_DIGITS or magnitude > MAX_EXPONENT or (coef != "0" and magnitude <= -MAX_EXPONENT):
        raise _out_of_range(shown)  # before Decimal, whose exponent range is smaller than a numeral's
    num = -int(coef) if mant.startswith("-") else int(coef)
    return Fraction(num * 10**exp) if exp >= 0 else Fraction(num, 10**-exp)


def _float_fraction(x: float) -> Fraction:
    """A finite float through its shortest repr."""
    return _digits_fraction(repr(x), x)


def _str_fraction(x: str) -> Fraction:
    s = x.strip().replace("，", "").replace(",", "").replace("_", "")
    if len(s) > 4 * MAX_DIGITS:
        raise ValueError(say("error.numeral_too_long", length=len(s), digits=MAX_DIGITS))
    if _NUMBER.match(s):
        if s.isascii():
            return _digits_fraction(s, x)
        try:
            return Fraction(_bounded(Decimal(s), x))
        except InvalidOperation:  # pragma: no cover - regex guards this
            pass
    if _RATIO.match(s):
        num, den = s.split("/")
        if int(den) == 0:
            raise ValueError(say("error.divides_by_zero", shown=repr(x)))
        return Fraction(to_fraction(int(num)), to_fraction(int(den)))
    raise ValueError(say("error.not_a_number", shown=_shown(x)))


def to_fraction(x: Any) -> Fraction:
    """Turn an int, Decimal, Fraction, float or numeric string ("0.52", "1/3") into a Fraction.

    Floats are read through their shortest repr (0.1 -> 1/10), which is what the user typed.
    """
    t = type(x)  # the exact types first (isinstance on Fraction, an ABC, is slow)
    if t is Fraction:
        return x  # type: ignore[no-any-return]
    if t is str:
        return _str_fraction(x)
    if t is float and math.isfinite(x):
        return _float_fraction(x)
    if isinstance(x, Fraction):
        return x
    if isinstance(x, bool):
        raise TypeError(say("error.boolean_not_number"))
    if isinstance(x, int):
        if x.bit_length() > MAX_DIGITS * 4:  # ~ MAX_DIGITS decimal digits, checked without printing it
            raise ValueError(say("error.integer_too_big", bits=x.bit_length(), digits=MAX_DIGITS))
        return Fraction(x)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(say("error.not_finite", shown=repr(x)))
        return Fraction(_bounded(Decimal(repr(x)), x))  # a float subclass: its own repr
    if isinstance(x, Decimal):
        if not x.is_finite():
            raise ValueError(say("error.not_finite", shown=repr(x)))
        return Fraction(_bounded(x, x))
    if isinstance(x, str):
        return _str_fraction(x)
    raise TypeError(say("error.kind_not_number", kind=type(x).__name__))


def fmt(x: Fraction | None) -> str | None:
    """Exact text for a Fraction: a decimal when it terminates ("0.52"), else "p/q" ("1/3")."""
    if x is None:
        return None
    num, den = x.numerator, x.denominator
    if den == 1:
        return str(num)
    twos = (den & -den).bit_length() - 1  # the power of 2 in den
    d = den >> twos
    fives = 0
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{num}/{den}"
    places = max(twos, fives)
    s = f"{abs(num) * (10**places // den):0{places + 1}d}"  # den divides 10**places: all in integers
    sign = "-" if num < 0 else ""
    return f"{sign}{s[:-places]}.{s[-places:]}"


def _parse_exact(v: Any) -> Any:
    if v is None:
        return None
    try:
        return to_fraction(v)
    except TypeError as exc:  # a boolean, list or dict: pydantic reports a ValueError as the field's error
        raise ValueError(str(exc)) from None


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
        if self in _TRENDS:  # against the previous year's value: said in the language in force
            return say(f"core.symbol.{self.name}", symbol=self.bare_symbol)
        return _SYMBOLS[self]

    @property
    def bare_symbol(self) -> str:
        """The sign alone (a trend's ≥ or >, without "previous")."""
        return _SYMBOLS[self]


_SYMBOLS = {
    Comparison.ge: "≥",
    Comparison.gt: ">",
    Comparison.le: "≤",
    Comparison.lt: "<",
    Comparison.eq: "=",
    Comparison.approx: "≈",
    Comparison.range: "∈",
    Comparison.nondecreasing: "≥",
    Comparison.increasing: ">",
}
_TRENDS = frozenset({Comparison.nondecreasing, Comparison.increasing})


PLAIN_COMPARISONS = frozenset({Comparison.ge, Comparison.gt, Comparison.le, Comparison.lt, Comparison.eq})
"""The comparisons of two Fractions that need nothing else (approx needs a tolerance, range an upper bound)."""


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
