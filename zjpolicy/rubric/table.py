"""The star table (demo-park-plan 三、2. 分类评价标准), as the rulebook states it.

`table(rb)` reads the rows' parameters once per rulebook and keeps the result on that rulebook
(`Rulebook.memo`), so a what-if rulebook carries its own table and drops it when it goes. Row 1 follows the
reading ``dp.row1_scale``: the extracted table shows two values for three columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import RulebookError
from ..exact import Comparison
from ..lang import say
from ..rulebook import Parameter, Rulebook

__all__ = ["GREEN_ROWS", "POLICIES", "ROWS", "Row", "Table", "star_name", "table"]

# The table's rows, in the plan's order: input field -> clause id (rows 1–9 have one value per level) ...
ROWS: dict[str, str] = {
    "manufacturing_revenue": "dp.3.2.row01_manufacturing_revenue",
    "cnc_rate": "dp.3.2.row02_cnc_rate",
    "machine_networking_rate": "dp.3.2.row03_machine_networking_rate",
    "industrial_internet_rate": "dp.3.2.row04_industrial_internet_rate",
    "high_tech_value_added_share": "dp.3.2.row05_high_tech_value_added_share",
    "rd_intensity": "dp.3.2.row06_rd_intensity",
    "value_added_per_mu": "dp.3.2.row07_value_added_per_mu",
    "tax_per_mu": "dp.3.2.row08_tax_per_mu",
    "labour_productivity": "dp.3.2.row09_labour_productivity",
}
# ... and rows 10–11: one merged cell for every level, against the park's own 全省同行业标准 (parameter `standard`).
GREEN_ROWS: dict[str, str] = {
    "energy_per_value_added": "dp.3.2.row10_energy_per_value_added",
    "pollutant_per_value_added": "dp.3.2.row11_pollutant_per_value_added",
}
RATING_RULE = "dp.3.2.rating_rule"
READING_ROW1 = "dp.row1_scale"
# The plan's other clauses that the rating applies (三、1.–3., 四（三）).
SCOPE = "dp.3.1.evaluation_scope"
DEMO_PARK = "dp.3.2.demonstration_park"
RECTIFY = "dp.3.2.rectification"
BONUS = "dp.3.2.bonus"
VETO = "dp.3.3.incident_veto"
DYNAMIC = "dp.3.3.dynamic_adjustment"
POLICIES = (
    "dp.4.3.cluster_competition_priority",
    "dp.4.3.regional_project_list_funding",
    "dp.4.3.major_project_library_priority",
    "dp.4.3.land_quota_tilt",
    "dp.4.3.energy_total_relaxation",
    "dp.4.3.talent_support",
    "dp.4.3.land_quota_advance",
    "dp.4.3.freed_land_priority",
    "dp.4.3.supervision_incentive",
    "dp.4.3.industry_fund",
)
RATING_CLAUSES = (
    *ROWS.values(),
    *GREEN_ROWS.values(),
    SCOPE,
    RATING_RULE,
    DEMO_PARK,
    RECTIFY,
    VETO,
    BONUS,
    DYNAMIC,
    *POLICIES,
)
# The columns' parameter names, lowest level first; the star numbers come from dp.3.2.rating_rule.
COLUMNS = ("three_star", "four_star", "five_star")
# Row 1: which of its two parameters each column uses, per choice of the reading dp.row1_scale (None: no bar).
ROW1_COLUMNS: dict[str, tuple[str | None, ...]] = {
    "three_star_unset": (None, "value_500", "value_1000"),
    "merged_three_four": ("value_500", "value_500", "value_1000"),
    "merged_four_five": ("value_500", "value_1000", "value_1000"),
}
_CN = "零一二三四五六七八九"


def star_name(level: int) -> str:
    """三星级 for 3 (the table's own column names)."""
    return f"{_CN[level]}星级" if 0 <= level < len(_CN) else f"{level}星级"


@dataclass(frozen=True)
class Row:
    """One row of the table: the input field it tests, its clause, and its parameter at each level."""

    field: str
    clause: str
    row: int
    label: str
    unit: str
    comparison: Comparison
    params: tuple[Parameter | None, ...]  # one per level; None = no requirement at that level
    green: bool = False  # rows 10–11: compared with the standard the caller gives


@dataclass(frozen=True)
class Table:
    levels: tuple[int, ...]
    rows: tuple[Row, ...]
    green: tuple[Row, ...]

    @property
    def all_rows(self) -> tuple[Row, ...]:
        return (*self.rows, *self.green)

    def next_level(self, above: int) -> int | None:
        """The lowest level above `above`, or None at the top."""
        return next((lvl for lvl in self.levels if lvl > above), None)

    def level_name(self, stars: int) -> str:
        """三星级园区 …, or 未达三星级评价标准 below the lowest level."""
        return f"{star_name(stars)}园区" if stars in self.levels else f"未达{star_name(self.levels[0])}评价标准"


def table(rb: Rulebook) -> Table:
    """The rubric as the rulebook states it (computed once per rulebook; rulebooks are immutable)."""
    return rb.memo(("rubric.table",), lambda: _build(rb))


def _build(rb: Rulebook) -> Table:
    levels = tuple(range(int(rb.value(f"{RATING_RULE}.min_stars")), int(rb.value(f"{RATING_RULE}.max_stars")) + 1))
    if len(levels) != len(COLUMNS):
        raise RulebookError(say("rubric.error.levels", clause=RATING_RULE, levels=len(levels), columns=len(COLUMNS)))
    rows = tuple(_row(rb, field, cid, _columns(rb, cid)) for field, cid in ROWS.items())
    green = tuple(_row(rb, field, cid, ("standard",) * len(levels), green=True) for field, cid in GREEN_ROWS.items())
    return Table(levels, rows, green)


def _columns(rb: Rulebook, cid: str) -> tuple[str | None, ...]:
    if cid != ROWS["manufacturing_revenue"]:
        return COLUMNS
    choice = rb.reading_value(READING_ROW1)
    if choice not in ROW1_COLUMNS:
        raise RulebookError(
            say("rubric.error.row1_choice", reading=READING_ROW1, choice=repr(choice), known=", ".join(ROW1_COLUMNS))
        )
    return ROW1_COLUMNS[choice]


def _row(rb: Rulebook, field: str, cid: str, names: tuple[str | None, ...], *, green: bool = False) -> Row:
    c = rb.clause(cid)
    params = tuple(None if n is None else c.param(n) for n in names)
    first = next(p for p in params if p is not None)
    return Row(field, cid, c.table_row or 0, c.title, first.unit, first.comparison, params, green)
