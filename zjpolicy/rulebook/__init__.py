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
from collections import OrderedDict
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ..errors import OverrideError, RulebookError, UnknownIdError
from ..exact import fmt, to_fraction
from .load import DATA_FILES, default_rulebook, load_rulebook
from .schema import (
    Assessment,
    Basis,
    ChoiceReading,
    Clause,
    ClauseKind,
    ComparisonReading,
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
    "Document",
    "DocumentRules",
    "Excluded",
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
        try:
            key = tuple(sorted((str(k), repr(v)) for k, v in overrides.items()))
        except TypeError:
            return self._with_overrides(overrides)
        # the last few what-if rulebooks are kept on this one: repeated calls with the same overrides are cheap,
        # and a long run of distinct what-ifs keeps memory bounded
        recent: OrderedDict[Any, Rulebook] = self.memo(("what-if",), OrderedDict)
        hit = recent.get(key)
        if hit is None:
            hit = recent[key] = self._with_overrides(overrides)
            while len(recent) > WHAT_IF_CACHE:
                recent.popitem(last=False)
        else:
            recent.move_to_end(key)
        return hit

    def _with_overrides(self, overrides: Mapping[str, Any]) -> Rulebook:
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
                val = (fmt(typed) or "") if isinstance(typed, Fraction) else str(raw)
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
                raise OverrideError(f"{key!r} is neither a parameter nor a reading; see `zjpolicy clauses` for the ids")
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
