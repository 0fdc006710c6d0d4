"""Audit replay: re-run a stored decision and show whether it still gives the same answer."""

from __future__ import annotations

import json
from typing import Any

from .errors import ZjpolicyError
from .results import RuleResult
from .rulebook import Rulebook

__all__ = ["ReplayMismatch", "replay"]


class ReplayMismatch(ZjpolicyError):
    """The replayed result differs from the stored one; `.differences` lists the fields."""

    def __init__(self, differences: dict[str, tuple[Any, Any]], fresh: RuleResult):
        self.differences = differences
        self.fresh = fresh
        lines = [f"  {k}: stored {a!r} != now {b!r}" for k, a, b in ((k, *v) for k, v in differences.items())]
        super().__init__("replay differs from the stored result:\n" + "\n".join(lines))


def replay(stored: str | dict[str, Any], *, rulebook: Rulebook | None = None) -> RuleResult:
    from datetime import date

    from .rules import get_rule

    data = json.loads(stored) if isinstance(stored, str) else dict(stored)
    r = get_rule(data["rule"])
    old = r.result_model.model_validate(data)
    fresh = r(
        old.inputs,
        as_of=old.as_of if isinstance(old.as_of, date) else date.fromisoformat(str(old.as_of)),
        rulebook=rulebook,
        overrides=old.overrides or None,
        **old.options,
    )
    a, b = old.model_dump(mode="json"), fresh.model_dump(mode="json")
    diffs = {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}
    if diffs:
        raise ReplayMismatch(diffs, fresh)
    return fresh
