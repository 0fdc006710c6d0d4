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
from ..lang import say
from ..rulebook import Assessment
from ..rules import Context, check_from_param
from .data import Data
from .indicators import PARTS, REFERENCES
from .inputs import TargetInput
from .plan import Body, Revision, describe, gap_text, goal_check, goal_of, listing, show, status_for
from .results import TargetResult, TargetStatus, YearOnYear, trend_symbol

__all__ = ["TREND", "trend_body"]


def trend_body(inputs: TargetInput, ctx: Context) -> TargetResult:
    """The year's value against the previous year (or against a reference of the same year)."""
    goal = goal_of(ctx.rulebook.clause(ctx.rule.clauses[0]), ctx)
    p, key, year = goal.param, goal.clause.id, inputs.year
    data = Data.of(inputs, ctx.rulebook)
    ref_key = None
    if p.against is not None:
        if key not in REFERENCES:
            raise RulebookError(say("targets.error.no_reference", parameter=p.id, against=p.against))
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
        versus = say("targets.versus.reference", reference=p.against or ref_label, year=year)
    elif base is None:
        versus = say("targets.versus.previous", year=year - 1)
    else:
        versus = say("targets.versus.document_year", year=base)
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
        note = say("targets.note.first_year", base=base, first=base + 1)
        check = check_from_param(p, v, met=None, note=note).model_copy(update={"comparison": goal.comparison})
        return ctx.result(
            checks=[check],
            outcome=say("targets.outcome.not_yet_due", note=note),
            status=TargetStatus.not_yet_due,
            **{**fields, "reference": None},
        )
    if v is None or r is None:
        wanted = ((say("targets.trend.year", year=year), v), (versus, r))
        missing = say("targets.trend.missing_separator").join(what for what, x in wanted if x is None)
        note = say("targets.note.compared_missing", versus=versus, missing=missing)
        check = (
            goal_check(ctx, goal, v, threshold=r, note=note)
            if r is not None
            else check_from_param(p, v, met=None, note=note).model_copy(update={"comparison": goal.comparison})
        )
        outcome = say("targets.outcome.missing", missing=missing)
        return ctx.result(checks=[check], outcome=outcome, status=TargetStatus.no_data, **fields)
    check = goal_check(ctx, goal, v, threshold=r, note=say("targets.note.compared", versus=versus))
    ok = bool(check.met)
    st = status_for(goal, ok)
    # year on year: "≥ prev" in English; over the period (against the document's year): the plain symbol
    symbol = trend_symbol(goal.comparison) if base is None else goal.comparison.bare_symbol
    outcome = say(
        "targets.outcome.trend",
        status=st.label(),
        value=show(v, p.unit),
        symbol=symbol,
        reference=show(r, p.unit),
        versus=versus,
    )
    gap = Fraction(0) if ok else max(Fraction(0), r - v)
    outcome += gap_text(goal, gap)
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
