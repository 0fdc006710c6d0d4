"""Versioned rules: a small registry of rule functions, each tied to the clauses it implements.

A rule declares an id, a version and its clause ids; the period it is in force is derived from
those clauses' parameters (effective/until dates live in the rulebook, not here). Calling a rule
on an `as_of` outside that period raises `zjpolicy.errors.NotInForceError`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, NotInForceError
from .results import Check, Citation, ReadingUsed, RuleResult
from .rulebook import Parameter, Rulebook, default_rulebook

__all__ = ["RULE_PACKAGES", "Context", "Rule", "all_rules", "get_rule", "rule"]

R = TypeVar("R", bound=RuleResult)
I = TypeVar("I", bound=BaseModel)  # noqa: E741

RULE_PACKAGES = ("zjpolicy.rubric", "zjpolicy.land_energy", "zjpolicy.targets")
_REGISTRY: dict[str, Rule[Any, Any]] = {}


@dataclass
class Context:
    """What a rule body sees: the rulebook (with any overrides), the date and the rule itself."""

    rule: Rule[Any, Any]
    rulebook: Rulebook
    as_of: date
    inputs: BaseModel
    options: dict[str, Any] = field(default_factory=dict)

    def param(self, param_id: str) -> Parameter:
        return self.rulebook.param(param_id)

    def reading(self, reading_id: str) -> str:
        return self.rulebook.reading(reading_id)

    def audit(self, *, readings: tuple[str, ...] | None = None) -> dict[str, Any]:
        """The audit fields every result carries; spread into the result model."""
        from . import __version__

        rb = self.rulebook
        rids = self.rule.readings if readings is None else readings
        return {
            "rule": self.rule.id,
            "rule_version": self.rule.version,
            "package_version": __version__,
            "parameters_digest": self.rule.digest(rb),
            "as_of": self.as_of,
            "inputs": self.inputs.model_dump(mode="json"),
            "options": {
                k: (v.model_dump(mode="json") if isinstance(v, BaseModel) else v)
                for k, v in self.options.items()
                if v is not None
            },
            "overrides": dict(rb.overrides),
            "readings": self.rule.readings_used(rb) if readings is None else [
                ReadingUsed(id=r, value=rb.reading(r), is_default=rb.is_default(r), title=rb.readings[r].title)
                for r in rids
            ],
            "citations": self.rule.citations(rb),
        }


@dataclass
class Rule(Generic[I, R]):
    """A registered rule function. Call it like the function it wraps, with `as_of=` required."""

    id: str
    version: str
    clauses: tuple[str, ...]
    input_model: type[I]
    result_model: type[R]
    fn: Callable[..., R]
    readings: tuple[str, ...] = ()
    _cache: dict[int, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.__doc__ = self.fn.__doc__
        self.__name__ = self.fn.__name__
        self.__wrapped__ = self.fn

    # -- derived from the rulebook, cached per rulebook object (rulebooks are immutable)
    def _derived(self, rb: Rulebook) -> tuple[date, date | None, str, list[Citation], list[ReadingUsed]]:
        key = id(rb)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is rb:
            return hit[1]
        params = [p for cid in self.clauses for p in rb.clause(cid).parameters]
        docs = [rb.document_of(cid) for cid in self.clauses]
        start = max([d.effective for d in docs] + [p.effective for p in params])
        ends = [p.until for p in params if p.until is not None]
        end = min(ends) if ends else None
        digest = rb.digest(tuple(p.id for p in params), self.readings)
        cites = []
        for cid in self.clauses:
            c = rb.clause(cid)
            cites.append(
                Citation(
                    clause=c.id,
                    document=c.document,
                    section=c.section,
                    section_normalized=c.section_normalized,
                    text=c.text,
                )
            )
        used = [
            ReadingUsed(id=r, value=rb.reading(r), is_default=rb.is_default(r), title=rb.readings[r].title)
            for r in self.readings
        ]
        value = (start, end, digest, cites, used)
        self._cache[key] = (rb, value)
        return value

    def in_force(self, rulebook: Rulebook | None = None) -> tuple[date, date | None]:
        start, end, *_ = self._derived(rulebook or default_rulebook())
        return start, end

    def digest(self, rulebook: Rulebook) -> str:
        return self._derived(rulebook)[2]

    def citations(self, rulebook: Rulebook) -> list[Citation]:
        return list(self._derived(rulebook)[3])

    def readings_used(self, rulebook: Rulebook) -> list[ReadingUsed]:
        return list(self._derived(rulebook)[4])

    def __call__(
        self,
        inputs: I | Mapping[str, Any],
        /,
        *,
        as_of: date,
        rulebook: Rulebook | None = None,
        overrides: Mapping[str, Any] | None = None,
        **options: Any,
    ) -> R:
        rb = rulebook or default_rulebook()
        if overrides:
            rb = rb.with_overrides(overrides)
        if not isinstance(as_of, date):
            raise TypeError(f"as_of must be a datetime.date, got {type(as_of).__name__}")
        start, end, *_ = self._derived(rb)
        if as_of < start or (end is not None and as_of >= end):
            until = f" until {end}" if end else ""
            raise NotInForceError(
                f"rule {self.id} v{self.version} is in force from {start}{until}; "
                f"as_of={as_of} is outside that period (clauses: {', '.join(self.clauses)})"
            )
        if not isinstance(inputs, self.input_model):
            try:
                inputs = self.input_model.model_validate(inputs)
            except ValidationError as exc:
                raise InputError.from_validation_error(exc) from None
        return self.fn(inputs, Context(self, rb, as_of, inputs, options), **options)


def rule(
    *,
    id: str,
    version: str,
    clauses: tuple[str, ...] | list[str],
    input_model: type[I],
    result_model: type[R],
    readings: tuple[str, ...] | list[str] = (),
) -> Callable[[Callable[..., R]], Rule[I, R]]:
    """Register a rule body ``fn(inputs, ctx, **options) -> result``."""

    def deco(fn: Callable[..., R]) -> Rule[I, R]:
        if id in _REGISTRY:
            raise ValueError(f"rule {id} registered twice")
        r = Rule(
            id=id,
            version=version,
            clauses=tuple(clauses),
            input_model=input_model,
            result_model=result_model,
            fn=fn,
            readings=tuple(readings),
        )
        _REGISTRY[id] = r
        return r

    return deco


def all_rules() -> dict[str, Rule[Any, Any]]:
    """Every registered rule (imports the rule packages that exist)."""
    for pkg in RULE_PACKAGES:
        try:
            importlib.import_module(pkg)
        except ModuleNotFoundError as exc:
            if exc.name != pkg:
                raise
    return dict(_REGISTRY)


def get_rule(rule_id: str) -> Rule[Any, Any]:
    rules = all_rules()
    try:
        return rules[rule_id]
    except KeyError:
        raise KeyError(f"no rule {rule_id!r}; known: {', '.join(sorted(rules))}") from None


def check_from_param(
    p: Parameter,
    value: Any,
    *,
    name: str | None = None,
    met: bool | None,
    margin: Any = None,
    threshold: Any = None,
    note: str | None = None,
) -> Check:
    """A Check that cites parameter `p` (threshold defaults to the parameter's value)."""
    return Check(
        name=name or p.name,
        label=p.label,
        value=value,
        threshold=p.value if threshold is None else threshold,
        upper=p.upper,
        unit=p.unit,
        comparison=p.comparison,
        word=p.word,
        met=met,
        margin=margin,
        clause=p.clause,
        parameter=p.id,
        note=note,
    )
