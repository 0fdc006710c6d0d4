"""What a star level brings (三、2.; 四（三）): its name, 示范园区 at five stars, 限期整改 below three, and
the policy support each level opens."""

from __future__ import annotations

from typing import Any

from ..rulebook import Rulebook
from .results import PolicySupport
from .table import DEMO_PARK, POLICIES, RECTIFY, Table

__all__ = ["outcome", "standing"]


def standing(rb: Rulebook, t: Table, stars: int) -> dict[str, Any]:
    """The StarRating fields that follow from the level alone."""
    must_rectify = stars < int(rb.value(f"{RECTIFY}.min_stars"))
    return {
        "level_name": t.level_name(stars),
        "is_demonstration_park": stars >= int(rb.value(f"{DEMO_PARK}.min_stars")),
        "must_rectify": must_rectify,
        "rectify_by_year": int(rb.value(f"{RECTIFY}.deadline_year")) if must_rectify else None,
        "policy_support": [_support(rb, cid, stars) for cid in POLICIES],
    }


def _support(rb: Rulebook, cid: str, stars: int) -> PolicySupport:
    c = rb.clause(cid)
    m = int(rb.value(f"{cid}.min_stars"))
    return PolicySupport(clause=cid, title=c.title, min_stars=m, applies=stars >= m, discretionary=c.discretionary)


def outcome(stars: int, level_name: str, *, vetoed: bool, strict: int, relaxed: int | None) -> str:
    """The one-line answer: the level, the veto, and the strict level when a relaxation changed it."""
    text = f"{stars} stars ({level_name})" + (" — vetoed" if vetoed else "")
    if relaxed is not None and relaxed != strict and not vetoed:
        text += f"; strict reading: {strict} stars"
    return text
