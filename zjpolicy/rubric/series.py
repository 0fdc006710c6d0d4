"""Year-by-year ratings (三、3.: 园区星级评定实行动态调整，每年根据评定结果调整星级等次)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..lang import Lang, say, use_language
from ..rulebook import Rulebook
from .inputs import BonusWeights, ClearlyAbovePolicy, ParkIndicators, RelaxationPolicy
from .rating import rate_park
from .results import StarRating
from .table import DYNAMIC

__all__ = ["SeriesRating", "YearRating", "rate_park_series"]


class YearRating(BaseModel):
    model_config = ConfigDict(frozen=True)
    as_of: date
    stars: int
    change: Literal["new", "up", "down", "same"] = Field(description="against the previous rating in the series")
    rating: StarRating


class SeriesRating(BaseModel):
    """Each rating date's level and its change (动态调整)."""

    model_config = ConfigDict(frozen=True)
    park: str | None
    years: list[YearRating]
    clause: str = DYNAMIC

    def explain(self, lang: Lang | None = None) -> str:
        """Each rating date's level and change, in `lang` (default: the language the ratings were made in)."""
        with use_language(lang or (self.years[0].rating.lang if self.years else None)):
            lines = [say("rubric.series.title", park=self.park or say("rubric.park"), clause=self.clause)]
            for y in self.years:
                vetoed = say("rubric.series.vetoed") if y.rating.vetoed else ""
                change = say(f"rubric.change.{y.change}")
                lines.append(say("rubric.series.line", as_of=y.as_of, stars=y.stars, change=change, vetoed=vetoed))
        return "\n".join(lines)


def rate_park_series(
    series: Mapping[int, ParkIndicators | Mapping[str, Any]] | list[tuple[date, ParkIndicators | Mapping[str, Any]]],
    *,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    relaxation: RelaxationPolicy | None = None,
    bonus_weights: BonusWeights | None = None,
    clearly_above: ClearlyAbovePolicy | None = None,
    lang: Lang | None = None,
) -> SeriesRating:
    """Rate a park's yearly series. Give ``{year: indicators}`` (rated as of 31 December of that year)
    or ``[(as_of, indicators), …]``; the result lists each level and whether it went up, down or stayed.
    `lang`: the language of each rating's explanation (default: the language in force)."""
    pairs = (
        [(date(y, 12, 31), v) for y, v in sorted(series.items())]
        if isinstance(series, Mapping)
        else sorted(series, key=lambda p: p[0])
    )
    out: list[YearRating] = []
    prev: int | None = None
    name = None
    for as_of, ind in pairs:
        r = rate_park(
            ind,
            as_of=as_of,
            rulebook=rulebook,
            overrides=overrides,
            relaxation=relaxation,
            bonus_weights=bonus_weights,
            clearly_above=clearly_above,
            lang=lang,
        )
        name = name or r.park
        change: Literal["new", "up", "down", "same"] = (
            "new" if prev is None else "up" if r.stars > prev else "down" if r.stars < prev else "same"
        )
        out.append(YearRating(as_of=as_of, stars=r.stars, change=change, rating=r))
        prev = r.stars
    return SeriesRating(park=name, years=out)
