"""Explained results: every rule returns a pydantic model that shows each test and can be audited.

A result carries the rule id and version, the package version, a digest of the exact parameters
and readings used, `as_of`, the inputs (so it can be replayed), the overrides, the citations and
one `Check` per test (value, threshold, comparison, margin, clause).
"""

from __future__ import annotations

import html
from datetime import date
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .exact import Comparison, Exact, fmt
from .units import unit_label

__all__ = ["Check", "Citation", "ReadingUsed", "RuleResult"]


class Citation(BaseModel):
    """Where a rule comes from: document, section and the law's own sentence."""

    model_config = ConfigDict(frozen=True)
    clause: str
    document: str
    section: str
    section_normalized: str
    text: str


class ReadingUsed(BaseModel):
    """An interpretation applied to reach the result, and whether it is the library default."""

    model_config = ConfigDict(frozen=True)
    id: str
    value: str
    is_default: bool
    title: str


class Check(BaseModel):
    """One test of the law: value against threshold, with the comparison, the margin and the clause."""

    model_config = ConfigDict(frozen=True)
    name: str = Field(description="what is tested, e.g. 'intensity' or 'cnc_rate@four_star'")
    label: str = Field(description="Chinese name of the quantity")
    indicator: str | None = Field(None, description="the input quantity tested (a field of the rule's input)")
    level: int | None = Field(None, description="the level this test belongs to (星级: 3, 4, 5), if any")
    value: Exact | None = None
    threshold: Exact | None = None
    upper: Exact | None = None
    unit: str = ""
    comparison: Comparison
    word: str = ""
    met: bool | None = Field(None, description="None when it could not be decided (no data)")
    margin: Exact | None = Field(None, description="distance on the passing side; negative = shortfall")
    clause: str
    parameter: str | None = None
    note: str | None = None

    def describe(self) -> str:
        v = _num(self.value)
        t = self.threshold_text()
        status = {True: "met", False: "NOT met", None: "undecided"}[self.met]
        return f"{self.label}: {v} {self.comparison.symbol} {t} — {status}"

    def threshold_text(self) -> str:
        if self.comparison is Comparison.range:
            return f"[{_num(self.threshold)}, {_num(self.upper)}]{_u(self.unit)}"
        return f"{_num(self.threshold)}{_u(self.unit)}"


_DIGEST_SHOWN = len("sha256:") + 12


def _u(unit: str) -> str:
    lab = unit_label(unit)
    return lab if lab in ("", "%") else f" {lab}"


def _num(x: Fraction | None, places: int = 4) -> str:
    if x is None:
        return "—"
    exact = fmt(x) or ""
    if "/" in exact or ("." in exact and len(exact.split(".")[1]) > places):
        if abs(x) < Fraction(1, 10**places):
            return f"≈{float(x):.2g}"
        approx = f"{float(x):.{places}f}".rstrip("0").rstrip(".")
        return f"≈{approx}"
    return exact


def show_quantity(x: Fraction | None, unit: str = "") -> str:
    """Exact text of a number with its unit label, for outcomes and notes ("10/7 亩", "30%", "0.52 tce/万元").

    Unlike `_num` (which rounds long fractions for tables), the number is exact; None shows as "—".
    """
    return f"{fmt(x) or '—'}{_u(unit)}"


class RuleResult(BaseModel):
    """Base of every result. Subclasses add the rule's own answer (stars, eligible, …)."""

    model_config = ConfigDict(frozen=True)
    rule: str
    rule_version: str
    package_version: str
    parameters_digest: str
    as_of: date
    outcome: str = Field(description="one-line answer, for people")
    inputs: dict[str, Any] = Field(description="the validated inputs, as JSON, for replay")
    options: dict[str, Any] = Field(default_factory=dict, description="keyword options the rule was called with")
    overrides: dict[str, str] = Field(default_factory=dict)
    readings: list[ReadingUsed] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    # -- rendering
    def _table_rows(self) -> list[tuple[str, str, str, str, str, str]]:
        rows = []
        for c in self.checks:
            status = {True: "✓", False: "✗", None: "?"}[c.met]
            rows.append(
                (
                    status,
                    c.label + (f" [{c.name}]" if c.name and c.name not in c.label else ""),
                    f"{_num(c.value)}{_u(c.unit)}",
                    f"{c.comparison.symbol} {c.threshold_text()}" + (f" ({c.word})" if c.word else ""),
                    "" if c.margin is None else _num(c.margin),
                    c.clause,
                )
            )
        return rows

    def explain(self) -> str:
        """A plain-text explanation: the answer, each test, readings, overrides and audit fields."""
        lines = [f"{self.rule} v{self.rule_version} — {self.outcome}", f"as of {self.as_of}"]
        for r in self._table_rows():
            lines.append("  " + " | ".join(r))
        lines.extend(self._footer())
        return "\n".join(lines)

    def _footer(self) -> list[str]:
        out = []
        for r in self.readings:
            out.append(f"reading {r.id} = {r.value}{'' if r.is_default else ' (overridden)'}: {r.title}")
        for k, v in self.overrides.items():
            out.append(f"override {k} = {v}")
        out.extend(self.notes)
        out.append(f"zjpolicy {self.package_version}, parameters {self.parameters_digest[:_DIGEST_SHOWN]}…")
        return out

    def __str__(self) -> str:
        return self.explain()

    def __rich__(self) -> Any:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        t = Table(title=f"{self.rule} v{self.rule_version}: {self.outcome}", title_justify="left")
        for col in ("", "test", "value", "threshold", "margin", "clause"):
            t.add_column(col)
        for r in self._table_rows():
            style = {"✓": "green", "✗": "red"}.get(r[0], "yellow")
            t.add_row(Text(r[0], style=style), *(Text(c) for c in r[1:]))  # plain text: "[name]" is not markup
        return Group(t, Text("\n".join([f"as of {self.as_of}", *self._footer()]), style="dim"))

    def _repr_html_(self) -> str:
        e = html.escape
        head = "".join(f"<th>{e(h)}</th>" for h in ("", "test", "value", "threshold", "margin", "clause"))
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in self._table_rows())
        foot = "<br>".join(e(x) for x in [f"as of {self.as_of}", *self._footer()])
        return (
            f"<div><strong>{e(self.rule)} v{e(self.rule_version)}</strong>: {e(self.outcome)}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<small>{foot}</small></div>"
        )
