"""The rulebook: every quantitative clause of both documents, loaded from YAML into frozen models.

Numbers live here, not in code: each parameter has its value (exact), unit, comparison and the
Chinese word it comes from, the year or period, its basis (累计/新增/每年), the date it takes
effect and when it was last reviewed. Interpretations of ambiguous text are named *readings*.

>>> rb = default_rulebook()
>>> rb.value("go.10.3.green_channel.max_intensity")
Fraction(13, 25)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter, ValidationError, computed_field

from ..errors import OverrideError, RulebookError, UnitError, UnknownIdError
from ..exact import Comparison, Exact, fmt, to_fraction

__all__ = [
    "Assessment",
    "Basis",
    "Clause",
    "ClauseKind",
    "Document",
    "DocumentRules",
    "Excluded",
    "Parameter",
    "Reading",
    "Rulebook",
    "ChoiceReading",
    "ComparisonReading",
    "ToleranceReading",
    "YearReading",
    "default_rulebook",
    "load_rulebook",
    "normalize_section",
]

T = TypeVar("T")

DATA_FILES = ("guiding-opinions-2022.yaml", "demo-park-plan.yaml")


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


class Parameter(BaseModel):
    """One number of the law (or an outside reference), with everything needed to apply and cite it."""

    model_config = _FROZEN
    id: str = Field(description="<clause id>.<name>")
    clause: str
    name: str
    label: str = Field(description="Chinese name of the quantity")
    value: Exact | None = None
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

    def in_force(self, on: date) -> bool:
        return self.effective <= on and (self.until is None or on < self.until)


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
    readings: tuple[str, ...] = ()
    table_row: int | None = None
    discretionary: bool = Field(False, description="the law leaves the decision to officials (可适当放宽 …)")
    assessment: Assessment = Field(
        Assessment.goal, description="how a target is assessed: a goal level, a coverage, a base-year reduction, a trend"
    )
    note: str | None = None

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
    choices: dict[str, str] = Field(default_factory=dict, description="choice -> what it means")
    unit: str | None = None

    def parse(self, raw: Any) -> Any:
        """The typed value of `raw` (a choice name or number); ValueError if it is not allowed."""
        val = str(raw)
        if val not in self.choices:
            raise ValueError(f"{val!r} is not one of {sorted(self.choices)}")
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


class ToleranceReading(_ReadingBase):
    """A number the text leaves open (e.g. the tolerance of 左右), in `unit`; any value may be given."""

    kind: Literal["tolerance"]

    def parse(self, raw: Any) -> Fraction:
        from ..units import normalize

        return normalize(raw, self.unit or "dimensionless", field=self.id, minimum=0)

    def check(self) -> None:
        self.parse(self.default)


Reading = Annotated[
    ChoiceReading | ComparisonReading | YearReading | ToleranceReading, Field(discriminator="kind")
]
"""A typed reading: `kind` says what its value is (choice, comparison, year or tolerance)."""

_READING: TypeAdapter[Any] = TypeAdapter(Reading)


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


# --------------------------------------------------------------------------- loading


class _ExactLoader(yaml.SafeLoader):
    """YAML loader that keeps floats as text so they become exact Fractions."""


def _float_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _float_as_text)


def _load_document(path: str, text: str) -> DocumentRules:
    try:
        raw = yaml.load(text, Loader=_ExactLoader)
    except yaml.YAMLError as exc:
        raise RulebookError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or "document" not in raw or "clauses" not in raw:
        raise RulebookError(f"{path}: expected top-level keys 'document' and 'clauses'")
    try:
        doc = Document.model_validate(raw["document"])
    except ValidationError as exc:
        raise RulebookError(f"{path}: document: {_first(exc)}") from None
    clauses = []
    for i, c in enumerate(raw["clauses"] or []):
        where = f"{path}: clause #{i + 1} ({c.get('id', '?') if isinstance(c, dict) else '?'})"
        if not isinstance(c, dict):
            raise RulebookError(f"{where}: expected a mapping")
        c = dict(c)
        params = []
        for j, p in enumerate(c.get("parameters") or []):
            if not isinstance(p, dict):
                raise RulebookError(f"{where}: parameter #{j + 1}: expected a mapping")
            p = dict(p)
            p.setdefault("effective", doc.effective)
            p.setdefault("last_reviewed", doc.last_reviewed)
            p["clause"] = c.get("id")
            p["id"] = f"{c.get('id')}.{p.get('name')}"
            params.append(p)
        c["parameters"] = params
        c["document"] = doc.key
        try:
            clause = Clause.model_validate(c)
            clause.section_normalized  # noqa: B018 - validates the section
        except (ValidationError, ValueError) as exc:
            msg = _first(exc) if isinstance(exc, ValidationError) else str(exc)
            raise RulebookError(f"{where}: {msg}") from None
        _check_clause(where, doc, clause)
        clauses.append(clause)
    readings = []
    for i, r in enumerate(raw.get("readings") or []):
        try:
            reading = _READING.validate_python({**r, "document": doc.key})
            reading.check()
            readings.append(reading)
        except (ValidationError, TypeError, ValueError) as exc:
            msg = _first(exc) if isinstance(exc, ValidationError) else str(exc)
            raise RulebookError(f"{path}: reading #{i + 1} ({r.get('id', '?')}): {msg}") from None
    excluded = []
    for i, e in enumerate(raw.get("excluded") or []):
        try:
            excluded.append(Excluded.model_validate(e))
        except ValidationError as exc:
            raise RulebookError(f"{path}: excluded #{i + 1}: {_first(exc)}") from None
    unknown = set(raw) - {"document", "clauses", "readings", "excluded"}
    if unknown:
        raise RulebookError(f"{path}: unknown top-level keys {sorted(unknown)}")
    return DocumentRules(document=doc, clauses=tuple(clauses), readings=tuple(readings), excluded=tuple(excluded))


def _first(exc: ValidationError) -> str:
    e = exc.errors(include_url=False)[0]
    loc = ".".join(str(x) for x in e["loc"])
    return f"{loc}: {e['msg']}" if loc else e["msg"]


def _check_clause(where: str, doc: Document, clause: Clause) -> None:
    from ..units import check_unit

    expected = f"{doc.prefix}.{clause.section_normalized}."
    if not clause.id.startswith(expected) or not re.fullmatch(r"[a-z0-9_]+", clause.id[len(expected) :]):
        raise RulebookError(f"{where}: id must look like {expected}<snake_case slug>")
    names = [p.name for p in clause.parameters]
    if len(set(names)) != len(names):
        raise RulebookError(f"{where}: duplicate parameter names {names}")
    for p in clause.parameters:
        pw = f"{where}: parameter {p.name!r}"
        try:
            check_unit(p.unit)
        except UnitError as exc:
            raise RulebookError(f"{pw}: {exc.problems[0].message}") from None
        needs_value = p.comparison not in (Comparison.nondecreasing, Comparison.increasing) and p.against is None
        if needs_value and p.value is None:
            raise RulebookError(f"{pw}: needs a value (or `against:` for an outside reference)")
        if p.comparison is Comparison.range and p.upper is None:
            raise RulebookError(f"{pw}: a range needs `upper`")
        if p.until is not None and p.until <= p.effective:
            raise RulebookError(f"{pw}: `until` must be after `effective`")
    if clause.kind is ClauseKind.list and not clause.items and not clause.parameters:
        raise RulebookError(f"{where}: a list needs items or a count parameter")


def load_rulebook(paths: list[str | Path] | None = None) -> Rulebook:
    """Load and validate rulebook files (default: the two bundled documents)."""
    docs = []
    if paths is None:
        pkg = resources.files(__package__)
        for name in DATA_FILES:
            docs.append(_load_document(f"zjpolicy/rulebook/{name}", pkg.joinpath(name).read_text(encoding="utf-8")))
    else:
        for p in paths:
            docs.append(_load_document(str(p), Path(p).read_text(encoding="utf-8")))
    return Rulebook.from_documents(docs)


@cache
def default_rulebook() -> Rulebook:
    """The bundled rulebook, loaded once and shared (it is immutable)."""
    return load_rulebook()


# --------------------------------------------------------------------------- the rulebook


class Rulebook(BaseModel):
    """All documents, clauses, parameters and readings; immutable. Overrides make a new one."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    documents: dict[str, DocumentRules]
    overrides: dict[str, str] = Field(default_factory=dict)
    reading_values: dict[str, str] = Field(default_factory=dict)

    _clauses: dict[str, Clause] = PrivateAttr(default_factory=dict)
    _params: dict[str, Parameter] = PrivateAttr(default_factory=dict)
    _readings: dict[str, Reading] = PrivateAttr(default_factory=dict)
    _memo: dict[Any, Any] = PrivateAttr(default_factory=dict)

    def model_post_init(self, __context: Any) -> None:
        for d in self.documents.values():
            for c in d.clauses:
                if c.id in self._clauses:
                    raise RulebookError(f"{d.document.key}: duplicate clause id {c.id}")
                self._clauses[c.id] = c
                for p in c.parameters:
                    self._params[p.id] = p
            for r in d.readings:
                if r.id in self._readings:
                    raise RulebookError(f"{d.document.key}: duplicate reading id {r.id}")
                self._readings[r.id] = r
        for d in self.documents.values():
            for c in d.clauses:
                for rid in c.readings:
                    if rid not in self._readings:
                        raise RulebookError(f"{d.document.key}: clause {c.id} names unknown reading {rid}")
            for r in d.readings:
                for cid in r.applies_to:
                    if cid not in self._clauses:
                        raise RulebookError(f"{d.document.key}: reading {r.id} applies to unknown clause {cid}")

    @classmethod
    def from_documents(cls, docs: list[DocumentRules]) -> Rulebook:
        return cls(documents={d.document.key: d for d in docs})

    # -- lookup
    @property
    def clauses(self) -> Mapping[str, Clause]:
        return self._clauses

    @property
    def parameters(self) -> Mapping[str, Parameter]:
        return self._params

    @property
    def readings(self) -> Mapping[str, Reading]:
        return self._readings

    def clause(self, clause_id: str) -> Clause:
        try:
            return self._clauses[clause_id]
        except KeyError:
            raise UnknownIdError("clause", clause_id, list(self._clauses)) from None

    def param(self, param_id: str) -> Parameter:
        try:
            return self._params[param_id]
        except KeyError:
            raise UnknownIdError("parameter", param_id, list(self._params)) from None

    def value(self, param_id: str) -> Fraction:
        """A parameter's number; RulebookError if it has none (it is compared with an outside reference)."""
        v = self.param(param_id).value
        if v is None:
            raise RulebookError(f"parameter {param_id!r} has no numeric value (it is compared with an outside reference)")
        return v

    def reading_def(self, reading_id: str) -> Reading:
        try:
            return self._readings[reading_id]
        except KeyError:
            raise UnknownIdError("reading", reading_id, list(self._readings)) from None

    def reading(self, reading_id: str) -> str:
        """The value of a reading as text: the override if any, else its default."""
        return self.reading_values.get(reading_id, self.reading_def(reading_id).default)

    def reading_value(self, reading_id: str) -> Any:
        """The typed value of a reading (a Comparison, a year, a Fraction or a choice name)."""
        return self.memo(("reading", reading_id), lambda: self.reading_def(reading_id).parse(self.reading(reading_id)))

    def reading_number(self, reading_id: str) -> Fraction:
        return to_fraction(self.reading(reading_id))

    def memo(self, key: Any, make: Callable[[], T]) -> T:
        """A value derived from this rulebook, computed once; it lives and dies with this (immutable) rulebook."""
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = make()
            return value

    def is_default(self, reading_id: str) -> bool:
        return reading_id not in self.reading_values

    def document_of(self, clause_id: str) -> Document:
        return self.documents[self.clause(clause_id).document].document

    # -- what-if
    def with_overrides(self, overrides: Mapping[str, Any]) -> Rulebook:
        """A new rulebook with some parameter values or readings replaced; this one is unchanged.

        Keys are parameter ids (``go.10.3.green_channel.max_intensity``) or reading ids
        (``dp.row1_scale``). Parameter values may carry a unit ("0.5 tce/万元").
        """
        if not overrides:
            return self
        from ..units import normalize

        docs = {k: v for k, v in self.documents.items()}
        new_readings = dict(self.reading_values)
        new_overrides = dict(self.overrides)
        changed: dict[str, Parameter] = {}
        for key, raw in overrides.items():
            if key in self._readings:
                r = self._readings[key]
                try:
                    typed = r.parse(raw)
                except (ValueError, TypeError) as exc:
                    raise OverrideError(f"reading {key}: {exc}") from None
                val = fmt(typed) if isinstance(typed, Fraction) else str(raw)
                new_readings[key] = val
                new_overrides[key] = val
            elif key in self._params:
                p = self._params[key]
                try:
                    v = normalize(raw, p.unit, field=key, clause=p.clause, minimum=None)
                except Exception as exc:
                    raise OverrideError(f"parameter {key}: {exc}") from None
                changed[key] = p.model_copy(update={"value": v})
                new_overrides[key] = fmt(v) or ""
            else:
                raise OverrideError(
                    f"{key!r} is neither a parameter nor a reading; see `zjpolicy clauses` for the ids"
                )
        if changed:
            for dkey, d in docs.items():
                if any(p.clause in {c.id for c in d.clauses} for p in changed.values()):
                    clauses = tuple(
                        c.model_copy(update={"parameters": tuple(changed.get(p.id, p) for p in c.parameters)})
                        for c in d.clauses
                    )
                    docs[dkey] = d.model_copy(update={"clauses": clauses})
        return Rulebook(documents=docs, overrides=new_overrides, reading_values=new_readings)

    # -- audit
    def digest(self, param_ids: tuple[str, ...], reading_ids: tuple[str, ...] = ()) -> str:
        """SHA-256 of exactly these parameters and readings as used (values, units, comparisons, dates)."""
        return self.memo(("digest", param_ids, reading_ids), lambda: self._digest(param_ids, reading_ids))

    def _digest(self, param_ids: tuple[str, ...], reading_ids: tuple[str, ...]) -> str:
        payload = {
            "parameters": {
                pid: self._params[pid].model_dump(mode="json", exclude={"note", "last_reviewed", "label"})
                for pid in sorted(param_ids)
            },
            "readings": {rid: self.reading(rid) for rid in sorted(reading_ids)},
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()
