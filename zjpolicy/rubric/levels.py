"""Each indicator at each level of the table (三、2.), and the one walk over levels that every level answer uses.

A level is reached when it and every lower level pass (`highest`). "Pass" is strict (every indicator meets the
level), relaxed (the failures fit the caller's `RelaxationPolicy`) or, for one indicator, its own cell.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..exact import Comparison, compare, margin
from ..lang import say
from ..quantities import Field
from ..results import Check, built, check
from ..rulebook import Parameter
from ..rules import Context
from .inputs import GreenIndicator, ParkIndicators, RelaxationPolicy
from .results import Gap, IndicatorSummary, RelaxedIndicator
from .table import Row, Table

__all__ = [
    "READING_GREEN",
    "READING_RELAX",
    "Verdicts",
    "highest",
    "relaxation_notes",
    "stated",
    "stated_policy",
    "verdicts",
]

READING_RELAX = "dp.relaxation"
READING_GREEN = "dp.green_title_priority"


def highest(levels: tuple[int, ...], passes: Callable[[int], bool]) -> int:
    """The highest level reached without skipping one: it and every level below it pass (0 if the lowest fails)."""
    best = 0
    for lvl in levels:
        if not passes(lvl):
            break
        best = lvl
    return best


@dataclass(frozen=True)
class Verdicts:
    """The checks of one park against the table: `cells[(field, level)]` is that level's check (the same check at
    every level for rows 10–11), or None where the level sets no requirement (row 1 under three_star_unset)."""

    table: Table
    checks: tuple[Check, ...]
    cells: Mapping[tuple[str, int], Check | None]

    def passes(self, row: Row, level: int) -> bool:
        c = self.cells[(row.field, level)]
        return c is None or bool(c.met)

    def failed(self, level: int) -> list[tuple[Row, Check]]:
        return [(r, c) for r in self.table.all_rows if (c := self.cells[(r.field, level)]) is not None and not c.met]

    def strict_level(self) -> int:
        return highest(self.table.levels, lambda lvl: not self.failed(lvl))

    def relaxed(self, policy: RelaxationPolicy) -> tuple[int, list[RelaxedIndicator]]:
        """The level under `policy`, and the indicators relaxed to reach it."""
        level = highest(self.table.levels, lambda lvl: self._relax(lvl, policy) is not None)
        relaxed = self._relax(level, policy) if level else None
        return level, relaxed or []

    def _relax(self, level: int, policy: RelaxationPolicy) -> list[RelaxedIndicator] | None:
        failed = self.failed(level)
        if len(failed) > policy.max_relaxed:
            return None
        allowed = set(policy.indicators) if policy.indicators is not None else {r.field for r in self.table.rows}
        if policy.allow_green:
            allowed |= {r.field for r in self.table.green}
        out = []
        for r, c in failed:
            short = None if c.margin is None else -c.margin
            pct = None if short is None or not c.threshold else short / c.threshold * 100
            if r.field not in allowed or pct is None or pct > policy.max_shortfall:
                return None
            out.append(RelaxedIndicator(**_at(r, c, level), shortfall=short, shortfall_percent=pct))
        return out

    def gaps(self, level: int | None) -> list[Gap]:
        """What each failing indicator needs to reach `level` (none when there is no next level)."""
        if level is None:
            return []
        return [
            built(
                Gap,
                {
                    **_at(r, c, level),
                    "comparison": c.comparison,
                    "amount": None if c.margin is None else -c.margin,
                    "strict": c.comparison in (Comparison.gt, Comparison.lt),
                },
            )
            for r, c in self.failed(level)
        ]

    def best_level(self, row: Row) -> int:
        return highest(self.table.levels, lambda lvl: self.passes(row, lvl))

    def summaries(self) -> list[IndicatorSummary]:
        top = self.table.levels[-1]
        out = []
        for r in self.table.all_rows:
            c = self.cells[(r.field, top)]
            out.append(
                built(
                    IndicatorSummary,
                    {
                        "field": r.field,
                        "label": r.label,
                        "clause": r.clause,
                        "row": r.row,
                        "value": None if c is None else c.value,
                        "unit": r.unit if c is None else c.unit,
                        "best_level": self.best_level(r),
                    },
                )
            )
        return out


def _at(r: Row, c: Check, level: int) -> dict[str, object]:
    return {
        "field": r.field,
        "label": r.label,
        "level": level,
        "value": c.value,
        "threshold": c.threshold,
        "unit": c.unit,
        "clause": c.clause,
    }


def verdicts(park: ParkIndicators, ctx: Context, t: Table) -> Verdicts:
    """Every row at every level, as Checks carrying the row's field (`indicator`) and the `level`."""
    from .cells import plan

    pl = plan(ctx, t)  # the cells' parameters and unit factors, once per rulebook
    exact_type = type(park) is ParkIndicators
    checks: list[Check] = []
    cells: dict[tuple[str, int], Check | None] = {}
    for r, row in pl.cells:
        for lvl, cell in zip(t.levels, row, strict=True):
            if cell is None:
                cells[(r.field, lvl)] = None
                continue
            p = cell.param
            value = cell.value(park) if exact_type else Field(r.field).of(park, p.unit)
            # the Check under the indicator's name (the parameter's label names the column: 三星级园区标准)
            c = cells[(r.field, lvl)] = _cell_check(cell.name, r, lvl, p, value, cell.limit)
            checks.append(c)
    by_title = park.green_park_title and ctx.reading(READING_GREEN) == "meets_green_rows"
    for r in t.green:
        c = _title(r) if by_title else _green(ctx, r, getattr(park, r.field))
        checks.append(c)
        cells.update({(r.field, lvl): c for lvl in t.levels})
    return Verdicts(t, tuple(checks), cells)


def _cell_check(
    name: str, r: Row, level: int | None, p: Parameter, value: Fraction | None, limit: Fraction, unit: str = ""
) -> Check:
    """What `Context.test` gives for `value` against `limit` (`p`'s comparison, no tolerance), under the row's
    label and (rows 10–11) the caller's unit."""
    op = p.comparison
    values: dict[str, Any] = {
        "name": name,
        "label": r.label,
        "indicator": r.field,
        "level": level,
        "value": value,
        "threshold": limit,
        "upper": p.upper,
        "unit": unit or p.unit,
        "comparison": op,
        "word": p.word,
        "met": None if value is None else compare(value, op, limit, upper=p.upper),
        "margin": None if value is None else margin(value, op, limit),
        "clause": p.clause,
        "parameter": p.id,
        "note": None,
    }
    if (value is None or type(value) is Fraction) and type(limit) is Fraction:  # the rest: the rulebook's own
        return built(Check, values)
    return check(**values)


def _green(ctx: Context, r: Row, gi: GreenIndicator) -> Check:
    """Rows 10–11: 低于全省同行业标准, one test for every level, against the standard the caller gives."""
    p = next(x for x in r.params if x is not None)  # the same parameter at every level
    if gi.below_standard is None:
        if gi.standard is None:  # pragma: no cover - the validator requires it; Context.test says what is missing
            c = ctx.test(p, gi.value, threshold=gi.standard, name=r.field, indicator=r.field)
            return c.model_copy(update={"label": r.label, "unit": gi.unit or p.unit})
        return _cell_check(r.field, r, None, p, gi.value, gi.standard, gi.unit or p.unit)
    return Check(  # stated by the caller: a verdict with no numbers
        name=r.field,
        label=r.label,
        indicator=r.field,
        unit=gi.unit or p.unit,
        comparison=p.comparison,
        word=p.word,
        met=gi.below_standard,
        clause=r.clause,
        parameter=p.id,
        note=say("rubric.green.stated"),
    )


def _title(r: Row) -> Check:
    """Rows 10–11 met by the park's 省级及以上美丽园区、绿色园区 title (reading dp.green_title_priority=meets_green_rows)."""
    p = next(x for x in r.params if x is not None)
    return Check(
        name=r.field,
        label=r.label,
        indicator=r.field,
        unit=p.unit,
        comparison=p.comparison,
        word=p.word,
        met=True,
        clause=r.clause,
        parameter=p.id,
        note=say("rubric.green.title", reading=READING_GREEN),
    )


def stated(ctx: Context, reading_id: str) -> Context:
    """The context to rate under when the caller stated what `reading_id` leaves open: its rulebook reads the
    reading as `stated`, so the reading the result reports (and digests) is the one applied."""
    if ctx.reading(reading_id) == "stated":
        return ctx
    rb = ctx.rulebook  # the stated variant is kept on (and dies with) the rulebook it derives from
    return replace(
        ctx, rulebook=rb.memo(("rubric.stated", reading_id), lambda: rb.with_overrides({reading_id: "stated"}))
    )


def stated_policy(
    relaxation: RelaxationPolicy | dict[str, Any] | None, ctx: Context
) -> tuple[RelaxationPolicy | None, Context]:
    """The caller's RelaxationPolicy, and the context to rate under: with a policy, its rulebook reads
    dp.relaxation as `stated`, so the reading the result reports (and digests) is the one applied."""
    if relaxation is None:
        return None, ctx
    try:
        policy = RelaxationPolicy.model_validate(relaxation)
    except ValidationError as exc:
        raise InputError.from_validation_error(exc, prefix="relaxation") from None
    return policy, stated(ctx, READING_RELAX)


def relaxation_notes(ctx: Context, policy: RelaxationPolicy | None, used: list[RelaxedIndicator]) -> list[str]:
    if policy is None and ctx.reading(READING_RELAX) == "stated":
        return [say("rubric.relax.no_policy", reading=READING_RELAX)]
    if not used:
        return []
    each = [say("rubric.relax.indicator", field=r.field, percent=r.shortfall_percent) for r in used]
    return [say("rubric.relax.used", indicators=say("rubric.relax.separator").join(each))]
