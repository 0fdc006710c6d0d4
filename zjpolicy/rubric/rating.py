"""Rate a park under the star rubric (demo-park-plan 三、1.–3., 四（三）; the sentences are in the rulebook).

This module only assembles the parts: the table (`table`), each indicator at each level (`levels`), 明显高于
(`clearly`), the evaluation scope (`scope`), the veto (`veto`), the bonus (`bonus`) and what a level brings
(`standing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

from ..rulebook import Parameter
from ..rules import Context, rule
from .bonus import READING_BONUS, bands, bonus, stated_weights
from .cells import Plan, plan, strict_level
from .clearly import READING_CLEARLY, clearly_level, clearly_levels, clearly_notes, stated_margin
from .inputs import BonusWeights, ClearlyAbovePolicy, ParkIndicators, RelaxationPolicy
from .levels import READING_GREEN, READING_RELAX, relaxation_notes, stated_policy, verdicts
from .results import StarRating
from .scope import READING_SCOPE, evaluation_scope, scope_of
from .standing import READING_OPENING, READING_VETO_RECTIFY, outcome, standing
from .table import RATING_CLAUSES, READING_ROW1, table
from .veto import READING_VETO, Window, incident_veto, vetoing, window

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
    if ctx.defers and relaxation is None and clearly_above is None:  # decide first, explain on first use
        fast = _fast(ctx)
        if fast is not None and type(park) is ParkIndicators and type(ctx.as_of) is date:
            return _deferred(park, ctx, fast, bonus_weights)
    return _eager(park, ctx, relaxation=relaxation, bonus_weights=bonus_weights, clearly_above=clearly_above)


def _eager(
    park: ParkIndicators,
    ctx: Context,
    *,
    relaxation: RelaxationPolicy | dict[str, Any] | None = None,
    bonus_weights: BonusWeights | dict[str, Any] | None = None,
    clearly_above: ClearlyAbovePolicy | dict[str, Any] | None = None,
) -> StarRating:
    """The rating with its explanation, every Check built as it is decided."""
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


@dataclass(frozen=True)
class _Fast:
    """What the decision reads from one rulebook, read once (kept on it): the cells, the readings, the veto's window,
    the bonus bands, the level fields already computed (`standing`) and the one-line answers already written, per
    level and language (`outcomes`: the decision writes no prose)."""

    plan: Plan
    assume_in_scope: bool
    green_by_title: bool
    window: Window
    bands: list[tuple[Parameter, Fraction]]
    standing: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    outcomes: dict[tuple[Any, ...], str] = field(default_factory=dict)


def _fast(ctx: Context) -> _Fast | None:
    """The rulebook's `_Fast`, or None where reading it fails: the eager rating then raises as it always has."""
    return ctx.rulebook.memo(("rubric.rate_park.fast", ctx.rule.id, ctx.rule.version), lambda: _read_fast(ctx))


def _read_fast(ctx: Context) -> _Fast | None:
    try:
        pl = plan(ctx, table(ctx.rulebook))
        if not pl.plain:
            return None
        return _Fast(
            plan=pl,
            assume_in_scope=ctx.reading(READING_SCOPE) == "assume_in_scope",
            green_by_title=ctx.reading(READING_GREEN) == "meets_green_rows",
            window=window(ctx),
            bands=bands(ctx),
        )
    except Exception:  # a defect of the rulebook: the eager rating reports it where it always has
        return None


def _deferred(
    park: ParkIndicators, ctx: Context, fast: _Fast, bonus_weights: BonusWeights | dict[str, Any] | None
) -> StarRating:
    """The rating decided on plain Fractions (the same cells and comparisons as the Checks); its explanation (the
    checks, gaps, indicator summaries, bonus, notes, the veto's reason and inputs) is the eager rating's, completed
    on first use."""
    rb = ctx.rulebook
    t = fast.plan.table
    strict = strict_level(park, fast.plan, park.green_park_title and fast.green_by_title)
    in_scope = scope_of(park)
    rated = in_scope is True or (in_scope is None and fast.assume_in_scope)
    hits, clears_on = vetoing(park.major_incidents, ctx.as_of, fast.window)
    vetoed = bool(hits)
    stars = 0 if vetoed or not rated else strict
    key = (stars, vetoed, rated, in_scope, strict)
    level = fast.standing.get(key)
    if level is None:
        level = fast.standing.setdefault(
            key, standing(rb, t, stars, vetoed=vetoed, rated=rated, in_scope=in_scope, indicator_stars=strict)
        )
    said = fast.outcomes.get((key, ctx.lang))
    if said is None:
        said = fast.outcomes.setdefault(
            (key, ctx.lang),
            outcome(stars, level["level_name"], vetoed=vetoed, rated=rated, strict=strict, relaxed=None),
        )
    stated_weights(bonus_weights)  # a bad weight is an InputError now, as in the eager rating
    return ctx.deferred(  # type: ignore[no-any-return]
        later=("notes", "gaps_to_next_level", "indicators", "bonus", "veto_reason"),
        outcome=said,
        park=park.name,
        stars=stars,
        strict_stars=stars,
        relaxed_stars=None,
        indicator_stars=strict,
        rated=rated,
        in_scope=in_scope,
        clearly_above=[],
        level_name=level["level_name"],
        vetoed=vetoed,
        veto_incidents=hits,
        veto_clears_on=clears_on,
        is_demonstration_park=level["is_demonstration_park"],
        must_rectify=level["must_rectify"],
        rectify_by_year=level["rectify_by_year"],
        policy_support=list(level["policy_support"]),
        next_level=t.next_level(0 if vetoed else strict) if rated else None,
        relaxed_indicators=[],
        green_park_priority=park.green_park_title,
    )
