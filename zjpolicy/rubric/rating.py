"""Rate a park under the star rubric (demo-park-plan 三、1.–3., 四（三）; the sentences are in the rulebook).

This module only assembles the parts: the table (`table`), each indicator at each level (`levels`), 明显高于
(`clearly`), the evaluation scope (`scope`), the veto (`veto`), the bonus (`bonus`) and what a level brings
(`standing`).
"""

from __future__ import annotations

from typing import Any

from ..rules import Context, rule
from .bonus import READING_BONUS, bonus
from .clearly import READING_CLEARLY, clearly_level, clearly_levels, clearly_notes, stated_margin
from .inputs import BonusWeights, ClearlyAbovePolicy, ParkIndicators, RelaxationPolicy
from .levels import READING_GREEN, READING_RELAX, relaxation_notes, stated_policy, verdicts
from .results import StarRating
from .scope import READING_SCOPE, evaluation_scope
from .standing import READING_OPENING, READING_VETO_RECTIFY, outcome, standing
from .table import RATING_CLAUSES, READING_ROW1, table
from .veto import READING_VETO, incident_veto

__all__ = ["rate_park"]


@rule(
    id="rubric.rate_park",
    version="1.1.0",
    clauses=RATING_CLAUSES,  # the table's rows, 评价范围, the rating rule, 示范园区, 整改, veto, bonus, 动态调整, 四（三）
    readings=[
        READING_ROW1,
        READING_RELAX,
        READING_CLEARLY,
        READING_VETO,
        READING_BONUS,
        READING_VETO_RECTIFY,
        READING_SCOPE,
        READING_OPENING,
        READING_GREEN,
    ],
    input_model=ParkIndicators,
    result_model=StarRating,
)
def rate_park(
    park: ParkIndicators,
    ctx: Context,
    *,
    relaxation: RelaxationPolicy | dict[str, Any] | None = None,
    bonus_weights: BonusWeights | dict[str, Any] | None = None,
    clearly_above: ClearlyAbovePolicy | dict[str, Any] | None = None,
) -> StarRating:
    """Rate a park: stars 0/3/4/5, each indicator at each level, scope, veto, bonus, gaps and policy support.

    >>> from datetime import date
    >>> from zjpolicy.rubric import rate_park, example_park
    >>> rate_park(example_park(), as_of=date(2024, 6, 30)).stars
    4
    """
    policy, ctx = stated_policy(relaxation, ctx)
    margin, ctx = stated_margin(clearly_above, ctx)
    t = table(ctx.rulebook)
    v = verdicts(park, ctx, t)
    scope = evaluation_scope(park, ctx)
    veto = incident_veto(park.major_incidents, ctx)
    clearly = [] if margin is None else clearly_levels(v, margin)
    strict = v.strict_level()
    relaxed, relaxed_used = (None, []) if policy is None else v.relaxed(policy)
    by_table = strict if relaxed is None else relaxed
    reached = by_table if margin is None else min(by_table, clearly_level(v, clearly))
    barred = veto.vetoed or not scope.rated
    stars = 0 if barred else reached
    level = standing(
        ctx.rulebook, t, stars, vetoed=veto.vetoed, rated=scope.rated, in_scope=scope.in_scope, indicator_stars=reached
    )
    next_level = t.next_level(0 if veto.vetoed else strict) if scope.rated else None
    return ctx.result(
        checks=[scope.check, *v.checks, veto.check],
        outcome=outcome(
            stars,
            level["level_name"],
            vetoed=veto.vetoed,
            rated=scope.rated,
            strict=strict,
            relaxed=relaxed,
            capped=reached < by_table,
        ),
        notes=scope.notes() + veto.notes() + relaxation_notes(ctx, policy, relaxed_used) + clearly_notes(ctx, margin),
        park=park.name,
        stars=stars,
        strict_stars=0 if barred else strict,
        relaxed_stars=None if relaxed is None else 0 if barred else relaxed,
        indicator_stars=reached,
        rated=scope.rated,
        in_scope=scope.in_scope,
        clearly_above=clearly,
        next_level=next_level,
        gaps_to_next_level=v.gaps(next_level),
        relaxed_indicators=relaxed_used,
        green_park_priority=park.green_park_title,
        indicators=v.summaries(),
        bonus=bonus(park.bonus, ctx, bonus_weights),
        **veto.fields(),
        **level,
    )
