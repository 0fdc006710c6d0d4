"""Small helpers shared by the land and energy rules (no numbers from the law here)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from pydantic_core import PydanticCustomError

from ..errors import InputError, Problem
from ..exact import Comparison, fmt
from ..results import Check
from ..units import conversion_factor, unit_label

__all__ = ["bad_input", "input_error", "precondition", "share_in", "show"]



def bad_input(field: str, reason: str, *, unit: str | None = None, clause: str | None = None) -> PydanticCustomError:
    """A pydantic error that `InputError.from_validation_error` turns into a Problem naming the field."""
    return PydanticCustomError(
        "zjpolicy_input",
        "{reason} (field: {field}; expected unit: {expected_unit}; clause: {clause})",
        {
            "reason": reason,
            "field": field,
            "expected_unit": unit_label(unit) if unit else "—",
            "clause": clause or "—",
        },
    )


def input_error(field: str, reason: str, *, unit: str | None = None, clause: str | None = None, value: Any = None) -> InputError:
    """An InputError raised from a rule body (when the problem shows only once the rulebook is known)."""
    return InputError(
        Problem(field=field, message=reason, expected_unit=unit_label(unit) if unit else None, clause=clause, value=value)
    )


def precondition(name: str, label: str, met: bool, *, clause: str, word: str = "", note: str | None = None) -> Check:
    """A yes/no condition of the law as a Check: value 1 (yes) or 0 (no), required = 1."""
    return Check(
        name=name,
        label=label,
        value=Fraction(1 if met else 0),
        threshold=Fraction(1),
        unit="",
        comparison=Comparison.eq,
        word=word,
        met=met,
        margin=None,
        clause=clause,
        parameter=None,
        note=note if note is not None else "1 = yes, 0 = no",
    )


def share_in(unit: str, part: Fraction, whole: Fraction) -> Fraction:
    """part/whole expressed in `unit` (the parameter's unit, e.g. percent or dimensionless), exactly."""
    return part / whole * conversion_factor("dimensionless", unit)


def show(x: Fraction | None, unit: str = "") -> str:
    """Exact text of a number with its unit, for outcomes and notes."""
    lab = unit_label(unit)
    text = fmt(x) or "—"
    if lab == "%":
        return f"{text}%"
    return f"{text} {lab}".strip()
