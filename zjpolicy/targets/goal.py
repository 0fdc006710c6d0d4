"""The goal body (``assessment: goal`` and ``coverage``): a level, count or share against the goal's value.

A dated goal (到2025年) is judged in its year and reported as progress before it, with the yearly change and the
compound growth rate still needed; a 每年 goal or a standing requirement is judged in the year asked for; a goal
judged every year of its period (a span reading) is not assessed after it; a goal whose deadline a reading
removes reports progress only. A coverage (全覆盖) is a share that must reach the whole: a goal like any other.

A 新增 goal counts what was added since its start (the reading that says when: the document's date, or the
start of a year). A total is never taken as the count added: the value is the level minus the ``baseline`` (the
level at the start), or the count added given directly (``added: true``), or, for a start at the beginning of a
year, the level minus the series' value of the year before. With none of these the result is ``no data``, and
says what to give.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..errors import input_error
from ..lang import say
from ..rulebook import Assessment, Basis, Clause
from ..rules import Context
from .data import Data
from .indicators import goal_parameters
from .inputs import TargetInput
from .plan import (
    Body,
    Goal,
    Revision,
    aim,
    describe,
    gap_text,
    goal_check,
    goal_of,
    listing,
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
    return assess_goal(goal, inputs, ctx, Series(new_basis_value(data, key, goal), lambda: data.years(key)))


def _new_basis(c: Clause) -> bool:
    return goal_parameters(c)[0].basis is Basis.new if c.parameters else False


GOAL = Body(
    Assessment.goal,
    "1.0.0",
    goal_body,
    revisions=(
        Revision(
            "1.1.0",
            lambda c: (
                _new_basis(c)
                or listing(
                    "go.new_basis_start",
                    "go.per_year_period",
                    "go.stable_at_period",
                    "go.scale_measure",
                    "go.green_factory_level",
                )(c)
            ),
            "新增 with no baseline is no data, and counts from the start the reading gives; a goal judged every "
            "year of its period is not assessed after it; measure readings reported",
        ),
    ),
)
COVERAGE = Body(
    Assessment.coverage,
    "1.0.0",
    goal_body,
    revisions=(
        Revision(
            "1.1.0",
            listing("go.patent_coverage_measure", "go.scale_measure"),
            "the measure of the covered population is a named reading, reported with the result",
        ),
    ),
)
"""全覆盖 runs the goal body's code: a change to it that changes a decision bumps both (for the clauses it changes)."""


def assess_goal(goal: Goal, inputs: TargetInput, ctx: Context, series: Series) -> TargetResult:
    """Assess a level goal (dated, 每年, standing or with no deadline) from a series of values."""
    year = inputs.year
    if goal.last_year is not None and year > goal.last_year:
        return _out_of_period(goal, inputs, ctx, series)
    vy = _value_year(goal, year, series)
    value, used, value_notes = series.at(vy) if vy is not None else (None, [], series.at(year)[2])
    notes = goal.notes + value_notes
    fields: dict[str, Any] = {**describe(goal), "assessed_year": year, "value_year": vy}
    if value is None or vy is None:
        missing = vy if vy is not None else year
        why = say("core.list_separator").join(value_notes) or say("targets.no_statistics", year=missing)
        check = goal_check(ctx, goal, None, note=why)
        outcome = say("targets.outcome.no_data", year=missing, threshold=threshold_text(goal))
        if value_notes:
            outcome += say("targets.outcome.because", why=why)
        return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.no_data, notes=notes, **fields)
    check = goal_check(ctx, goal, value)
    ok = bool(check.met)
    fields |= {
        "value": value,
        "met_now": ok,
        "gap": shortfall(goal, value, ok),
        "progress": progress(goal, value),
        "derived_from": used,
    }
    shown = say(
        "targets.shown",
        value=show(value, goal.param.unit),
        symbol=goal.comparison.symbol,
        threshold=threshold_text(goal),
        year=vy,
    )
    start = ctx.rulebook.document_of(goal.clause.id).effective
    if _due(goal, year) or (goal.deadline and not goal.dated and vy >= start.year):
        st = status_for(goal, ok)
        outcome = say("targets.outcome.judged", status=st.label(), shown=shown) + gap_text(goal, fields["gap"])
        return ctx.result(checks=[check], outcome=outcome, status=st, notes=notes, **fields)
    if goal.deadline and not goal.dated:  # 每年 / standing, in a year before the document
        check = check.model_copy(update={"met": None, "note": say("targets.note.takes_effect", start=start)})
        outcome = say("targets.outcome.before_document", year=vy, start=start)
        return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.not_yet_due, notes=notes, **fields)
    if goal.target_year is None or not goal.deadline:
        check = check.model_copy(update={"met": None, "note": say("targets.note.no_deadline")})
        outcome = say("targets.outcome.no_deadline_at" if ok else "targets.outcome.no_deadline_below", shown=shown)
        return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.no_deadline, notes=notes, **fields)
    fields |= _still_needed(goal, series, vy, goal.target_year, value, ok, notes)
    reached = "reached" if ok else "not_reached"
    note = say(f"targets.note.due_{reached}", target_year=goal.target_year, year=vy)
    outcome = say(f"targets.outcome.due_{reached}", target_year=goal.target_year, shown=shown)
    outcome += gap_text(goal, fields["gap"])
    check = check.model_copy(update={"met": None, "note": note})
    return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.not_yet_due, notes=notes, **fields)


def _out_of_period(goal: Goal, inputs: TargetInput, ctx: Context, series: Series) -> TargetResult:
    """A year after the period of a goal judged every year to its target year: not assessed, and said so."""
    year, last = inputs.year, goal.last_year
    value, used, value_notes = series.at(year)
    note = say("targets.note.out_of_period", last=last, year=year)
    check = goal_check(ctx, goal, value).model_copy(update={"met": None, "note": note})
    fields: dict[str, Any] = {
        **describe(goal),
        "assessed_year": year,
        "value_year": year if value is not None else None,
        "value": value,
        "derived_from": used,
    }
    return ctx.result(
        checks=[check],
        outcome=say("targets.outcome.out_of_period", year=year, last=last),
        status=TargetStatus.out_of_period,
        notes=[*goal.notes, *value_notes, note],
        **fields,
    )


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
        notes.append(say("targets.note.no_growth_needed"))
    elif left > 0:
        out["needed_per_year"] = (aim(goal, value) - value) / left
        try:
            got = series.cagr(vy, value, due) if series.cagr else rate_to(goal, value, left)
        except ValueError as exc:
            got = None
            notes.append(say("targets.note.no_growth_rate", reason=exc))
        if got is not None:
            out["cagr_needed"], out["cagr_exact"] = got
    return out


def new_basis_value(data: Data, key: str, goal: Goal) -> ValueFn:
    """A value function for a clause's own indicator; for a 新增 goal, the count added since its start."""
    p = goal.param

    def at(year: int) -> tuple[Fraction | None, list[str], list[str]]:
        v, used = data.value(key, year)
        notes: list[str] = []
        if v is None:
            return None, [], []
        o = data.raw(key, year)
        if o is not None and o.items:
            items = o.items
            smallest = min(items, key=lambda k: items[k])
            notes.append(
                say("targets.note.members", count=len(items), name=smallest, value=show(items[smallest], p.unit))
            )
        if p.basis is not Basis.new:
            return v, used, notes
        since = goal.since
        if o is not None and o.added:
            notes.append(say("targets.note.added_directly", value=show(v, p.unit), since=since))
        elif o is not None and o.baseline is not None:
            baseline = show(o.baseline, p.unit)
            notes.append(
                say(
                    "targets.note.added_over_baseline", value=show(v, p.unit), year=year, baseline=baseline, since=since
                )
            )
            v = v - o.baseline
        elif (base := _series_baseline(data, key, goal, year)) is not None:
            b, bu = base
            notes.append(
                say(
                    "targets.note.added_over_series",
                    value=show(v, p.unit),
                    year=year,
                    baseline=show(b, p.unit),
                    baseline_year=goal.baseline_year,
                )
            )
            v, used = v - b, used + bu
        else:
            if goal.baseline_year:
                want = say("targets.want.level_at_end", year=goal.baseline_year)
            else:
                want = say("targets.want.level_on", since=since)
            return (
                None,
                [],
                [say("targets.note.total_not_added", value=show(v, p.unit), year=year, since=since, want=want)],
            )
        if v < 0:
            raise input_error(f"{key}[{year}]", say("targets.error.added_negative", since=since), clause=key)
        return v, used, notes

    return at


def _series_baseline(data: Data, key: str, goal: Goal, year: int) -> tuple[Fraction, list[str]] | None:
    """新增 from the start of a year: the level at the end of the year before, from the series (not a count added)."""
    by = goal.baseline_year
    if by is None or by >= year:
        return None
    o = data.raw(key, by)
    if o is None or o.added:
        return None
    return o.value, [f"{key}[{by}]"]
