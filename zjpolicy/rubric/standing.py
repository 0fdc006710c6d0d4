"""What a star level brings (三、2.; 四（三）): its name, 示范园区 at five stars, 限期整改 below three, and
the policy support each level opens — and what a veto (三、3.) or the evaluation scope (三、1.) puts in their place."""

from __future__ import annotations

from typing import Any

from ..lang import say
from ..rulebook import Rulebook
from .results import PolicySupport
from .table import DEMO_PARK, POLICIES, RECTIFY, VETO, Table

__all__ = ["READING_OPENING", "READING_VETO_RECTIFY", "outcome", "standing"]

READING_VETO_RECTIFY = "dp.veto_rectification"
READING_OPENING = "dp.policy_opening_scope"
# 四（三）'s first sentence opens 对评定为五星级、四星级的园区; its first clause carries that floor as its parameter
OPENING = "dp.4.3.cluster_competition_priority"


def standing(
    rb: Rulebook, t: Table, stars: int, *, vetoed: bool, rated: bool, in_scope: bool | None, indicator_stars: int
) -> dict[str, Any]:
    """The StarRating fields that follow from the level (and from a veto or the scope, which replace it).

    They depend only on the rulebook (whose table `t` is) and these arguments, so they are made once per rulebook
    and arguments; each call gets its own dict and list (the PolicySupport models, frozen, are shared)."""
    key = ("rubric.standing", stars, vetoed, rated, in_scope, indicator_stars)
    fields = rb.memo(
        key,
        lambda: _standing(rb, t, stars, vetoed=vetoed, rated=rated, in_scope=in_scope, indicator_stars=indicator_stars),
    )
    return {**fields, "policy_support": list(fields["policy_support"])}


def _standing(
    rb: Rulebook, t: Table, stars: int, *, vetoed: bool, rated: bool, in_scope: bool | None, indicator_stars: int
) -> dict[str, Any]:
    floor = int(rb.value(f"{RECTIFY}.min_stars"))
    if not rated:
        must_rectify = False  # not in the evaluation: 三、2. does not reach it
    elif vetoed:
        must_rectify = rb.reading_value(READING_VETO_RECTIFY) == "always" or indicator_stars < floor
    else:
        must_rectify = stars < floor
    return {
        "level_name": _name(rb, t, stars, vetoed=vetoed, rated=rated, in_scope=in_scope),
        "is_demonstration_park": stars >= int(rb.value(f"{DEMO_PARK}.min_stars")),
        "must_rectify": must_rectify,
        "rectify_by_year": int(rb.value(f"{RECTIFY}.deadline_year")) if must_rectify else None,
        "policy_support": [_support(rb, cid, stars) for cid in POLICIES],
    }


def _name(rb: Rulebook, t: Table, stars: int, *, vetoed: bool, rated: bool, in_scope: bool | None) -> str:
    if not rated:
        return "不在评价范围（三、1. 评价范围）" if in_scope is False else "未确定是否在评价范围（三、1. 评价范围）"
    if vetoed:  # 不得评定为星级园区: barred, not short of the standard
        return f"一票否决：不得评定为星级园区（{rb.clause(VETO).title}）"
    return t.level_name(stars)


def min_stars(rb: Rulebook, cid: str) -> int:
    """The level a support of 四（三） is for; under dp.policy_opening_scope=whole_sentence the sentence's opening
    floor (五星级、四星级) also binds the clauses that reading applies to."""
    m = int(rb.value(f"{cid}.min_stars"))
    if READING_OPENING in rb.clause(cid).readings and rb.reading_value(READING_OPENING) == "whole_sentence":
        m = max(m, int(rb.value(f"{OPENING}.min_stars")))
    return m


def _support(rb: Rulebook, cid: str, stars: int) -> PolicySupport:
    c = rb.clause(cid)
    m = min_stars(rb, cid)
    applies = stars >= m
    status = (
        "not_applicable"
        if not applies
        else "discretionary"
        if c.discretionary
        else "conditional"
        if c.conditions
        else "applies"
    )
    return PolicySupport(
        clause=cid,
        title=c.title,
        min_stars=m,
        applies=applies,
        discretionary=c.discretionary,
        conditions=list(c.conditions),
        status=status,
    )


def outcome(
    stars: int, level_name: str, *, vetoed: bool, rated: bool, strict: int, relaxed: int | None, capped: bool = False
) -> str:
    """The one-line answer, in the language in force: the level, the veto, the strict level when a relaxation
    changed it, and whether the caller's 明显高于 margin held the level down."""
    if not rated:
        return say("rubric.outcome.not_rated", level_name=level_name)
    text = say("rubric.outcome.vetoed" if vetoed else "rubric.outcome.rated", stars=stars, level_name=level_name)
    if relaxed is not None and relaxed != strict and not vetoed:
        text += say("rubric.outcome.strict", strict=strict)
    if capped and not vetoed:
        text += say("rubric.outcome.capped", stars=stars)
    return text
