"""评价范围 (三、1.): which parks are rated, during the trial (在园区整合提升完成前).

A park is in scope when it is a 省级及以上 development zone or has already completed its 整合提升; a park below
省级 that has not is outside the rating (no star level: the result says so). When neither fact is given, the reading
``dp.scope_unstated`` decides whether the park is rated (the result says the scope was not checked).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..exact import Comparison
from ..lang import say
from ..results import Check
from ..rules import Context
from .inputs import ParkIndicators
from .table import SCOPE

__all__ = ["READING_SCOPE", "Scope", "evaluation_scope", "scope_of"]

READING_SCOPE = "dp.scope_unstated"
IN_SCOPE_LEVELS = ("national", "provincial")  # 省级及以上


@dataclass(frozen=True)
class Scope:
    in_scope: bool | None  # None: not stated
    rated: bool
    check: Check

    def notes(self) -> list[str]:
        if self.in_scope is None:
            verdict = say("rubric.scope.assumed" if self.rated else "rubric.scope.not_rated")
            return [say("rubric.scope.not_checked", verdict=verdict, reading=READING_SCOPE)]
        return [] if self.in_scope else [say("rubric.scope.outside")]


def scope_of(park: ParkIndicators) -> bool | None:
    """In the evaluation scope (True), outside it (False), or not stated (None)."""
    if park.integration_completed or park.zone_level in IN_SCOPE_LEVELS:
        return True
    if park.zone_level is not None:  # below 省级, and 整合提升 not stated as completed
        return False
    return None


def evaluation_scope(park: ParkIndicators, ctx: Context) -> Scope:
    """Is the park in the trial's evaluation scope, and is it rated?"""
    in_scope = scope_of(park)
    rated = in_scope is True or (in_scope is None and ctx.reading(READING_SCOPE) == "assume_in_scope")
    given = f"zone_level={park.zone_level}, integration_completed={park.integration_completed}"
    check = Check(
        name="evaluation_scope",
        label=ctx.rulebook.clause(SCOPE).title,
        indicator="zone_level",
        value=None if in_scope is None else Fraction(int(in_scope)),
        threshold=Fraction(1),
        comparison=Comparison.eq,
        word="省级及以上……已经提前完成整合提升",
        met=in_scope,
        clause=SCOPE,
        note=say("rubric.scope.note", given=given)
        + (
            ""
            if in_scope is not None
            else say("rubric.scope.note_reading", reading=READING_SCOPE, value=ctx.reading(READING_SCOPE))
        ),
    )
    return Scope(in_scope, rated, check)
