"""Reductions against a base year: 规模以上工业单位增加值能耗较2020年下降16%以上.

A clause with a ``base_year`` parameter is assessed on the reduction of a level series (the intensity) since
that base year: ``(I_base − I_year) / I_base``, exactly, in the goal parameter's unit. Statistics supply either
the reduction directly (keyed by the clause id, in percent) or the intensity series (``industrial_energy_intensity``
in tce/万元, or its parts ``industrial_energy_consumption`` in tce and ``industrial_value_added``), including the
base year. The growth rate needed is the yearly rate of change of the intensity (negative: it must fall), computed
on the intensity relative to the base year, so it needs no absolute intensity.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..errors import InputError, Problem
from ..rulebook import Clause
from ..rules import Context
from ..units import conversion_factor
from .cagr import needed_rate
from .engine import Data, TargetInput, TargetResult, _show, assess_goal, family, goal_of
from .statistics import BASE_SERIES

__all__ = ["energy_body", "has_base_year"]

BASE_YEAR = "base_year"


def has_base_year(clause: Clause) -> bool:
    return any(p.name == BASE_YEAR for p in clause.parameters)


@family(has_base_year, "1.0.0")
def energy_body(inputs: TargetInput, ctx: Context) -> TargetResult:
    """A reduction of at least the goal since the base year (较基年下降……以上)."""
    clause = ctx.rulebook.clause(ctx.rule.clauses[0])
    goal = goal_of(clause, ctx)
    p = goal.param
    bp = clause.param(BASE_YEAR)
    assert bp.value is not None and bp.value.denominator == 1
    base_year = int(bp.value)
    series = BASE_SERIES.get(clause.id)
    data = Data.of(inputs, ctx.rulebook)
    to_share = conversion_factor(p.unit, "dimensionless")
    goal.notes.append(f"reduction measured against {base_year} (parameter {bp.id})")
    goal.notes.append("cagr_needed (when not yet due) is the yearly rate of change of the intensity; negative = it must fall")

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
            raise InputError(
                Problem(field=f"{series}[{base_year}]", message="a base-year intensity of 0", clause=clause.id)
            )
        unit = data.unit(series)
        red = (base - cur) / base / to_share
        aim = base * (1 - p.value * to_share)  # type: ignore[operator]
        notes = [
            f"reduction = ({_show(base, unit)} in {base_year} − {_show(cur, unit)} in {year}) ÷ "
            f"{_show(base, unit)} = {_show(red, p.unit)}",
            f"the goal means an intensity ≤ {_show(aim, unit)} (exactly {aim})",
        ]
        return red, bu + cu, notes

    def cagr(vy: int, value: Fraction, target_year: int) -> tuple[Decimal, bool] | None:
        start = 1 - value * to_share  # intensity in vy ÷ intensity in the base year
        aim = 1 - p.value * to_share  # type: ignore[operator]
        if start <= 0:
            return None
        return needed_rate(start, aim, target_year - vy, rising=False)

    def years() -> set[int]:
        ys = data.years(clause.id)
        if series is not None:
            ys |= data.years(series)
        return ys

    return assess_goal(goal, inputs, ctx, at, cagr=cagr, years_with_data=years)
