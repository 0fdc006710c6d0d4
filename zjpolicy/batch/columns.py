"""Columns as exact quantities: a fast float view, and the exact value of any cell on demand.

A cell may hold what the scalar field accepts: a number in the field's unit, or a string with a unit
("37.5 万元/亩"); `units={column: unit}` says a whole numeric column is in another unit. Units are converted once
per distinct unit, never per row. Comparisons are decided on the float view, and every row whose float value is
within a relative 1e-9 of the threshold is decided again exactly, with Fractions built from the cell as the
scalar model would read it (a float through its shortest repr): so no float rounding decides a case.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from ..exact import FLOAT_TOO_BIG, FLOAT_TOO_SMALL, Comparison, compare, to_fraction
from ..lang import say
from ..units import conversion_factor, parse_quantity

__all__ = ["BAND", "Column", "decide", "floats_decide", "ratio"]

BAND = 1e-9  # relative width of the band re-decided exactly; float error of a few operations is ~1e-15


@dataclass
class Column:
    """One quantity over the rows: `approx` (float64, NaN where missing) in `unit`, and `exact(i)` by position."""

    name: str
    unit: str
    approx: np.ndarray
    exact: Callable[[int], Fraction | None]
    bad: dict[int, str]  # position -> why the cell is not a number in a compatible unit
    floats_exact: bool = False  # approx holds each cell's own double (no unit factor, no arithmetic)

    @property
    def missing(self) -> np.ndarray:
        return np.isnan(self.approx)

    def any_missing(self) -> bool:
        """Is a cell missing? (One pass, no mask: the minimum is NaN if any cell is.)"""
        return bool(len(self.approx)) and math.isnan(self.approx.min())


def column(
    frame: pd.DataFrame,
    name: str,
    unit: str,
    *,
    given_unit: str | None = None,
    writable: bool = True,
    finite_check: bool = True,
) -> Column:
    """The column `name` of `frame` as a quantity in `unit` (cells in `given_unit` when they carry none).

    For callers that only read the column and check its cells themselves: ``writable=False``, `approx` may be a
    read-only view of the frame's own numbers (no copy when no unit factor applies); ``finite_check=False``,
    infinite numbers are not listed in `bad` (the caller treats ±inf as not a valid cell)."""
    if name not in frame.columns:
        n = len(frame)
        return Column(name, unit, np.full(n, np.nan), lambda i: None, {})
    s = frame[name]
    src = given_unit or unit
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        factor = conversion_factor(src, unit)
        values = s.to_numpy(dtype="float64", na_value=np.nan)
        raw = s.to_numpy()
        approx = values * float(factor) if writable or factor != 1 else values

        def exact_num(i: int) -> Fraction | None:
            v = raw[i]
            if v is None or (isinstance(v, float) and not np.isfinite(v)):  # missing, or ±inf (a bad cell)
                return None
            try:
                return to_fraction(v.item() if hasattr(v, "item") else v) * factor
            except ValueError:  # out of range (listed in `bad`: the scalar rule reports it)
                return None

        bad: dict[int, str] = {}
        if finite_check and len(values) and not (math.isfinite(values.min()) and math.isfinite(values.max())):
            # (min and max are NaN if a cell is: then the cells are looked at one by one)
            bad = {int(i): "not a finite number" for i in np.flatnonzero(np.isinf(values))}
        bad |= {int(i): "out of range" for i in np.flatnonzero(out_of_range(values)) if int(i) not in bad}
        small = s.dtype.kind == "f" or bool(np.nanmax(np.abs(values), initial=0) < 2**53)
        return Column(name, unit, approx, exact_num, bad, floats_exact=factor == 1 and small)
    return _text_column(s.to_numpy(dtype=object), name, unit, src)


def _text_column(cells: np.ndarray, name: str, unit: str, src: str) -> Column:
    """Cells holding numbers or strings with units: parsed once, converted once per distinct unit."""
    n = len(cells)
    approx = np.full(n, np.nan)
    exact: list[Fraction | None] = [None] * n
    bad: dict[int, str] = {}
    factors: dict[str, Fraction] = {}
    for i, v in enumerate(cells):
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v)):
            continue  # pd.NA: the missing cell of Arrow-backed and nullable columns (as under Dask)
        try:
            if isinstance(v, str):
                num, u = parse_quantity(v)
                u = u.strip() or src
            else:
                num, u = to_fraction(v), src
            f = factors.get(u)
            if f is None:
                f = factors[u] = conversion_factor(u, unit)
        except (ValueError, TypeError, ArithmeticError) as exc:
            bad[i] = str(exc)
            continue
        except Exception as exc:  # a UnitError carries its own message
            bad[i] = str(exc)
            continue
        exact[i] = num * f
        approx[i] = float(exact[i])  # type: ignore[arg-type]
    return Column(name, unit, approx, exact.__getitem__, bad)


def out_of_range(values: np.ndarray) -> np.ndarray:
    """Cells `to_fraction` refuses for their size (finite, |x| ≥ 1e64 or 0 < |x| < 1e-64): the scalar rule's."""
    with np.errstate(invalid="ignore"):
        size = np.abs(values)
        return np.isfinite(size) & ((size >= FLOAT_TOO_BIG) | ((size > 0) & (size < FLOAT_TOO_SMALL)))


def ratio(num: Column, den: Column, factor: Fraction, name: str, unit: str) -> Column:
    """num / den × factor (亩均税收 = tax / land_area), exact on demand."""
    with np.errstate(divide="ignore", invalid="ignore"):
        approx = num.approx / den.approx * float(factor)
    approx[den.approx == 0] = np.nan

    def exact(i: int) -> Fraction | None:
        n, d = num.exact(i), den.exact(i)
        return None if n is None or d is None or d == 0 else n / d * factor

    return Column(name, unit, approx, exact, {**num.bad, **den.bad})


def short_decimal(x: Fraction) -> bool:
    """A decimal of at most 15 significant digits: two such numbers never share a double."""
    from ..exact import fmt

    text = fmt(x) or ""
    if "/" in text:
        return False
    digits = text.lstrip("-").replace(".", "").lstrip("0").rstrip("0")
    return len(digits) <= sys.float_info.dig  # 15: decimals that survive a round trip through a double


def floats_decide(col: Column, threshold: Fraction) -> bool:
    """Does comparing `col`'s float view with float(threshold) decide every row exactly (see `decide`)?"""
    return col.floats_exact and short_decimal(threshold)


def decide(col: Column, op: Comparison, threshold: Fraction, out: np.ndarray | None = None) -> np.ndarray:
    """Exact verdicts of `col op threshold` per row (False where missing): floats first, the band exactly
    (into `out` when given).

    A float cell means its shortest repr (as in the scalar model). When the column holds each cell's own double
    and the threshold is a decimal of ≤ 15 significant digits, comparing doubles is already exact (the double
    order of such decimals is their order), so no row needs the exact path.
    """
    t = float(threshold)
    a = col.approx
    with np.errstate(invalid="ignore"):
        if op is Comparison.ge:
            met = np.greater_equal(a, t, out=out)
        elif op is Comparison.gt:
            met = np.greater(a, t, out=out)
        elif op is Comparison.le:
            met = np.less_equal(a, t, out=out)
        elif op is Comparison.lt:
            met = np.less(a, t, out=out)
        else:
            raise ValueError(say("batch.error.comparisons", comparison=op.value))
        if floats_decide(col, threshold):
            return met
        band = np.abs(a - t) <= BAND * np.maximum(np.abs(a), abs(t))
    for i in np.flatnonzero(band):
        v = col.exact(int(i))
        met[i] = v is not None and compare(v, op, threshold)
    return met


def cell(frame: pd.DataFrame, name: str, pos: int) -> Any:
    return frame[name].iloc[pos] if name in frame.columns else None
