"""The rulebook: every quantitative clause of both documents, loaded from YAML into frozen models.

Numbers live here, not in code: each parameter has its value (exact), unit, comparison and the
Chinese word it comes from, the year or period, its basis (累计/新增/每年), the date it takes
effect and when it was last reviewed. Interpretations of ambiguous text are named *readings*.

>>> rb = default_rulebook()
>>> rb.value("go.10.3.green_channel.max_intensity")
Fraction(13, 25)

A parameter may have dated values (the province revises a standard: ``values: [{from: …, value: …}, …]``);
`Rulebook.on` gives the rulebook as in force on a day, every dated parameter resolved to its single value.
Rules call it with their ``as_of``, so a rule body, and the digest of a result, see only the value used.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..errors import OverrideError, RulebookError, UnknownIdError, as_of_date
from ..exact import fmt, to_fraction
from ..lang import say
from .load import DATA_FILES, default_rulebook, load_rulebook
from .schema import (
    Assessment,
    Basis,
    ChoiceReading,
    Clause,
    ClauseKind,
    ComparisonReading,
    DatedValue,
    Document,
    DocumentRules,
    Excluded,
    Parameter,
    Reading,
    ToleranceReading,
    YearReading,
    normalize_section,
)

__all__ = [
    "DATA_FILES",
    "Assessment",
    "Basis",
    "ChoiceReading",
    "Clause",
    "ClauseKind",
    "ComparisonReading",
    "DatedValue",
    "Document",
    "DocumentRules",
    "Excluded",
    "InForce",
    "Parameter",
    "Reading",
    "Rulebook",
    "ToleranceReading",
    "YearReading",
    "default_rulebook",
    "load_rulebook",
    "normalize_section",
]

T = TypeVar("T")
WHAT_IF_CACHE = 32  # what-if rulebooks kept per rulebook (least recently used dropped first)
_LOCK = threading.Lock()  # the what-if cache is shared by the threads that use one rulebook
_NOT_DIGESTED = frozenset(
    {"note", "note_zh", "last_reviewed", "label", "dated"}
)  # prose, and where a dated value came from


@dataclass(frozen=True)
class InForce:
    """A parameter as in force on a day: its value then, the day that value took effect, and until when."""

    parameter: Parameter
    since: date
    until: date | None
    reference: str | None

    @property
    def id(self) -> str:
        return self.parameter.id

    def same_value(self, other: InForce) -> bool:
        """The same number (and upper end, comparison, unit): what a decision depends on."""
        a, b = self.parameter, other.parameter
        return (a.value, a.upper, a.comparison, a.unit, a.against) == (
            b.value,
            b.upper,
            b.comparison,
            b.unit,
            b.against,
        )


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
    _dated: tuple[str, ...] = PrivateAttr(default=())

    def model_post_init(self, __context: Any) -> None:
        # the indexes are filled through locals: a private attribute of a pydantic model is a slow lookup
        clauses, params, readings = self._clauses, self._params, self._readings
        dated = []
        for d in self.documents.values():
            for c in d.clauses:
                if c.id in clauses:
                    raise RulebookError(f"{d.document.key}: duplicate clause id {c.id}")
                clauses[c.id] = c
                for p in c.parameters:
                    params[p.id] = p
                    if p.values:
                        dated.append(p.id)
            for r in d.readings:
                if r.id in readings:
                    raise RulebookError(f"{d.document.key}: duplicate reading id {r.id}")
                readings[r.id] = r
        for d in self.documents.values():
            for c in d.clauses:
                for rid in c.readings:
                    if rid not in readings:
                        raise RulebookError(f"{d.document.key}: clause {c.id} names unknown reading {rid}")
            for r in d.readings:
                for cid in r.applies_to:
                    if cid not in clauses:
                        raise RulebookError(f"{d.document.key}: reading {r.id} applies to unknown clause {cid}")
        self._dated = tuple(dated)

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
        p = self.param(param_id)
        v = p.value
        if v is None and p.values:
            raise RulebookError(
                f"parameter {param_id!r} has dated values; ask the rulebook as in force on a day "
                "(`rulebook.on(as_of).value(...)`)"
            )
        if v is None:
            raise RulebookError(
                f"parameter {param_id!r} has no numeric value (it is compared with an outside reference)"
            )
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
        """A value derived from this rulebook, computed once; it lives and dies with this (immutable) rulebook.

        Safe across threads: two threads may both compute it, and both get the one stored first.
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            return self._memo.setdefault(key, make())  # type: ignore[no-any-return]

    def is_default(self, reading_id: str) -> bool:
        return reading_id not in self.reading_values

    def document_of(self, clause_id: str) -> Document:
        return self.documents[self.clause(clause_id).document].document

    # -- dated values
    @property
    def dated(self) -> tuple[str, ...]:
        """The ids of the parameters with dated values (revisions), in rulebook order."""
        return self._dated

    def on(self, as_of: date | str) -> Rulebook:
        """This rulebook as in force on `as_of`: every dated parameter resolved to the value of that day.

        A rulebook without dated values is its own; otherwise the resolved rulebook is kept on this one, one per
        combination of values in force (so every day between two revisions shares one rulebook and its memos).
        """
        as_of = as_of_date(as_of)
        if not self._dated:
            return self
        key = tuple(self._params[pid].index_on(as_of) for pid in self._dated)
        resolved: dict[tuple[int, ...], Rulebook] = self.memo(("on",), dict)
        hit = resolved.get(key)
        if hit is None:
            changed = {pid: self._params[pid].on(as_of) for pid in self._dated}
            made = Rulebook(
                documents=self._replace(changed), overrides=self.overrides, reading_values=self.reading_values
            )
            hit = resolved.setdefault(key, made)
        return hit

    def in_force_on(self, as_of: date, ids: tuple[str, ...] | None = None) -> dict[str, InForce]:
        """The parameters in force on `as_of` (or only `ids`), each with its value then and since when."""
        out = {}
        for pid in self._params if ids is None else ids:
            p = self.param(pid)
            if not p.in_force(as_of):
                continue
            r = p.on(as_of)
            until = p.until
            if r.dated is not None:
                later = [v.from_ for v in p.values if v.from_ > as_of]
                until = min([*later, *([p.until] if p.until else [])], default=None)
            out[pid] = InForce(r, r.since, until, r.dated.reference if r.dated is not None else None)
        return out

    def _replace(self, changed: Mapping[str, Parameter]) -> dict[str, DocumentRules]:
        """The documents with some parameters replaced (by id)."""
        docs = dict(self.documents)
        clauses_changed = {p.clause for p in changed.values()}
        for dkey, d in docs.items():
            if any(c.id in clauses_changed for c in d.clauses):
                clauses = tuple(
                    c.model_copy(update={"parameters": tuple(changed.get(p.id, p) for p in c.parameters)})
                    if c.id in clauses_changed
                    else c
                    for c in d.clauses
                )
                docs[dkey] = d.model_copy(update={"clauses": clauses})
        return docs

    # -- what-if
    def with_overrides(self, overrides: Mapping[str, Any]) -> Rulebook:
        """A new rulebook with some parameter values or readings replaced; this one is unchanged.

        Keys are parameter ids (``go.10.3.green_channel.max_intensity``) or reading ids
        (``dp.row1_scale``). Parameter values may carry a unit ("0.5 tce/万元"). An override of a parameter
        with dated values replaces all of them (the value holds on every day).
        """
        if not overrides:
            return self
        if not isinstance(overrides, Mapping):
            raise OverrideError(say("override.not_mapping", kind=type(overrides).__name__))
        try:
            key = tuple(sorted((str(k), type(v).__name__, repr(v)) for k, v in overrides.items()))
        except (TypeError, ValueError):  # a value without a usable repr (an integer too long to print)
            return self._with_overrides(overrides)
        # the last few what-if rulebooks are kept on this one: repeated calls with the same overrides are cheap,
        # and a long run of distinct what-ifs keeps memory bounded
        recent: OrderedDict[Any, Rulebook] = self.memo(("what-if",), OrderedDict)
        with _LOCK:
            hit = recent.get(key)
            if hit is not None:
                recent.move_to_end(key)
                return hit
        made = self._with_overrides(overrides)  # built outside the lock: other threads are not held up
        with _LOCK:
            hit = recent.setdefault(key, made)
            recent.move_to_end(key)
            while len(recent) > WHAT_IF_CACHE:
                recent.popitem(last=False)
        return hit

    def _with_overrides(self, overrides: Mapping[str, Any]) -> Rulebook:
        from ..units import normalize

        new_readings = dict(self.reading_values)
        new_overrides = dict(self.overrides)
        changed: dict[str, Parameter] = {}
        for key, raw in overrides.items():
            if not isinstance(key, str):
                raise OverrideError(say("override.key_not_text", key=repr(key)))
            if key in self._readings:
                r = self._readings[key]
                try:
                    typed = r.parse(raw)
                except Exception as exc:  # whatever the value: an override is the caller's data, never a crash
                    raise OverrideError(say("override.reading", key=key, why=str(exc) or type(exc).__name__)) from None
                val = (fmt(typed) or "") if isinstance(typed, Fraction) else str(raw)
                new_readings[key] = val
                new_overrides[key] = val
            elif key in self._params:
                p = self._params[key]
                try:
                    v = normalize(raw, p.unit, field=key, clause=p.clause, minimum=None)
                except Exception as exc:  # whatever the value: an override is the caller's data, never a crash
                    raise OverrideError(
                        say("override.parameter", key=key, why=str(exc) or type(exc).__name__)
                    ) from None
                changed[key] = p.model_copy(update={"value": v, "values": (), "dated": None})
                new_overrides[key] = fmt(v) or ""
            else:
                raise OverrideError(say("override.unknown", key=repr(key)))
        docs = self._replace(changed) if changed else self.documents
        return Rulebook(documents=docs, overrides=new_overrides, reading_values=new_readings)

    # -- audit
    def digest(self, param_ids: tuple[str, ...], reading_ids: tuple[str, ...] = ()) -> str:
        """SHA-256 of exactly these parameters and readings as used (values, units, comparisons, dates)."""
        return self.memo(("digest", param_ids, reading_ids), lambda: self._digest(param_ids, reading_ids))

    def _digest(self, param_ids: tuple[str, ...], reading_ids: tuple[str, ...]) -> str:
        payload = {
            "parameters": {pid: _digested(self._params[pid]) for pid in sorted(param_ids)},
            "readings": {rid: self.reading(rid) for rid in sorted(reading_ids)},
        }
        blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()


def _digested(p: Parameter) -> dict[str, Any]:
    """What the digest covers of a parameter: its value as used, unit, comparison, dates (no prose).

    A parameter resolved on a day (`Rulebook.on`) is digested like one with that single `value`, so adding a
    revision leaves the digest of the days before it unchanged; unresolved dated values are all covered.
    """
    if p.values:
        exclude: dict[str, Any] = {k: True for k in _NOT_DIGESTED}
        exclude["values"] = {"__all__": {"note", "note_zh", "reference"}}
        return p.model_dump(mode="json", exclude=exclude)
    return p.model_dump(mode="json", exclude={*_NOT_DIGESTED, "values"})
