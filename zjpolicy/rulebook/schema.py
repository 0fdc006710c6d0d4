"""The rulebook's schema: documents, clauses, parameters and typed readings, as frozen pydantic models."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, computed_field

from ..exact import Comparison, Exact

__all__ = [
    "Assessment",
    "Basis",
    "BasisReading",
    "ChoiceReading",
    "Clause",
    "ClauseKind",
    "ComparisonReading",
    "DatedValue",
    "Document",
    "DocumentRules",
    "Excluded",
    "Parameter",
    "Reading",
    "ToleranceReading",
    "YearReading",
    "normalize_section",
]


class Basis(StrEnum):
    level = "level"
    cumulative = "cumulative"  # 累计
    new = "new"  # 新增 / 新培育
    per_year = "per_year"  # 每年


class Assessment(StrEnum):
    """How a target or trend clause is assessed (declared in the rulebook, never guessed from its words)."""

    goal = "goal"  # a level, count or share against a value (the default)
    coverage = "coverage"  # 全覆盖: a share that must reach the whole
    base_year_reduction = "base_year_reduction"  # 较2020年下降16%以上
    trend = "trend"  # 持续增加, 逐步提高, 稳中有升, 增速高于


class ClauseKind(StrEnum):
    target = "target"
    threshold = "threshold"
    ratio = "ratio"
    quota = "quota"
    balance = "balance"
    veto = "veto"
    bonus = "bonus"
    rubric = "rubric"
    policy = "policy"
    trend = "trend"
    list = "list"


_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Document(BaseModel):
    model_config = _FROZEN
    key: str
    prefix: str
    title: str
    issuer: str
    issued: date | None = None
    effective: date
    last_reviewed: date
    source: str
    note: str | None = None
    note_zh: str | None = Field(None, description="the note in Chinese (shown by default; `note` is the English)")


class DatedValue(BaseModel):
    """One value of a parameter and the day it takes effect: the law as first written, or a revision (修订).

    Written in the rulebook as ``values: [{from: 2021-04-27, value: 30}, {from: 2026-01-01, value: 32,
    reference: "…"}]``; the value in force on a date is the last one whose ``from`` is not after it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    from_: date = Field(alias="from", description="the day this value takes effect")
    value: Exact | None = None
    upper: Exact | None = Field(None, description="a range's upper end (default: the parameter's `upper`)")
    reference: str | None = Field(None, description="the document or notice that set this value (cited)")
    note: str | None = None
    note_zh: str | None = Field(None, description="the note in Chinese (shown by default; `note` is the English)")


class Parameter(BaseModel):
    """One number of the law (or an outside reference), with everything needed to apply and cite it.

    A parameter has one `value`, or dated `values` (revisions); `Rulebook.on` resolves a dated parameter to
    the value in force on a day (then `values` is empty and `dated` names the dated value it came from).
    """

    model_config = _FROZEN
    id: str = Field(description="<clause id>.<name>")
    clause: str
    name: str
    label: str = Field(description="Chinese name of the quantity")
    value: Exact | None = None
    values: tuple[DatedValue, ...] = Field((), description="dated values, oldest first (instead of `value`)")
    dated: DatedValue | None = Field(None, description="set by `Rulebook.on`: the dated value in force")
    unit: str = "dimensionless"
    unit_text: str | None = None
    comparison: Comparison
    word: str = Field(description="the Chinese word the comparison comes from (以上, 低于, 左右 …)")
    year: int | None = None
    basis: Basis = Basis.level
    aspirational: bool = Field(False, description="力争: reported as aspirational")
    upper: Exact | None = None
    against: str | None = Field(None, description="an outside reference the value is compared with")
    effective: date
    until: date | None = None
    last_reviewed: date
    note: str | None = None
    note_zh: str | None = Field(None, description="the note in Chinese (shown by default; `note` is the English)")

    def in_force(self, on: date) -> bool:
        return self.effective <= on and (self.until is None or on < self.until)

    def index_on(self, on: date) -> int:
        """Which of the dated `values` is in force on `on` (the first before it starts); -1 for one `value`."""
        if not self.values:
            return -1
        i = 0
        for j, v in enumerate(self.values):
            if v.from_ > on:
                break
            i = j
        return i

    def on(self, on: date) -> Parameter:
        """This parameter as in force on `on`: a dated one resolved to the single value of that day."""
        i = self.index_on(on)
        if i < 0:
            return self
        v = self.values[i]
        upper = v.upper if v.upper is not None else self.upper
        return self.model_copy(update={"value": v.value, "upper": upper, "values": (), "dated": v})

    def periods(self) -> list[tuple[date, date | None, Parameter]]:
        """(from, until, the parameter as in force then) for each value it has had: one for a single `value`."""
        if not self.values:
            return [(self.effective, self.until, self)]
        ends = [v.from_ for v in self.values[1:]] + [self.until]
        return [(v.from_, end, self.on(v.from_)) for v, end in zip(self.values, ends, strict=True)]

    @property
    def since(self) -> date:
        """The day the value this parameter holds took effect (its dated value's, else `effective`)."""
        return self.dated.from_ if self.dated is not None else self.effective


class Clause(BaseModel):
    model_config = _FROZEN
    id: str
    document: str
    section: str = Field(description="as written, e.g. 十（四）")
    title: str
    title_en: str
    kind: ClauseKind
    text: str = Field(description="the law's sentence, cleaned of extraction artefacts")
    parameters: tuple[Parameter, ...] = ()
    items: tuple[str, ...] = ()
    conditions: tuple[str, ...] = Field(
        (),
        description="facts the law attaches that the library cannot see (条件成熟, 发展较好): reported, never assumed",
    )
    readings: tuple[str, ...] = ()
    table_row: int | None = None
    discretionary: bool = Field(False, description="the law leaves the decision to officials (可适当放宽 …)")
    assessment: Assessment = Field(
        Assessment.goal,
        description="how a target is assessed: a goal level, a coverage, a base-year reduction, a trend",
    )
    note: str | None = None
    note_zh: str | None = Field(None, description="the note in Chinese (shown by default; `note` is the English)")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def section_normalized(self) -> str:
        return normalize_section(self.section)

    def param(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        from ..errors import UnknownIdError

        raise UnknownIdError("parameter", f"{self.id}.{name}", [p.id for p in self.parameters])


class _ReadingBase(BaseModel):
    """An interpretation the library takes where the law is ambiguous or discretionary."""

    model_config = _FROZEN
    id: str
    document: str
    title: str
    applies_to: tuple[str, ...]
    default: str
    rationale: str
    rationale_zh: str | None = Field(None, description="the rationale in Chinese")
    choices: dict[str, str] = Field(default_factory=dict, description="choice -> what it means")
    choices_zh: dict[str, str] = Field(default_factory=dict, description="choice -> what it means, in Chinese")
    unit: str | None = None

    def parse(self, raw: Any) -> Any:
        """The typed value of `raw` (a choice name or number); ValueError if it is not allowed."""
        val = str(raw)
        if val not in self.choices:
            from ..lang import say

            raise ValueError(say("override.not_a_choice", value=repr(val), choices=sorted(self.choices)))
        return val

    def check(self) -> None:
        self.parse(self.default)


class ChoiceReading(_ReadingBase):
    """One of named alternatives (e.g. dp.row1_scale: three_star_unset | merged_three_four)."""

    kind: Literal["choice"] = "choice"


class ComparisonReading(_ReadingBase):
    """Which comparison a clause's words mean (e.g. 稳中有升: nondecreasing | increasing); the value is a Comparison."""

    kind: Literal["comparison"]

    def parse(self, raw: Any) -> Comparison:
        return Comparison(super().parse(raw))

    def check(self) -> None:
        for c in self.choices:
            Comparison(c)
        super().check()


class YearReading(_ReadingBase):
    """A year the text leaves open: a calendar year ("2025"), or a named alternative ("none", "previous_year")."""

    kind: Literal["year"]

    def parse(self, raw: Any) -> int | str | None:
        val = super().parse(raw)
        if val == "none":
            return None
        return int(val) if val.isascii() and val.isdecimal() else val


class BasisReading(_ReadingBase):
    """Which basis a clause's count has (累计 ever reached, or the level in the year); the value is a Basis."""

    kind: Literal["basis"]

    def parse(self, raw: Any) -> Basis:
        return Basis(super().parse(raw))

    def check(self) -> None:
        for c in self.choices:
            Basis(c)
        super().check()


class ToleranceReading(_ReadingBase):
    """A number the text leaves open (e.g. the tolerance of 左右), in `unit`; any value may be given."""

    kind: Literal["tolerance"]

    def parse(self, raw: Any) -> Fraction:
        from ..units import normalize

        return normalize(raw, self.unit or "dimensionless", field=self.id, minimum=0)

    def check(self) -> None:
        self.parse(self.default)


Reading = Annotated[
    ChoiceReading | ComparisonReading | YearReading | ToleranceReading | BasisReading, Field(discriminator="kind")
]
"""A typed reading: `kind` says what its value is (choice, comparison, year, tolerance or basis)."""

READING: TypeAdapter[Any] = TypeAdapter(Reading)


class Excluded(BaseModel):
    model_config = _FROZEN
    section: str
    text: str
    why: str


class DocumentRules(BaseModel):
    model_config = _FROZEN
    document: Document
    clauses: tuple[Clause, ...]
    readings: tuple[Reading, ...] = ()
    excluded: tuple[Excluded, ...] = ()


# --------------------------------------------------------------------------- sections

_CN = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _cn_number(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN[s[1]]
    if len(s) == 2 and s[1] == "十":
        return _CN[s[0]] * 10
    if len(s) == 3 and s[1] == "十":
        return _CN[s[0]] * 10 + _CN[s[2]]
    return _CN[s]


_SECTION = re.compile(r"^([一二三四五六七八九十]+)[、]?(?:[（(]([一二三四五六七八九十\d]+)[)）]|(\d+)[.．]?)?$")


def normalize_section(section: str) -> str:
    """十（四） -> 10.4; 三、2. -> 3.2; 一 -> 1."""
    m = _SECTION.match(section.strip())
    if not m:
        raise ValueError(f"cannot normalize section {section!r}")
    parts = [str(_cn_number(m.group(1)))]
    sub = m.group(2) or m.group(3)
    if sub:
        parts.append(str(_cn_number(sub)))
    return ".".join(parts)
