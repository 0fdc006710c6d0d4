"""Audit replay: re-run a stored decision and show whether it still gives the same answer.

A stored result is replayed under the rulebook and package at hand. It *stands* when the rule version, the
parameter digest and the decision (the answer fields and each check's verdict: value, threshold, comparison,
met, margin) are the same; prose (outcome wording, notes, labels) and fields a later version added do not count.
Otherwise `ReplayMismatch` names what differs: the rule version, the digest of the parameters, each answer field
and each check that changed; and, to say why, the parameters whose values differ (from the thresholds the stored
checks applied, and from the rulebook the decision was recorded under when it is given: ``recorded=``), the
readings that differ, and the rule's parameters as in force on the decision's date in the rulebook at hand.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from .errors import InputError, Problem, ZjpolicyError, shown
from .exact import fmt
from .lang import LANGUAGES, say
from .results import RuleResult
from .rulebook import InForce, Rulebook, default_rulebook

__all__ = ["ReplayMismatch", "changed_parameters", "decision", "in_force_text", "replay"]

_AUDIT = frozenset(
    {
        "rule",
        "rule_version",
        "package_version",
        "parameters_digest",
        "as_of",
        "lang",
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
    checks = sorted(json.dumps(_verdict(c), ensure_ascii=False) for c in _checks(data))
    return {"answer": answer, "checks": checks}


def _checks(data: Mapping[str, Any]) -> list[Any]:
    checks = data.get("checks", [])
    return checks if isinstance(checks, list) else [checks]


def _verdict(c: Any) -> Any:
    return [c.get(k) for k in _VERDICT] if isinstance(c, dict) else c


class ReplayMismatch(ZjpolicyError):
    """The replayed result differs from the stored one; `.differences` maps what differs to (stored, now).

    `.parameters` maps each parameter whose value differs to (stored, now): the thresholds the stored and the
    fresh checks applied, or the values in the rulebook the decision was recorded under and in the one at hand.
    `.readings` maps each reading whose value differs to (stored, now). `.in_force` lists the rule's parameters
    as in force on the decision's date in the rulebook at hand (value, since when, the revision that set it); the
    message shows those of them named in `.parameters` (all, when the digest differs and none can be named).
    """

    def __init__(
        self,
        differences: dict[str, tuple[Any, Any]],
        fresh: RuleResult,
        *,
        parameters: dict[str, tuple[Any, Any]] | None = None,
        readings: dict[str, tuple[Any, Any]] | None = None,
        in_force: list[InForce] | None = None,
    ):
        self.differences = differences
        self.fresh = fresh
        self.parameters = parameters or {}
        self.readings = readings or {}
        self.in_force = in_force or []
        lines = [say("replay.field_differs", key=k, stored=repr(a), now=repr(b)) for k, (a, b) in differences.items()]
        if self.parameters:
            lines.append(say("replay.parameters_differ"))
            lines += [say("replay.field_differs", key=k, stored=a, now=b) for k, (a, b) in self.parameters.items()]
        if self.readings:
            lines.append(say("replay.readings_differ"))
            lines += [
                say("replay.field_differs", key=k, stored=repr(a), now=repr(b)) for k, (a, b) in self.readings.items()
            ]
        if self.in_force and "parameters_digest" in differences:
            # the parameters named above as in force now; when none can be named, every parameter of the rule
            named = [f for f in self.in_force if f.id in self.parameters] or self.in_force
            lines.append(say("replay.in_force", as_of=fresh.as_of))
            lines += [f"  {in_force_text(f)}" for f in named]
        head = say("replay.differs", rule=fresh.rule, version=fresh.rule_version, package=fresh.package_version)
        super().__init__(head + "\n" + "\n".join(lines))


def in_force_text(f: InForce) -> str:
    """One line: id = value unit (comparison word), since when, until when, the revision that set it."""
    p = f.parameter
    if p.value is None:
        value = say("replay.against", against=p.against) if p.against else p.comparison.value
    else:
        value = fmt(p.value) or ""
        if p.upper is not None:
            value += f"..{fmt(p.upper)}"
        value += "" if p.unit == "dimensionless" else f" {p.unit}"
    until = say("replay.until", until=f.until) if f.until else ""
    ref = say("error.separator") + f.reference if f.reference else ""
    return say(
        "replay.in_force_line",
        id=p.id,
        value=value,
        comparison=p.comparison.value,
        word=p.word,
        since=f.since,
        until=until,
        reference=ref,
    )


def changed_parameters(
    before: Rulebook, after: Rulebook, on: date, ids: tuple[str, ...] | None = None
) -> dict[str, tuple[str, str]]:
    """The parameters (all, or `ids`) whose values in force on `on` differ between two rulebooks (e.g. the
    rulebook a decision was recorded under, and the one at hand): id -> (before, after) as text."""
    old = before.in_force_on(on, tuple(i for i in ids if i in before.parameters) if ids is not None else None)
    new = after.in_force_on(on, tuple(i for i in ids if i in after.parameters) if ids is not None else None)
    out = {}
    for pid in sorted(set(old) | set(new)):
        a, b = old.get(pid), new.get(pid)
        if a is None or b is None or not a.same_value(b):
            out[pid] = (in_force_text(a) if a else "not in force", in_force_text(b) if b else "not in force")
    return out


def _applied(data: Mapping[str, Any]) -> dict[str, set[str]]:
    """parameter id -> the thresholds its checks applied (threshold, upper, comparison), as text."""
    out: dict[str, set[str]] = {}
    for c in _checks(data):
        if isinstance(c, dict) and isinstance(c.get("parameter"), str):
            shown = f"{c.get('threshold')}" + (f"..{c['upper']}" if c.get("upper") is not None else "")
            out.setdefault(c["parameter"], set()).add(f"{c.get('comparison')} {shown}")
    return out


def _reading_values(data: Mapping[str, Any]) -> dict[str, Any]:
    readings = data.get("readings")
    if not isinstance(readings, list):
        return {}
    return {r["id"]: r.get("value") for r in readings if isinstance(r, dict) and isinstance(r.get("id"), str)}


def _bad(message: str) -> InputError:
    return InputError(Problem(field="stored", message=message))


def _options(r: Any, options: Any) -> dict[str, Any]:
    """The stored options, checked against the rule's keyword options (a stored file is data, not code)."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise _bad(f"options must be a mapping, not {type(options).__name__}")
    params = list(inspect.signature(r.fn).parameters.values())[2:]  # after (inputs, ctx)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return options
    known = {
        p.name for p in params if p.kind in (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    }
    unknown = sorted(str(k) for k in options if k not in known)
    if unknown:
        raise _bad(f"rule {r.id} has no option {', '.join(unknown)} (options: {', '.join(sorted(known)) or 'none'})")
    return options


def replay(
    stored: str | bytes | dict[str, Any], *, rulebook: Rulebook | None = None, recorded: Rulebook | None = None
) -> RuleResult:
    """Re-run a stored result (JSON text or dict); return the fresh result, or raise `ReplayMismatch`.

    rulebook: the rulebook to replay under (default: the bundled one). recorded: the rulebook the decision was
    recorded under, if the auditor has it (e.g. `zjpolicy.load_rulebook` of the YAML files of the pinned
    version): the mismatch then names every parameter of the rule whose value differs between the two.
    Anything that is not a stored result is an `InputError`; a rule unknown here an `UnknownIdError`.
    """
    from .catalogue import get_rule

    try:
        data = json.loads(stored) if isinstance(stored, str | bytes) else stored
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, an integer of 5000 digits, too deep
        raise _bad(f"not JSON: {exc}") from None
    if not isinstance(data, dict) or "rule" not in data or "inputs" not in data or "as_of" not in data:
        raise _bad("not a stored zjpolicy result (needs rule, inputs, as_of)")
    if not isinstance(data["rule"], str):
        raise _bad(f"rule must be a rule id, not {type(data['rule']).__name__}")
    try:
        as_of = date.fromisoformat(str(data["as_of"]))
    except ValueError:
        raise _bad(f"as_of {shown(data['as_of'])} is not a date like 2024-06-30") from None
    overrides = data.get("overrides") or None
    if overrides is not None and not isinstance(overrides, dict):
        raise _bad(f"overrides must be a mapping, not {type(overrides).__name__}")
    r = get_rule(data["rule"], rulebook)
    lang = data.get("lang") if data.get("lang") in LANGUAGES else None  # prose only; a record before 0.2 has none
    fresh = r(
        data["inputs"],
        as_of=as_of,
        rulebook=rulebook,
        overrides=overrides,
        lang=lang,
        **_options(r, data.get("options")),
    )
    try:
        now = json.loads(fresh.model_dump_json())
    except ValueError as exc:  # text that is not Unicode (a lone surrogate, which JSON can carry) in the inputs
        raise _bad(f"the stored result cannot be written back as JSON: {exc}") from None
    diffs: dict[str, tuple[Any, Any]] = {}
    for key in ("rule_version", "parameters_digest"):
        if data.get(key) != now.get(key):
            diffs[key] = (data.get(key), now.get(key))
    try:
        old_d, new_d = decision(data), decision(now)
    except RecursionError:  # a stored answer nested thousands deep: no result of any rule looks like that
        raise _bad("nested too deep to be a stored result") from None
    except (TypeError, ValueError) as exc:  # a dict holding what JSON cannot (a Decimal, an int of 5000 digits)
        raise _bad(f"the stored result is not JSON data: {exc}") from None
    for k in sorted(set(old_d["answer"]) | set(new_d["answer"])):
        if k in old_d["answer"] and old_d["answer"].get(k) != new_d["answer"].get(k):
            diffs[k] = (old_d["answer"].get(k), new_d["answer"].get(k))
    gone = sorted(set(old_d["checks"]) - set(new_d["checks"]))
    new = sorted(set(new_d["checks"]) - set(old_d["checks"]))
    if gone or new:
        diffs["checks"] = (gone, new)
    if diffs:
        raise _mismatch(diffs, fresh, data, now, r, rulebook, recorded, overrides)
    return fresh


def _mismatch(
    diffs: dict[str, tuple[Any, Any]],
    fresh: RuleResult,
    data: Mapping[str, Any],
    now: Mapping[str, Any],
    r: Any,
    rulebook: Rulebook | None,
    recorded: Rulebook | None,
    overrides: dict[str, Any] | None,
) -> ReplayMismatch:
    """The mismatch, with why: the parameters and readings that differ, and what is in force now."""
    rb = (rulebook or default_rulebook()).with_overrides(overrides or {})
    ids = tuple(p.id for cid in r.clauses for p in rb.clause(cid).parameters)
    parameters: dict[str, tuple[Any, Any]] = {}
    old_t, new_t = _applied(data), _applied(now)
    for pid in sorted(set(old_t) | set(new_t)):
        a, b = old_t.get(pid, set()), new_t.get(pid, set())
        if a != b:
            parameters[pid] = (", ".join(sorted(a)) or "not applied", ", ".join(sorted(b)) or "not applied")
    if recorded is not None:
        then = recorded.with_overrides(overrides or {})
        for pid, pair in changed_parameters(then, rb, fresh.as_of, ids).items():
            parameters.setdefault(pid, pair)
    old_r, new_r = _reading_values(data), _reading_values(now)
    readings = {
        k: (old_r.get(k), new_r.get(k)) for k in sorted(set(old_r) | set(new_r)) if old_r.get(k) != new_r.get(k)
    }
    in_force = list(rb.in_force_on(fresh.as_of, ids).values())
    return ReplayMismatch(diffs, fresh, parameters=parameters, readings=readings, in_force=in_force)
