"""Versioned rules: plain typed functions under a decorator that only annotates.

``@rule(...)`` returns a `Rule` wrapping the function; it registers nothing (rules are found through
`zjpolicy.catalogue`). A rule declares an id, a version, its clauses and the legal tests it applies
(`zjpolicy.quantities.Test`: an input quantity against a parameter). The engine turns a declared test into a
`Check` (compare, margin, citation) with ``ctx.check(name)``, and ``ctx.result(...)`` adds the audit fields and a
default outcome, so a rule body holds only what the law adds. The period a rule is in force is derived from its
clauses' parameters (dates live in the rulebook); calling it on an `as_of` outside that period raises
`zjpolicy.errors.NotInForceError`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import InputError, NotInForceError, RulebookError, UnknownIdError, as_of_date
from .exact import Comparison, compare, margin
from .lang import Lang, language, say, use_language
from .quantities import Test
from .results import Check, Citation, ReadingUsed, RuleResult, built, check
from .rulebook import Parameter, Rulebook, default_rulebook

__all__ = ["DEFER", "Context", "Rule", "all_rules", "condition", "get_rule", "rule"]

DEFER = True
"""Rules that can decide first (`Context.deferred`) do, and complete their explanation on first use; False: every
result is built with its explanation. The results are the same either way (equal, the same JSON); tests compare."""

R = TypeVar("R", bound=RuleResult)
I = TypeVar("I", bound=BaseModel)  # noqa: E741


@dataclass(frozen=True)
class _Derived:
    """What a rule needs from one rulebook, computed once per rulebook (kept on the rulebook)."""

    start: date
    end: date | None
    digest: str
    citations: tuple[Citation, ...]
    readings: tuple[ReadingUsed, ...]
    tests: Mapping[str, tuple[Test, Parameter]] = field(default_factory=dict)  # each declared test, its parameter


@dataclass
class Context:
    """What a rule body sees: the rulebook (with any overrides), the date, the inputs and the rule itself."""

    rule: Rule[Any, Any]
    rulebook: Rulebook
    as_of: date
    inputs: BaseModel
    options: dict[str, Any] = field(default_factory=dict)
    lang: Lang = "zh"  # the language of the outcome and explanation (prose only)
    defer: bool = True  # False: the call that completes a deferred result (see `deferred`)

    @property
    def defers(self) -> bool:
        """May the body decide first and leave its explanation to `deferred`? (Not when completing one, nor with
        `zjpolicy.rules.DEFER` off.)"""
        return self.defer and DEFER

    def deferred(self, *, later: tuple[str, ...] = (), **fields: Any) -> Any:
        """The rule's result (a `DeferredResult` model) holding the audit fields and the decision `fields` now;
        the inputs, the checks, the outcome unless given, and the fields named in `later` are completed on first
        use by running the rule body again, eagerly, on the same inputs, rulebook and options.

        The eager body must give `ctx.result` the same fields (a disagreement is an error, never a result)."""
        values = {**self.audit(inputs=False), **fields}
        given = {*values, "inputs", "checks", "outcome", *later}
        return self.rule.result_model.deferred(  # type: ignore[attr-defined]
            values, self._complete, given
        )

    def _complete(self) -> Any:
        with use_language(self.lang):  # completed later, perhaps elsewhere: in the call's language
            return self.rule.fn(self.inputs, replace(self, defer=False), **self.options)

    def declared(self, name: str) -> tuple[Test, Parameter]:
        """A declared test and its parameter in this rulebook."""
        found = self.rule.derived(self.rulebook).tests.get(name)
        if found is None:
            t = self.rule.test(name)  # not declared: UnknownIdError
            return t, self.param(t.param)
        return found

    def param(self, param: str) -> Parameter:
        """A parameter by id, or by name within the rule's first clause."""
        return self.rulebook.param(param if "." in param else f"{self.rule.clauses[0]}.{param}")

    def reading(self, reading_id: str) -> Any:
        """The typed value of a reading (see `Rulebook.reading_value`)."""
        return self.rulebook.reading_value(reading_id)

    def check(self, name: str, *, note: str | None = None) -> Check:
        """The Check of the declared test `name`, on this call's inputs."""
        t, p = self.declared(name)
        value = t.value.of(self.inputs, p.unit)
        return self.test(p, value, name=t.name, indicator=t.name, level=t.level, note=note)

    def test(
        self,
        param: Parameter | str,
        value: Fraction | None,
        *,
        name: str | None = None,
        indicator: str | None = None,
        level: int | None = None,
        threshold: Fraction | None = None,
        comparison: Comparison | None = None,
        tolerance: Fraction | None = None,
        note: str | None = None,
    ) -> Check:
        """Compare `value` with a parameter (or `threshold`, for an outside reference) exactly, as a Check.

        `value` None gives an undecided check (no data). A parameter with no number and no `threshold` is a
        `RulebookError`: a rulebook without a needed value is a defect of the data, never guessed.
        """
        p = self.param(param) if isinstance(param, str) else param
        limit = p.value if threshold is None else threshold
        op = comparison or p.comparison
        if limit is None:
            raise RulebookError(say("error.no_threshold", parameter=p.id, rule=self.rule.id))
        met = None if value is None else compare(value, op, limit, upper=p.upper, tolerance=tolerance)
        return check(  # a Check, built without revalidation when the values are already Fractions
            name=name or p.name,
            label=p.label,
            indicator=indicator,
            level=level,
            value=value,
            threshold=limit,
            upper=p.upper,
            unit=p.unit,
            comparison=op,
            word=p.word,
            met=met,
            margin=None if value is None else margin(value, op, limit),
            clause=p.clause,
            parameter=p.id,
            note=note,
        )

    def audit(self, *, inputs: bool = True) -> dict[str, Any]:
        """The audit fields every result carries; spread into the result model (``inputs=False``: all but the
        inputs, for a result that completes them on first use)."""
        from . import __version__

        rb = self.rulebook
        d = self.rule.derived(rb)
        out = {
            "rule": self.rule.id,
            "rule_version": self.rule.version,
            "package_version": __version__,
            "parameters_digest": d.digest,
            "as_of": self.as_of,
            "lang": self.lang,
        }
        if inputs:
            out["inputs"] = self.inputs.model_dump(mode="json")
        out["options"] = {
            k: (v.model_dump(mode="json") if isinstance(v, BaseModel) else v)
            for k, v in self.options.items()
            if v is not None
        }
        out["overrides"] = dict(rb.overrides)
        out["readings"] = list(d.readings)
        out["citations"] = list(d.citations)
        return out

    def result(self, *, checks: list[Check], outcome: str | None = None, **fields: Any) -> Any:
        """The rule's result: audit fields, the checks, and `outcome` (default: derived from the checks)."""
        return self.rule.result_model(
            **self.audit(), checks=checks, outcome=outcome or default_outcome(checks), **fields
        )


def default_outcome(checks: list[Check]) -> str:
    """'met' when every check is met, else the checks that are not, with their shortfall."""
    failed = [c for c in checks if c.met is False]
    sep = say("core.list_separator")
    if not failed:
        return say("core.outcome.met", tests=sep.join(c.describe() for c in checks)) if checks else say("core.met")
    return say("core.outcome.not_met", tests=sep.join(c.describe() + _short(c) for c in failed))


def _short(c: Check) -> str:
    from .results import _num, _u

    if c.margin is None:
        return ""
    if c.margin == 0:
        return say("core.equal_is_strict", word=c.word)
    return say("core.short_by", gap=f"{_num(-c.margin)}{_u(c.unit)}")


_ONE, _ZERO = Fraction(1), Fraction(0)  # immutable: shared by every condition's Check
_CONDITION_SET = frozenset({"name", "label", "indicator", "value", "threshold", "comparison", "word", "met"})
_CONDITION_SET |= {"clause", "note"}  # the fields a condition gives (the rest keep their defaults)


def condition(name: str, label: str, met: bool, *, clause: str, word: str = "", note: str | None = None) -> Check:
    """A yes/no condition of the law (新上项目, 在……前提下) as a Check: value 1 (yes) or 0 (no), required = 1."""
    values: dict[str, Any] = {
        "name": name,
        "label": label,
        "indicator": name,
        "level": None,
        "value": _ONE if met else _ZERO,
        "threshold": _ONE,
        "upper": None,
        "unit": "",
        "comparison": Comparison.eq,
        "word": word,
        "met": met,
        "margin": None,
        "clause": clause,
        "parameter": None,
        "note": note if note is not None else say("core.condition_note"),
    }
    if type(met) is bool and type(name) is type(label) is type(word) is type(clause) is type(values["note"]) is str:
        return built(Check, values, fields_set=set(_CONDITION_SET))  # what Check(...) with these fields gives
    return Check(**{k: values[k] for k in _CONDITION_SET})


@dataclass(eq=False)
class Rule(Generic[I, R]):
    """A rule function with its declaration. Call it like the function it wraps, with `as_of=` required."""

    id: str
    version: str
    clauses: tuple[str, ...]
    input_model: type[I]
    result_model: type[R]
    fn: Callable[..., R]
    readings: tuple[str, ...] = ()
    tests: tuple[Test, ...] = ()
    _last: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.__doc__ = self.fn.__doc__
        self.__name__ = self.fn.__name__
        self.__wrapped__ = self.fn
        names = [t.name for t in self.tests]
        if len(set(names)) != len(names):
            raise ValueError(f"rule {self.id}: two declared tests share a name ({names})")

    def test(self, name: str) -> Test:
        for t in self.tests:
            if t.name == name:
                return t
        raise UnknownIdError("declared test", f"{self.id}:{name}", [t.name for t in self.tests])

    def derived(self, rb: Rulebook) -> _Derived:
        last = self._last  # the rulebook of the last call (weakly held), and what was derived from it
        if last is not None and last[0]() is rb:
            return last[1]  # type: ignore[no-any-return]
        d = rb.memo(("rule", self.id, self.version, self.clauses), lambda: self._derive(rb))
        self._last = (weakref.ref(rb), d)
        return d

    def _derive(self, rb: Rulebook) -> _Derived:
        clauses = [rb.clause(cid) for cid in self.clauses]
        params = [p for c in clauses for p in c.parameters]
        for t in self.tests:  # a declared test needs its parameter: checked when the rule meets the rulebook
            pid = t.param if "." in t.param else f"{self.clauses[0]}.{t.param}"
            if pid not in rb.parameters:
                raise RulebookError(f"rule {self.id} declares test {t.name!r} on {pid}, which the rulebook lacks")
        tests = {
            t.name: (t, rb.param(t.param if "." in t.param else f"{self.clauses[0]}.{t.param}")) for t in self.tests
        }
        docs = [rb.document_of(cid) for cid in self.clauses]
        ends = [p.until for p in params if p.until is not None]
        return _Derived(
            start=max([d.effective for d in docs] + [p.effective for p in params]),
            end=min(ends) if ends else None,
            digest=rb.digest(tuple(p.id for p in params), self.readings),
            citations=tuple(
                Citation(
                    clause=c.id,
                    document=c.document,
                    section=c.section,
                    section_normalized=c.section_normalized,
                    text=c.text,
                )
                for c in clauses
            ),
            readings=tuple(
                ReadingUsed(id=r, value=rb.reading(r), is_default=rb.is_default(r), title=rb.reading_def(r).title)
                for r in self.readings
            ),
            tests=tests,
        )

    def in_force(self, rulebook: Rulebook | None = None) -> tuple[date, date | None]:
        d = self.derived(rulebook or default_rulebook())
        return d.start, d.end

    def digest(self, rulebook: Rulebook) -> str:
        return self.derived(rulebook).digest

    def citations(self, rulebook: Rulebook) -> list[Citation]:
        return list(self.derived(rulebook).citations)

    def readings_used(self, rulebook: Rulebook) -> list[ReadingUsed]:
        return list(self.derived(rulebook).readings)

    def __call__(
        self,
        inputs: I | Mapping[str, Any],
        /,
        *,
        as_of: date | str,
        rulebook: Rulebook | None = None,
        overrides: Mapping[str, Any] | None = None,
        lang: Lang | None = None,
        **options: Any,
    ) -> R:
        """Apply the rule on `as_of`; `lang` ("zh", default, or "en") is the language of the result's outcome,
        explanation and of any error (prose only: the decision and the JSON keys are the same in both)."""
        if lang is None:
            return self._call(inputs, as_of, rulebook, overrides, language(), options)
        with use_language(lang) as chosen:
            return self._call(inputs, as_of, rulebook, overrides, chosen, options)

    def _call(
        self,
        inputs: I | Mapping[str, Any],
        as_of: date | str,
        rulebook: Rulebook | None,
        overrides: Mapping[str, Any] | None,
        lang: Lang,
        options: dict[str, Any],
    ) -> R:
        rb = rulebook or default_rulebook()
        if overrides:
            rb = rb.with_overrides(overrides)
        as_of = as_of_date(as_of)
        rb = rb.on(as_of)  # dated parameters (revisions): the values in force on as_of
        d = self.derived(rb)
        if as_of < d.start or (d.end is not None and as_of >= d.end):
            raise not_in_force(self, d.start, d.end, as_of)
        if not isinstance(inputs, self.input_model):
            try:
                inputs = self.input_model.model_validate(inputs)
            except ValidationError as exc:
                raise InputError.from_validation_error(exc) from None
        return self.fn(inputs, Context(self, rb, as_of, inputs, options, lang=lang), **options)


def not_in_force(rule: Rule[Any, Any], start: date, end: date | None, as_of: date) -> NotInForceError:
    """The error of a rule applied on a day outside the period it is in force."""
    until = say("error.until", end=end) if end else ""
    return NotInForceError(
        say(
            "error.not_in_force",
            rule=rule.id,
            version=rule.version,
            start=start,
            until=until,
            as_of=as_of,
            clauses=", ".join(rule.clauses),
        )
    )


def rule(
    *,
    id: str,
    version: str,
    clauses: tuple[str, ...] | list[str],
    input_model: type[I],
    result_model: type[R],
    readings: tuple[str, ...] | list[str] = (),
    tests: tuple[Test, ...] | list[Test] = (),
) -> Callable[[Callable[..., R]], Rule[I, R]]:
    """Annotate a rule body ``fn(inputs, ctx, **options) -> result`` (nothing is registered)."""

    def deco(fn: Callable[..., R]) -> Rule[I, R]:
        return Rule(
            id=id,
            version=version,
            clauses=tuple(clauses),
            input_model=input_model,
            result_model=result_model,
            fn=fn,
            readings=tuple(readings),
            tests=tuple(tests),
        )

    return deco


def all_rules(rulebook: Rulebook | None = None) -> dict[str, Rule[Any, Any]]:
    """Every rule in the catalogue (see `zjpolicy.catalogue`)."""
    from .catalogue import all_rules as _all

    return _all(rulebook)


def get_rule(rule_id: str, rulebook: Rulebook | None = None) -> Rule[Any, Any]:
    from .catalogue import get_rule as _get

    return _get(rule_id, rulebook)


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
    """A Check citing `p` from an already-computed verdict (prefer `Context.test`, which computes it)."""
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
