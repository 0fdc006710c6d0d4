"""Every error a request can cause, as a status and a body: never a 500 for what the library raises on purpose.

| raised | status | ``error`` |
| --- | --- | --- |
| `InputError` (and `UnitError`, pydantic's `ValidationError`) | 422 | ``invalid_input`` |
| `NotInForceError` (``as_of`` outside the rule's period) | 422 | ``not_in_force`` |
| `OverrideError` (an unknown id or a bad value in ``overrides``) | 422 | ``bad_override`` |
| `UnknownIdError` (a rule, clause, parameter or reading id) | 404 | ``not_found`` |
| `ReplayMismatch` | — (an answer: ``/replay`` says ``stands: false``) | |
| any other `ZjpolicyError` (a table that cannot be read, a rulebook defect a what-if exposes …) | 422 | ``error`` |

Each 422 lists ``problems``: the library's field, message, expected unit and clause (`zjpolicy.errors.Problem`),
with the clause's page on the docs site.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import (
    InputError,
    NotInForceError,
    OverrideError,
    Problem,
    RulebookError,
    UnknownIdError,
    ZjpolicyError,
)
from .links import clause_url

__all__ = ["ApiError", "classify", "problem_json"]


class ApiError(Exception):
    """An error of the HTTP layer itself (a body that is not JSON, too many rows …), with its status."""

    def __init__(self, status: int, error: str, problems: list[Problem] | Problem, message: str | None = None):
        self.status, self.error = status, error
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(message or "; ".join(str(p) for p in self.problems))


def problem_json(p: Problem, docs_url: str) -> dict[str, Any]:
    """One problem as JSON: field, message, expected_unit, clause (with its docs page), and the value given."""
    url = None
    if p.clause:
        try:
            url = clause_url(docs_url, p.clause)
        except (UnknownIdError, ValueError):
            url = None
    out: dict[str, Any] = {
        "field": p.field,
        "message": p.message,
        "expected_unit": p.expected_unit,
        "clause": p.clause,
        "clause_url": url,
    }
    if isinstance(p.value, str | int | float | bool):  # a value given (not the mapping a missing field was sought in)
        out["value"] = p.value
    return out


def classify(exc: BaseException) -> tuple[int, str, list[Problem]] | None:
    """(status, error, problems) for an error a request may cause; None for anything else (a bug: a 500)."""
    if isinstance(exc, ApiError):
        return exc.status, exc.error, exc.problems
    if isinstance(exc, ValidationError):
        exc = InputError.from_validation_error(exc)
    if isinstance(exc, InputError):
        return 422, "invalid_input", exc.problems
    if isinstance(exc, NotInForceError):
        return 422, "not_in_force", [Problem(field="as_of", message=str(exc))]
    if isinstance(exc, OverrideError):
        return 422, "bad_override", [Problem(field="overrides", message=str(exc))]
    if isinstance(exc, UnknownIdError):
        return 404, "not_found", [Problem(field=exc.kind, message=str(exc), value=exc.id)]
    if isinstance(exc, RulebookError):
        return 422, "error", [Problem(field="rulebook", message=str(exc))]
    if isinstance(exc, ZjpolicyError):
        return 422, "error", [Problem(field="input", message=str(exc))]
    return None
