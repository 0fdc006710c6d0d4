"""The incident veto (三、3.): a park with a major incident in the window is rated no star.

The window's length and unit are the rulebook parameter ``dp.3.3.incident_veto.window`` (its word is the
law's); whether the window's first day counts is the reading ``dp.veto_boundary``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, date
from fractions import Fraction
from typing import Any

from ..errors import RulebookError
from ..exact import Comparison, fmt
from ..lang import say
from ..results import Check, _u
from ..rulebook import Parameter
from ..rules import Context
from .inputs import Incident
from .table import VETO

__all__ = ["Veto", "Window", "in_window", "incident_veto", "shift_years", "veto_reason", "vetoing", "window"]

READING_VETO = "dp.veto_boundary"
_DAY = date.resolution


def shift_years(d: date, years: int) -> date:
    """The same calendar date `years` later (earlier when negative); 29 February becomes 28 February.

    Past the calendar's ends (a what-if window of 2024 years) the date stops at the first or last day: the
    window then holds every incident there can be."""
    year = d.year + years
    if year < MINYEAR:
        return date.min
    if year > MAXYEAR:
        return date.max
    try:
        return d.replace(year=year)
    except ValueError:
        return d.replace(year=year, day=28)


def in_window(incident: date, as_of: date, years: int, inclusive: bool) -> bool:
    """Is the incident in the window ending on `as_of`: [as_of − years, as_of] (inclusive) or (as_of − years, as_of]?"""
    start = shift_years(as_of, -years)
    return incident <= as_of and (incident >= start if inclusive else incident > start)


@dataclass(frozen=True)
class Veto:
    incidents: list[Incident]
    clears_on: date | None
    reason: str | None
    check: Check

    @property
    def vetoed(self) -> bool:
        return bool(self.incidents)

    def fields(self) -> dict[str, Any]:
        """The StarRating fields of the veto."""
        return {
            "vetoed": self.vetoed,
            "veto_reason": self.reason,
            "veto_incidents": self.incidents,
            "veto_clears_on": self.clears_on,
        }

    def notes(self) -> list[str]:
        if not self.vetoed:
            return []
        return [say("rubric.veto.note", count=len(self.incidents), clears_on=self.clears_on)]


@dataclass(frozen=True)
class Window:
    """The veto's window as a rulebook states it: its parameter, its length in whole years, and whether its first
    day counts (reading dp.veto_boundary)."""

    param: Parameter
    years: Fraction
    inclusive: bool
    reading: str
    title: str


def window(ctx: Context) -> Window:
    p = ctx.param(f"{VETO}.window")
    years = ctx.rulebook.value(p.id)
    if years.denominator != 1:
        raise RulebookError(say("rubric.veto.whole_years", id=p.id, value=fmt(years), unit=p.unit))
    reading = ctx.reading(READING_VETO)
    return Window(p, years, reading == "inclusive", reading, ctx.rulebook.clause(VETO).title)


def vetoing(incidents: tuple[Incident, ...], as_of: date, w: Window) -> tuple[list[Incident], date | None]:
    """The incidents in the window before `as_of` and the day the latest stops vetoing (none: [], None)."""
    n = int(w.years)
    hits = [i for i in incidents if in_window(i.date, as_of, n, w.inclusive)]
    if not hits:
        return [], None
    return hits, _clears_on(max(i.date for i in hits), as_of, n, w.inclusive)


def veto_reason(w: Window, as_of: date, hits: list[Incident]) -> str | None:
    """Why the park is vetoed, in the language in force (None: it is not)."""
    if not hits:
        return None
    return say("rubric.veto.reason", count=len(hits), window=_window_text(w, as_of), title=w.title, clause=VETO)


def _window_text(w: Window, as_of: date) -> str:
    p, n = w.param, int(w.years)
    return say(
        "rubric.veto.window",
        word=p.word,
        label=p.label,
        length=f"{fmt(w.years)}{_u(p.unit)}",
        opening="[" if w.inclusive else "(",
        start=shift_years(as_of, -n),
        end=as_of,
    )


def incident_veto(incidents: tuple[Incident, ...], ctx: Context) -> Veto:
    """The incidents in the window before `ctx.as_of`, the day the latest stops vetoing, and the Check."""
    w = window(ctx)
    hits, clears_on = vetoing(incidents, ctx.as_of, w)
    p = w.param
    check = ctx.test(
        p,
        Fraction(len(hits)),
        threshold=Fraction(0),
        comparison=Comparison.eq,
        name="incident_veto",
        indicator="major_incidents",
        note=say("rubric.veto.check_note", window=_window_text(w, ctx.as_of), reading=READING_VETO, value=w.reading),
    )
    check = check.model_copy(
        update={"label": f"{w.title}（{p.word}）", "unit": ""}
    )  # the value is a count of incidents
    return Veto(hits, clears_on, veto_reason(w, ctx.as_of, hits), check)


def _clears_on(latest: date, as_of: date, years: int, inclusive: bool) -> date:
    """The first rating date after `as_of` on which the incident of `latest` has left the window."""
    d = max(shift_years(latest, years) - 2 * _DAY, as_of + _DAY)
    while in_window(latest, d, years, inclusive):
        d += _DAY
    return d
