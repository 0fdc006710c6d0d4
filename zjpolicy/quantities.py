"""Declared input quantities: which input field (or ratio of fields) a rule tests against a parameter.

A rule declares ``Test("intensity", "max_intensity", FirstOf(Field("intensity"), Ratio("energy_use",
"value_added")))``; the engine reads the value from the inputs, converts it exactly to the parameter's unit
and compares. The declaration is data, so the scalar engine and the batch engine read the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from pydantic import BaseModel

from .units import conversion_factor

__all__ = ["Field", "FirstOf", "PartOfSum", "Quantity", "QuantityInfo", "Ratio", "Test", "field_unit"]


@dataclass(frozen=True)
class QuantityInfo:
    """Annotated metadata of a quantity field: its unit and clause (read by the engine, ignored by pydantic)."""

    unit: str
    clause: str | None = None


def field_unit(model: type[BaseModel], path: str) -> str:
    """The unit of a (dotted) quantity field of an input model."""
    return _field_unit(model, path)


@cache
def _field_unit(model: type[BaseModel], path: str) -> str:
    head, _, rest = path.partition(".")
    info = model.model_fields[head]
    if rest:
        sub = _submodel(info.annotation)
        if sub is None:
            raise TypeError(f"{model.__name__}.{head} is not a model; cannot follow {path!r}")
        return _field_unit(sub, rest)
    # Annotated[Fraction, quantity(...)] or Annotated[...] | None
    metadata = [
        *info.metadata,
        *(m for a in getattr(info.annotation, "__args__", ()) for m in getattr(a, "__metadata__", ())),
    ]
    for m in metadata:
        if isinstance(m, QuantityInfo):
            return m.unit
    raise TypeError(f"{model.__name__}.{path} is not a quantity field (no unit declared)")


def _submodel(annotation: Any) -> type[BaseModel] | None:
    for t in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(t, type) and issubclass(t, BaseModel):
            return t
    return None


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


class Quantity:
    """Something a test reads from the inputs, exactly, in a target unit."""

    def fields(self) -> tuple[str, ...]:
        raise NotImplementedError

    def of(self, inputs: BaseModel, unit: str) -> Fraction | None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class Field(Quantity):
    """An input field (dotted for nested models), converted to the parameter's unit."""

    path: str

    def fields(self) -> tuple[str, ...]:
        return (self.path,)

    def of(self, inputs: BaseModel, unit: str) -> Fraction | None:
        v = _get(inputs, self.path)
        if v is None:
            return None
        factor = conversion_factor(field_unit(type(inputs), self.path), unit)
        return v if factor == 1 and type(v) is Fraction else v * factor

    def describe(self) -> str:
        return self.path


@dataclass(frozen=True)
class Ratio(Quantity):
    """num / den of two input fields (亩均税收 = tax / land_area), converted to the parameter's unit."""

    num: str
    den: str

    def fields(self) -> tuple[str, ...]:
        return (self.num, self.den)

    def factor(self, model: type[BaseModel], unit: str) -> Fraction:
        return conversion_factor(f"({field_unit(model, self.num)})/({field_unit(model, self.den)})", unit)

    def of(self, inputs: BaseModel, unit: str) -> Fraction | None:
        n, d = _get(inputs, self.num), _get(inputs, self.den)
        if n is None or d is None:
            return None
        if d == 0:
            return None
        return Fraction(n) / Fraction(d) * self.factor(type(inputs), unit)

    def describe(self) -> str:
        return f"{self.num} / {self.den}"


@dataclass(frozen=True)
class PartOfSum(Quantity):
    """part / (part + rest) of two input fields of one dimension (工业用地 / 出让总面积 given as 工业 + 非工业),
    converted exactly to the parameter's unit."""

    part: str
    rest: str

    def fields(self) -> tuple[str, ...]:
        return (self.part, self.rest)

    def of(self, inputs: BaseModel, unit: str) -> Fraction | None:
        part, rest = getattr(inputs, self.part), getattr(inputs, self.rest)
        if part is None or rest is None:
            return None
        u = field_unit(type(inputs), self.part)
        whole = part + rest * conversion_factor(field_unit(type(inputs), self.rest), u)
        return None if whole == 0 else Fraction(part) / whole * conversion_factor(f"({u})/({u})", unit)

    def describe(self) -> str:
        return f"{self.part} / ({self.part} + {self.rest})"


@dataclass(frozen=True)
class FirstOf(Quantity):
    """The first alternative whose fields are all given (a ratio given directly, or derived from its parts)."""

    options: tuple[Quantity, ...]

    def __init__(self, *options: Quantity):
        object.__setattr__(self, "options", options)

    def fields(self) -> tuple[str, ...]:
        return tuple(f for o in self.options for f in o.fields())

    def chosen(self, inputs: BaseModel) -> Quantity | None:
        for o in self.options:
            if all(_get(inputs, f) is not None for f in o.fields()):
                return o
        return None

    def of(self, inputs: BaseModel, unit: str) -> Fraction | None:
        o = self.chosen(inputs)
        return None if o is None else o.of(inputs, unit)

    def describe(self) -> str:
        return " | ".join(o.describe() for o in self.options)


@dataclass(frozen=True)
class Test:
    """A legal test a rule declares: `value` (read from the inputs) against parameter `param`.

    `param` is a parameter name of the rule's first clause, or a full parameter id.
    """

    name: str
    param: str
    value: Quantity
    level: int | None = None
