"""The generic target engine: one versioned rule per target clause, built from the rulebook.

Every clause of kind ``target`` or ``trend`` (except the park-level goals in
:data:`~zjpolicy.targets.statistics.DELEGATED`) gets a rule ``targets.<clause id>``. The rule reads the clause's
goal parameter — value, unit, comparison, year, basis, aspirational flag — and its readings, and assesses the
statistics of one year against it. Nothing about a particular target is written here: numbers, years and words
all come from the rulebook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import InputError, Problem
from ..exact import Comparison, Exact, compare, margin
from ..results import Check, RuleResult
from ..rulebook import Basis, Clause, Parameter, Rulebook, default_rulebook
from ..rules import Context, Rule, check_from_param, rule
from ..units import conversion_factor, unit_label
from .cagr import needed_rate
from .statistics import (
    GROWTHS,
    RATIOS,
    Indicator,
    Observation,
    Statistics,
    _tables,
    covered_clauses,
    goal_parameters,
    normalize_statistics,
)

__all__ = [
    "NATURE",
    "TargetInput",
    "TargetResult",
    "TargetStatus",
    "rule_id",
    "target_rules",
]

RULE_PREFIX = "targets."
VERSION = "1.0.0"


def rule_id(clause_id: str) -> str:
    return RULE_PREFIX + clause_id


class TargetStatus(StrEnum):
    met = "met"
    not_met = "not met"
    not_met_aspirational = "not met (aspirational)"
    not_yet_due = "not yet due"
    no_data = "no data"
    no_deadline = "no deadline (progress only)"


NATURE = {
    "level": "水平 (level in the year)",
    "cumulative": "累计 (cumulative)",
    "new": "新增 (new since the document's date)",
    "per_year": "每年 (every year)",
    "aspirational": "力争 (aspirational)",
    "approx": "左右 (approximate, within a tolerance)",
    "coverage": "全覆盖 (full coverage: 100%)",
    "nondecreasing": "稳中有升 (not lower than the previous year)",
    "increasing": "持续增加/逐步提高 (higher than the previous year)",
    "against": "高于参照 (higher than a reference of the same year)",
    "standing": "持续要求 (standing requirement, checked in the year given)",
    "base_year": "较基年 (change against a base year)",
}
"""The nature tags a target result can carry (keys) and their explanation."""


class TargetInput(BaseModel):
    """What one target rule assesses: the statistics (of any years) and the year to assess."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    year: int = Field(description="the statistical year to assess (e.g. 2024)")
    observations: tuple[Observation, ...] = ()


class YearOnYear(BaseModel):
    """One year of a trend: the value, what it is compared with and whether it held."""

    model_config = ConfigDict(frozen=True)
    year: int
    value: Exact
    reference: Exact
    met: bool


class TargetResult(RuleResult):
    """The assessment of one numeric goal in one year, with everything needed to audit it."""

    clause: str
    document: str
    section: str
    section_normalized: str
    title: str
    title_en: str
    indicator: str = Field(description="Chinese name of the quantity")
    unit: str
    comparison: Comparison
    word: str
    against: str | None = Field(None, description="an outside reference the value is compared with (e.g. 各项贷款增速)")
    target: Exact | None = Field(None, description="the goal, in `unit` (None for year-on-year trends)")
    tolerance: Exact | None = Field(None, description="for 左右: the tolerance, converted exactly to `unit`")
    target_year: int | None = Field(None, description="the year the goal is due; None for 每年, trends, no deadline")
    each_year: bool = Field(False, description="每年 goals and year-on-year trends")
    deadline: bool = Field(True, description="False when a reading removes the deadline (progress only)")
    nature: list[str] = Field(default_factory=list, description="keys of NATURE")
    aspirational: bool = False
    status: TargetStatus
    assessed_year: int = Field(description="the statistics year asked for")
    value_year: int | None = Field(None, description="the year whose value was used")
    value: Exact | None = None
    reference: Exact | None = Field(None, description="trends: the previous year's value or the outside reference")
    met_now: bool | None = Field(None, description="whether the value used would meet the goal today")
    gap: Exact | None = Field(None, description="shortfall in `unit` (0 when met)")
    progress: Exact | None = Field(None, description="value ÷ goal, as a fraction (1 = goal reached)")
    years_left: int | None = None
    cagr_needed: Decimal | None = Field(
        None, description="compound annual growth rate needed from value_year to reach the goal (0.05 = 5 %/yr)"
    )
    cagr_exact: bool | None = Field(None, description="compounding cagr_needed lands exactly on the goal")
    needed_per_year: Exact | None = Field(None, description="linear: the change needed per year, in `unit`")
    derived_from: list[str] = Field(default_factory=list, description="the statistics the value was computed from")
    history: list[YearOnYear] = Field(default_factory=list, description="trends: earlier years, for context")

    @property
    def met(self) -> bool | None:
        return {TargetStatus.met: True, TargetStatus.not_met: False, TargetStatus.not_met_aspirational: False}.get(
            self.status
        )


# --------------------------------------------------------------------------- data access


@dataclass
class Data:
    """Normalized observations of one assessment, with derivations (ratios from parts, growth from balances)."""

    obs: dict[str, dict[int, Observation]]
    inds: dict[str, Indicator]

    @classmethod
    def of(cls, inputs: TargetInput, rb: Rulebook) -> Data:
        stats = normalize_statistics(Statistics(observations=inputs.observations), rb)
        obs: dict[str, dict[int, Observation]] = {}
        for o in stats.observations:
            obs.setdefault(o.indicator, {})[o.year] = o
        return cls(obs, _tables(rb)[1])

    def unit(self, key: str) -> str:
        return self.inds[key].unit

    def raw(self, key: str, year: int) -> Observation | None:
        return self.obs.get(key, {}).get(year)

    def value(self, key: str, year: int) -> tuple[Fraction | None, list[str]]:
        """The value of `key` in `year`: given, or derived from its parts; (None, []) when unavailable."""
        o = self.raw(key, year)
        if o is not None:
            return o.value, [f"{key}[{year}]"]
        if key in RATIOS:
            num, den = RATIOS[key]
            nv, ns = self.value(num, year)
            dv, ds = self.value(den, year)
            if nv is not None and dv is not None:
                if dv == 0:
                    raise InputError(Problem(field=f"{den}[{year}]", message="a denominator of 0", clause=_clause(key)))
                f = conversion_factor(f"{self.unit(num)}/{self.unit(den)}", self.unit(key))
                return nv / dv * f, ns + ds
        if key in GROWTHS:
            bal = GROWTHS[key]
            cur, cs = self.value(bal, year)
            prev, ps = self.value(bal, year - 1)
            if cur is not None and prev is not None:
                if prev == 0:
                    raise InputError(Problem(field=f"{bal}[{year - 1}]", message="growth from a balance of 0"))
                f = conversion_factor("dimensionless", self.unit(key))
                return (cur - prev) / prev * f, ps + cs
        return None, []

    def years(self, key: str) -> set[int]:
        """Years in which `key` has data or could be derived (a superset; value() decides)."""
        ys = set(self.obs.get(key, {}))
        for part in RATIOS.get(key, ()):
            ys |= self.years(part)
        if key in GROWTHS:
            ys |= {y + 1 for y in self.years(GROWTHS[key])} | self.years(GROWTHS[key])
        return ys

    def latest(self, key: str, year: int) -> int | None:
        """The latest year ≤ `year` with a value for `key`."""
        for y in sorted(self.years(key), reverse=True):
            if y <= year and self.value(key, y)[0] is not None:
                return y
        return None


def _clause(key: str) -> str | None:
    return key if key.count(".") >= 3 else None


# --------------------------------------------------------------------------- the plan of a goal


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
        r = rb.readings[rid]
        val = rb.reading(rid)
        if r.kind == "number":
            # a tolerance (左右), in the reading's unit → converted exactly to the parameter's unit
            tolerance = rb.reading_number(rid) * conversion_factor(r.unit or "dimensionless", p.unit)
            notes.append(f"左右 tolerance ±{val}{unit_label(r.unit or '')} (reading {rid})")
        elif set(r.choices) <= set(Comparison.__members__):
            comparison = Comparison(val)
            notes.append(f"comparison {val} (reading {rid})")
        elif p.year is not None:
            # a choice between a target year and no deadline (go.implicit_target_year)
            if val.isdigit():
                target_year = int(val)
                notes.append(f"the text gives no year; target year {val} (reading {rid})")
            else:
                target_year, deadline = None, False
                notes.append(f"the text gives no year; no deadline, progress only (reading {rid})")
    nature = [p.basis.value]
    if p.basis is Basis.level and p.year is None and comparison not in _TRENDS and p.against is None:
        nature = ["standing"]
    if p.aspirational:
        nature.append("aspirational")
    if comparison is Comparison.approx:
        nature.append("approx")
    if "全覆盖" in p.word:
        nature.append("coverage")
    if comparison in _TRENDS:
        nature = [comparison.value] + (["aspirational"] if p.aspirational else [])
    if p.against is not None:
        nature = ["against"] + (["aspirational"] if p.aspirational else [])
    if any(q.name == "base_year" for q in clause.parameters):
        nature.append("base_year")
    return Goal(clause, p, comparison, target_year, deadline, tolerance, nature, notes)


_TRENDS = (Comparison.nondecreasing, Comparison.increasing)


def _band(goal: Goal) -> tuple[Fraction, Fraction]:
    t = goal.param.value
    assert t is not None and goal.tolerance is not None
    return t - goal.tolerance, t + goal.tolerance


def evaluate(goal: Goal, value: Fraction, threshold: Fraction | None = None) -> tuple[bool, Fraction | None, Fraction]:
    """(met, margin, gap) of a value against the goal (threshold defaults to the goal's value)."""
    t = goal.param.value if threshold is None else threshold
    assert t is not None
    if goal.comparison is Comparison.approx:
        lo, hi = _band(goal)
        ok = compare(value, Comparison.approx, t, tolerance=goal.tolerance)
        gap = max(Fraction(0), lo - value, value - hi)
        return ok, None, gap
    ok = compare(value, goal.comparison, t)
    m = margin(value, goal.comparison, t)
    gap = Fraction(0) if ok else (abs(m) if m is not None else Fraction(0))
    return ok, m, gap


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
        "each_year": p.basis is Basis.per_year or goal.comparison in _TRENDS or p.against is not None,
        "nature": list(goal.nature),
        "aspirational": p.aspirational,
    }


def make_check(goal: Goal, value: Fraction | None, *, met: bool | None, mrg: Fraction | None, note: str | None = None,
               threshold: Fraction | None = None) -> Check:
    c = check_from_param(goal.param, value, met=met, margin=mrg, note=note, threshold=threshold)
    if c.comparison is not goal.comparison:
        c = c.model_copy(update={"comparison": goal.comparison})
    return c


# --------------------------------------------------------------------------- the generic body


ValueFn = Callable[[int], tuple[Fraction | None, list[str], list[str]]]
"""year → (value in the goal's unit, statistics used, notes)."""

CagrFn = Callable[[int, Fraction, int], tuple[Decimal, bool] | None]
"""(latest year, value then, target year) → (rate, exact) or None."""


def assess_goal(
    goal: Goal,
    inputs: TargetInput,
    ctx: Context,
    value_at: ValueFn,
    *,
    cagr: CagrFn | None = None,
    years_with_data: Callable[[], set[int]],
) -> TargetResult:
    """Assess a level goal (dated, 每年, standing or with no deadline) from a value function."""
    p = goal.param
    year = inputs.year
    notes = list(goal.notes)
    base = {**ctx.audit(), **describe(goal), "assessed_year": year}

    def result(status: TargetStatus, outcome: str, **kw: Any) -> TargetResult:
        return TargetResult(**base, status=status, outcome=outcome, notes=notes + kw.pop("extra_notes", []), **kw)

    threshold_text = _threshold_text(goal)
    dated = goal.deadline and goal.target_year is not None
    if dated and year >= goal.target_year:  # type: ignore[operator]
        vy = goal.target_year
    elif dated or not goal.deadline:
        vy = max((y for y in years_with_data() if y <= year and value_at(y)[0] is not None), default=None)
    else:  # 每年 or standing: the year asked for
        vy = year
    value, used, vnotes = value_at(vy) if vy is not None else (None, [], [])
    notes.extend(vnotes)
    if value is None:
        missing = vy if vy is not None else year
        check = make_check(goal, None, met=None, mrg=None, note=f"no statistics for {missing}")
        return result(
            TargetStatus.no_data,
            f"no data for {missing} ({threshold_text})",
            value_year=vy,
            checks=[check],
        )
    ok, mrg, gap = evaluate(goal, value)
    progress = value / p.value if p.value and goal.comparison in (Comparison.ge, Comparison.gt, Comparison.approx) else None
    common = dict(value_year=vy, value=value, met_now=ok, gap=gap, progress=progress, derived_from=used)
    shown = f"{_show(value, p.unit)} {goal.comparison.symbol} {threshold_text}"
    if dated and year >= goal.target_year:  # type: ignore[operator]
        st = status_for(goal, ok)
        check = make_check(goal, value, met=ok, mrg=mrg)
        return result(st, f"{st.value}: {shown} in {vy}", checks=[check], **common)
    if not dated and goal.deadline:  # 每年 / standing
        start = ctx.rulebook.document_of(goal.clause.id).effective
        if vy is not None and vy < start.year:
            check = make_check(goal, value, met=None, mrg=mrg, note=f"the document takes effect on {start}")
            return result(
                TargetStatus.not_yet_due,
                f"not yet due: {vy} is before the document took effect ({start})",
                checks=[check],
                **common,
            )
        st = status_for(goal, ok)
        check = make_check(goal, value, met=ok, mrg=mrg)
        return result(st, f"{st.value}: {shown} in {vy}", checks=[check], **common)
    # not yet due, or no deadline: report progress
    extra: dict[str, Any] = {}
    if dated:
        left = goal.target_year - vy  # type: ignore[operator]
        extra["years_left"] = left
        goal_value = _aim(goal, value)
        if ok:
            notes.append("already at the goal: no growth needed (keep it there)")
        elif left > 0:
            extra["needed_per_year"] = (goal_value - value) / left
            try:
                got = cagr(vy, value, goal.target_year) if cagr else _cagr(goal, value, goal_value, left)  # type: ignore[arg-type]
            except ValueError as exc:
                got = None
                notes.append(f"no growth rate: {exc}")
            if got is not None:
                extra["cagr_needed"], extra["cagr_exact"] = got
        st = TargetStatus.not_yet_due
        word = "already at the goal" if ok else "not yet at the goal"
        outcome = f"not yet due (by {goal.target_year}): {shown} in {vy}, {word}"
        note = f"due in {goal.target_year}; as of {vy} the goal is {'already' if ok else 'not yet'} reached"
    else:
        st = TargetStatus.no_deadline
        outcome = f"no deadline: {shown} in {vy} ({'at' if ok else 'below'} the goal)"
        note = "no deadline (reading): progress only"
    check = make_check(goal, value, met=None, mrg=mrg, note=note)
    return result(st, outcome, checks=[check], **common, **extra)


def _aim(goal: Goal, value: Fraction) -> Fraction:
    """The value to aim for: the goal, or for 左右 the nearest edge of the band (the value itself inside it)."""
    if goal.comparison is Comparison.approx:
        lo, hi = _band(goal)
        return min(max(value, lo), hi)
    assert goal.param.value is not None
    return goal.param.value


def _cagr(goal: Goal, value: Fraction, aim: Fraction, years: int) -> tuple[Decimal, bool] | None:
    if goal.comparison in (Comparison.le, Comparison.lt):
        return needed_rate(value, aim, years, rising=False)
    if goal.comparison is Comparison.approx and aim < value:
        return needed_rate(value, aim, years, rising=False)
    return needed_rate(value, aim, years, rising=True)


def _threshold_text(goal: Goal) -> str:
    t = _show(goal.param.value, goal.param.unit)
    if goal.comparison is Comparison.approx and goal.tolerance is not None:
        return f"{t} ± {_show(goal.tolerance, goal.param.unit)}"
    return t


def _show(x: Fraction | None, unit: str) -> str:
    from ..results import _num, _u

    return f"{_num(x)}{_u(unit)}"


def new_basis_value(data: Data, key: str, p: Parameter) -> ValueFn:
    """A value function for a clause's own indicator; 新增 goals subtract the baseline when one is given."""

    def at(year: int) -> tuple[Fraction | None, list[str], list[str]]:
        v, used = data.value(key, year)
        notes: list[str] = []
        if v is None:
            return None, [], []
        o = data.raw(key, year)
        if o is not None and o.items:
            smallest = min(o.items, key=lambda k: o.items[k])  # type: ignore[index]
            notes.append(f"{len(o.items)} members; the smallest is {smallest} ({_show(o.items[smallest], p.unit)})")
        if p.basis is Basis.new and o is not None and o.baseline is not None:
            v = v - o.baseline
            notes.append(
                f"新增: {_show(o.value, p.unit)} in {year} − baseline {_show(o.baseline, p.unit)} at the document's date"
            )
        if p.basis is Basis.new and v < 0:
            raise InputError(
                Problem(field=f"{key}[{year}]", message="the count added since the document is negative", clause=key)
            )
        return v, used, notes

    return at


def generic_body(inputs: TargetInput, ctx: Context) -> TargetResult:
    clause = ctx.rulebook.clause(ctx.rule.clauses[0])
    goal = goal_of(clause, ctx)
    data = Data.of(inputs, ctx.rulebook)
    return assess_goal(
        goal, inputs, ctx, new_basis_value(data, clause.id, goal.param), years_with_data=lambda: data.years(clause.id)
    )


# --------------------------------------------------------------------------- registration

Body = Callable[[TargetInput, Context], TargetResult]
_FAMILIES: list[tuple[Callable[[Clause], bool], Body, str]] = []


def family(predicate: Callable[[Clause], bool], version: str) -> Callable[[Body], Body]:
    """Register a body for the clauses matching `predicate` (checked before the generic body)."""

    def deco(fn: Body) -> Body:
        _FAMILIES.append((predicate, fn, version))
        return fn

    return deco


def _make(clause: Clause) -> Rule[TargetInput, TargetResult]:
    body: Callable[[TargetInput, Context], TargetResult] = generic_body
    version = VERSION
    for pred, fn, v in _FAMILIES:
        if pred(clause):
            body, version = fn, v
            break

    def run(inputs: TargetInput, ctx: Context) -> TargetResult:
        return body(inputs, ctx)

    run.__doc__ = f"{clause.title} ({clause.section}): {clause.text}"
    run.__name__ = clause.id.replace(".", "_")
    return rule(
        id=rule_id(clause.id),
        version=version,
        clauses=[clause.id],
        input_model=TargetInput,
        result_model=TargetResult,
        readings=clause.readings,
    )(run)


_RULES: dict[str, Rule[TargetInput, TargetResult]] = {}


def target_rules(rb: Rulebook | None = None) -> dict[str, Rule[TargetInput, TargetResult]]:
    """clause id → its rule, for every covered clause (registered once, from the bundled rulebook)."""
    if not _RULES:
        for c in covered_clauses(default_rulebook()):
            _RULES[c.id] = _make(c)
    if rb is None:
        return dict(_RULES)
    return {c.id: _RULES[c.id] for c in covered_clauses(rb) if c.id in _RULES}
