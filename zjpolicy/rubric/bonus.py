"""加分项目 (三、2., clause dp.3.2.bonus): counts per bonus category, projects per investment band (the clause's
parameters), and points only from weights the caller supplies: the plan gives no point values."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..exact import compare
from ..rules import Context
from .inputs import BonusFacts, BonusWeights
from .results import BonusResult
from .table import BONUS

__all__ = ["READING_BONUS", "bonus"]

READING_BONUS = "dp.bonus_bands"


def bonus(facts: BonusFacts, ctx: Context, weights: BonusWeights | dict[str, Any] | None) -> BonusResult:
    """Enterprise counts, projects per investment band (reading dp.bonus_bands), and points if weighted."""
    bands = sorted(ctx.rulebook.clause(BONUS).parameters, key=lambda p: ctx.rulebook.value(p.id))
    counts = facts.enterprise_counts() | {b.name: 0 for b in bands}
    every = ctx.reading(READING_BONUS) == "every_band"
    for project in facts.projects:
        reached = [b for b in bands if compare(project.investment, b.comparison, ctx.rulebook.value(b.id))]
        for b in reached if every else reached[-1:]:
            counts[b.name] += 1
    try:
        w = None if weights is None else BonusWeights.model_validate(weights)
    except ValidationError as exc:
        raise InputError.from_validation_error(exc, prefix="bonus_weights") from None
    points = None if w is None else sum((Fraction(getattr(w, k)) * n for k, n in counts.items()), Fraction(0))
    return BonusResult(counts=counts, points=points, weights=w)
