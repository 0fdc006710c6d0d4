"""加分项目 (三、2., clause dp.3.2.bonus): counts per bonus category, projects per investment band (the clause's
parameters), and points only from weights the caller supplies: the plan gives no point values."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..exact import compare
from ..rulebook import Parameter
from ..rules import Context
from .inputs import BonusFacts, BonusWeights
from .results import BonusResult
from .table import BONUS

__all__ = ["READING_BONUS", "bands", "bonus", "bonus_result", "stated_weights"]

READING_BONUS = "dp.bonus_bands"


def bonus(facts: BonusFacts, ctx: Context, weights: BonusWeights | dict[str, Any] | None) -> BonusResult:
    """Enterprise counts, projects per investment band (reading dp.bonus_bands), and points if weighted."""
    return bonus_result(facts, bands(ctx), ctx.reading(READING_BONUS) == "every_band", stated_weights(weights))


def bands(ctx: Context) -> list[tuple[Parameter, Fraction]]:
    """The investment bands (the clause's parameters) with their values, lowest first."""
    rb = ctx.rulebook
    return sorted(((p, rb.value(p.id)) for p in rb.clause(BONUS).parameters), key=lambda b: b[1])


def stated_weights(weights: BonusWeights | dict[str, Any] | None) -> BonusWeights | None:
    try:
        return None if weights is None else BonusWeights.model_validate(weights)
    except ValidationError as exc:
        raise InputError.from_validation_error(exc, prefix="bonus_weights") from None


def bonus_result(
    facts: BonusFacts, bands: list[tuple[Parameter, Fraction]], every: bool, w: BonusWeights | None
) -> BonusResult:
    counts = facts.enterprise_counts() | {b.name: 0 for b, _ in bands}
    for project in facts.projects:
        reached = [b for b, v in bands if compare(project.investment, b.comparison, v)]
        for b in reached if every else reached[-1:]:
            counts[b.name] += 1
    points = None if w is None else sum((Fraction(getattr(w, k)) * n for k, n in counts.items()), Fraction(0))
    return BonusResult(counts=counts, points=points, weights=w)
