"""Unit-aware pydantic field types for input models.

``Annotated[Fraction, quantity("万元/亩", clause=...)]`` accepts a bare number in that unit, a string
with any compatible unit ("1500 万元/公顷", "62.5%"), or a pint Quantity, and stores an exact
Fraction in the field's unit. Bad input raises a pydantic error of type ``zjpolicy_input`` whose
context names the field, the expected unit and the clause.
"""

from __future__ import annotations

from datetime import MAXYEAR, MINYEAR
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, PlainSerializer, ValidationInfo, WithJsonSchema

from .errors import InputError, UnitError, bad_input, shown
from .exact import MAX_DIGITS, MAX_EXPONENT, fmt
from .lang import say
from .units import normalize, unit_label

__all__ = ["Count", "Percent", "Year", "quantity"]


def quantity(
    unit: str,
    *,
    clause: str | None = None,
    minimum: Fraction | int | None = 0,
    maximum: Fraction | int | None = None,
    strict_minimum: bool = False,
    example: str | None = None,
) -> Any:
    """Metadata for an exact, unit-normalized field; use inside ``Annotated[Fraction, ...]``."""

    def validate(v: Any, info: ValidationInfo) -> Any:
        field = info.field_name or "value"
        try:
            return normalize(
                v, unit, field=field, clause=clause, minimum=minimum, maximum=maximum, strict_minimum=strict_minimum
            )
        except InputError as exc:
            p = exc.problems[0]
            raise bad_input(
                field,
                p.message,
                unit=p.expected_unit or unit,
                clause=clause,
                kind="unit" if isinstance(exc, UnitError) else "value",
            ) from None

    lab = unit_label(unit) or "dimensionless"
    ex = example or f"12.5 {lab}".strip()
    bounds = []
    if minimum is not None:
        bounds.append(f"{'>' if strict_minimum else '≥'} {minimum}")
    if maximum is not None:
        bounds.append(f"≤ {maximum}")
    schema = {
        "anyOf": [{"type": "number"}, {"type": "string"}],
        "description": f"in {lab} (a bare number), or a string in any compatible unit, e.g. '{ex}'"
        + (f"; must be {' and '.join(bounds)}" if bounds else ""),
        "x-unit": unit,
    }
    if clause:
        schema["x-clause"] = clause
    from .quantities import QuantityInfo

    return _Meta(
        BeforeValidator(validate),
        PlainSerializer(fmt, return_type=str),
        WithJsonSchema(schema),
        QuantityInfo(unit, clause),
    )


class _Meta(tuple):  # type: ignore[type-arg]
    """A bundle of Annotated metadata items (pydantic flattens them)."""

    def __new__(cls, *items: Any) -> _Meta:
        return super().__new__(cls, items)


Percent = Annotated[Fraction, *quantity("percent", maximum=100, example="62.5%")]
"""A share in percent, 0–100 (accepts "62.5%", 62.5, or "0.625 dimensionless")."""


def _whole(v: Any) -> Any:
    """Refuse a whole number too big to be one, before pydantic builds it: ``int(Decimal("1E+999999"))`` is a
    million-digit integer (a third of a second), and a result holding it could not be written as JSON."""
    if isinstance(v, Decimal) and v.is_finite() and v.adjusted() >= MAX_EXPONENT:
        raise ValueError(say("error.out_of_range", shown=shown(v), digits=MAX_DIGITS, exponent=MAX_EXPONENT))
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > MAX_DIGITS * 4:
        raise ValueError(say("error.integer_too_big", bits=v.bit_length(), digits=MAX_DIGITS))
    return v


Year = Annotated[int, BeforeValidator(_whole), Field(ge=MINYEAR, le=MAXYEAR)]
"""A calendar year, 1–9999 (datetime's range)."""

Count = Annotated[int, BeforeValidator(_whole), Field(ge=0)]
"""A count of projects, parcels, enterprises (个, 宗, 家): a whole number ≥ 0 of at most MAX_DIGITS digits."""
