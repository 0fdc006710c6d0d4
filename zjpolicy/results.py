"""Explained results: every rule returns a pydantic model that shows each test and can be audited.

A result carries the rule id and version, the package version, a digest of the exact parameters
and readings used, `as_of`, the inputs (so it can be replayed), the overrides, the citations and
one `Check` per test (value, threshold, comparison, margin, clause).
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Iterator
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from .exact import Comparison, Exact, fmt
from .lang import Lang, say, use_language
from .units import unit_label

__all__ = ["Check", "Citation", "DeferredResult", "ReadingUsed", "RuleResult", "built", "check"]

M = TypeVar("M", bound=BaseModel)


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
        """One line in the language in force: "R&D 投入强度：2.5% ≥ 2.3%——达到"."""
        status = say({True: "core.status.met", False: "core.status.not_met", None: "core.status.undecided"}[self.met])
        return say(
            "core.check_line",
            label=self.label,
            value=_num(self.value),
            symbol=self.comparison.symbol,
            threshold=self.threshold_text(),
            status=status,
        )

    def threshold_text(self) -> str:
        if self.comparison is Comparison.range:
            return f"[{_num(self.threshold)}, {_num(self.upper)}]{_u(self.unit)}"
        return f"{_num(self.threshold)}{_u(self.unit)}"


def built(cls: type[M], values: dict[str, Any], fields_set: set[str] | None = None) -> M:
    """An instance of `cls` from values that are already of the fields' validated types, without validating
    them again: `values` holds every field, in the model's field order (as validation would store them).

    Only for values built by the engine itself (Fractions, enums, models, lists): equal, in every field and in
    its JSON, to ``cls(**values)`` (tests check this), at a third of the cost. `fields_set`: the fields the
    validated call would name (default: all).
    """
    m = cls.__new__(cls)
    object.__setattr__(m, "__dict__", values)
    object.__setattr__(m, "__pydantic_fields_set__", set(values) if fields_set is None else fields_set)
    object.__setattr__(m, "__pydantic_extra__", None)
    object.__setattr__(m, "__pydantic_private__", None)
    return m


def check(
    *,
    name: str,
    label: str,
    comparison: Comparison,
    clause: str,
    indicator: str | None = None,
    level: int | None = None,
    value: Fraction | None = None,
    threshold: Fraction | None = None,
    upper: Fraction | None = None,
    unit: str = "",
    word: str = "",
    met: bool | None = None,
    margin: Fraction | None = None,
    parameter: str | None = None,
    note: str | None = None,
) -> Check:
    """``Check(...)`` with every field given, built without revalidation when the values are already of the
    validated types (str, Fraction, bool, Comparison), else validated."""
    values = {
        "name": name,
        "label": label,
        "indicator": indicator,
        "level": level,
        "value": value,
        "threshold": threshold,
        "upper": upper,
        "unit": unit,
        "comparison": comparison,
        "word": word,
        "met": met,
        "margin": margin,
        "clause": clause,
        "parameter": parameter,
        "note": note,
    }
    if (
        type(name) is str
        and type(label) is str
        and type(unit) is str
        and type(word) is str
        and type(clause) is str
        and type(comparison) is Comparison
        and (indicator is None or type(indicator) is str)
        and (level is None or type(level) is int)
        and (met is None or type(met) is bool)
        and (parameter is None or type(parameter) is str)
        and (note is None or type(note) is str)
        and (value is None or type(value) is Fraction)
        and (threshold is None or type(threshold) is Fraction)
        and (upper is None or type(upper) is Fraction)
        and (margin is None or type(margin) is Fraction)
    ):
        return built(Check, values)
    return Check(**values)


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
    lang: Lang = Field("zh", description="the language of `outcome`, the notes and the explanation (zh: 中文; en)")
    outcome: str = Field(description="one-line answer, for people (in `lang`)")
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

    def explain(self, lang: Lang | None = None) -> str:
        """A plain-text explanation: the answer, each test, readings, overrides and audit fields.

        `lang`: the language of the frame (headings, readings, audit line); default: the result's own. The
        outcome and notes are in the language the rule was called in (``rate_park(..., lang="en")``)."""
        with use_language(lang or self.lang):
            lines = [f"{self.rule} v{self.rule_version} — {self.outcome}", say("core.as_of", as_of=self.as_of)]
            for r in self._table_rows():
                lines.append("  " + " | ".join(r))
            lines.extend(self._footer())
        return "\n".join(lines)

    def _footer(self) -> list[str]:
        out = []
        for r in self.readings:
            key = "core.reading" if r.is_default else "core.reading_overridden"
            out.append(say(key, id=r.id, value=r.value, title=r.title))
        for k, v in self.overrides.items():
            out.append(say("core.override", key=k, value=v))
        out.extend(self.notes)
        out.append(say("core.audit_line", version=self.package_version, digest=self.parameters_digest[:_DIGEST_SHOWN]))
        return out

    def __str__(self) -> str:
        return self.explain()

    def __rich__(self) -> Any:
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        with use_language(self.lang):
            t = Table(title=f"{self.rule} v{self.rule_version}: {self.outcome}", title_justify="left")
            for col in _headings():
                t.add_column(col)
            for r in self._table_rows():
                style = {"✓": "green", "✗": "red"}.get(r[0], "yellow")
                t.add_row(Text(r[0], style=style), *(Text(c) for c in r[1:]))  # plain text: "[name]" is not markup
            return Group(t, Text("\n".join([say("core.as_of", as_of=self.as_of), *self._footer()]), style="dim"))

    def _repr_html_(self) -> str:
        with use_language(self.lang):
            return self._html()

    def _html(self) -> str:
        e = html.escape
        head = "".join(f"<th>{e(h)}</th>" for h in _headings())
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in self._table_rows())
        foot = "<br>".join(e(x) for x in [say("core.as_of", as_of=self.as_of), *self._footer()])
        return (
            f"<div><strong>{e(self.rule)} v{e(self.rule_version)}</strong>: {e(self.outcome)}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<small>{foot}</small></div>"
        )


def _headings() -> tuple[str, ...]:
    return ("", *(say(f"core.heading.{h}") for h in ("test", "value", "threshold", "margin", "clause")))


_PENDING = "_pending_explanation"
_COMPLETING = threading.RLock()


class DeferredResult(RuleResult):
    """A result whose decision is set when it is made and whose explanation (the checks and the other fields the
    rule names as deferred) is completed on first use: reading any such field, comparing, copying, pickling,
    printing or serialising it (alone or inside another model) completes it first.

    Completing calls the rule's full, eager computation on the same (immutable) inputs and rulebook and takes its
    fields, after checking that every field set with the decision is equal to the eager one: a completed result is
    equal to, and serialises exactly as, the result computed eagerly. Until then the result holds its inputs and
    rulebook (``complete()`` lets them go). ``zjpolicy.rules.DEFER = False`` makes every result complete at once.
    """

    @classmethod
    def deferred(
        cls, values: dict[str, Any], complete: Callable[[], RuleResult], fields_set: set[str] | None = None
    ) -> Any:
        """A result holding the fields in `values` now (of their validated types), and the rest when
        `complete()` (the eager result) is called; `fields_set`: the fields the eager result is given (default:
        all)."""
        m = cls.__new__(cls)
        object.__setattr__(m, "__dict__", values)
        object.__setattr__(m, "__pydantic_fields_set__", set(cls.model_fields) if fields_set is None else fields_set)
        object.__setattr__(m, "__pydantic_extra__", None)
        object.__setattr__(m, "__pydantic_private__", {_PENDING: complete})
        return m

    @property
    def is_complete(self) -> bool:
        """False until the deferred fields are filled in (reading any of them fills them in)."""
        return not object.__getattribute__(self, "__pydantic_private__")

    def complete(self) -> DeferredResult:
        """Fill in the deferred fields now (idempotent); returns self."""
        if object.__getattribute__(self, "__pydantic_private__"):
            with _COMPLETING:
                private = object.__getattribute__(self, "__pydantic_private__")
                if private:
                    self._fill(private[_PENDING]())
        return self

    def _fill(self, full: RuleResult) -> None:
        now = self.__dict__
        eager = full.__dict__
        differ = [k for k, v in now.items() if k not in eager or eager[k] != v]
        if type(full) is not type(self) or differ or full.__pydantic_fields_set__ != self.__pydantic_fields_set__:
            raise RuntimeError(  # an engine defect: the decision and its explanation disagree
                f"{type(self).__name__}: the decision differs from the eager result in {differ or 'its type'}"
            )
        object.__setattr__(self, "__dict__", {k: now.get(k, v) for k, v in eager.items()})
        object.__setattr__(self, "__pydantic_private__", None)

    # no return annotation: the serialisation schema stays the model's own (an `Any` would make it `{}`)
    @model_serializer(mode="wrap")
    def _serialize_complete(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        return handler(self.complete())

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name in type(self).__pydantic_fields__ and object.__getattribute__(self, "__pydantic_private__"):
                try:
                    self.complete()
                except AttributeError as exc:  # not "no such attribute": completing it failed
                    raise RuntimeError(f"completing {type(self).__name__} failed: {exc}") from exc
                return self.__dict__[name]
            return super().__getattr__(name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, DeferredResult):
            other.complete()
        return super(DeferredResult, self.complete()).__eq__(other)

    def __hash__(self) -> int:
        return super(DeferredResult, self.complete()).__hash__()

    def __copy__(self) -> Any:
        return super(DeferredResult, self.complete()).__copy__()

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Any:
        return super(DeferredResult, self.complete()).__deepcopy__(memo)

    def __getstate__(self) -> dict[Any, Any]:
        return super(DeferredResult, self.complete()).__getstate__()

    def __iter__(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        return super(DeferredResult, self.complete()).__iter__()

    def __repr_args__(self) -> Any:
        return super(DeferredResult, self.complete()).__repr_args__()
