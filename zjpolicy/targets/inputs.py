"""The input models of the target rules: observations of indicators by year, a set of them, and one rule's input.

A value may be given with its unit ("2170 亿元") or as a bare number in `unit` (or in the indicator's own unit
when `unit` is empty); `zjpolicy.targets.statistics.normalize_statistics` converts everything, exactly, to each
indicator's canonical unit once the rulebook is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..exact import Exact, to_fraction
from ..fields import Year
from ..text import Text
from ..units import conversion_factor, parse_quantity

__all__ = ["Observation", "Statistics", "TargetInput"]


def _in_unit(raw: Any, unit: str, field: str) -> tuple[Fraction, str]:
    """(number, unit) of "2170 亿元" / 2170 / Fraction, converted to `unit` when one is set.

    With no `unit` yet, the value's own unit becomes the unit of the observation (returned second).
    """
    try:
        if isinstance(raw, str):
            num, u = parse_quantity(raw)
            u = u.strip() or unit
        else:
            num, u = to_fraction(raw), unit
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{field}: {exc}") from None
    if unit and u != unit:
        num *= conversion_factor(u, unit)
    return num, unit or u


class Observation(BaseModel):
    """One statistic: an indicator's value in a year (with its unit)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    indicator: Text = Field(description="clause id, alias or part name, e.g. go.8.4.mountain_industrial_value_added")
    year: Year = Field(description="the statistical year the value belongs to")
    value: Exact = Field(description="the value, exact; in `unit`")
    unit: Text = Field("", description="unit of value/baseline/items; '' means the indicator's own unit")
    baseline: Exact | None = Field(
        None,
        description="for 新增 (new) targets given as a level: the level at the start of 新增 (reading "
        "go.new_basis_start: the document's date by default); the count added since is value − baseline",
    )
    added: bool = Field(
        False,
        description="for 新增 (new) targets: `value` is the count added since the start of 新增, not a level; "
        "without this or a baseline, a 新增 goal has no data (a total is never taken as the count added)",
    )
    items: dict[str, Exact] | None = Field(
        None, description="per-member values (e.g. each cluster's scale); value is then their minimum"
    )
    source: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse_units(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        d = dict(data)
        unit = str(d.get("unit") or "").strip()
        if isinstance(d.get("value"), str):
            d["value"], unit = _in_unit(d["value"], unit, "value")
        if d.get("items") and isinstance(d["items"], Mapping):  # anything else: the field's own type error
            parsed = {}
            for name, raw in dict(d["items"]).items():
                parsed[str(name)], unit = _in_unit(raw, unit, f"items.{name}")
            d["items"] = parsed
            if d.get("value") is None:
                d["value"] = min(parsed.values())
        if isinstance(d.get("baseline"), str):
            d["baseline"], unit = _in_unit(d["baseline"], unit, "baseline")
        d["unit"] = unit
        return d


class Statistics(BaseModel):
    """A set of observations (one per indicator and year)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    observations: tuple[Observation, ...] = ()
    note: Text | None = Field(None, description="e.g. the source, or that the figures are illustrative")

    def years(self) -> list[int]:
        return sorted({o.year for o in self.observations})


class TargetInput(BaseModel):
    """What one target rule assesses: the statistics (of any years) and the year to assess."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    year: Year = Field(description="the statistical year to assess (e.g. 2024)")
    observations: tuple[Observation, ...] = ()
