"""Run one recorded golden call and return its decision (see scripts/record_golden.py)."""

from __future__ import annotations

from datetime import date
from typing import Any


def decide(call: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """Run one recorded call with the zjpolicy on sys.path; (rule id, rule version, decision)."""
    from zjpolicy.audit import decision

    if "targets" in call:
        from zjpolicy.targets import assess_targets

        case = call["targets"]
        clause = call["rule"].removeprefix("targets.")
        given, year = case["given"], int(case["year"])
        series = (
            given if isinstance(given, dict) and not ({"value", "baseline", "items"} & set(given)) else {year: given}
        )
        as_of = date.fromisoformat(str(case["as_of"])) if case.get("as_of") else date(year, 12, 31)
        r = assess_targets({clause: series}, year=year, as_of=as_of, clauses=[clause], overrides=case.get("overrides"))[
            clause
        ]
    else:
        from zjpolicy.rules import get_rule

        r = get_rule(call["rule"])(
            call["inputs"],
            as_of=date.fromisoformat(call["as_of"]),
            overrides=call["overrides"] or None,
            **call["options"],
        )
    return r.rule, r.rule_version, decision(r)
