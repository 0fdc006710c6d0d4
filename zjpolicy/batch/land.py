"""The land and energy rules over whole tables: thin wrappers of `batch_rule`, one per rule.

Each passes what the rule's declaration cannot say (and `lang`, the language of the error reasons and
explanations, to the kernel): the name of its verdict, its yes/no preconditions, the rows its
model's cross-field checks may reject (left to the scalar rule), and the readings that take it another way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..land_energy import green_channel, industrial_land_share, plot_ratio
from ..land_energy.inputs import DualControlStatus
from ..lang import Lang
from ..quantities import PartOfSum
from ..rulebook import Rulebook
from ..units import conversion_factor
from .columns import BAND, Column
from .kernel import Precondition, batch_rule, choice, flag, present
from .result import BatchResult
from .table import Table, register_quantity

__all__ = ["green_channels", "industrial_land_shares", "plot_ratios"]

Frame = pd.DataFrame | Sequence[Mapping[str, Any]]
Errors = Literal["raise", "collect"]
LAND_SHARE_MEASURE = "go.land_share_measure"


@register_quantity(PartOfSum)
def _part_of_sum(q: PartOfSum, t: Table, unit: str) -> Column:
    """part / (part + rest) (工业 / (工业 + 非工业)), exactly as `PartOfSum.of` computes it, per row."""
    part, rest = t.field(q.part), t.field(q.rest)
    to_part = conversion_factor(rest.unit, part.unit)
    factor = conversion_factor(f"({part.unit})/({part.unit})", unit)
    with np.errstate(divide="ignore", invalid="ignore"):
        whole = part.approx + rest.approx * float(to_part)
        approx = part.approx / whole * float(factor)
    approx[whole == 0] = np.nan

    def exact(i: int) -> Fraction | None:
        p, r = part.exact(i), rest.exact(i)
        if p is None or r is None:
            return None
        w = p + r * to_part
        return None if w == 0 else p / w * factor

    return Column(q.describe(), unit, approx, exact, {**part.bad, **rest.bad})


def green_channels(
    projects: Frame,
    *,
    as_of: date,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    units: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    lang: Lang | None = None,
) -> BatchResult:
    """节能审查绿色通道 for every project (columns: `GreenChannelProject` fields; others are ignored).

    ``.frame``: `eligible`, `intensity_met`, `intensity_value` (tce/万元), `new_project_met`, `dual_control_met`;
    the intensity is given, or energy_use / value_added, exactly (低于 is strict: the threshold itself fails).
    """
    return batch_rule(
        green_channel,
        projects,
        as_of=as_of,
        verdict="eligible",
        preconditions=[
            Precondition("new_project", flag),
            Precondition("dual_control", choice(DualControlStatus.on_track, no=[DualControlStatus.off_track])),
        ],
        guards=[],  # the model's one check (intensity, or both parts, not both) is the kernel's FirstOf rule
        rulebook=rulebook,
        overrides=overrides,
        units=units,
        errors=errors,
        lang=lang,
    )


def plot_ratios(
    parks: Frame,
    *,
    as_of: date,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    units: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    lang: Lang | None = None,
) -> BatchResult:
    """园区综合容积率 for every park (columns: `ParkPlotRatio` fields: plot_ratio, or floor_area with land_area).

    ``.frame``: `meets`, `plot_ratio_met`, `plot_ratio_value`.
    """
    return batch_rule(
        plot_ratio,
        parks,
        as_of=as_of,
        verdict="meets",
        guards=[],  # one check: the FirstOf rule
        rulebook=rulebook,
        overrides=overrides,
        units=units,
        errors=errors,
        lang=lang,
    )


def _more_than_total(t: Table) -> np.ndarray:
    """industrial_area > total_area is rejected by the model: rows at or near that edge go to the scalar rule."""
    if "industrial_area" not in t.frame.columns or "total_area" not in t.frame.columns:
        return np.zeros(t.n, bool)
    a, b = t.field("industrial_area").approx, t.field("total_area").approx
    with np.errstate(invalid="ignore"):
        return np.asarray(a >= b * (1 - BAND), dtype=bool)


def industrial_land_shares(
    years: Frame,
    *,
    as_of: date,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    units: Mapping[str, str] | None = None,
    errors: Errors = "raise",
    lang: Lang | None = None,
) -> BatchResult:
    """工业用地比例 (不低于 30%) for every row (columns: `LandSupply` fields: year, industrial_area with total_area
    or non_industrial_area).

    ``.frame``: `meets`, `industrial_land_share_met`, `industrial_land_share_value` (percent). Rows giving parcel
    counts, and every row when reading go.land_share_measure is not ``area``, are decided by the scalar rule.
    """
    return batch_rule(
        industrial_land_share,
        years,
        as_of=as_of,
        verdict="meets",
        guards=[present("industrial_parcels", "total_parcels"), _more_than_total],
        scalar_when=lambda rb: rb.reading(LAND_SHARE_MEASURE) != "area",
        rulebook=rulebook,
        overrides=overrides,
        units=units,
        errors=errors,
        lang=lang,
    )
