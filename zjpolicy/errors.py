"""The library's errors. Each says what was wrong and how to fix the call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "InputError",
    "NotInForceError",
    "OverrideError",
    "Problem",
    "RulebookError",
    "UnitError",
    "ZjpolicyError",
]


class ZjpolicyError(Exception):
    """Base class of every error zjpolicy raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One bad input: which field, what was given, what was expected, under which clause."""

    field: str
    message: str
    expected_unit: str | None = None
    clause: str | None = None
    value: Any = None

    def __str__(self) -> str:
        bits = [f"{self.field}: {self.message}"]
        if self.expected_unit:
            bits.append(f"expected unit: {self.expected_unit}")
        if self.clause:
            bits.append(f"clause: {self.clause}")
        return "; ".join(bits)


class InputError(ZjpolicyError, ValueError):
    """Bad input: lists every problem found (field, expected unit, clause)."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def field(self) -> str:
        return self.problems[0].field

    @property
    def expected_unit(self) -> str | None:
        return self.problems[0].expected_unit

    @property
    def clause(self) -> str | None:
        return self.problems[0].clause

    @classmethod
    def from_validation_error(cls, exc: Any, *, prefix: str = "") -> InputError:
        """Turn a pydantic ValidationError into an InputError, keeping every problem."""
        problems = []
        kinds = set()
        for err in exc.errors(include_url=False):
            ctx = err.get("ctx") or {}
            loc = ".".join(str(p) for p in err.get("loc", ()))
            kinds.add(ctx.get("kind"))
            field = ctx.get("field") or loc or "input"
            if prefix and not field.startswith(prefix):
                field = f"{prefix}.{field}" if field else prefix
            problems.append(
                Problem(
                    field=field,
                    message=ctx.get("reason") or err.get("msg", "invalid"),
                    expected_unit=ctx.get("expected_unit"),
                    clause=None if ctx.get("clause") in (None, "—") else ctx.get("clause"),
                    value=err.get("input"),
                )
            )
        # only unit problems: keep the more specific type, so callers can catch UnitError
        return UnitError(problems) if kinds == {"unit"} else cls(problems)


class UnitError(InputError):
    """A quantity in a unit that cannot be converted to the field's unit."""


class RulebookError(ZjpolicyError):
    """A rulebook data file is malformed; the message names the file and the entry."""


class NotInForceError(ZjpolicyError):
    """A rule was evaluated on a date outside the period it is in force."""


class OverrideError(ZjpolicyError, KeyError):
    """A what-if override names an unknown parameter or reading, or gives a bad value."""

    def __str__(self) -> str:  # KeyError quotes its message; we don't want that
        return str(self.args[0]) if self.args else ""
