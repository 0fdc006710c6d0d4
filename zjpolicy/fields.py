"""Unit-aware pydantic field types for input models.

``Annotated[Fraction, quantity("万元/亩", clause=...)]`` accepts a bare number in that unit, a string
with any compatible unit ("1500 万元/公顷", "62.5%"), or a pint Quantity, and stores an exact
Fraction in the field's unit. Bad input raises a pydantic error of type ``zjpolicy_input`` whose
context names the field, the expected unit and the clause.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, ValidationInfo, WithJsonSchema

from .errors import InputError, UnitError, bad_input
from .exact import fmt
from .units import normalize, unit_label

__all__ = ["Percent", "quantity"]


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
