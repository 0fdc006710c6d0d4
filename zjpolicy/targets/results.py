"""The results of the target rules: one TargetResult per goal, and the report of one year's assessment."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import UnknownIdError
from ..exact import Comparison, Exact, fmt
from ..lang import Lang, say, use_language
from ..results import RuleResult, _num, _u

__all__ = [
    "NATURE",
    "Skipped",
    "TargetResult",
    "TargetStatus",
    "TargetsReport",
    "YearOnYear",
    "nature_text",
    "trend_symbol",
]


class TargetStatus(StrEnum):
    met = "met"
    not_met = "not met"
    not_met_aspirational = "not met (aspirational)"
    not_yet_due = "not yet due"
    no_data = "no data"
    no_deadline = "no deadline (progress only)"
    out_of_period = "not assessed (outside the period)"

    def label(self, lang: Lang | None = None) -> str:
        """The status for people, in `lang` (default: the language in force); the English label is the value."""
        return say(f"targets.status.{self.name}", lang)


NATURE = {
    "level": "水平 (level in the year)",
    "cumulative": "累计 (cumulative)",
    "new": "新增 (new since the start of 新增: the document's date by default, reading go.new_basis_start)",
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
"""The nature tags a target result can carry (keys) and their explanation (in English; `nature_text` gives it in the
language in force)."""


def nature_text(tag: str, lang: Lang | None = None) -> str:
    """The explanation of a NATURE tag in `lang` (default: the language in force)."""
    return say(f"targets.nature.{tag}", lang)


def trend_symbol(comparison: Comparison) -> str:
    """The symbol of a comparison for people: a year-on-year trend (≥ prev) in the language in force."""
    symbol = comparison.symbol
    if comparison in (Comparison.nondecreasing, Comparison.increasing):
        return say("targets.symbol.previous", symbol=comparison.bare_symbol)
    return symbol


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


# --------------------------------------------------------------------------- the report


class Skipped(BaseModel):
    """A target clause the report does not assess, and why."""

    model_config = ConfigDict(frozen=True)
    clause: str
    reason: str


_STYLE = {
    TargetStatus.met: ("✓", "green"),
    TargetStatus.not_met: ("✗", "red"),
    TargetStatus.not_met_aspirational: ("✗", "magenta"),
    TargetStatus.not_yet_due: ("…", "yellow"),
    TargetStatus.no_data: ("?", "dim"),
    TargetStatus.no_deadline: ("~", "cyan"),
    TargetStatus.out_of_period: ("–", "dim"),
}


class TargetsReport(BaseModel):
    """Every numeric goal of both documents assessed for one statistical year."""

    model_config = ConfigDict(frozen=True)
    year: int
    as_of: date
    package_version: str
    lang: Lang = Field("zh", description="the language of the results' outcomes and notes, and of the report's text")
    overrides: dict[str, str] = Field(default_factory=dict)
    statistics_note: str | None = None
    results: list[TargetResult]
    skipped: list[Skipped] = Field(default_factory=list)

    # -- access
    def result(self, clause_id: str) -> TargetResult:
        for r in self.results:
            if r.clause == clause_id:
                return r
        raise UnknownIdError("result", clause_id, [r.clause for r in self.results], hint=_why_missing(self, clause_id))

    def __getitem__(self, clause_id: str) -> TargetResult:
        return self.result(clause_id)

    def summary(self) -> dict[str, int]:
        """Number of targets per status."""
        c = Counter(r.status.value for r in self.results)
        return {s.value: c.get(s.value, 0) for s in TargetStatus}

    def sections(self) -> list[tuple[str, list[TargetResult]]]:
        """(heading, results) in rulebook order, one group per document section."""
        groups: dict[str, list[TargetResult]] = {}
        for r in self.results:
            groups.setdefault(f"{r.section} · {r.document}", []).append(r)
        return list(groups.items())

    def to_frame(self) -> Any:
        """A pandas DataFrame, one row per target (needs pandas)."""
        import pandas as pd

        rows = []
        for r in self.results:
            rows.append(
                {
                    "clause": r.clause,
                    "section": r.section,
                    "title": r.title,
                    "status": r.status.value,
                    "value": r.value,
                    "value_year": r.value_year,
                    "comparison": r.comparison.value,
                    "target": r.target,
                    "unit": r.unit,
                    "target_year": r.target_year,
                    "gap": r.gap,
                    "progress": r.progress,
                    "cagr_needed": r.cagr_needed,
                    "nature": ",".join(r.nature),
                    "rule": r.rule,
                }
            )
        return pd.DataFrame(rows)

    # -- rendering
    def _rows(self) -> list[tuple[TargetStatus, str, list[str]]]:
        out = []
        for heading, results in self.sections():
            for r in results:
                out.append((r.status, heading, _row(r)))
        return out

    def explain(self, lang: Lang | None = None) -> str:
        """The report as plain text, in `lang` (default: the report's own; the outcomes and notes of its results
        are in the language it was assessed in)."""
        with use_language(lang or self.lang):
            lines = [say("targets.report.heading", year=self.year, as_of=self.as_of, summary=self._summary_text())]
            if self.statistics_note:
                lines.append(say("targets.report.statistics", note=self.statistics_note))
            for heading, results in self.sections():
                lines.append(heading)
                for r in results:
                    lines.append("  " + " | ".join([_STYLE[r.status][0], *_row(r)]))
            lines.extend(self._footer())
        return "\n".join(lines)

    def _summary_text(self) -> str:
        s = self.summary()
        return say("targets.report.count_separator").join(
            say("targets.report.count", count=s[st.value], status=st.label()) for st in TargetStatus if s[st.value]
        )

    def _footer(self) -> list[str]:
        out = [say("targets.report.skipped", clause=s.clause, reason=s.reason) for s in self.skipped]
        out.extend(say("core.override", key=k, value=v) for k, v in self.overrides.items())
        seen = {}
        for r in self.results:
            for rd in r.readings:
                key = "core.reading" if rd.is_default else "core.reading_overridden"
                seen[rd.id] = say(key, id=rd.id, value=rd.value, title=rd.title)
        out.extend(seen.values())
        tags = say("core.list_separator").join(f"{k} = {nature_text(k)}" for k in NATURE)
        out.append(say("targets.report.nature", tags=tags))
        out.append(say("targets.report.audit", version=self.package_version))
        return out

    def __str__(self) -> str:
        return self.explain()

    def __rich__(self) -> Any:
        with use_language(self.lang):
            return self._rich()

    def _rich(self) -> Any:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        parts: list[Any] = []
        title = say("targets.report.title", year=self.year, as_of=self.as_of, summary=self._summary_text())
        t = Table(title=title, title_justify="left", show_lines=False)
        t.add_column("", no_wrap=True)
        t.add_column(say("targets.heading.target"), overflow="fold", min_width=10)
        for col in ("value", "goal", "gap", "progress", "cagr", "nature"):
            t.add_column(say(f"targets.heading.{col}"))
        t.add_column(say("targets.heading.clause"), overflow="fold", min_width=12)
        last = None
        for status, heading, row in self._rows():
            if heading != last:
                if last is not None:
                    t.add_section()
                t.add_row("", Text(heading, style="bold"), *[""] * 7)
                last = heading
            sym, style = _STYLE[status]
            t.add_row(Text(f"{sym} {status.label()}", style=style), *row)
        parts.append(t)
        if self.statistics_note:
            parts.append(Text(say("targets.report.statistics", note=self.statistics_note), style="bold yellow"))
        parts.append(Text("\n".join(self._footer()), style="dim"))
        return Group(*parts)

    def _repr_html_(self) -> str:
        with use_language(self.lang):
            return self._html()

    def _html(self) -> str:
        e = html.escape
        head = "".join(f"<th>{e(say(f'targets.heading.{h}'))}</th>" for h in _HTML_HEADINGS)
        body = "".join(
            "<tr>" + f"<td>{e(s.label())}</td>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>"
            for s, _, row in self._rows()
        )
        return (
            f"<div><strong>{e(say('targets.report.html_title', year=self.year))}</strong>: {e(self._summary_text())}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<small>{'<br>'.join(e(x) for x in self._footer())}</small></div>"
        )


_HTML_HEADINGS = ("status", "target", "value", "goal", "gap", "progress", "cagr", "nature", "clause")


def _why_missing(report: TargetsReport, clause_id: str) -> str | None:
    for s in report.skipped:
        if s.clause == clause_id:
            return say("targets.report.skipped_hint", reason=s.reason)
    return None


def _row(r: TargetResult) -> list[str]:
    value = "—" if r.value is None else f"{_num(r.value)}{_u(r.unit)}" + (f" ({r.value_year})" if r.value_year else "")
    symbol = trend_symbol(r.comparison)
    if r.target is not None:
        goal = f"{symbol} {_n(r.target)}{_u(r.unit)}"
        if r.tolerance is not None:
            goal += f" ± {_n(r.tolerance)}"
    elif r.reference is not None:
        goal = f"{symbol} {_num(r.reference)}{_u(r.unit)}"
    else:
        goal = symbol + (f" {r.against}" if r.against else f" ({r.word})" if r.word else "")
    when = say("targets.report.by", year=r.target_year) if r.target_year else ""
    if not r.target_year and r.each_year:
        when = say("targets.report.each_year")
    if "standing" in r.nature:
        when = say("targets.report.standing")
    elif not r.deadline:
        when = say("targets.report.no_deadline")
    goal = f"{goal} {when}".strip()
    gap = "" if r.gap is None else f"{_num(r.gap)}{_u(r.unit)}"
    progress = "" if r.progress is None else _pct(r.progress)
    cagr = (
        "" if r.cagr_needed is None else say("targets.report.per_year", rate=_pct(Fraction(r.cagr_needed), sign=True))
    )
    nature = say("targets.report.tag_separator").join(NATURE[n].split(" ")[0] for n in r.nature)
    return [r.title, value, goal, gap, progress, cagr, nature, r.clause]


_SHORT_RATIO = 6  # at most this many characters: "97/300" is shown as a ratio, longer ones approximately


def _n(x: Fraction) -> str:
    """A goal as the law writes it: 1/3 stays 1/3."""
    f = fmt(x) or ""
    return f if "/" in f and len(f) <= _SHORT_RATIO else _num(x)


def _pct(x: Fraction | Decimal, sign: bool = False) -> str:
    v = float(x) * 100
    return f"{v:+.2f}%" if sign else f"{v:.1f}%"
