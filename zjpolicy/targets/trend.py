"""The trend body (``assessment: trend``): year on year (稳中有升, 持续增加, 逐步提高) and 增速高于 a reference.

- ``nondecreasing`` / ``increasing``: the value of the year against the previous year's value, or, where a span
  reading says the rise is over the period (持续增加, 逐步提高: `~zjpolicy.targets.plan.TREND_SPAN`), against the
  value of the document's year (years up to it are not yet assessed). Where a clause has a comparison reading
  (``go.stable_share`` for 稳中有升), the reading decides which comparison.
- a parameter with ``against:`` (制造业中长期贷款增速高于各项贷款增速): the value against the reference indicator
  of the same year (:data:`~zjpolicy.targets.indicators.REFERENCES`); growth rates can be given directly or derived
  from balance series of two consecutive years.
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import RulebookError
from ..exact import compare
from ..rulebook import Assessment
from ..rules import Context, check_from_param
from .data import Data
from .indicators import PARTS, REFERENCES
from .inputs import TargetInput
from .plan import Body, Revision, describe, goal_check, goal_of, listing, show, status_for
from .results import TargetResult, TargetStatus, YearOnYear

__all__ = ["TREND", "trend_body"]


def trend_body(inputs: TargetInput, ctx: Context) -> TargetResult:
    """The year's value against the previous year (or against a reference of the same year)."""
    goal = goal_of(ctx.rulebook.clause(ctx.rule.clauses[0]), ctx)
    p, key, year = goal.param, goal.clause.id, inputs.year
    data = Data.of(inputs, ctx.rulebook)
    ref_key = None
    if p.against is not None:
        if key not in REFERENCES:
            raise RulebookError(f"{p.id} is compared with {p.against}, but no indicator supplies that reference")
        ref_key = REFERENCES[key]
    base = goal.trend_base if ref_key is None else None  # over the period: the document's year

    def pair(y: int) -> tuple[Fraction | None, Fraction | None, list[str]]:
        v, vu = data.value(key, y)
        r, ru = data.value(ref_key, y) if ref_key is not None else data.value(key, y - 1 if base is None else base)
        return v, r, vu + ru

    history = []
    for y in sorted(y for y in data.years(key) if y < year and (base is None or y > base)):
        hv, hr, _ = pair(y)
        if hv is not None and hr is not None:
            history.append(YearOnYear(year=y, value=hv, reference=hr, met=compare(hv, goal.comparison, hr)))
    v, r, used = pair(year)
    ref_label = (PARTS[ref_key].label if ref_key in PARTS else ref_key) if ref_key else None
    if ref_key:
        versus = f"{p.against or ref_label} in {year}"
    else:
        versus = f"the value in {year - 1}" if base is None else f"the value in {base}, the document's year"
    fields = {
        **describe(goal),
        "assessed_year": year,
        "history": history,
        "value_year": year,
        "value": v,
        "reference": r,
        "notes": list(goal.notes),
    }
    if base is not None and year <= base:
        note = f"a rise over the period is measured against {base}: the first year assessed is {base + 1}"
        check = check_from_param(p, v, met=None, note=note).model_copy(update={"comparison": goal.comparison})
        return ctx.result(
            checks=[check],
            outcome=f"not yet due: {note}",
            status=TargetStatus.not_yet_due,
            **{**fields, "reference": None},
        )
    if v is None or r is None:
        missing = ", ".join(what for what, x in ((f"{year}", v), (versus, r)) if x is None)
        note = f"compared with {versus}; missing {missing}"
        check = (
            goal_check(ctx, goal, v, threshold=r, note=note)
            if r is not None
            else check_from_param(p, v, met=None, note=note).model_copy(update={"comparison": goal.comparison})
        )
        return ctx.result(checks=[check], outcome=f"no data: missing {missing}", status=TargetStatus.no_data, **fields)
    check = goal_check(ctx, goal, v, threshold=r, note=f"compared with {versus}")
    ok = bool(check.met)
    st = status_for(goal, ok)
    symbol = goal.comparison.symbol if base is None else goal.comparison.symbol.removesuffix(" prev")
    outcome = f"{st.value}: {show(v, p.unit)} {symbol} {show(r, p.unit)} ({versus})"
    gap = Fraction(0) if ok else max(Fraction(0), r - v)
    return ctx.result(checks=[check], outcome=outcome, status=st, met_now=ok, gap=gap, derived_from=used, **fields)


TREND = Body(
    Assessment.trend,
    "1.0.0",
    trend_body,
    revisions=(
        Revision(
            "1.1.0",
            listing("go.continuous_increase", "go.gradual_rise"),
            "持续增加 / 逐步提高: year on year, or over the period against the document's year (a span reading)",
        ),
    ),
)
