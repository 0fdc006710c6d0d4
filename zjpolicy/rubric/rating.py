"""Rate a park under the star rubric (demo-park-plan 三、2.–3., 四（三）; the sentences are in the rulebook).

This module only assembles the parts: the table (`table`), each indicator at each level (`levels`), the veto
(`veto`), the bonus (`bonus`) and what a level brings (`standing`).
"""

from __future__ import annotations

from typing import Any

from ..rules import Context, rule
from .bonus import READING_BONUS, bonus
from .inputs import BonusWeights, ParkIndicators, RelaxationPolicy
from .levels import READING_RELAX, relaxation_notes, stated_policy, verdicts
from .results import StarRating
from .standing import outcome, standing
from .table import RATING_CLAUSES, READING_ROW1, table
from .veto import READING_VETO, incident_veto

__all__ = ["rate_park"]


@rule(
    id="rubric.rate_park",
    version="1.0.0",
    clauses=RATING_CLAUSES,  # the table's rows, the rating rule, 示范园区, 整改, veto, bonus, 动态调整, 四（三）
    readings=[READING_ROW1, READING_RELAX, "dp.clearly_above", READING_VETO, READING_BONUS],
    input_model=ParkIndicators,
    result_model=StarRating,
)
def rate_park(
    park: ParkIndicators,
    ctx: Context,
    *,
    relaxation: RelaxationPolicy | dict[str, Any] | None = None,
    bonus_weights: BonusWeights | dict[str, Any] | None = None,
) -> StarRating:
    """Rate a park: stars 0/3/4/5, each indicator at each level, veto, bonus, gaps and policy support.

    >>> from datetime import date
    >>> from zjpolicy.rubric import rate_park, example_park
    >>> rate_park(example_park(), as_of=date(2024, 6, 30)).stars
    4
    """
    policy, ctx = stated_policy(relaxation, ctx)
    t = table(ctx.rulebook)
    v = verdicts(park, ctx, t)
    veto = incident_veto(park.major_incidents, ctx)
    strict = v.strict_level()
    relaxed, relaxed_used = (None, []) if policy is None else v.relaxed(policy)
    stars = 0 if veto.vetoed else strict if relaxed is None else relaxed
    level = standing(ctx.rulebook, t, stars)
    next_level = t.next_level(0 if veto.vetoed else strict)
    return ctx.result(
        checks=[*v.checks, veto.check],
        outcome=outcome(stars, level["level_name"], vetoed=veto.vetoed, strict=strict, relaxed=relaxed),
        notes=veto.notes() + relaxation_notes(ctx, policy, relaxed_used),
        park=park.name,
        stars=stars,
        strict_stars=0 if veto.vetoed else strict,
        relaxed_stars=None if relaxed is None else 0 if veto.vetoed else relaxed,
        next_level=next_level,
        gaps_to_next_level=v.gaps(next_level),
        relaxed_indicators=relaxed_used,
        green_park_priority=park.green_park_title,
        indicators=v.summaries(),
        bonus=bonus(park.bonus, ctx, bonus_weights),
        **veto.fields(),
        **level,
    )
