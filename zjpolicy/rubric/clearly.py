"""大部分指标明显高于标准值 (三、2.; reading ``dp.clearly_above``): applied only with a margin the caller states.

The plan gives no margin. Under the default ``not_tested`` meeting a level's value is enough. A caller who has a
margin passes a `ClearlyAbovePolicy`: at each level, 大部分 (more than half, unless the caller says how many) of the
table's rows 1–9 that set a value at that level must be 高于 (strictly above) it by at least the margin.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import InputError
from ..lang import say
from ..rules import Context
from .inputs import ClearlyAbovePolicy
from .levels import Verdicts, highest, stated
from .results import ClearlyAboveLevel

__all__ = ["READING_CLEARLY", "clearly_level", "clearly_levels", "clearly_notes", "stated_margin"]

READING_CLEARLY = "dp.clearly_above"


def stated_margin(
    option: ClearlyAbovePolicy | dict[str, Any] | None, ctx: Context
) -> tuple[ClearlyAbovePolicy | None, Context]:
    """The caller's ClearlyAbovePolicy, and the context to rate under (dp.clearly_above read as `stated`)."""
    if option is None:
        return None, ctx
    try:
        policy = ClearlyAbovePolicy.model_validate(option)
    except ValidationError as exc:
        raise InputError.from_validation_error(exc, prefix="clearly_above") from None
    return policy, stated(ctx, READING_CLEARLY)


def clearly_levels(v: Verdicts, policy: ClearlyAbovePolicy) -> list[ClearlyAboveLevel]:
    """Each level: which indicators are above its value by the margin, and whether they are 大部分."""
    out = []
    for lvl in v.table.levels:
        cells = [(r, c) for r in v.table.rows if (c := v.cells[(r.field, lvl)]) is not None]
        above = [
            r.field
            for r, c in cells
            if c.value is not None
            and c.threshold is not None
            and c.value > c.threshold
            and c.value - c.threshold >= c.threshold * policy.margin / 100
        ]
        required = policy.min_count if policy.min_count is not None else len(cells) // 2 + 1
        out.append(
            ClearlyAboveLevel(
                level=lvl,
                margin=policy.margin,
                clearly_above=above,
                of=len(cells),
                required=required,
                met=len(above) >= required,
            )
        )
    return out


def clearly_level(v: Verdicts, levels: list[ClearlyAboveLevel]) -> int:
    """The highest level at which, and at every level below it, most indicators are clearly above."""
    met = {x.level: x.met for x in levels}
    return highest(v.table.levels, lambda lvl: met[lvl])


def clearly_notes(ctx: Context, policy: ClearlyAbovePolicy | None) -> list[str]:
    if policy is None and ctx.reading(READING_CLEARLY) == "stated":
        return [say("rubric.clearly.no_policy", reading=READING_CLEARLY)]
    return []
