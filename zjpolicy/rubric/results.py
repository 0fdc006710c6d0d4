"""The star rating's result models, and its rendering as the plan's own table (rows = indicators,
columns = 三星级/四星级/五星级), in text, rich and HTML."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..exact import Comparison, Exact
from ..lang import Lang, pick, say, use_language
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


# `rate_park` decides the level first; the checks, gaps, indicator summaries, bonus, notes, the veto's reason and
# the inputs are completed on first use (reading any of them, comparing, printing or serialising the result),
# exactly as the eager rating computes them (see `zjpolicy.results.DeferredResult`).
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
        headings = [say(f"rubric.heading.{h}") for h in ("best", "indicator", "value")]
        return [*headings, *(star_name(lvl) for lvl in levels), say("rubric.heading.clause")], rows

    def _summary_lines(self) -> list[str]:
        """The answer under the table, in the language in force."""
        demo = say("rubric.summary.demonstration") if self.is_demonstration_park else ""
        out = [say("rubric.summary.stars", stars=self.stars, level_name=self.level_name) + demo]
        if self.relaxed_stars is not None:
            out.append(say("rubric.summary.relaxed", strict=self.strict_stars, relaxed=self.relaxed_stars))
            for r in self.relaxed_indicators:
                out.append(
                    say(
                        "rubric.summary.relaxed_indicator",
                        label=r.label,
                        level=star_name(r.level),
                        shortfall=f"{_num(r.shortfall)}{_u(r.unit)}",
                        percent=_num(r.shortfall_percent),
                    )
                )
        if not self.rated:
            out.append(
                say("rubric.summary.outside_scope" if self.in_scope is False else "rubric.summary.scope_unknown")
            )
        for ca in self.clearly_above:
            out.append(
                say(
                    "rubric.summary.clearly_above",
                    margin=_num(ca.margin),
                    level=star_name(ca.level),
                    count=len(ca.clearly_above),
                    of=ca.of,
                    required=ca.required,
                    status=say("core.status.met" if ca.met else "core.status.not_met"),
                )
            )
        if self.vetoed:
            out.append(
                say(
                    "rubric.summary.vetoed",
                    reason=self.veto_reason,
                    clears_on=self.veto_clears_on,
                    stars=self.indicator_stars,
                )
            )
        if self.must_rectify:
            out.append(say("rubric.summary.rectify", year=self.rectify_by_year))
        if self.next_level is not None and self.gaps_to_next_level:
            out.append(say("rubric.summary.gaps", level=_level(self.next_level)))
            for g in self.gaps_to_next_level:
                out.append(
                    say(
                        "rubric.summary.gap",
                        label=g.label,
                        sign="−" if g.comparison in (Comparison.lt, Comparison.le) else "+",
                        amount=f"{_num(g.amount)}{_u(g.unit)}",
                        strict=say("rubric.summary.gap_strict") if g.strict else "",
                    )
                )
        sep = say("core.list_separator")
        applies = [
            p.title
            + ("（可适当，由当地决定）" if p.discretionary else "")  # the law's own words, in either language
            + (f"（须：{'；'.join(p.conditions)}）" if p.conditions else "")
            for p in self.policy_support
            if p.applies
        ]
        if applies:
            out.append(say("rubric.summary.policy_support", supports=sep.join(applies)))
        if self.green_park_priority:
            out.append(say("rubric.summary.green_priority"))
        b = self.bonus
        counts = say("rubric.summary.bonus_separator").join(f"{k}={v}" for k, v in b.counts.items())
        points = (
            say("rubric.summary.bonus_points", points=_num(b.points))
            if b.points is not None
            else say("rubric.summary.bonus_no_weights")
        )
        out.append(say("rubric.summary.bonus", counts=counts, points=points))
        return out

    def explain(self, lang: Lang | None = None) -> str:
        """The plan's table for this park (✓/✗ per indicator and level), the answer, the gaps to the next level,
        the veto, the readings and the audit fields.

        `lang`: the language of the frame (headings, summary, readings, audit line); default: the result's own.
        The outcome and notes are in the language the rating was made in (``rate_park(..., lang="en")``)."""
        with use_language(lang or self.lang):
            header, rows = self._matrix()
            lines = [
                say(
                    "rubric.title",
                    rule=self.rule,
                    version=self.rule_version,
                    park=self.park or say("rubric.park"),
                    outcome=self.outcome,
                ),
                say("core.as_of", as_of=self.as_of),
                " | ".join(header),
            ]
            lines += [" | ".join(r) for r in rows]
            lines += self._summary_lines() + self._footer()
        return "\n".join(lines)

    def __rich__(self) -> Any:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        with use_language(self.lang):
            header, rows = self._matrix()
            t = Table(title=f"{self.park or say('rubric.park')} — {self.outcome}", title_justify="left")
            for h in header:
                t.add_column(h, overflow="fold")
            for r in rows:
                t.add_row(
                    *[
                        Text(x, style={"✓": "green", "✗": "red"}.get(x[:1], "")) if i != 1 else x
                        for i, x in enumerate(r)
                    ]
                )
            return Group(
                t,
                Text("\n".join(self._summary_lines())),
                Text("\n".join([say("core.as_of", as_of=self.as_of), *self._footer()]), style="dim"),
            )

    def _repr_html_(self) -> str:
        import html

        e = html.escape
        with use_language(self.lang):
            header, rows = self._matrix()
            head = "".join(f"<th>{e(h)}</th>" for h in header)
            body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in rows)
            summary = "<br>".join(e(x) for x in self._summary_lines())
            foot = "<br>".join(e(x) for x in [say("core.as_of", as_of=self.as_of), *self._footer()])
            park = self.park or say("rubric.park")
        return (
            f"<div><strong>{e(park)}</strong>: {e(self.outcome)}<table><thead><tr>{head}</tr>"
            f"</thead><tbody>{body}</tbody></table><p>{summary}</p><small>{foot}</small></div>"
        )


def _level(stars: int) -> str:
    """A level as the summary names it: 五星级 in Chinese, 5 in English ("to reach 5 stars")."""
    return pick(star_name(stars), str(stars))


def _cell(c: Check | None) -> str:
    if c is None:
        return "—"
    mark = {True: "✓", False: "✗", None: "?"}[c.met]
    return f"{mark} {c.comparison.symbol} {c.threshold_text()}"
