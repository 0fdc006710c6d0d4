"""The plan of a goal: a clause's goal parameter with its readings applied, and what every body shares.

Nothing about a particular target is written here: the value, unit, comparison, year, basis and 力争 flag come
from the goal parameter, the tolerance, comparison and implicit year from the clause's readings (typed by
their ``kind``), and what the goal is (a coverage, a reduction against a base year, a trend) from the clause's
declared ``assessment``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..errors import RulebookError
from ..exact import Comparison
from ..results import Check
from ..rulebook import Assessment, Basis, Clause, Parameter
from ..rules import Context
from ..units import conversion_factor, unit_label
from .cagr import needed_rate
from .indicators import TRENDS, goal_parameters
from .inputs import TargetInput
from .results import TargetResult, TargetStatus

__all__ = [
    "Body",
    "Goal",
    "aim",
    "band",
    "describe",
    "goal_check",
    "goal_of",
    "progress",
    "rate_to",
    "shortfall",
    "show",
    "status_for",
    "threshold_text",
]

BodyFn = Callable[[TargetInput, Context], TargetResult]


@dataclass(frozen=True)
class Body:
    """How one kind of clause (its declared `Clause.assessment`) is assessed, and the version of that decision.

    Bump `version` only when a decision of the body changes (status, target, gap, a check's met, value,
    threshold or margin); rewording an outcome or a note is not a new version.
    """

    assessment: Assessment
    version: str
    fn: BodyFn


@dataclass
class Goal:
    """A clause's goal parameter as this assessment applies it (readings resolved)."""

    clause: Clause
    param: Parameter
    comparison: Comparison
    target_year: int | None
    deadline: bool
    tolerance: Fraction | None
    nature: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def target(self) -> Fraction:
        """The goal's number; a RulebookError if the parameter has none (only trends may lack one)."""
        if self.param.value is None:
            raise RulebookError(f"parameter {self.param.id} has no value; clause {self.clause.id} needs one")
        return self.param.value

    @property
    def dated(self) -> bool:
        """A goal due in a year (not 每年, not standing, not without deadline by a reading)."""
        return self.deadline and self.target_year is not None


def goal_of(clause: Clause, ctx: Context) -> Goal:
    """Read the goal parameter and apply the clause's readings (target year, tolerance, comparison)."""
    rb = ctx.rulebook
    p = goal_parameters(clause)[0]
    comparison = p.comparison
    target_year = p.year
    deadline = True  # False only when a reading says there is no deadline
    tolerance: Fraction | None = None
    notes: list[str] = []
    for rid in clause.readings:
        r = rb.reading_def(rid)
        val = rb.reading_value(rid)
        if r.kind == "tolerance":
            # a tolerance (左右), in the reading's unit → converted exactly to the parameter's unit
            tolerance = val * conversion_factor(r.unit or "dimensionless", p.unit)
            notes.append(f"左右 tolerance ±{rb.reading(rid)}{unit_label(r.unit or '')} (reading {rid})")
        elif r.kind == "comparison":
            comparison = val
            notes.append(f"comparison {val.value} (reading {rid})")
        elif r.kind == "year" and p.year is not None:
            # a target year the text leaves implicit, or no deadline (go.implicit_target_year)
            if isinstance(val, int):
                target_year = val
                notes.append(f"the text gives no year; target year {val} (reading {rid})")
            elif val is None:
                target_year, deadline = None, False
                notes.append(f"the text gives no year; no deadline, progress only (reading {rid})")
            else:
                raise RulebookError(f"reading {rid} = {val!r} is not a year a target of {clause.id} can be due in")
    return Goal(clause, p, comparison, target_year, deadline, tolerance, _nature(clause, p, comparison), notes)


def _nature(clause: Clause, p: Parameter, comparison: Comparison) -> list[str]:
    """The NATURE tags of a goal, from its declared fields."""
    aspirational = ["aspirational"] if p.aspirational else []
    if p.against is not None:
        nature = ["against", *aspirational]
    elif comparison in TRENDS:
        nature = [comparison.value, *aspirational]
    else:
        standing = p.basis is Basis.level and p.year is None
        nature = ["standing" if standing else p.basis.value, *aspirational]
        if comparison is Comparison.approx:
            nature.append("approx")
        if clause.assessment is Assessment.coverage:
            nature.append("coverage")
    if clause.assessment is Assessment.base_year_reduction:
        nature.append("base_year")
    return nature


def band(goal: Goal) -> tuple[Fraction, Fraction]:
    """For 左右: the accepted interval around the goal."""
    if goal.tolerance is None:
        raise RulebookError(f"clause {goal.clause.id} is approximate (左右) but has no tolerance reading")
    return goal.target - goal.tolerance, goal.target + goal.tolerance


def goal_check(ctx: Context, goal: Goal, value: Fraction | None, *, threshold: Fraction | None = None,
               note: str | None = None) -> Check:
    """The Check of `value` against the goal (or against `threshold`: a previous year, a reference)."""
    return ctx.test(goal.param, value, comparison=goal.comparison, tolerance=goal.tolerance, threshold=threshold,
                    note=note)


def shortfall(goal: Goal, value: Fraction, met: bool) -> Fraction:
    """The gap to the goal in its unit: 0 when met; for 左右, the distance to the nearest edge of the band."""
    if goal.comparison is Comparison.approx:
        lo, hi = band(goal)
        return max(Fraction(0), lo - value, value - hi)
    return Fraction(0) if met else abs(value - goal.target)


def progress(goal: Goal, value: Fraction) -> Fraction | None:
    """value ÷ goal for a goal to reach from below (None otherwise, or for a goal of 0)."""
    up = goal.comparison in (Comparison.ge, Comparison.gt, Comparison.approx)
    return value / goal.param.value if up and goal.param.value else None


def aim(goal: Goal, value: Fraction) -> Fraction:
    """The value to aim for: the goal, or for 左右 the nearest edge of the band (the value itself inside it)."""
    if goal.comparison is Comparison.approx:
        lo, hi = band(goal)
        return min(max(value, lo), hi)
    return goal.target


def rate_to(goal: Goal, value: Fraction, years: int) -> tuple[Decimal, bool] | None:
    """The yearly growth rate that takes `value` to the goal in `years` (falling for ≤ goals)."""
    to = aim(goal, value)
    falling = goal.comparison in (Comparison.le, Comparison.lt) or (goal.comparison is Comparison.approx and to < value)
    return needed_rate(value, to, years, rising=not falling)


def status_for(goal: Goal, ok: bool) -> TargetStatus:
    if ok:
        return TargetStatus.met
    return TargetStatus.not_met_aspirational if goal.param.aspirational else TargetStatus.not_met


def describe(goal: Goal) -> dict[str, Any]:
    """The result fields that describe the goal itself."""
    c, p = goal.clause, goal.param
    return {
        "clause": c.id,
        "document": c.document,
        "section": c.section,
        "section_normalized": c.section_normalized,
        "title": c.title,
        "title_en": c.title_en,
        "indicator": p.label,
        "unit": p.unit,
        "comparison": goal.comparison,
        "word": p.word,
        "against": p.against,
        "target": p.value,
        "tolerance": goal.tolerance,
        "target_year": goal.target_year if goal.deadline else None,
        "deadline": goal.deadline,
        "each_year": p.basis is Basis.per_year or goal.comparison in TRENDS or p.against is not None,
        "nature": list(goal.nature),
        "aspirational": p.aspirational,
    }


def threshold_text(goal: Goal) -> str:
    t = show(goal.param.value, goal.param.unit)
    if goal.comparison is Comparison.approx and goal.tolerance is not None:
        return f"{t} ± {show(goal.tolerance, goal.param.unit)}"
    return t


def show(x: Fraction | None, unit: str) -> str:
    """A number with its unit, as results show it."""
    from ..results import _num, _u

    return f"{_num(x)}{_u(unit)}"
