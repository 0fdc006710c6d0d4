"""How many demonstration parks there are (一（二）: 到2025年，建设形成10个以上制造业高质量发展示范园区), counted from the
parks' yearly star levels (三、2.: 对五星级园区确定为示范园区; 三、3.: 每年调整星级等次).

Whether a park once named counts for good, or only while it is five-star, is the reading ``dp.demo_park_count_basis``.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from ..fields import Year
from ..lang import say
from ..results import RuleResult
from ..rulebook import Basis
from ..rules import Context, rule
from .table import DEMO_PARK

if TYPE_CHECKING:
    from .series import SeriesRating

__all__ = ["DemonstrationParkCount", "ParkStarHistory", "count_demonstration_parks"]

COUNT = "dp.1.2.demo_park_count"
READING_COUNT = "dp.demo_park_count_basis"


class ParkStarHistory(BaseModel):
    """Each park's star level by rating year (0 for a park rated below three stars or not rated)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    parks: dict[str, dict[int, NonNegativeInt]] = Field(description="park name -> {year: star level rated that year}")
    year: Year | None = Field(None, description="the year to count for (default: the year of as_of)")

    @classmethod
    def from_series(cls, series: Iterable[SeriesRating], year: int | None = None) -> ParkStarHistory:
        """From `rate_park_series` results (one per park; the last rating of a year stands for that year)."""
        parks = {s.park or f"park {i + 1}": {y.as_of.year: y.stars for y in s.years} for i, s in enumerate(series)}
        return cls(parks=parks, year=year)


class DemonstrationParkCount(RuleResult):
    year: int
    basis: Basis
    count: int
    counted: list[str] = Field(description="the parks counted")
    target_year: int | None
    status: Literal["met", "not_met", "not_yet_due"]


@rule(
    id="rubric.demonstration_park_count",
    version="1.0.0",
    clauses=[COUNT, DEMO_PARK],
    readings=[READING_COUNT],
    input_model=ParkStarHistory,
    result_model=DemonstrationParkCount,
)
def count_demonstration_parks(history: ParkStarHistory, ctx: Context) -> DemonstrationParkCount:
    """到2025年，建设形成10个以上制造业高质量发展示范园区。 (一（二）) 对五星级园区确定为“制造业高质量发展示范园区”。 (三、2.)"""
    year = history.year or ctx.as_of.year
    five = int(ctx.rulebook.value(f"{DEMO_PARK}.min_stars"))
    basis = ctx.reading(READING_COUNT)

    def counts(levels: dict[int, int]) -> bool:
        past = {y: s for y, s in levels.items() if y <= year}
        if not past:
            return False
        return any(s >= five for s in past.values()) if basis is Basis.cumulative else past[max(past)] >= five

    counted = sorted(name for name, levels in history.parks.items() if counts(levels))
    check = ctx.test(
        f"{COUNT}.target",
        Fraction(len(counted)),
        name="demo_park_count",
        indicator="parks",
        note=say("rubric.count.note", year=year, reading=READING_COUNT, basis=basis),
    )
    target_year = ctx.param(f"{COUNT}.target").year
    due = target_year is None or year >= target_year
    status: Literal["met", "not_met", "not_yet_due"] = "met" if check.met else "not_met" if due else "not_yet_due"
    return ctx.result(
        checks=[check],
        outcome=say(
            "rubric.count.outcome",
            count=len(counted),
            year=year,
            basis=say(f"rubric.basis.{basis.value}"),
            status=say(f"rubric.status.{status}"),
        ),
        year=year,
        basis=basis,
        count=len(counted),
        counted=counted,
        target_year=target_year,
        status=status,
    )
