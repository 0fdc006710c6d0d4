"""The demonstration-park goals of 一（二）, assessed for one park, and 二（一）'s 1–2 chains when given.

Each goal is a declared test: an indicator of `ParkIndicators` against the clause's ``target`` parameter
(the sentences and numbers are in the rulebook).
"""

from __future__ import annotations

from fractions import Fraction

from ..quantities import Field, Test
from ..results import RuleResult
from ..rules import Context, rule
from .inputs import ParkIndicators

__all__ = ["DemonstrationGoals", "assess_demonstration_goals"]

GOALS = {
    "high_tech_value_added_share": "dp.1.2.park_high_tech_share",
    "rd_intensity": "dp.1.2.park_rd_intensity",
    "tax_per_mu": "dp.1.2.park_tax_per_mu",
    "value_added_per_mu": "dp.1.2.park_value_added_per_mu",
    "labour_productivity": "dp.1.2.park_labour_productivity",
}
CHAINS = "dp.2.1.chain_focus"


class DemonstrationGoals(RuleResult):
    all_met: bool
    chains_checked: bool


@rule(
    id="rubric.demonstration_goals",
    version="1.0.0",
    clauses=[*GOALS.values(), CHAINS],
    input_model=ParkIndicators,
    result_model=DemonstrationGoals,
    tests=[Test(field, f"{cid}.target", Field(field)) for field, cid in GOALS.items()],
)
def assess_demonstration_goals(park: ParkIndicators, ctx: Context) -> DemonstrationGoals:
    """Does the park meet the demonstration-park goals of 一（二） (and 二（一）'s 1–2 chains, if given)?"""
    checks = [ctx.check(field) for field in GOALS]
    given = park.chains_focused is not None
    if park.chains_focused is not None:  # a count (整数), not a quantity field: tested as computed
        checks.append(ctx.test(f"{CHAINS}.chains", Fraction(park.chains_focused), name="chains_focused",
                               indicator="chains_focused"))
    all_met = all(c.met for c in checks)
    return ctx.result(
        checks=checks,
        outcome="meets the demonstration-park goals" if all_met else "does not meet the demonstration-park goals",
        notes=[] if given else ["chains_focused not given: 二（一） not checked"],
        all_met=all_met,
        chains_checked=given,
    )
