"""The plan of a goal: a clause's goal parameter with its readings applied, and what every body shares.

Nothing about a particular target is written here: the value, unit, comparison, year, basis and 力争 flag come
from the goal parameter, the tolerance, comparison and implicit year from the clause's readings (typed by
their ``kind``), and what the goal is (a coverage, a reduction against a base year, a trend) from the clause's
declared ``assessment``.

What a reading means to a goal is its kind and, for a ``choice`` or a ``year``, the alternatives it offers
(never its id): a choice offering :data:`SPAN` says which years a dated goal is judged in, one offering
:data:`TREND_SPAN` what a trend is compared with, a year offering :data:`SINCE_DOCUMENT` when 新增 starts. Any
other choice reading (a measure the caller's figure must follow, 营业收入 or 产值) is reported in the notes and
in every result's ``readings``; the figure is the caller's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..errors import RulebookError
from ..exact import Comparison
from ..lang import language, pick, say
from ..results import Check
from ..rulebook import Assessment, Basis, Clause, Parameter
from ..rules import Context
from ..units import conversion_factor, unit_label
from .cagr import needed_rate
from .indicators import TRENDS, goal_parameters
from .inputs import TargetInput
from .results import TargetResult, TargetStatus

__all__ = [
    "SINCE_DOCUMENT",
    "SPAN",
    "TREND_SPAN",
    "Body",
    "Goal",
    "Revision",
    "aim",
    "band",
    "describe",
    "gap_text",
    "goal_check",
    "goal_of",
    "listing",
    "progress",
    "rate_to",
    "shortfall",
    "show",
    "status_for",
    "threshold_text",
]

BodyFn = Callable[[TargetInput, Context], TargetResult]

SPAN = frozenset({"target_year_only", "each_year_to_target"})
"""A choice reading offering these says which years a goal with a year is judged in: the target year only, or
every year from the document's year to the target year (later years are outside the period: not assessed)."""

TREND_SPAN = frozenset({"year_on_year", "over_period"})
"""A choice reading offering these says what a trend compares the year with: the previous year, or the year of
the document (a rise over the period; years up to the document's year are not assessed)."""

SINCE_DOCUMENT = "document_date"
"""A year reading offering this alternative says when a 新增 goal starts counting: on the document's date
(``document.issued``), or at the start of the year it gives (the baseline is then the previous year's level)."""


@dataclass(frozen=True)
class Revision:
    """A later version of a body's decisions, for the clauses it changed (each named in CHANGELOG.md)."""

    version: str
    applies: Callable[[Clause], bool]
    why: str


def listing(*reading_ids: str) -> Callable[[Clause], bool]:
    """A clause that lists any of these readings."""
    return lambda c: any(r in c.readings for r in reading_ids)


@dataclass(frozen=True)
class Body:
    """How one kind of clause (its declared `Clause.assessment`) is assessed, and the version of that decision.

    Bump a version only when a decision of the body changes (status, target, gap, a check's met, value,
    threshold or margin), or the readings a rule depends on; rewording an outcome or a note is not a new
    version. A change that alters the decisions of some clauses only is a `Revision` for those clauses, so the
    version of every other rule keeps meaning what it meant.
    """

    assessment: Assessment
    version: str
    fn: BodyFn
    revisions: tuple[Revision, ...] = ()

    def version_for(self, clause: Clause) -> str:
        """The version of this body's decisions for `clause`: its latest revision that applies, else `version`."""
        out = self.version
        for r in self.revisions:
            if r.applies(clause):
                out = r.version
        return out


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
    last_year: int | None = None
    """The last year of a goal judged every year to its target year (the span reading); later years are out."""
    since: date | None = None
    """新增: the date the count added starts from."""
    baseline_year: int | None = None
    """新增 from the start of a year: the year whose level is the baseline (None: the caller gives it)."""
    trend_base: int | None = None
    """A trend over the period: the year compared with (None: the previous year)."""

    @property
    def target(self) -> Fraction:
        """The goal's number; a RulebookError if the parameter has none (only trends may lack one)."""
        if self.param.value is None:
            raise RulebookError(say("targets.error.no_value", parameter=self.param.id, clause=self.clause.id))
        return self.param.value

    @property
    def dated(self) -> bool:
        """A goal due in a year (not 每年, not standing, not without deadline by a reading)."""
        return self.deadline and self.target_year is not None

    @property
    def each_year(self) -> bool:
        """每年 goals, trends, comparisons with a reference, and goals judged every year of their period."""
        p = self.param
        return (
            p.basis is Basis.per_year
            or self.comparison in TRENDS
            or p.against is not None
            or (self.last_year is not None)
        )


def goal_of(clause: Clause, ctx: Context) -> Goal:
    """Read the goal parameter and apply the clause's readings (target year, tolerance, comparison, span, start)."""
    rb = ctx.rulebook
    p = goal_parameters(clause)[0]
    doc = rb.document_of(clause.id)
    comparison = p.comparison
    target_year = p.year
    deadline = True  # False only when a reading says there is no deadline
    tolerance: Fraction | None = None
    notes: list[str] = []
    spans: dict[frozenset[str], tuple[str, str]] = {}
    since = (doc.issued or doc.effective) if p.basis is Basis.new else None
    baseline_year: int | None = None
    for rid in clause.readings:
        r = rb.reading_def(rid)
        val = rb.reading_value(rid)
        if r.kind == "tolerance":
            # a tolerance (左右), in the reading's unit → converted exactly to the parameter's unit
            tolerance = val * conversion_factor(r.unit or "dimensionless", p.unit)
            shown = f"{rb.reading(rid)}{unit_label(r.unit or '')}"
            notes.append(say("targets.note.tolerance", tolerance=shown, reading=rid))
        elif r.kind == "comparison":
            comparison = val
            shown = pick(r.choices_zh.get(val.value), val.value)  # Chinese: what the choice means
            notes.append(say("targets.note.comparison", comparison=shown, reading=rid))
        elif r.kind == "basis":
            p = p.model_copy(update={"basis": val})
            shown = pick(r.choices_zh.get(val.value), val.value)
            notes.append(say("targets.note.basis", basis=shown, reading=rid))
        elif r.kind == "year" and SINCE_DOCUMENT in r.choices:
            # when 新增 starts: the document's date, or the start of a year (the baseline: the year before)
            if isinstance(val, int):
                since, baseline_year = date(val, 1, 1), val - 1
                notes.append(say("targets.note.new_from_year", year=val, previous=val - 1, reading=rid))
            elif val == SINCE_DOCUMENT:
                notes.append(say("targets.note.new_from_document", since=since, reading=rid))
            else:
                raise RulebookError(say("targets.error.bad_start", reading=rid, value=repr(val), clause=clause.id))
        elif r.kind == "year" and p.year is not None:
            # a target year the text leaves implicit, or no deadline (go.implicit_target_year)
            if isinstance(val, int):
                target_year = val
                notes.append(say("targets.note.implicit_year", year=val, reading=rid))
            elif val is None:
                target_year, deadline = None, False
                notes.append(say("targets.note.implicit_no_deadline", reading=rid))
            else:
                raise RulebookError(
                    say("targets.error.bad_target_year", reading=rid, value=repr(val), clause=clause.id)
                )
        elif r.kind == "choice" and frozenset(r.choices) in (SPAN, TREND_SPAN):
            spans[frozenset(r.choices)] = (val, rid)
        elif r.kind == "choice":
            meaning = pick(r.choices_zh.get(val), r.choices[val])  # the rulebook's words, in the language in force
            notes.append(say("targets.note.choice", title=r.title, value=val, reading=rid, meaning=meaning))
    last_year, trend_base = None, None
    if SPAN in spans:
        val, rid = spans[SPAN]
        if target_year is None or not deadline:
            raise RulebookError(say("targets.error.span_without_year", reading=rid, clause=clause.id))
        if val == "each_year_to_target":
            last_year, target_year = target_year, None
            notes.append(say("targets.note.each_year_to_target", start=doc.effective.year, last=last_year, reading=rid))
        else:
            notes.append(say("targets.note.target_year_only", year=target_year, reading=rid))
    if TREND_SPAN in spans:
        val, rid = spans[TREND_SPAN]
        if val == "over_period":
            trend_base = doc.effective.year
            notes.append(say("targets.note.over_period", base=trend_base, reading=rid))
        else:
            notes.append(say("targets.note.year_on_year", reading=rid))
    return Goal(
        clause,
        p,
        comparison,
        target_year,
        deadline,
        tolerance,
        _nature(clause, p, comparison),
        notes,
        last_year=last_year,
        since=since,
        baseline_year=baseline_year,
        trend_base=trend_base,
    )


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
        raise RulebookError(say("targets.error.no_tolerance", clause=goal.clause.id))
    return goal.target - goal.tolerance, goal.target + goal.tolerance


def goal_check(
    ctx: Context, goal: Goal, value: Fraction | None, *, threshold: Fraction | None = None, note: str | None = None
) -> Check:
    """The Check of `value` against the goal (or against `threshold`: a previous year, a reference)."""
    return ctx.test(
        goal.param, value, comparison=goal.comparison, tolerance=goal.tolerance, threshold=threshold, note=note
    )


def shortfall(goal: Goal, value: Fraction, met: bool) -> Fraction:
    """The gap to the goal in its unit: 0 when met; for 左右, the distance to the nearest edge of the band."""
    if goal.comparison is Comparison.approx:
        lo, hi = band(goal)
        return max(Fraction(0), lo - value, value - hi)
    return Fraction(0) if met else abs(value - goal.target)


def gap_text(goal: Goal, gap: Fraction | None) -> str:
    """The 差距 (shortfall) a Chinese outcome names after a goal not reached ("（差距 3 万元/人）"); the English
    outcome, as it always was, leaves it to the result's `gap` field."""
    if not gap or language() != "zh":
        return ""
    return say("targets.gap", gap=show(gap, goal.param.unit))


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
        "each_year": goal.each_year,
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
