"""Test parks built from the plan's table, typed in from the text (三、2.) so the tests check the YAML."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

# 制造业高质量发展示范园区分类评价标准（试行）: rows 1–9, levels 3/4/5; row 1 per reading three_star_unset
TABLE: dict[str, tuple[Any, Any, Any]] = {
    "manufacturing_revenue": (None, "500", "1000"),  # 亿元
    "cnc_rate": ("60", "65", "70"),  # %
    "machine_networking_rate": ("40", "45", "50"),
    "industrial_internet_rate": ("70", "80", "90"),
    "high_tech_value_added_share": ("54", "57", "60"),
    "rd_intensity": ("2.3", "2.6", "3"),
    "value_added_per_mu": ("120", "135", "150"),  # 万元/亩
    "tax_per_mu": ("30", "35", "40"),
    "labour_productivity": ("25", "30", "35"),  # 万元/人
}
UNITS = {
    "manufacturing_revenue": "亿元",
    "cnc_rate": "%",
    "machine_networking_rate": "%",
    "industrial_internet_rate": "%",
    "high_tech_value_added_share": "%",
    "rd_intensity": "%",
    "value_added_per_mu": "万元/亩",
    "tax_per_mu": "万元/亩",
    "labour_productivity": "万元/人",
}
LEVELS = (3, 4, 5)
GREEN = {"energy_per_value_added": {"below_standard": True}, "pollutant_per_value_added": {"below_standard": True}}


def values_at(level: int) -> dict[str, Fraction]:
    """Every indicator exactly at `level`'s value (row 1 at three stars: 0, it has no requirement)."""
    i = LEVELS.index(level)
    return {k: Fraction(v[i]) if v[i] is not None else Fraction(0) for k, v in TABLE.items()}


def park(values: dict[str, Fraction] | None = None, **extra: Any) -> dict[str, Any]:
    """A park dict with values written in the table's units."""
    vals = values if values is not None else values_at(5)
    data: dict[str, Any] = {k: f"{v} {UNITS[k]}".replace(" %", "%") for k, v in vals.items()}
    data.update(GREEN)
    data.update(extra)
    return data
