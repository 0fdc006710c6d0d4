"""The star rating's result models, and its rendering as the plan's own table (rows = indicators,
columns = 三星级/四星级/五星级), in text, rich and HTML."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..exact import Comparison, Exact
from ..lang import Lang, use_language
from ..results import Check, DeferredResult, _num, _u
from .inputs import BonusWeights, Incident
from .table import BONUS, star_name

__all__ = [
    "BonusResult",
    "ClearlyAboveLevel",
    "Gap",
    "IndicatorSummary",
    "PolicySupport",
    "RelaxedIndicator",
    "StarRating",
]


class IndicatorSummary(BaseModel):
    model_config = ConfigDict(frozen=True)
    field: str
    label: str
    clause: str
    row: int
    value: Exact | None
    unit: str
    best_level: int = Field(description="highest star level this indicator meets (0 if none)")


class IndicatorAtLevel(BaseModel):
    """One indicator against one level's value (the fields a gap and a relaxation share)."""

    model_config = ConfigDict(frozen=True)
    field: str
    label: str
    level: int
    value: Exact | None
    threshold: Exact | None
    unit: str
    clause: str


class Gap(IndicatorAtLevel):
    """What an indicator needs to reach the next level."""

    comparison: Comparison
    amount: Exact | None = Field(
        description="increase needed (≥ tests); for 低于 tests, the reduction beyond which it passes"
    )
    strict: bool = Field(description="True for 低于: the value must go strictly past the threshold")


class RelaxedIndicator(IndicatorAtLevel):
    """An indicator that falls short of a level and is passed under the stated RelaxationPolicy."""

    shortfall: Exact | None = Field(description="threshold − value, in the unit")
    shortfall_percent: Exact | None = Field(description="shortfall as % of the threshold")


class PolicySupport(BaseModel):
    """A support of 四（三） and whether the park's level opens it. `applies` says only that: what the support still
    depends on is `conditions` (facts the rating does not see) and `discretionary` (left to officials); `status`
    sums it up, and is "applies" only when the level alone opens it."""

    model_config = ConfigDict(frozen=True)
    clause: str
    title: str
    min_stars: int
    applies: bool = Field(description="the park's level is one the support is for")
    discretionary: bool = False
    conditions: list[str] = Field(default_factory=list, description="the law's further conditions (not assessed)")
    status: Literal["applies", "conditional", "discretionary", "not_applicable"] = Field(
        description="not_applicable; discretionary (可适当…); conditional on `conditions`; or applies"
    )


class ClearlyAboveLevel(BaseModel):
    """大部分指标明显高于标准值 at one level, under the caller's ClearlyAbovePolicy (reading dp.clearly_above=stated)."""

    model_config = ConfigDict(frozen=True)
    level: int
    margin: Exact = Field(description="% of the level's value an indicator must exceed it by")
    clearly_above: list[str] = Field(description="the indicators that do")
    of: int = Field(description="indicators with a value at this level (rows 1–9)")
    required: int = Field(description="how many are 大部分")
    met: bool


class BonusResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    counts: dict[str, int] = Field(
        description="items per bonus category (projects in bands per reading dp.bonus_bands)"
    )
    points: Exact | None = Field(None, description="only when the caller supplied weights; the plan gives none")
    weights: BonusWeights | None = None
    clause: str = BONUS


# `rate_park` decides the level first; the checks, gaps, indicator summaries, bonus, notes and inputs are completed
# on first use (reading any of them, comparing, printing or serialising the result), exactly as the eager rating
# computes them (see `zjpolicy.results.DeferredResult`).
class StarRating(DeferredResult):
    """The explained star rating of one park."""

    park: str | None = None
    stars: int = Field(description="0, 3, 4 or 5; the relaxed level when a RelaxationPolicy was stated")
    strict_stars: int = Field(description="every indicator meets the level")
    relaxed_stars: int | None = Field(None, description="level under the stated RelaxationPolicy")
    indicator_stars: int = Field(
        description="the level the indicators reach under the readings in force, before the "
        "veto and the evaluation scope"
    )
    rated: bool = Field(
        description="a star level was decided (False: outside the evaluation scope, or not known to be in it)"
    )
    in_scope: bool | None = Field(
        description="三、1. 评价范围; None when neither zone_level nor integration_completed is given"
    )
    clearly_above: list[ClearlyAboveLevel] = Field(
        default_factory=list, description="only under dp.clearly_above=stated"
    )
    level_name: str
    vetoed: bool
    veto_reason: str | None = None
    veto_incidents: list[Incident] = Field(default_factory=list)
    veto_clears_on: date | None = Field(None, description="first day the latest incident no longer vetoes")
    is_demonstration_park: bool = Field(description="五星级: 制造业高质量发展示范园区")
    must_rectify: bool = Field(description="below three-star: 限期整改 (a vetoed park: reading dp.veto_rectification)")
    rectify_by_year: int | None = Field(None, description="力争在此年达到三星级 (aspirational)")
    policy_support: list[PolicySupport] = Field(default_factory=list)
    next_level: int | None = None
    gaps_to_next_level: list[Gap] = Field(default_factory=list)
    relaxed_indicators: list[RelaxedIndicator] = Field(default_factory=list)
    green_park_priority: bool = Field(
        False, description="被评为省级及以上美丽园区、绿色园区优先 (reading dp.green_title_priority)"
    )
    indicators: list[IndicatorSummary] = Field(default_factory=list)
    bonus: BonusResult

    # -- rendering: one row per indicator, one column per level (the plan's own table)
    def _matrix(self) -> tuple[list[str], list[list[str]]]:
        by_indicator: dict[str, dict[int | None, Check]] = {}
        for c in self.checks:
            by_indicator.setdefault(c.indicator or c.name, {})[c.level] = c
        levels = sorted({c.level for c in self.checks if c.level is not None})
        best = {s.field: s.best_level for s in self.indicators}
        rows = []
        for key, cells in by_indicator.items():
            first = next(iter(cells.values()))
            b = best.get(key)
            met = [c.met for c in cells.values()]
            plain = "?" if None in met else "✓" if all(met) else "✗"
            mark = plain if b is None else (f"{b}★" if b else "✗ 0")
            row = [mark, first.label, f"{_num(first.value)}{_u(first.unit)}"]
            row += [_cell(cells.get(lvl) or cells.get(None)) for lvl in levels]  # level None: every level
            rows.append([*row, first.clause])
        return ["best", "indicator", "value", *(star_name(lvl) for lvl in levels), "clause"], rows

    def _summary_lines(self) -> list[str]:
        out = [f"stars: {self.stars} — {self.level_name}" + (" (示范园区)" if self.is_demonstration_park else "")]
        if self.relaxed_stars is not None:
            out.append(f"strict: {self.strict_stars} stars; with the stated relaxation: {self.relaxed_stars} stars")
            for r in self.relaxed_indicators:
                out.append(
                    f"  relaxed {r.label} ({star_name(r.level)}): short by {_num(r.shortfall)}{_u(r.unit)} "
                    f"({_num(r.shortfall_percent)}%)"
                )
        if not self.rated:
            out.append(
                "not rated: "
                + (
                    "outside the evaluation scope (三、1. 评价范围)"
                    if self.in_scope is False
                    else "the evaluation scope (三、1.) is not known"
                )
            )
        for ca in self.clearly_above:
            out.append(
                f"明显高于 (+{_num(ca.margin)}%) at {star_name(ca.level)}: {len(ca.clearly_above)} of {ca.of}, "
                f"{ca.required} needed — {'met' if ca.met else 'NOT met'}"
            )
        if self.vetoed:
            out.append(
                f"VETOED: {self.veto_reason}; no star before {self.veto_clears_on} "
                f"(the indicators reach {self.indicator_stars} stars)"
            )
        if self.must_rectify:
            out.append(f"must rectify (限期整改), 力争 by {self.rectify_by_year}")
        if self.next_level is not None and self.gaps_to_next_level:
            out.append(f"to reach {self.next_level} stars:")
            for g in self.gaps_to_next_level:
                sign = "−" if g.comparison in (Comparison.lt, Comparison.le) else "+"
                more = " (and strictly past it)" if g.strict else ""
                out.append(f"  {g.label}: {sign}{_num(g.amount)}{_u(g.unit)}{more}")
        applies = [
            p.title
            + ("（可适当，由当地决定）" if p.discretionary else "")
            + (f"（须：{'；'.join(p.conditions)}）" if p.conditions else "")
            for p in self.policy_support
            if p.applies
        ]
        if applies:
            out.append("policy support: " + "; ".join(applies))
        if self.green_park_priority:
            out.append("priority: 省级及以上美丽园区/绿色园区")
        b = self.bonus
        out.append(
            "bonus counts: "
            + ", ".join(f"{k}={v}" for k, v in b.counts.items())
            + (f"; points {_num(b.points)}" if b.points is not None else "; points: no weights supplied")
        )
        return out

    def explain(self, lang: Lang | None = None) -> str:
        with use_language(lang or self.lang):
            header, rows = self._matrix()
            lines = [
                f"{self.rule} v{self.rule_version} — {self.park or 'park'}: {self.outcome}",
                f"as of {self.as_of}",
                " | ".join(header),
            ]
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
            t.add_row(
                *[Text(x, style={"✓": "green", "✗": "red"}.get(x[:1], "")) if i != 1 else x for i, x in enumerate(r)]
            )
        return Group(
            t,
            Text("\n".join(self._summary_lines())),
            Text("\n".join([f"as of {self.as_of}", *self._footer()]), style="dim"),
        )

    def _repr_html_(self) -> str:
        import html

        e = html.escape
        header, rows = self._matrix()
        head = "".join(f"<th>{e(h)}</th>" for h in header)
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
        summary = "<br>".join(e(x) for x in self._summary_lines())
        foot = "<br>".join(e(x) for x in [f"as of {self.as_of}", *self._footer()])
        return (
            f"<div><strong>{e(self.park or 'park')}</strong>: {e(self.outcome)}<table><thead><tr>{head}</tr>"
            f"</thead><tbody>{body}</tbody></table><p>{summary}</p><small>{foot}</small></div>"
        )


def _cell(c: Check | None) -> str:
    if c is None:
        return "—"
    mark = {True: "✓", False: "✗", None: "?"}[c.met]
    return f"{mark} {c.comparison.symbol} {c.threshold_text()}"
