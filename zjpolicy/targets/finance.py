"""Trend clauses: year-on-year comparisons (稳中有升, 持续增加, 逐步提高) and 增速高于 a reference.

- ``nondecreasing`` / ``increasing``: the value of the year against the previous year's value. Where a clause has a
  reading whose choices are comparisons (``go.stable_share`` for 稳中有升), the reading decides which.
- a parameter with ``against:`` (制造业中长期贷款增速高于各项贷款增速): the value against the reference indicator
  of the same year (:data:`~zjpolicy.targets.statistics.REFERENCES`); growth rates can be given directly or derived
  from balance series of two consecutive years.
"""

from __future__ import annotations

from fractions import Fraction

from ..exact import compare, margin
from ..rulebook import Clause, ClauseKind
from ..rules import Context
from .engine import (
    Data,
    TargetInput,
    TargetResult,
    TargetStatus,
    YearOnYear,
    _show,
    describe,
    family,
    goal_of,
    make_check,
    status_for,
)
from .statistics import PARTS, REFERENCES

__all__ = ["is_trend", "trend_body"]


def is_trend(clause: Clause) -> bool:
    return clause.kind is ClauseKind.trend


@family(is_trend, "1.0.0")
def trend_body(inputs: TargetInput, ctx: Context) -> TargetResult:
    """The year's value against the previous year (or against a reference of the same year)."""
    clause = ctx.rulebook.clause(ctx.rule.clauses[0])
    goal = goal_of(clause, ctx)
    p = goal.param
    data = Data.of(inputs, ctx.rulebook)
    key = clause.id
    ref_key = REFERENCES.get(key) if p.against is not None else None
    ref_label = (PARTS[ref_key].label if ref_key in PARTS else ref_key) if ref_key else None

    def pair(y: int) -> tuple[Fraction | None, Fraction | None, list[str]]:
        v, vu = data.value(key, y)
        if ref_key is not None:
            r, ru = data.value(ref_key, y)
        else:
            r, ru = data.value(key, y - 1)
        return v, r, vu + ru

    year = inputs.year
    history = []
    for y in sorted(data.years(key)):
        if y < year:
            hv, hr, _ = pair(y)
            if hv is not None and hr is not None:
                history.append(YearOnYear(year=y, value=hv, reference=hr, met=compare(hv, goal.comparison, hr)))
    v, r, used = pair(year)
    versus = f"{p.against or ref_label} in {year}" if ref_key else f"the value in {year - 1}"
    base = {**ctx.audit(), **describe(goal), "assessed_year": year, "history": history}
    notes = list(goal.notes)
    if v is None or r is None:
        missing = [what for what, x in ((f"{year}", v), (versus, r)) if x is None]
        check = make_check(goal, v, met=None, mrg=None, threshold=r, note=f"compared with {versus}; missing {', '.join(missing)}")
        return TargetResult(
            **base,
            status=TargetStatus.no_data,
            outcome=f"no data: missing {', '.join(missing)}",
            value_year=year,
            value=v,
            reference=r,
            checks=[check],
            notes=notes,
        )
    ok = compare(v, goal.comparison, r)
    m = margin(v, goal.comparison, r)
    st = status_for(goal, ok)
    check = make_check(goal, v, met=ok, mrg=m, threshold=r, note=f"compared with {versus}")
    gap = Fraction(0) if ok else max(Fraction(0), r - v)
    return TargetResult(
        **base,
        status=st,
        outcome=f"{st.value}: {_show(v, p.unit)} {goal.comparison.symbol} {_show(r, p.unit)} ({versus})",
        value_year=year,
        value=v,
        reference=r,
        met_now=ok,
        gap=gap,
        derived_from=used,
        checks=[check],
        notes=notes,
    )
