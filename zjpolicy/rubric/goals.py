"""The demonstration-park goals of 一（二）, assessed for one park.

> 示范园区规模以上工业高新技术产业增加值占规模以上工业增加值的比重达到60%以上，规模以上制造业研发经费占营业收入比重达到3%以上，
> 亩均税收和亩均增加值分别达到40万元/亩和150万元/亩以上，规模以上制造业全员劳动生产率达到35万元/人·年以上 (一（二）)
> 园区要突出主导产业，聚焦1-2条特色优势产业链 (二（一）)
"""

from __future__ import annotations

from fractions import Fraction

from ..exact import compare, margin
from ..results import RuleResult
from ..rules import Context, check_from_param, rule
from .models import ParkIndicators

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
)
def assess_demonstration_goals(park: ParkIndicators, ctx: Context) -> DemonstrationGoals:
    """Does the park meet the demonstration-park goals of 一（二） (and 二（一）'s 1–2 chains, if given)?"""
    checks = []
    for field, cid in GOALS.items():
        p = ctx.param(f"{cid}.target")
        v = getattr(park, field)
        assert p.value is not None
        checks.append(check_from_param(p, v, name=field, met=compare(v, p.comparison, p.value),
                                       margin=margin(v, p.comparison, p.value)))
    if park.chains_focused is not None:
        p = ctx.param(f"{CHAINS}.chains")
        assert p.value is not None
        ok = compare(Fraction(park.chains_focused), p.comparison, p.value, upper=p.upper)
        checks.append(check_from_param(p, park.chains_focused, name="chains_focused", met=ok))
    all_met = all(c.met for c in checks)
    missing = [] if park.chains_focused is not None else ["chains_focused not given: 二（一） not checked"]
    return DemonstrationGoals(
        **ctx.audit(),
        outcome="meets the demonstration-park goals" if all_met else "does not meet the demonstration-park goals",
        checks=checks,
        notes=missing,
        all_met=all_met,
        chains_checked=park.chains_focused is not None,
    )
