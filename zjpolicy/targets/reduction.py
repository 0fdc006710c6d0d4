"""The base-year reduction body (``assessment: base_year_reduction``): 规模以上工业单位增加值能耗较2020年下降16%以上.

The clause's ``base_year`` parameter names the year the reduction is measured against. The reduction of a level
series (the intensity) since then is ``(I_base − I_year) / I_base``, exactly, in the goal parameter's unit.
Statistics supply either the reduction directly (keyed by the clause id, in percent) or the level series named
in :data:`~zjpolicy.targets.indicators.BASE_SERIES` (``industrial_energy_intensity`` in tce/万元, or its parts),
including the base year. The growth rate needed is the yearly rate of change of the intensity (negative: it
must fall), computed on the intensity relative to the base year, so it needs no absolute intensity.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..errors import RulebookError, UnknownIdError, input_error
from ..lang import say
from ..rulebook import Assessment, Clause
from ..rules import Context
from ..units import conversion_factor
from .cagr import needed_rate
from .data import Data
from .goal import Series, assess_goal
from .indicators import BASE_SERIES
from .inputs import TargetInput
from .plan import Body, goal_of, show
from .results import TargetResult

__all__ = ["BASE_YEAR", "REDUCTION", "reduction_body"]

BASE_YEAR = "base_year"
"""The parameter of a base-year reduction that names its base year."""


def reduction_body(inputs: TargetInput, ctx: Context) -> TargetResult:
    """A reduction of at least the goal since the base year (较基年下降……以上)."""
    clause = ctx.rulebook.clause(ctx.rule.clauses[0])
    goal = goal_of(clause, ctx)
    p, target = goal.param, goal.target
    base_year = _base_year(clause)
    series = BASE_SERIES.get(clause.id)
    data = Data.of(inputs, ctx.rulebook)
    to_share = conversion_factor(p.unit, "dimensionless")
    goal.notes.append(say("targets.note.reduction_base", base_year=base_year, parameter=f"{clause.id}.{BASE_YEAR}"))
    goal.notes.append(say("targets.note.reduction_cagr"))

    def at(year: int) -> tuple[Fraction | None, list[str], list[str]]:
        v, used = data.value(clause.id, year)
        if v is not None:
            return v, used, []
        if series is None:
            return None, [], []
        cur, cu = data.value(series, year)
        base, bu = data.value(series, base_year)
        if cur is None or base is None:
            return None, [], []
        if base == 0:
            raise input_error(f"{series}[{base_year}]", say("targets.error.base_zero"), clause=clause.id)
        unit = data.unit(series)
        red = (base - cur) / base / to_share
        aim = base * (1 - target * to_share)
        notes = [
            say(
                "targets.note.reduction",
                base=show(base, unit),
                base_year=base_year,
                current=show(cur, unit),
                year=year,
                reduction=show(red, p.unit),
            ),
            say("targets.note.reduction_aim", aim=show(aim, unit), exact=aim),
        ]
        return red, bu + cu, notes

    def cagr(vy: int, value: Fraction, target_year: int) -> tuple[Decimal, bool] | None:
        start = 1 - value * to_share  # intensity in vy ÷ intensity in the base year
        if start <= 0:
            return None
        return needed_rate(start, 1 - target * to_share, target_year - vy, rising=False)

    def years() -> set[int]:
        return data.years(clause.id) | (data.years(series) if series is not None else set())

    return assess_goal(goal, inputs, ctx, Series(at, years, cagr))


def _base_year(clause: Clause) -> int:
    """The clause's base year (its `base_year` parameter, a whole year): a RulebookError otherwise."""
    try:
        bp = clause.param(BASE_YEAR)
    except UnknownIdError:
        raise RulebookError(say("targets.error.no_base_year", clause=clause.id, name=repr(BASE_YEAR))) from None
    if bp.value is None or bp.value.denominator != 1:
        raise RulebookError(say("targets.error.base_year_whole", parameter=bp.id, value=bp.value))
    return int(bp.value)


REDUCTION = Body(Assessment.base_year_reduction, "1.0.0", reduction_body)
