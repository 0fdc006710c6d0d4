"""Units: one pint registry (built on first use) and exact, cached conversion at the edge.

Values are normalized once, when they enter the library, to the unit of the parameter
they are compared with; inside, everything is a plain `fractions.Fraction`.

The units the rulebook and its inputs use (元/万元/亿元, 亩/公顷, tce/kgce/kJ/GJ/kWh, 家/个/项…, 人/名, 年, 星, percent)
and their quotients ("万元/亩", "(tce)/(万元)") are converted with a table of each unit's exact factor to pint's base
units, `_unit_table.json`, so the common path never loads pint (about 0.4 s). The table is pint's own answer, made
by ``python -m zjpolicy.units --write``; a test fails when it differs from pint. Any other unit goes to pint.
"""

from __future__ import annotations

import json
import math
import re
import sys
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import InputError, Problem, UnitError, shown
from .exact import MAX_DIGITS, MAX_EXPONENT, to_fraction
from .lang import say

if TYPE_CHECKING:
    import pint

__all__ = ["Q_", "conversion_factor", "normalize", "parse_quantity", "registry", "unit_label"]

_QTY = re.compile(r"^\s*(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:\s*/\s*\d+)?)\s*(?P<unit>.*?)\s*$")
_THOUSANDS = re.compile(r"(?<=\d)[,，_](?=\d{3}(?!\d))")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％／　", "0123456789.%/ ")


@cache
def registry() -> pint.UnitRegistry:
    """The one zjpolicy unit registry (exact: conversion factors are Fractions); pint loads on first use."""
    import pint

    ureg: pint.UnitRegistry = pint.UnitRegistry(non_int_type=Fraction, cache_folder=None)
    text = resources.files(__package__).joinpath("units.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            ureg.define(line)
    return ureg


def Q_(value: Any, unit: str | None = None) -> pint.Quantity:
    """Build a Quantity in the zjpolicy registry (exact magnitudes)."""
    reg = registry()
    if unit is None:
        mag, unit = parse_quantity(str(value))
        return reg.Quantity(mag, _clean_unit(unit))
    return reg.Quantity(to_fraction(value), _clean_unit(unit))


MAX_UNIT_CHARS = MAX_DIGITS
"""Longest unit text accepted (万元/亩, tce/万元 and their spellings are far shorter)."""
_UNIT_BIG_NUMERAL = re.compile(r"\d{3}")


def _clean_unit(unit: str) -> str:
    # pint evaluates a unit as an expression: 亿元**99999 would take seconds to convert, so bound it first
    if len(unit) > MAX_UNIT_CHARS or _UNIT_BIG_NUMERAL.search(unit.translate(_FULLWIDTH)):
        raise UnitError(
            Problem(
                field="unit",
                message=say("error.unit_too_big", unit=shown(unit), chars=MAX_UNIT_CHARS),
            )
        )
    u = unit.translate(_FULLWIDTH).strip()
    if not u:
        return "dimensionless"
    u = u.replace("%", " percent ").replace("·", "*").replace("／", "/")
    return " ".join(u.split()) or "dimensionless"


def unit_label(unit: str) -> str:
    """The unit as people write it (percent -> %)."""
    return "%" if unit == "percent" else ("" if unit == "dimensionless" else unit)


UNIT_TABLE = "_unit_table.json"
# names in the table: units.txt's, with 万/亿 before each Chinese one, and the pint units the inputs name most
_PINT_NAMES = ("percent", "dimensionless", "hectare", "meter", "kilojoule", "kJ", "MJ", "GJ", "J", "kWh", "year")


@cache
def _unit_table() -> dict[str, tuple[Fraction, tuple[tuple[str, Fraction], ...]]]:
    """unit name -> (factor to pint's base units, the base units with their exponents), as `_unit_table.json` holds."""
    raw = json.loads(resources.files(__package__).joinpath(UNIT_TABLE).read_text(encoding="utf-8"))
    return {
        name: (Fraction(f), tuple(sorted((b, Fraction(e)) for b, e in dims.items())))
        for name, (f, dims) in raw["units"].items()
    }


_QUOTIENT = re.compile(r"^\(?([^()/]+?)\)?(?:/\(?([^()/]+?)\)?)?$")


def _in_table(unit: str) -> tuple[Fraction, dict[str, Fraction]] | None:
    """`unit` (a product of table units, or a quotient of two) as (factor, base units); None: ask pint."""
    m = _QUOTIENT.match(_clean_unit(unit).replace(" / ", "/").replace(" * ", "*"))
    if m is None:
        return None
    table = _unit_table()
    factor, dims = Fraction(1), dict[str, Fraction]()
    for part, sign in ((m.group(1), 1), (m.group(2), -1)):
        if part is None:
            continue
        for name in part.strip().split("*"):
            entry = table.get(name.strip())
            if entry is None:
                return None
            f, base = entry
            factor = factor * f if sign > 0 else factor / f
            for b, e in base:
                dims[b] = dims.get(b, Fraction(0)) + sign * e
    return factor, {b: e for b, e in dims.items() if e}


def _build_unit_table() -> dict[str, Any]:
    """The table from pint itself: every unit name defined in units.txt (with 万/亿 before the Chinese ones) and
    `_PINT_NAMES`, each as its factor to base units and those base units."""
    reg = registry()
    names: list[str] = []
    text = resources.files(__package__).joinpath("units.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.endswith("-") or "=" not in line or line.split("=")[0].strip().endswith("-"):
            continue
        parts = [x.strip() for x in line.split("=")]  # name = definition = alias = …
        names += [parts[0]] + [x for x in parts[2:] if x and not x.startswith("[")]
    chinese = [n for n in names if not n.isascii()]
    names += [f"{p}{n}" for p in ("万", "亿") for n in chinese] + list(_PINT_NAMES)
    units: dict[str, list[object]] = {}
    for n in dict.fromkeys(names):
        q = reg.Quantity(Fraction(1), n).to_base_units()
        units[n] = [fmt_exact(to_fraction(q.magnitude)), {b: fmt_exact(to_fraction(e)) for b, e in q.unit_items()}]
    return {"note": "made by `python -m zjpolicy.units --write` from pint and units.txt; do not edit", "units": units}


def _table_text(table: dict[str, Any]) -> str:
    """The table as JSON, one unit a line."""
    units: dict[str, Any] = table["units"]
    lines = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}" for k, v in units.items()]
    return f'{{\n "note": {json.dumps(table["note"])},\n "units": {{\n' + ",\n".join(lines) + "\n }\n}\n"


def fmt_exact(x: Fraction) -> str:
    return f"{x.numerator}" if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


# 万m² is ten thousand square metres in Chinese usage, but pint reads a prefix under a power as (万m)²: the
# multiplier of a Latin unit with a power is taken out first (万m², 亿m³, 万km**2 …)
_CN_MULTIPLIER = re.compile(r"^\s*(万|亿)\s*(?=[A-Za-z]+\s*(?:[²³]|\*\*|\^))")
_CN_FACTOR = {"万": Fraction(10**4), "亿": Fraction(10**8)}


@lru_cache(maxsize=1024)
def conversion_factor(src: str, dst: str) -> Fraction:
    """Exact factor f with `x src == x*f dst`; raises UnitError if they are not compatible."""
    if src == dst:
        return Fraction(1)
    for text, side in ((src, 1), (dst, -1)):
        m = _CN_MULTIPLIER.match(text)
        if m:
            rest = text[m.end() :]
            scale = _CN_FACTOR[m.group(1)] ** side
            return scale * (conversion_factor(rest, dst) if side == 1 else conversion_factor(src, rest))
    a, b = _in_table(src), _in_table(dst)
    if a is not None and b is not None:  # both in the table: pint's answer, without loading pint
        if a[1] != b[1]:
            raise UnitError(
                Problem(
                    field="unit",
                    message=say("error.not_convertible", source=repr(src), target=repr(dst)),
                    expected_unit=unit_label(dst),
                )
            )
        return a[0] / b[0]
    return pint_factor(src, dst)


def pint_factor(src: str, dst: str) -> Fraction:
    """`conversion_factor` as pint computes it (no table, no cache)."""
    import pint

    reg = registry()
    try:
        factor = to_fraction(reg.Quantity(Fraction(1), _clean_unit(src)).to(_clean_unit(dst)).magnitude)
    except UnitError:
        raise
    except pint.DimensionalityError:
        raise UnitError(
            Problem(
                field="unit",
                message=say("error.not_convertible", source=repr(src), target=repr(dst)),
                expected_unit=unit_label(dst),
            )
        ) from None
    # pint parses a unit as a Python expression: "(" ends in a TokenError, "**" in an AssertionError, "1/0" in a
    # ZeroDivisionError; whatever it raises, the text is not a unit here
    except Exception as exc:
        raise UnitError(
            Problem(
                field="unit",
                message=say("error.unknown_unit", unit=repr(src), why=type(exc).__name__),
                expected_unit=unit_label(dst),
            )
        ) from None
    return factor


def check_unit(unit: str) -> None:
    """Raise UnitError unless the registry parses `unit`."""
    if _in_table(unit) is not None:  # units of the table are pint's (a test checks it)
        return
    pint_check_unit(unit)


def pint_check_unit(unit: str) -> None:
    """`check_unit` as pint answers it."""
    try:
        registry().parse_units(_clean_unit(unit))
    except Exception as exc:  # pint raises several kinds; all mean "not a unit here"
        raise UnitError(
            Problem(field="unit", message=say("error.unknown_unit", unit=repr(unit), why=type(exc).__name__))
        ) from None


def parse_quantity(text: str) -> tuple[Fraction, str]:
    """Split "150 万元/亩" or "62.5%" into an exact magnitude and a unit string ('' if none)."""
    t = _THOUSANDS.sub("", text.translate(_FULLWIDTH))
    m = _QTY.match(t)
    if not m:
        raise ValueError(say("error.not_a_quantity", shown=shown(text)))
    return to_fraction(m.group("num").replace(" ", "")), m.group("unit")


def normalize(
    value: Any,
    unit: str,
    *,
    field: str,
    clause: str | None = None,
    minimum: Fraction | int | None = 0,
    maximum: Fraction | int | None = None,
    strict_minimum: bool = False,
) -> Fraction:
    """Convert `value` to an exact Fraction in `unit`, or raise InputError naming the field.

    Accepts a bare number (taken to be in `unit`), a string with or without a unit
    ("0.45 tce/万元", "62.5%", "1/3"), or a pint Quantity. Bounds are checked after conversion.
    """

    def fail(message: str, cls: type[InputError] = InputError) -> InputError:
        return cls(
            Problem(
                field=field,
                message=message,
                expected_unit=unit_label(unit) or "dimensionless",
                clause=clause,
                value=value,
            )
        )

    try:
        if _is_quantity(value):
            mag = value.magnitude
            if isinstance(mag, float) and not math.isfinite(mag):
                raise fail(say("error.not_finite", shown=repr(mag)))
            number = to_fraction(mag)
            src = _units_text(value)
        elif isinstance(value, str):
            number, src = parse_quantity(value)
            src = src or unit
        elif value is None:
            raise fail(say("error.value_required"))
        else:
            number, src = to_fraction(value), unit
    except InputError:
        raise
    except (TypeError, ValueError) as exc:
        raise fail(str(exc)) from None
    if src != unit:
        try:
            number = number * conversion_factor(src, unit)
        except UnitError as exc:
            raise fail(exc.problems[0].message, UnitError) from None
        if number and not Fraction(1, 10**MAX_EXPONENT) <= abs(number) < 10**MAX_EXPONENT:
            raise fail(say("error.out_of_range_in_unit", unit=unit_label(unit) or unit, exponent=MAX_EXPONENT))
    if minimum is not None and (number <= minimum if strict_minimum else number < minimum):
        raise fail(
            say(
                "error.must_be_above" if strict_minimum else "error.must_be_at_least",
                minimum=minimum,
                value=_show(number),
            )
        )
    if maximum is not None and number > maximum:
        raise fail(say("error.must_be_at_most", maximum=maximum, value=_show(number)))
    return number


def _is_quantity(value: Any) -> bool:
    """A pint Quantity (without importing pint for the plain values most callers pass)."""
    if type(value).__module__.split(".")[0] != "pint":
        return False
    import pint

    return isinstance(value, pint.Quantity)


def _units_text(q: pint.Quantity) -> str:
    """A Quantity's units as text the registry parses back. (``str(q.units)`` fails for exponents other
    than ±1 here, e.g. m**2, because the registry's exponents are Fractions and Fraction has no
    ``__format__`` spec support before Python 3.12.)"""
    parts = []
    for name, exp in q.unit_items():
        e = to_fraction(exp)
        if e == 1:
            parts.append(name)
        else:
            parts.append(f"{name} ** {e}" if e.denominator == 1 else f"{name} ** ({e})")
    return " * ".join(parts) or "dimensionless"


def _show(x: Fraction) -> str:
    from .exact import fmt

    return fmt(x) or ""


def as_decimal(x: Fraction, places: int = 6) -> Decimal:
    """For display only: a Fraction rounded to `places` decimal places."""
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(Decimal(1).scaleb(-places))


if __name__ == "__main__":  # python -m zjpolicy.units --write
    if "--write" in sys.argv:
        from pathlib import Path

        out = Path(__file__).with_name(UNIT_TABLE)
        out.write_text(_table_text(_build_unit_table()), encoding="utf-8")
        print(f"wrote {out}")
