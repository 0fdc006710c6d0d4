"""The target rules of a rulebook: one versioned rule ``targets.<clause id>`` per covered clause, built on demand.

Every clause of kind ``target`` or ``trend`` (except the park-level goals in
:data:`~zjpolicy.targets.indicators.DELEGATED`) gets a rule. Its body is the one for the clause's declared
``assessment`` (:data:`BODIES`), and its version is that body's version for the clause (`Body.version_for`: a
revision of the body's decisions names the clauses it changed). Rules are built per rulebook, the first
time they are asked for, and kept on it: a clause added or amended in a custom rulebook is assessed like a
bundled one, with no code change.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import RulebookError
from ..lang import say
from ..rulebook import Assessment, Clause, ClauseKind, Rulebook, default_rulebook
from ..rules import Context, Rule, rule
from .goal import COVERAGE, GOAL
from .indicators import covered_clauses
from .inputs import TargetInput
from .plan import Body
from .reduction import REDUCTION
from .results import TargetResult
from .trend import TREND

__all__ = ["BODIES", "RULE_PREFIX", "rule_id", "target_rules"]

RULE_PREFIX = "targets."

BODIES: Mapping[Assessment, Body] = {b.assessment: b for b in (GOAL, COVERAGE, REDUCTION, TREND)}
"""The body (and its version) for each declared `Clause.assessment`."""


def rule_id(clause_id: str) -> str:
    return RULE_PREFIX + clause_id


def target_rules(rb: Rulebook | None = None) -> dict[str, Rule[TargetInput, TargetResult]]:
    """clause id → its rule, for every clause of `rb` (default: the bundled rulebook) that this package assesses."""
    rb = rb or default_rulebook()
    return dict(rb.memo(("targets.rules",), lambda: {c.id: _make(c) for c in covered_clauses(rb)}))


def _make(clause: Clause) -> Rule[TargetInput, TargetResult]:
    if (clause.kind is ClauseKind.trend) != (clause.assessment is Assessment.trend):
        raise RulebookError(
            say(
                "targets.error.kind_assessment",
                clause=clause.id,
                kind=clause.kind.value,
                assessment=clause.assessment.value,
            )
        )
    body = BODIES[clause.assessment]

    def run(inputs: TargetInput, ctx: Context) -> TargetResult:
        return body.fn(inputs, ctx)

    run.__doc__ = f"{clause.title} ({clause.section}): {clause.text}"
    run.__name__ = clause.id.replace(".", "_")
    return rule(
        id=rule_id(clause.id),
        version=body.version_for(clause),
        clauses=[clause.id],
        input_model=TargetInput,
        result_model=TargetResult,
        readings=clause.readings,
    )(run)
