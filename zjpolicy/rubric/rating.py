"""Rate a park under the star rubric (demo-park-plan 三、全面评价).

> 达到分类评价标准的园区（大部分指标明显高于标准值、个别指标可适当放宽标准），评定为五星级、四星级、三星级园区……
> 对五星级园区确定为“制造业高质量发展示范园区”。达不到三星级评价标准的园区，要限期整改……
> 两年内发生重大安全生产和环保突发事件的园区不得评定为星级园区。 (三、2.–3.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..exact import Comparison, Exact, compare, margin
from ..results import Check, RuleResult
from ..rulebook import Parameter, Rulebook
from ..rules import Context, rule
from .models import BonusWeights, Incident, ParkIndicators, RelaxationPolicy

__all__ = [
    "BonusResult",
    "Gap",
    "IndicatorSummary",
    "PolicySupport",
    "RelaxedIndicator",
    "StarRating",
    "rate_park",
]

# The table's rows, in the plan's order: input field -> clause id.
ROWS: dict[str, str] = {
    "manufacturing_revenue": "dp.3.2.row01_manufacturing_revenue",
    "cnc_rate": "dp.3.2.row02_cnc_rate",
    "machine_networking_rate": "dp.3.2.row03_machine_networking_rate",
    "industrial_internet_rate": "dp.3.2.row04_industrial_internet_rate",
    "high_tech_value_added_share": "dp.3.2.row05_high_tech_value_added_share",
    "rd_intensity": "dp.3.2.row06_rd_intensity",
    "value_added_per_mu": "dp.3.2.row07_value_added_per_mu",
    "tax_per_mu": "dp.3.2.row08_tax_per_mu",
    "labour_productivity": "dp.3.2.row09_labour_productivity",
}
GREEN_ROWS: dict[str, str] = {
    "energy_per_value_added": "dp.3.2.row10_energy_per_value_added",
    "pollutant_per_value_added": "dp.3.2.row11_pollutant_per_value_added",
}
RATING_RULE = "dp.3.2.rating_rule"
DEMO_PARK = "dp.3.2.demonstration_park"
RECTIFY = "dp.3.2.rectification"
VETO = "dp.3.3.incident_veto"
BONUS = "dp.3.2.bonus"
POLICIES = (
    "dp.4.3.cluster_competition_priority",
    "dp.4.3.regional_project_list_funding",
    "dp.4.3.major_project_library_priority",
    "dp.4.3.land_quota_tilt",
    "dp.4.3.energy_total_relaxation",
    "dp.4.3.talent_support",
)
# Names of the table's columns, lowest first; the star numbers come from dp.3.2.rating_rule.
LEVEL_PARAMS = ("three_star", "four_star", "five_star")
LEVEL_NAMES_ZH = ("三星级", "四星级", "五星级")
ROW1 = ROWS["manufacturing_revenue"]
READING_ROW1 = "dp.row1_scale"
READING_RELAX = "dp.relaxation"
READING_VETO = "dp.veto_boundary"
READING_BONUS = "dp.bonus_bands"


# --------------------------------------------------------------------------- result models


class IndicatorSummary(BaseModel):
    model_config = ConfigDict(frozen=True)
    field: str
    label: str
    clause: str
    row: int
    value: Exact | None
    unit: str
    best_level: int = Field(description="highest star level this indicator meets (0 if none)")


class Gap(BaseModel):
    """What an indicator needs to reach the next level."""

    model_config = ConfigDict(frozen=True)
    field: str
    label: str
    level: int
    value: Exact | None
    threshold: Exact | None
    unit: str
    comparison: Comparison
    amount: Exact | None = Field(description="increase needed (≥ tests); for 低于 tests, the reduction beyond which it passes")
    strict: bool = Field(description="True for 低于: the value must go strictly past the threshold")
    clause: str


class RelaxedIndicator(BaseModel):
    model_config = ConfigDict(frozen=True)
    field: str
    label: str
    level: int
    value: Exact | None
    threshold: Exact | None
    unit: str
    shortfall: Exact | None = Field(description="threshold − value, in the unit")
    shortfall_percent: Exact | None = Field(description="shortfall as % of the threshold")
    clause: str


class PolicySupport(BaseModel):
    model_config = ConfigDict(frozen=True)
    clause: str
    title: str
    min_stars: int
    applies: bool
    discretionary: bool = False


class BonusResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    counts: dict[str, int] = Field(description="items per bonus category (projects in bands per reading dp.bonus_bands)")
    points: Exact | None = Field(None, description="only when the caller supplied weights; the plan gives none")
    weights: BonusWeights | None = None
    clause: str = BONUS


class StarRating(RuleResult):
    """The explained star rating of one park."""

    park: str | None = None
    stars: int = Field(description="0, 3, 4 or 5; the relaxed level when a RelaxationPolicy was stated")
    strict_stars: int = Field(description="every indicator meets the level")
    relaxed_stars: int | None = Field(None, description="level under the stated RelaxationPolicy")
    level_name: str
    vetoed: bool
    veto_reason: str | None = None
    veto_incidents: list[Incident] = Field(default_factory=list)
    veto_clears_on: date | None = Field(None, description="first day the latest incident no longer vetoes")
    is_demonstration_park: bool = Field(description="五星级: 制造业高质量发展示范园区")
    must_rectify: bool = Field(description="below three-star: 限期整改")
    rectify_by_year: int | None = Field(None, description="力争在此年达到三星级 (aspirational)")
    policy_support: list[PolicySupport] = Field(default_factory=list)
    next_level: int | None = None
    gaps_to_next_level: list[Gap] = Field(default_factory=list)
    relaxed_indicators: list[RelaxedIndicator] = Field(default_factory=list)
    green_park_priority: bool = Field(False, description="被评为省级及以上美丽园区、绿色园区优先")
    indicators: list[IndicatorSummary] = Field(default_factory=list)
    bonus: BonusResult

    # -- rendering: one row per indicator, one column per level (the plan's own table)
    def _matrix(self) -> tuple[list[str], list[list[str]]]:
        from ..results import _num, _u

        cols: dict[str, dict[str, Check]] = {}
        order: list[str] = []
        for c in self.checks:
            field, _, level = c.name.partition("@")
            if field not in cols:
                cols[field] = {}
                order.append(field)
            cols[field][level or "all"] = c
        header = ["best", "indicator", "value", *LEVEL_NAMES_ZH, "clause"]
        best = {s.field: s.best_level for s in self.indicators}
        rows = []
        for field in order:
            cells = cols[field]
            any_c = next(iter(cells.values()))
            label = any_c.label.split("（")[0]
            b = best.get(field)
            mark = ("✓" if all(c.met for c in cells.values()) else "✗") if b is None else (f"{b}★" if b else "✗ 0")
            row = [mark, label, f"{_num(any_c.value)}{_u(any_c.unit)}"]
            for name in LEVEL_PARAMS:
                cell = cells.get(name) or cells.get("all")
                if cell is None:
                    row.append("—")
                else:
                    mark = {True: "✓", False: "✗", None: "?"}[cell.met]
                    row.append(f"{mark} {cell.comparison.symbol} {cell.threshold_text()}")
            row.append(any_c.clause)
            rows.append(row)
        return header, rows

    def _summary_lines(self) -> list[str]:
        from ..results import _num, _u

        out = [f"stars: {self.stars} — {self.level_name}" + (" (示范园区)" if self.is_demonstration_park else "")]
        if self.relaxed_stars is not None:
            out.append(f"strict: {self.strict_stars} stars; with the stated relaxation: {self.relaxed_stars} stars")
            for r in self.relaxed_indicators:
                out.append(f"  relaxed {r.label}: short by {_num(r.shortfall)}{_u(r.unit)} ({_num(r.shortfall_percent)}%)")
        if self.vetoed:
            out.append(f"VETOED: {self.veto_reason}; no star before {self.veto_clears_on}")
        if self.must_rectify:
            out.append(f"must rectify (限期整改), 力争 by {self.rectify_by_year}")
        if self.next_level is not None and self.gaps_to_next_level:
            out.append(f"to reach {self.next_level} stars:")
            for g in self.gaps_to_next_level:
                sign = "−" if g.comparison in (Comparison.lt, Comparison.le) else "+"
                more = " (and strictly past it)" if g.strict else ""
                out.append(f"  {g.label.split('（')[0]}: {sign}{_num(g.amount)}{_u(g.unit)}{more}")
        applies = [p.title + ("（可适当，由当地决定）" if p.discretionary else "") for p in self.policy_support if p.applies]
        if applies:
            out.append("policy support: " + "; ".join(applies))
        if self.green_park_priority:
            out.append("priority: 省级及以上美丽园区/绿色园区")
        b = self.bonus
        out.append("bonus counts: " + ", ".join(f"{k}={v}" for k, v in b.counts.items())
                   + (f"; points {_num(b.points)}" if b.points is not None else "; points: no weights supplied"))
        return out

    def explain(self) -> str:
        header, rows = self._matrix()
        lines = [f"{self.rule} v{self.rule_version} — {self.park or 'park'}: {self.outcome}", f"as of {self.as_of}",
                 " | ".join(header)]
        lines += [" | ".join(r) for r in rows]
        lines += self._summary_lines() + self._footer()
        return "\n".join(lines)

    def __rich__(self) -> Any:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        header, rows = self._matrix()
        t = Table(title=f"{self.park or 'park'} — {self.outcome}", title_justify="left")
        for h in header:
            t.add_column(h, overflow="fold")
        for r in rows:
            t.add_row(*[Text(x, style={"✓": "green", "✗": "red"}.get(x[:1], "")) if i != 1 else x for i, x in enumerate(r)])
        return Group(t, Text("\n".join(self._summary_lines())),
                     Text("\n".join([f"as of {self.as_of}", *self._footer()]), style="dim"))

    def _repr_html_(self) -> str:
        import html

        e = html.escape
        header, rows = self._matrix()
        head = "".join(f"<th>{e(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
        summary = "<br>".join(e(x) for x in self._summary_lines())
        foot = "<br>".join(e(x) for x in [f"as of {self.as_of}", *self._footer()])
        return (f"<div><strong>{e(self.park or 'park')}</strong>: {e(self.outcome)}<table><thead><tr>{head}</tr>"
                f"</thead><tbody>{body}</tbody></table><p>{summary}</p><small>{foot}</small></div>")


# --------------------------------------------------------------------------- the table, built once per rulebook


@dataclass(frozen=True)
class _Row:
    field: str
    clause: str
    row: int
    label: str
    unit: str
    comparison: Comparison
    # one entry per level; None = no requirement at that level (row 1 under three_star_unset)
    params: tuple[Parameter | None, ...]


@dataclass(frozen=True)
class _Table:
    levels: tuple[int, ...]
    rows: tuple[_Row, ...]
    green: tuple[_Row, ...]


_TABLES: dict[int, tuple[Rulebook, _Table]] = {}


def table(rb: Rulebook) -> _Table:
    """The rubric as the rulebook states it (cached per rulebook; rulebooks are immutable)."""
    hit = _TABLES.get(id(rb))
    if hit is not None and hit[0] is rb:
        return hit[1]
    lo = int(rb.value(f"{RATING_RULE}.min_stars"))
    hi = int(rb.value(f"{RATING_RULE}.max_stars"))
    levels = tuple(range(lo, hi + 1))
    if len(levels) != len(LEVEL_PARAMS):
        raise ValueError(f"{RATING_RULE}: {len(levels)} levels but the table has {len(LEVEL_PARAMS)} columns")
    rows = []
    for field, cid in ROWS.items():
        c = rb.clause(cid)
        if cid == ROW1:
            v500, v1000 = c.param("value_500"), c.param("value_1000")
            params: tuple[Parameter | None, ...] = (
                (None, v500, v1000) if rb.reading(READING_ROW1) == "three_star_unset" else (v500, v500, v1000)
            )
        else:
            params = tuple(c.param(name) for name in LEVEL_PARAMS)
        first = next(p for p in params if p is not None)
        rows.append(_Row(field, cid, c.table_row or 0, c.title, first.unit, first.comparison, params))
    green = []
    for field, cid in GREEN_ROWS.items():
        c = rb.clause(cid)
        p = c.param("standard")
        green.append(_Row(field, cid, c.table_row or 0, c.title, p.unit, p.comparison, (p,) * len(levels)))
    t = _Table(levels, tuple(rows), tuple(green))
    _TABLES[id(rb)] = (rb, t)
    return t


# --------------------------------------------------------------------------- the rule


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February → 28 February
        return d.replace(year=d.year - years, day=28)


def _in_window(incident: date, as_of: date, years: int, inclusive: bool) -> bool:
    """两年内: incident in [as_of − years, as_of] (inclusive reading) or (as_of − years, as_of]."""
    start = _years_before(as_of, years)
    return incident <= as_of and (incident >= start if inclusive else incident > start)


def _veto(park: ParkIndicators, ctx: Context) -> tuple[list[Incident], date | None, Check]:
    p = ctx.param(f"{VETO}.window")
    years = int(p.value or 0)
    inclusive = ctx.reading(READING_VETO) == "inclusive"
    hits = [i for i in park.major_incidents if _in_window(i.date, ctx.as_of, years, inclusive)]
    clears = None
    if hits:
        latest = max(i.date for i in hits)
        # first rating date on which the latest incident has left the window
        d = _years_before(latest, -years) - 2 * date.resolution
        while _in_window(latest, d, years, inclusive) or d <= ctx.as_of:
            d += date.resolution
        clears = d
    start = _years_before(ctx.as_of, years)
    check = Check(
        name="incident_veto",
        label="两年内重大安全生产和环保突发事件",
        value=Fraction(len(hits)),
        threshold=Fraction(0),
        unit="件",
        comparison=Comparison.eq,
        word=p.word,
        met=not hits,
        clause=VETO,
        parameter=p.id,
        note=f"window {'[' if inclusive else '('}{start}, {ctx.as_of}] (reading {READING_VETO}={ctx.reading(READING_VETO)})",
    )
    return hits, clears, check


def _bonus(park: ParkIndicators, ctx: Context, weights: BonusWeights | None) -> BonusResult:
    bands = [ctx.param(f"{BONUS}.project_band_{n}") for n in ("10", "30", "50")]
    bands.sort(key=lambda p: p.value or 0)
    counts = {
        "global_500": park.bonus.global_500,
        "china_500": park.bonus.china_500,
        "industry_top5": park.bonus.industry_top5,
    }
    every = ctx.reading(READING_BONUS) == "every_band"
    for b in bands:
        counts[b.name] = 0
    for proj in park.bonus.projects:
        reached = [b for b in bands if compare(proj.investment, b.comparison, b.value or Fraction(0))]
        for b in reached if every else reached[-1:]:
            counts[b.name] += 1
    points = None
    if weights is not None:
        w = weights.model_dump()
        points = sum((Fraction(w[k]) * n for k, n in counts.items()), Fraction(0))
    return BonusResult(counts=counts, points=points, weights=weights)


def _level_checks(park: ParkIndicators, t: _Table) -> tuple[list[Check], dict[tuple[str, int], tuple[bool, Check | None]]]:
    checks: list[Check] = []
    by: dict[tuple[str, int], tuple[bool, Check | None]] = {}
    for r in t.rows:
        value: Fraction = getattr(park, r.field)
        for lvl, name, p in zip(t.levels, LEVEL_PARAMS, r.params, strict=True):
            if p is None:  # no requirement at this level (row 1, reading three_star_unset)
                by[(r.field, lvl)] = (True, None)
                continue
            assert p.value is not None
            ok = compare(value, p.comparison, p.value)
            c = Check(
                name=f"{r.field}@{name}",
                label=f"{r.label}（{LEVEL_NAMES_ZH[t.levels.index(lvl)]}）",
                value=value,
                threshold=p.value,
                unit=p.unit,
                comparison=p.comparison,
                word=p.word,
                met=ok,
                margin=margin(value, p.comparison, p.value),
                clause=r.clause,
                parameter=p.id,
            )
            checks.append(c)
            by[(r.field, lvl)] = (ok, c)
    for r in t.green:
        gi = getattr(park, r.field)
        p = r.params[0]
        assert p is not None
        ok = gi.is_below()
        c = Check(
            name=r.field,
            label=f"{r.label}（各星级）",
            value=gi.value,
            threshold=gi.standard,
            unit=gi.unit or p.unit,
            comparison=p.comparison,
            word=p.word,
            met=ok,
            margin=None if gi.value is None or gi.standard is None else margin(gi.value, p.comparison, gi.standard),
            clause=r.clause,
            parameter=p.id,
            note=None if gi.below_standard is None else "stated by the caller (below_standard)",
        )
        checks.append(c)
        for lvl in t.levels:
            by[(r.field, lvl)] = (ok, c)
    return checks, by


def _strict_level(t: _Table, by: dict[tuple[str, int], tuple[bool, Check | None]]) -> int:
    best = 0
    for lvl in t.levels:
        if all(ok for (_f, lv), (ok, _) in by.items() if lv == lvl):
            best = lvl
        else:
            break
    return best


def _relaxed_level(
    t: _Table, by: dict[tuple[str, int], tuple[bool, Check | None]], policy: RelaxationPolicy
) -> tuple[int, list[RelaxedIndicator]]:
    allowed = set(policy.indicators) if policy.indicators is not None else set(ROWS)
    if policy.allow_green:
        allowed |= set(GREEN_ROWS)
    best, used = 0, []
    for lvl in t.levels:
        failed = [(f, c) for (f, lv), (ok, c) in by.items() if lv == lvl and not ok and c is not None]
        relaxed = []
        possible = len(failed) <= policy.max_relaxed
        for f, c in failed:
            if not possible:
                break
            short = None if c.margin is None else -c.margin
            pct = None if short is None or not c.threshold else short / c.threshold * 100
            if f not in allowed or pct is None or pct > policy.max_shortfall:
                possible = False
                break
            relaxed.append(
                RelaxedIndicator(
                    field=f, label=c.label, level=lvl, value=c.value, threshold=c.threshold, unit=c.unit,
                    shortfall=short, shortfall_percent=pct, clause=c.clause,
                )
            )
        if not possible:
            break
        best, used = lvl, relaxed
    return best, used


def _gaps(t: _Table, by: dict[tuple[str, int], tuple[bool, Check | None]], level: int) -> list[Gap]:
    gaps = []
    for (f, lv), (ok, c) in by.items():
        if lv != level or ok or c is None:
            continue
        strict = c.comparison in (Comparison.gt, Comparison.lt)
        amount = None if c.margin is None else -c.margin
        gaps.append(
            Gap(
                field=f, label=c.label, level=level, value=c.value, threshold=c.threshold, unit=c.unit,
                comparison=c.comparison, amount=amount, strict=strict, clause=c.clause,
            )
        )
    return gaps


@rule(
    id="rubric.rate_park",
    version="1.0.0",
    clauses=[
        *ROWS.values(),
        *GREEN_ROWS.values(),
        RATING_RULE,
        DEMO_PARK,
        RECTIFY,
        VETO,
        BONUS,
        "dp.3.3.dynamic_adjustment",
        *POLICIES,
    ],
    readings=[READING_ROW1, READING_RELAX, "dp.clearly_above", READING_VETO, READING_BONUS],
    input_model=ParkIndicators,
    result_model=StarRating,
)
def rate_park(
    park: ParkIndicators,
    ctx: Context,
    *,
    relaxation: RelaxationPolicy | dict[str, Any] | None = None,
    bonus_weights: BonusWeights | dict[str, Any] | None = None,
) -> StarRating:
    """Rate a park: stars 0/3/4/5, each indicator at each level, veto, bonus, gaps and policy support.

    >>> from datetime import date
    >>> from zjpolicy.rubric import rate_park, example_park
    >>> rate_park(example_park(), as_of=date(2024, 6, 30)).stars
    4
    """
    rb = ctx.rulebook
    t = table(rb)
    if isinstance(relaxation, dict):
        relaxation = RelaxationPolicy.model_validate(relaxation)
    if isinstance(bonus_weights, dict):
        bonus_weights = BonusWeights.model_validate(bonus_weights)

    checks, by = _level_checks(park, t)
    strict = _strict_level(t, by)
    relaxed, relaxed_used = (None, []) if relaxation is None else _relaxed_level(t, by, relaxation)
    hits, clears, veto_check = _veto(park, ctx)
    checks.append(veto_check)
    vetoed = bool(hits)
    stars = 0 if vetoed else (relaxed if relaxed is not None else strict)

    demo_min = int(rb.value(f"{DEMO_PARK}.min_stars"))
    rect_min = int(rb.value(f"{RECTIFY}.min_stars"))
    must_rectify = stars < rect_min
    idx = t.levels.index(stars) if stars in t.levels else None
    level_name = f"{LEVEL_NAMES_ZH[idx]}园区" if idx is not None else f"未达{LEVEL_NAMES_ZH[0]}评价标准"

    base_for_next = 0 if vetoed else strict
    next_level = next((lvl for lvl in t.levels if lvl > base_for_next), None)
    gaps = [] if next_level is None else _gaps(t, by, next_level)

    support = []
    for cid in POLICIES:
        c = rb.clause(cid)
        m = int(c.param("min_stars").value or 0)
        support.append(
            PolicySupport(clause=cid, title=c.title, min_stars=m, applies=stars >= m, discretionary="可适当" in c.text)
        )

    summaries = []
    for r in (*t.rows, *t.green):
        met_levels = [lvl for lvl in t.levels if by[(r.field, lvl)][0]]
        best = 0
        for lvl in t.levels:
            if lvl in met_levels:
                best = lvl
            else:
                break
        c0 = by[(r.field, t.levels[-1])][1]
        assert c0 is not None
        summaries.append(
            IndicatorSummary(field=r.field, label=r.label, clause=r.clause, row=r.row, value=c0.value, unit=c0.unit, best_level=best)
        )

    audit = ctx.audit()
    if relaxation is not None:
        audit["readings"] = [
            r.model_copy(update={"value": "stated", "is_default": False}) if r.id == READING_RELAX else r
            for r in audit["readings"]
        ]
    notes = []
    if vetoed:
        notes.append(f"vetoed: {len(hits)} major incident(s) within the window; clears on {clears}")
    if relaxed_used:
        notes.append("relaxed: " + ", ".join(f"{r.field} short by {r.shortfall_percent}%" for r in relaxed_used))
    outcome = f"{stars} stars ({level_name})" + (" — vetoed" if vetoed else "")
    if relaxation is not None and relaxed != strict and not vetoed:
        outcome += f"; strict reading: {strict} stars"
    rect_year = int(rb.value(f"{RECTIFY}.deadline_year")) if must_rectify else None
    return StarRating(
        **audit,
        outcome=outcome,
        checks=checks,
        notes=notes,
        park=park.name,
        stars=stars,
        strict_stars=0 if vetoed else strict,
        relaxed_stars=None if relaxed is None else (0 if vetoed else relaxed),
        level_name=level_name,
        vetoed=vetoed,
        veto_reason=(
            f"{len(hits)} 重大安全生产/环保突发事件 within two years before {ctx.as_of} ({VETO})" if vetoed else None
        ),
        veto_incidents=hits,
        veto_clears_on=clears,
        is_demonstration_park=stars >= demo_min,
        must_rectify=must_rectify,
        rectify_by_year=rect_year,
        policy_support=support,
        next_level=next_level,
        gaps_to_next_level=gaps,
        relaxed_indicators=relaxed_used,
        green_park_priority=park.green_park_title,
        indicators=summaries,
        bonus=_bonus(park, ctx, bonus_weights),
    )
