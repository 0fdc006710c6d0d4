"""The demonstration-park goals of 一（二）, assessed for one park, and the duties 二、 gives every park when given:
二（一）'s 1–2 chains and 二（二）'s 研发机构全覆盖.

Each goal is a declared test: an indicator of `ParkIndicators` against the clause's ``target`` parameter
(the sentences and numbers are in the rulebook). Whether the goals bind each demonstration park or all of them
together is the reading ``dp.park_goals_scope``; the year they are due, carried over from 到2025年, is
``dp.park_goals_year``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from ..errors import RulebookError
from ..lang import say
from ..quantities import Field, Test
from ..results import RuleResult
from ..rules import Context, rule
from .inputs import RD_COVERAGE, ParkIndicators

__all__ = ["DemonstrationGoals", "assess_demonstration_goals"]

GOALS = {
    "high_tech_value_added_share": "dp.1.2.park_high_tech_share",
    "rd_intensity": "dp.1.2.park_rd_intensity",
    "tax_per_mu": "dp.1.2.park_tax_per_mu",
    "value_added_per_mu": "dp.1.2.park_value_added_per_mu",
    "labour_productivity": "dp.1.2.park_labour_productivity",
}
CHAINS = "dp.2.1.chain_focus"
READING_GOALS_SCOPE = "dp.park_goals_scope"
READING_GOALS_YEAR = "dp.park_goals_year"


class DemonstrationGoals(RuleResult):
    all_met: bool  # every check made is met
    status: Literal["met", "not_met", "not_yet_due"]
    target_year: int | None
    goals_scope: Literal["each_park", "all_parks_together"]
    chains_checked: bool
    rd_coverage_checked: bool


@rule(
    id="rubric.demonstration_goals",
    version="1.1.0",
    clauses=[*GOALS.values(), CHAINS, RD_COVERAGE],
    readings=[READING_GOALS_SCOPE, READING_GOALS_YEAR],
    input_model=ParkIndicators,
    result_model=DemonstrationGoals,
    tests=[
        *(Test(field, f"{cid}.target", Field(field)) for field, cid in GOALS.items()),
        Test("rd_institution_coverage", f"{RD_COVERAGE}.target", Field("rd_institution_coverage")),
    ],
)
def assess_demonstration_goals(park: ParkIndicators, ctx: Context) -> DemonstrationGoals:
    """Does the park meet the demonstration-park goals of 一（二） (and, if given, 二（一）'s 1–2 chains and
    二（二）: 园区要……实现规模以上制造业企业研发机构全覆盖)?"""
    checks = [ctx.check(field) for field in GOALS]
    scope = ctx.reading(READING_GOALS_SCOPE)
    each = scope == "each_park"
    notes = []
    chains = each and park.chains_focused is not None
    if chains and park.chains_focused is not None:  # a count (整数), not a quantity field: tested as computed
        checks.append(
            ctx.test(
                f"{CHAINS}.chains", Fraction(park.chains_focused), name="chains_focused", indicator="chains_focused"
            )
        )
    coverage = each and park.rd_institution_coverage is not None
    if coverage:
        checks.append(ctx.check("rd_institution_coverage"))
    if not each:
        notes.append(say("rubric.goals.together_note", reading=READING_GOALS_SCOPE))
    else:
        notes += [] if chains else [say("rubric.goals.not_given", field="chains_focused", clause="二（一）")]
        notes += [] if coverage else [say("rubric.goals.not_given", field="rd_institution_coverage", clause="二（二）")]
    year = ctx.reading(READING_GOALS_YEAR)
    if isinstance(year, str):
        raise RulebookError(say("rubric.goals.bad_year", reading=READING_GOALS_YEAR, year=repr(year)))
    due = year is None or ctx.as_of.year >= year
    all_met = all(c.met for c in checks)
    # the duties of 二、 carry no year: a shortfall there is never "not yet due"
    failing_now = [c for c in checks if not c.met and (due or c.clause not in GOALS.values())]
    status: Literal["met", "not_met", "not_yet_due"] = "met" if all_met else "not_met" if failing_now else "not_yet_due"
    return ctx.result(
        checks=checks,
        outcome=say(f"rubric.goals.{'each' if each else 'together'}.{status}", year=year),
        notes=notes,
        all_met=all_met,
        status=status,
        target_year=year,
        goals_scope=scope,
        chains_checked=chains,
        rd_coverage_checked=coverage,
    )
