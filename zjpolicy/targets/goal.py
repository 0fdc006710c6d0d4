"""The goal body (``assessment: goal`` and ``coverage``): a level, count or share against the goal's value.

A dated goal (到2025年) is judged in its year and reported as progress before it, with the yearly change and the
compound growth rate still needed; a 每年 goal or a standing requirement is judged in the year asked for; a goal
whose deadline a reading removes reports progress only. A 新增 goal given as a level subtracts the baseline (the
level at the document's date). A coverage (全覆盖) is a share that must reach the whole: a goal like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..errors import input_error
from ..rulebook import Assessment, Basis, Parameter
from ..rules import Context
from .data import Data
from .inputs import TargetInput
from .plan import (
    Body,
    Goal,
    aim,
    describe,
    goal_check,
    goal_of,
    progress,
    rate_to,
    shortfall,
    show,
    status_for,
    threshold_text,
)
from .results import TargetResult, TargetStatus

__all__ = ["COVERAGE", "GOAL", "Series", "assess_goal", "goal_body"]

ValueFn = Callable[[int], tuple[Fraction | None, list[str], list[str]]]
"""year → (value in the goal's unit, statistics used, notes)."""

CagrFn = Callable[[int, Fraction, int], tuple[Decimal, bool] | None]
"""(latest year, value then, target year) → (rate, exact) or None."""


@dataclass(frozen=True)
class Series:
    """Where a goal's values come from: the value in a year, the years that may have one, and its own CAGR."""

    at: ValueFn
    years: Callable[[], set[int]]
    cagr: CagrFn | None = None


def goal_body(inputs: TargetInput, ctx: Context) -> TargetResult:
    """The clause's own indicator against its goal."""
    goal = goal_of(ctx.rulebook.clause(ctx.rule.clauses[0]), ctx)
    data = Data.of(inputs, ctx.rulebook)
    key = goal.clause.id
    return assess_goal(goal, inputs, ctx, Series(new_basis_value(data, key, goal.param), lambda: data.years(key)))


GOAL = Body(Assessment.goal, "1.0.0", goal_body)
COVERAGE = Body(Assessment.coverage, "1.0.0", goal_body)
"""全覆盖 runs the goal body's code: a change to it that changes a decision bumps both versions."""


def assess_goal(goal: Goal, inputs: TargetInput, ctx: Context, series: Series) -> TargetResult:
    """Assess a level goal (dated, 每年, standing or with no deadline) from a series of values."""
    year = inputs.year
    vy = _value_year(goal, year, series)
    value, used, value_notes = series.at(vy) if vy is not None else (None, [], [])
    notes = goal.notes + value_notes
    fields: dict[str, Any] = {**describe(goal), "assessed_year": year, "value_year": vy}
    if value is None or vy is None:
        missing = vy if vy is not None else year
        check = goal_check(ctx, goal, None, note=f"no statistics for {missing}")
        outcome = f"no data for {missing} ({threshold_text(goal)})"
        return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.no_data, notes=notes, **fields)
    check = goal_check(ctx, goal, value)
    ok = bool(check.met)
    fields |= {"value": value, "met_now": ok, "gap": shortfall(goal, value, ok), "progress": progress(goal, value),
               "derived_from": used}
    shown = f"{show(value, goal.param.unit)} {goal.comparison.symbol} {threshold_text(goal)} in {vy}"
    start = ctx.rulebook.document_of(goal.clause.id).effective
    if _due(goal, year) or (goal.deadline and not goal.dated and vy >= start.year):
        st = status_for(goal, ok)
        return ctx.result(checks=[check], outcome=f"{st.value}: {shown}", status=st, notes=notes, **fields)
    if goal.deadline and not goal.dated:  # 每年 / standing, in a year before the document
        check = check.model_copy(update={"met": None, "note": f"the document takes effect on {start}"})
        outcome = f"not yet due: {vy} is before the document took effect ({start})"
        return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.not_yet_due, notes=notes, **fields)
    if goal.target_year is None or not goal.deadline:
        check = check.model_copy(update={"met": None, "note": "no deadline (reading): progress only"})
        outcome = f"no deadline: {shown} ({'at' if ok else 'below'} the goal)"
        return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.no_deadline, notes=notes, **fields)
    fields |= _still_needed(goal, series, vy, goal.target_year, value, ok, notes)
    note = f"due in {goal.target_year}; as of {vy} the goal is {'already' if ok else 'not yet'} reached"
    outcome = f"not yet due (by {goal.target_year}): {shown}, {'already' if ok else 'not yet'} at the goal"
    check = check.model_copy(update={"met": None, "note": note})
    return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.not_yet_due, notes=notes, **fields)


def _due(goal: Goal, year: int) -> bool:
    return goal.deadline and goal.target_year is not None and year >= goal.target_year


def _value_year(goal: Goal, year: int, series: Series) -> int | None:
    """The year whose value is judged: the target year once due, the latest with data before, else `year`."""
    if _due(goal, year):
        return goal.target_year
    if goal.dated or not goal.deadline:
        return max((y for y in series.years() if y <= year and series.at(y)[0] is not None), default=None)
    return year  # 每年 or standing: the year asked for


def _still_needed(
    goal: Goal, series: Series, vy: int, due: int, value: Fraction, ok: bool, notes: list[str]
) -> dict[str, Any]:
    """Before a dated goal is due (in `due`): the years left, the change per year and the growth rate needed."""
    left = due - vy
    out: dict[str, Any] = {"years_left": left}
    if ok:
        notes.append("already at the goal: no growth needed (keep it there)")
    elif left > 0:
        out["needed_per_year"] = (aim(goal, value) - value) / left
        try:
            got = series.cagr(vy, value, due) if series.cagr else rate_to(goal, value, left)
        except ValueError as exc:
            got = None
            notes.append(f"no growth rate: {exc}")
        if got is not None:
            out["cagr_needed"], out["cagr_exact"] = got
    return out


def new_basis_value(data: Data, key: str, p: Parameter) -> ValueFn:
    """A value function for a clause's own indicator; 新增 goals subtract the baseline when one is given."""

    def at(year: int) -> tuple[Fraction | None, list[str], list[str]]:
        v, used = data.value(key, year)
        notes: list[str] = []
        if v is None:
            return None, [], []
        o = data.raw(key, year)
        if o is not None and o.items:
            items = o.items
            smallest = min(items, key=lambda k: items[k])
            notes.append(f"{len(items)} members; the smallest is {smallest} ({show(items[smallest], p.unit)})")
        if p.basis is Basis.new and o is not None and o.baseline is not None:
            v = v - o.baseline
            notes.append(
                f"新增: {show(o.value, p.unit)} in {year} − baseline {show(o.baseline, p.unit)} at the document's date"
            )
        if p.basis is Basis.new and v < 0:
            raise input_error(f"{key}[{year}]", "the count added since the document is negative", clause=key)
        return v, used, notes

    return at
