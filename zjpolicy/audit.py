"""Audit replay: re-run a stored decision and show whether it still gives the same answer.

A stored result is replayed under the rulebook and package at hand. It *stands* when the rule version, the
parameter digest and the decision (the answer fields and each check's verdict: value, threshold, comparison,
met, margin) are the same; prose (outcome wording, notes, labels) and fields a later version added do not count.
Otherwise `ReplayMismatch` names what differs: the rule version, the digest of the parameters, each answer field
and each check that changed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .errors import InputError, Problem, ZjpolicyError
from .results import RuleResult
from .rulebook import Rulebook

__all__ = ["ReplayMismatch", "decision", "replay"]

_AUDIT = frozenset(
    {
        "rule",
        "rule_version",
        "package_version",
        "parameters_digest",
        "as_of",
        "inputs",
        "options",
        "overrides",
        "readings",
        "citations",
        "outcome",
        "notes",
        "checks",
    }
)
_PROSE = frozenset(
    {
        "outcome",
        "notes",
        "note",
        "label",
        "title",
        "title_en",
        "reason",
        "veto_reason",
        "level_name",
        "text",
        "description",
        "statistics_note",
        "word",
        "name",
        "indicator",
        "level",
        "unit",
    }
)
_VERDICT = ("clause", "parameter", "value", "threshold", "upper", "comparison", "met", "margin")


def _strip(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _strip(v) for k, v in x.items() if k not in _PROSE}
    if isinstance(x, list):
        return [_strip(v) for v in x]
    return x


def decision(result: RuleResult | dict[str, Any]) -> dict[str, Any]:
    """What a result decides, without audit fields or prose: its answer fields and each check's verdict."""
    data = json.loads(result.model_dump_json()) if isinstance(result, RuleResult) else result
    answer = {k: _strip(v) for k, v in data.items() if k not in _AUDIT and k not in _PROSE}
    checks = sorted(json.dumps([c.get(k) for k in _VERDICT], ensure_ascii=False) for c in data.get("checks", []))
    return {"answer": answer, "checks": checks}


class ReplayMismatch(ZjpolicyError):
    """The replayed result differs from the stored one; `.differences` maps what differs to (stored, now)."""

    def __init__(self, differences: dict[str, tuple[Any, Any]], fresh: RuleResult):
        self.differences = differences
        self.fresh = fresh
        lines = [f"  {k}: stored {a!r} != now {b!r}" for k, (a, b) in differences.items()]
        super().__init__(
            f"replay of {fresh.rule} differs from the stored result (now rule v{fresh.rule_version}, "
            f"zjpolicy {fresh.package_version}):\n" + "\n".join(lines)
        )


def replay(stored: str | dict[str, Any], *, rulebook: Rulebook | None = None) -> RuleResult:
    """Re-run a stored result (JSON text or dict); return the fresh result, or raise `ReplayMismatch`."""
    from .catalogue import get_rule

    try:
        data = json.loads(stored) if isinstance(stored, str | bytes) else stored
    except json.JSONDecodeError as exc:
        raise InputError(Problem(field="stored", message=f"not JSON: {exc}")) from None
    if not isinstance(data, dict) or "rule" not in data or "inputs" not in data or "as_of" not in data:
        raise InputError(Problem(field="stored", message="not a stored zjpolicy result (needs rule, inputs, as_of)"))
    r = get_rule(str(data["rule"]), rulebook)
    fresh = r(
        data["inputs"],
        as_of=date.fromisoformat(str(data["as_of"])),
        rulebook=rulebook,
        overrides=data.get("overrides") or None,
        **(data.get("options") or {}),
    )
    now = json.loads(fresh.model_dump_json())
    diffs: dict[str, tuple[Any, Any]] = {}
    for key in ("rule_version", "parameters_digest"):
        if data.get(key) != now.get(key):
            diffs[key] = (data.get(key), now.get(key))
    old_d, new_d = decision(data), decision(now)
    for k in sorted(set(old_d["answer"]) | set(new_d["answer"])):
        if k in old_d["answer"] and old_d["answer"].get(k) != new_d["answer"].get(k):
            diffs[k] = (old_d["answer"].get(k), new_d["answer"].get(k))
    gone = sorted(set(old_d["checks"]) - set(new_d["checks"]))
    new = sorted(set(new_d["checks"]) - set(old_d["checks"]))
    if gone or new:
        diffs["checks"] = (gone, new)
    if diffs:
        raise ReplayMismatch(diffs, fresh)
    return fresh
