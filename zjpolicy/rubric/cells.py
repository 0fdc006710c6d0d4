"""The table's cells as one rulebook states them, read once per rulebook, and the strict level on plain Fractions.

`plan(ctx, t)` keeps, per cell of rows 1–9 (a row at a level), the parameter, its number and the factor from the
input field's unit to the parameter's; it is made the first time a rulebook rates a park and kept on that rulebook
(`Rulebook.memo`). `verdicts` builds every Check from it; `strict_level` decides the level from the same cells with
plain Fraction comparisons (`zjpolicy.exact.compare`, the comparison every Check makes), stopping at the first
level a park fails, for the rating whose explanation is completed on demand (`rate_park`).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from ..errors import RulebookError
from ..exact import PLAIN_COMPARISONS, Comparison, compare
from ..lang import say
from ..quantities import field_unit
from ..rulebook import Parameter
from ..rules import Context
from ..units import conversion_factor
from .inputs import GreenIndicator, ParkIndicators
from .table import COLUMNS, Row, Table

__all__ = ["Cell", "Plan", "plan", "strict_level"]

_OPS: dict[Comparison, Callable[[int, int], bool]] = {
    Comparison.ge: operator.ge,
    Comparison.gt: operator.gt,
    Comparison.le: operator.le,
    Comparison.lt: operator.lt,
    Comparison.eq: operator.eq,
}


@dataclass(frozen=True)
class Cell:
    """One row at one level: its parameter, the parameter's number, and the field-to-parameter unit factor."""

    row: Row
    level: int
    name: str  # <field>@<column>, the Check's name
    param: Parameter
    limit: Fraction
    factor: Fraction | None  # None: the field is in the parameter's unit

    def value(self, park: ParkIndicators) -> Fraction | None:
        v: Fraction | None = getattr(park, self.row.field)
        if v is None or self.factor is None:
            return v
        return v * self.factor


@dataclass(frozen=True)
class Plan:
    table: Table
    cells: tuple[tuple[Row, tuple[Cell | None, ...]], ...]  # rows 1–9, one entry per level (None: no requirement)
    plain: bool  # every comparison is one of PLAIN_COMPARISONS (the fast decision applies)
    # per level, each cell as (field, factor, comparison, numerator and denominator of its number): Fractions
    # compared as Fraction itself compares them, by cross-multiplying (denominators are positive)
    by_level: tuple[tuple[tuple[str, Fraction | None, Callable[[int, int], bool], int, int], ...], ...] = ()


def plan(ctx: Context, t: Table) -> Plan:
    """The cells of `t` under `ctx`'s rulebook (kept on it). A parameter without a number is a `RulebookError`,
    raised as `Context.test` raises it, for the first such cell in the table's order."""
    rb = ctx.rulebook
    return rb.memo(("rubric.plan", ctx.rule.id), lambda: _plan(ctx, t))


def _plan(ctx: Context, t: Table) -> Plan:
    rows = []
    plain = True
    for r in t.rows:
        unit = field_unit(ParkIndicators, r.field)
        out: list[Cell | None] = []
        for lvl, column, p in zip(t.levels, COLUMNS, r.params, strict=True):
            if p is None:
                out.append(None)
                continue
            factor = conversion_factor(unit, p.unit)
            if p.value is None:
                raise RulebookError(say("rubric.error.no_value", id=p.id, rule=ctx.rule.id))
            plain = plain and p.comparison in PLAIN_COMPARISONS
            out.append(Cell(r, lvl, f"{r.field}@{column}", p, p.value, None if factor == 1 else factor))
        rows.append((r, tuple(out)))
    plain = plain and all(p is None or p.comparison in PLAIN_COMPARISONS for r in t.green for p in r.params)
    by_level = tuple(
        tuple(
            (c.row.field, c.factor, _OPS[c.param.comparison], c.limit.numerator, c.limit.denominator)
            for _, cells in rows
            if (c := cells[i]) is not None and c.param.comparison in _OPS
        )
        for i in range(len(t.levels))
    )
    return Plan(t, tuple(rows), plain, by_level if plain else ())


def green_met(park: ParkIndicators, r: Row, by_title: bool) -> bool | None:
    """Row 10 or 11, as `levels.verdicts` decides it: met by the title, stated by the caller, or value 低于 standard."""
    if by_title:
        return True
    gi: GreenIndicator = getattr(park, r.field)
    if gi.below_standard is not None:
        return gi.below_standard
    if gi.value is None or gi.standard is None:
        return None
    p = next(x for x in r.params if x is not None)
    return compare(gi.value, p.comparison, gi.standard, upper=p.upper)


def strict_level(park: ParkIndicators, pl: Plan, by_title: bool) -> int:
    """The highest level every indicator meets, without skipping one (0 if the lowest fails): the walk of
    `levels.highest` over the same cells and comparisons as the Checks, stopping at the first level failed."""
    t = pl.table
    if not all(green_met(park, r, by_title) for r in t.green):  # the green rows bind every level
        return 0
    best = 0
    for lvl, cells in zip(t.levels, pl.by_level, strict=True):
        for field, factor, op, num, den in cells:
            v = getattr(park, field)
            if v is None:
                return best
            if factor is not None:
                v = v * factor
            if not op(v.numerator * den, num * v.denominator):  # v op num/den, exactly
                return best
        best = lvl
    return best
