"""Units: one pint registry (built on first use) and exact, cached conversion at the edge.

Values are normalized once, when they enter the library, to the unit of the parameter
they are compared with; inside, everything is a plain `fractions.Fraction`.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .errors import InputError, Problem, UnitError
from .exact import to_fraction

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


def _clean_unit(unit: str) -> str:
    u = unit.translate(_FULLWIDTH).strip()
    if not u:
        return "dimensionless"
    u = u.replace("%", " percent ").replace("·", "*").replace("／", "/")
    return " ".join(u.split()) or "dimensionless"


def unit_label(unit: str) -> str:
    """The unit as people write it (percent -> %)."""
    return "%" if unit == "percent" else ("" if unit == "dimensionless" else unit)


@lru_cache(maxsize=1024)
def conversion_factor(src: str, dst: str) -> Fraction:
    """Exact factor f with `x src == x*f dst`; raises UnitError if they are not compatible."""
    if src == dst:
        return Fraction(1)
    import pint

    reg = registry()
    try:
        q = reg.Quantity(Fraction(1), _clean_unit(src)).to(_clean_unit(dst))
    except pint.DimensionalityError:
        raise UnitError(
            Problem(
                field="unit",
                message=f"{src!r} cannot be converted to {dst!r}",
                expected_unit=unit_label(dst),
            )
        ) from None
    except (pint.UndefinedUnitError, pint.DefinitionSyntaxError, AttributeError, TypeError, ValueError) as exc:
        raise UnitError(
            Problem(field="unit", message=f"unknown unit {src!r} ({type(exc).__name__})", expected_unit=dst)
        ) from None
    return to_fraction(q.magnitude)


def check_unit(unit: str) -> None:
    """Raise UnitError unless the registry parses `unit`."""
    try:
        registry().parse_units(_clean_unit(unit))
    except Exception as exc:  # pint raises several kinds; all mean "not a unit here"
        raise UnitError(Problem(field="unit", message=f"unknown unit {unit!r} ({type(exc).__name__})")) from None


def parse_quantity(text: str) -> tuple[Fraction, str]:
    """Split "150 万元/亩" or "62.5%" into an exact magnitude and a unit string ('' if none)."""
    t = _THOUSANDS.sub("", text.translate(_FULLWIDTH))
    m = _QTY.match(t)
    if not m:
        raise ValueError(f"{text!r} is not a number with a unit, like '150 万元/亩' or '62.5%'")
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
                raise fail(f"{mag!r} is not a finite number")
            number = to_fraction(mag)
            src = _units_text(value)
        elif isinstance(value, str):
            number, src = parse_quantity(value)
            src = src or unit
        elif value is None:
            raise fail("a value is required")
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
    if minimum is not None and (number <= minimum if strict_minimum else number < minimum):
        raise fail(f"must be {'>' if strict_minimum else '≥'} {minimum}, got {_show(number)}")
    if maximum is not None and number > maximum:
        raise fail(f"must be ≤ {maximum}, got {_show(number)}")
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
