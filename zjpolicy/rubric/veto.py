"""The incident veto (三、3.): a park with a major incident in the window is rated no star.

The window's length and unit are the rulebook parameter ``dp.3.3.incident_veto.window`` (its word is the
law's); whether the window's first day counts is the reading ``dp.veto_boundary``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from ..errors import RulebookError
from ..exact import Comparison, fmt
from ..results import Check, _u
from ..rulebook import Parameter
from ..rules import Context
from .inputs import Incident
from .table import VETO

__all__ = ["Veto", "Window", "in_window", "incident_veto", "shift_years", "vetoing", "window"]

READING_VETO = "dp.veto_boundary"
_DAY = date.resolution


def shift_years(d: date, years: int) -> date:
    """The same calendar date `years` later (earlier when negative); 29 February becomes 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


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
        return [f"vetoed: {len(self.incidents)} major incident(s) within the window; clears on {self.clears_on}"]


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
        raise RulebookError(f"{p.id} = {fmt(years)}: the window must be a whole number of {p.unit}")
    reading = ctx.reading(READING_VETO)
    return Window(p, years, reading == "inclusive", reading, ctx.rulebook.clause(VETO).title)


def vetoing(incidents: tuple[Incident, ...], as_of: date, w: Window) -> tuple[list[Incident], date | None, str | None]:
    """The incidents in the window before `as_of`, the day the latest stops vetoing, and the reason (none: [])."""
    n = int(w.years)
    hits = [i for i in incidents if in_window(i.date, as_of, n, w.inclusive)]
    if not hits:
        return [], None, None
    reason = f"{len(hits)} major incident(s) {_window_text(w, as_of)} — {w.title} ({VETO})"
    return hits, _clears_on(max(i.date for i in hits), as_of, n, w.inclusive), reason


def _window_text(w: Window, as_of: date) -> str:
    p, n = w.param, int(w.years)
    return (
        f"{p.word} ({p.label} {fmt(w.years)}{_u(p.unit)}: {'[' if w.inclusive else '('}"
        f"{shift_years(as_of, -n)}, {as_of}])"
    )


def incident_veto(incidents: tuple[Incident, ...], ctx: Context) -> Veto:
    """The incidents in the window before `ctx.as_of`, the day the latest stops vetoing, and the Check."""
    w = window(ctx)
    hits, clears_on, reason = vetoing(incidents, ctx.as_of, w)
    p = w.param
    check = ctx.test(
        p,
        Fraction(len(hits)),
        threshold=Fraction(0),
        comparison=Comparison.eq,
        name="incident_veto",
        indicator="major_incidents",
        note=f"window {_window_text(w, ctx.as_of)}, reading {READING_VETO}={w.reading}",
    )
    check = check.model_copy(
        update={"label": f"{w.title}（{p.word}）", "unit": ""}
    )  # the value is a count of incidents
    return Veto(hits, clears_on, reason, check)


def _clears_on(latest: date, as_of: date, years: int, inclusive: bool) -> date:
    """The first rating date after `as_of` on which the incident of `latest` has left the window."""
    d = max(shift_years(latest, years) - 2 * _DAY, as_of + _DAY)
    while in_window(latest, d, years, inclusive):
        d += _DAY
    return d
