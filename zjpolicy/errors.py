"""The library's errors. Each says what was wrong and how to fix the call."""

from __future__ import annotations

import reprlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

__all__ = [
    "InputError",
    "NotInForceError",
    "OverrideError",
    "Problem",
    "RulebookError",
    "UnitError",
    "UnknownIdError",
    "ZjpolicyError",
    "as_of_date",
    "bad_input",
    "field_path",
    "input_error",
    "shown",
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
        from .lang import say

        bits = [say("error.problem", field=self.field, message=self.message)]
        if self.expected_unit:
            bits.append(say("error.expected_unit", unit=self.expected_unit))
        if self.clause:
            bits.append(say("error.clause", clause=self.clause))
        return say("error.separator").join(bits)


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
        """Turn a pydantic ValidationError into an InputError, keeping every problem and its full field path."""
        problems = []
        kinds = set()
        for err in exc.errors(include_url=False):
            ctx = err.get("ctx") or {}
            loc = [str(p) for p in err.get("loc", ())]
            named = ctx.get("field")
            if named and (not loc or loc[-1] != named):  # a model validator names the field inside its model
                loc.append(str(named))
            kinds.add(ctx.get("kind"))
            field = field_path(loc) or "input"
            if prefix and not field.startswith(prefix):
                field = f"{prefix}.{field}" if field else prefix
            problems.append(
                Problem(
                    field=field,
                    message=ctx.get("reason") or _message(err),
                    expected_unit=ctx.get("expected_unit"),
                    clause=None if ctx.get("clause") in (None, "—") else ctx.get("clause"),
                    value=err.get("input"),
                )
            )
        # only unit problems: keep the more specific type, so callers can catch UnitError
        return UnitError(problems) if kinds == {"unit"} else cls(problems)


def _message(err: Mapping[str, Any]) -> str:
    """pydantic's message in the language in force (by its error type), without the "Value error, " it puts
    before our own validators' words."""
    from .lang import catalogue, language, say

    ctx = err.get("ctx") or {}
    if err.get("type") == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])
    key = f"pydantic.{err.get('type')}"
    if language() != "en" and key in catalogue():
        try:
            return say(key, **ctx)
        except (KeyError, IndexError):  # a context pydantic did not give: its own words
            pass
    return str(err.get("msg", "invalid"))


def field_path(loc: list[str] | tuple[Any, ...]) -> str:
    """("entries", 0, "changed_out") -> "entries[0].changed_out"."""
    out = ""
    for part in loc:
        text = str(part)
        out += f"[{text}]" if text.isdecimal() else (f".{text}" if out else text)
    return out


def bad_input(
    field: str, reason: str, *, unit: str | None = None, clause: str | None = None, kind: str = "value"
) -> Any:
    """The one way to reject an input inside a pydantic validator: a `PydanticCustomError` that
    `InputError.from_validation_error` turns into a Problem naming the field (inside its model), the unit and the clause."""
    from pydantic_core import PydanticCustomError

    from .units import unit_label

    return PydanticCustomError(
        "zjpolicy_input",
        "{reason} (field: {field}; expected unit: {expected_unit}; clause: {clause})",
        {
            "reason": reason,
            "field": field,
            "expected_unit": unit_label(unit) if unit else None,
            "clause": clause,
            "kind": kind,
        },
    )


def input_error(
    field: str, reason: str, *, unit: str | None = None, clause: str | None = None, value: Any = None
) -> InputError:
    """An InputError raised outside validation (when the problem shows only once the rulebook is known)."""
    from .units import unit_label

    return InputError(
        Problem(
            field=field, message=reason, expected_unit=unit_label(unit) if unit else None, clause=clause, value=value
        )
    )


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


class UnknownIdError(ZjpolicyError, KeyError):
    """A rule, clause, parameter or reading id that the rulebook or the catalogue does not know."""

    def __init__(self, kind: str, id: str, known: list[str] | None = None, *, hint: str | None = None):
        from .lang import catalogue, say

        self.kind, self.id = kind, id
        name = say(f"kind.{kind}") if f"kind.{kind}" in catalogue() else kind
        msg = say("error.unknown_id", kind=name, id=repr(id))
        sep = say("error.separator")
        if hint:
            msg += sep + hint
        elif known:
            close = [k for k in known if k.split(".")[-1] in id or id in k][:5]
            msg += sep + (
                say("error.did_you_mean", close=", ".join(close))
                if close
                else say("error.see_clauses", count=len(known))
            )
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError quotes its message; we don't want that
        return str(self.args[0]) if self.args else ""


def shown(value: Any) -> str:
    """`reprlib.repr` of a value given to the library, safe for anything: an integer past Python's str limit is
    named by its size (its repr would raise)."""
    try:
        return reprlib.repr(value)
    except ValueError:
        bits = value.bit_length() if isinstance(value, int) else 0
        return f"<an integer of {bits} bits>" if bits else f"<a {type(value).__name__}>"


def as_of_date(value: Any) -> date:
    """The `as_of` argument of every entry point: a `datetime.date` or an ISO ``YYYY-MM-DD`` string.

    A datetime is refused rather than truncated (the law is in force by day, and a time zone would move the day).
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == len("YYYY-MM-DD"):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    from .lang import say

    given = shown(value)
    raise input_error("as_of", say("error.as_of", kind=type(value).__name__, shown=given), value=given)
