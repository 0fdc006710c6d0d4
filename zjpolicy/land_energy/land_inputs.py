"""Input models of the land rules: 工业用地比例, 改一补一, 腾出存量工业用地, 考核激励用地指标 (十（四）) and 园区综合容积率 (七（一）).

Areas are held exactly in 亩 (any area unit accepted: 公顷, m², 万亩). The other input models are in `inputs.py`;
this module keeps that one under 400 lines.
"""

from __future__ import annotations

from datetime import date as Date
from fractions import Fraction
from typing import Annotated, Any, cast

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import bad_input
from ..fields import Count, Year, quantity
from ..lang import say
from ..text import Text

__all__ = [
    "FREED_LAND_CLAUSE",
    "GAI_YI_BU_YI_CLAUSE",
    "GAI_YI_BU_YI_READING",
    "LAND_QUOTA_CLAUSE",
    "LAND_SHARE_CLAUSE",
    "PLOT_RATIO_CLAUSE",
    "Allocation",
    "FreedLand",
    "LandLedger",
    "LandSupply",
    "LedgerEntry",
    "ParkPlotRatio",
    "QuotaAllocations",
]

LAND_SHARE_CLAUSE = "go.10.4.industrial_land_share"
GAI_YI_BU_YI_CLAUSE = "go.10.4.gai_yi_bu_yi"
GAI_YI_BU_YI_READING = "go.gai_yi_bu_yi_scope"
FREED_LAND_CLAUSE = "go.10.4.freed_land_industrial_use"
LAND_QUOTA_CLAUSE = "go.10.4.land_quota_incentive"
PLOT_RATIO_CLAUSE = "go.7.1.plot_ratio"

_MU, _M2 = "亩", "m²"
_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _area(clause: str, *, strict: bool = False, example: str = "450 亩") -> Any:
    """A quantity field in 亩 (any area unit accepted)."""
    return quantity(_MU, clause=clause, strict_minimum=strict, example=example)


# --- 工业用地比例 (十（四）)
class LandSupply(BaseModel):
    """State-owned construction land transferred (出让) province-wide in one year.

    By area (reading go.land_share_measure = area, the default): ``industrial_area`` and ``total_area`` (all land
    transferred) or ``non_industrial_area``; by parcels: ``industrial_parcels`` and ``total_parcels``.
    """

    model_config = _FROZEN
    year: Year = Field(description="年度 (the year of the transfers)")
    industrial_area: Annotated[Fraction, *_area(LAND_SHARE_CLAUSE)] | None = Field(
        None, description="出让的工业用地面积 (亩)"
    )
    total_area: Annotated[Fraction, *_area(LAND_SHARE_CLAUSE, strict=True, example="1500 公顷")] | None = Field(
        None, description="全省出让的国有建设用地面积 (亩)"
    )
    non_industrial_area: Annotated[Fraction, *_area(LAND_SHARE_CLAUSE)] | None = Field(
        None, description="出让的非工业用地面积 (亩)"
    )
    industrial_parcels: Count | None = Field(None, description="出让的工业用地宗数 (by parcels)")
    total_parcels: Annotated[Count, Field(ge=1)] | None = Field(
        None, description="出让的国有建设用地总宗数 (by parcels)"
    )

    @model_validator(mode="after")
    def _total(self) -> LandSupply:
        ip, tp = self.industrial_parcels, self.total_parcels
        if ip is not None or tp is not None:
            if ip is None or tp is None or ip > tp:
                raise bad_input("industrial_parcels", say("land_energy.input.parcels"), clause=LAND_SHARE_CLAUSE)
            if self.industrial_area is self.total_area is self.non_industrial_area is None:
                return self
        if self.industrial_area is None:
            raise bad_input(
                "industrial_area",
                say("land_energy.input.land_needed"),
                unit=_MU,
                clause=LAND_SHARE_CLAUSE,
            )
        if (self.total_area is None) == (self.non_industrial_area is None):
            raise bad_input(
                "total_area",
                say("land_energy.input.one_total"),
                unit=_MU,
                clause=LAND_SHARE_CLAUSE,
            )
        if self.total_area is not None and self.industrial_area > self.total_area:
            raise bad_input(
                "industrial_area",
                say("land_energy.input.industrial_over_total"),
                unit=_MU,
                clause=LAND_SHARE_CLAUSE,
            )
        if self.non_industrial_area is not None and self.industrial_area + self.non_industrial_area == 0:
            raise bad_input("industrial_area", say("land_energy.input.no_land"), unit=_MU, clause=LAND_SHARE_CLAUSE)
        return self

    def total(self) -> Fraction | None:
        """All land transferred (亩): given, or industrial + non-industrial (None: no areas given)."""
        if self.total_area is not None or self.industrial_area is None:
            return self.total_area
        return self.industrial_area + (self.non_industrial_area or 0)


# --- 改一补一 (十（四）)
class LedgerEntry(BaseModel):
    """One change in a 改一补一 ledger: industrial land changed to another use, and/or land brought in."""

    model_config = _FROZEN
    parcel_id: Text = Field(description="地块编号", min_length=1)
    date: Date = Field(description="日期 (of the change or the compensation)")
    changed_out: Annotated[Fraction, *_area(GAI_YI_BU_YI_CLAUSE)] = Field(
        Fraction(0), description="改变用途的工业用地面积 (亩): industrial land changed to another use"
    )
    compensation: Annotated[Fraction, *_area(GAI_YI_BU_YI_CLAUSE)] = Field(
        Fraction(0), description="补充的工业用地面积 (亩): land brought into industrial use as compensation"
    )
    project: Text | None = Field(
        None,
        description="项目/地块组: entries with the same project are balanced together "
        "(per_project); default: the parcel_id",
    )

    @property
    def group(self) -> str:
        return self.project or self.parcel_id


class LandLedger(BaseModel):
    """A territory's 改一补一 ledger for a period (工业用地“改一补一”台账)."""

    model_config = _FROZEN
    territory: Text | None = Field(None, description="地区 (the territory the ledger is kept for)")
    period_start: Date | None = Field(None, description="期间起 (inclusive)")
    period_end: Date | None = Field(None, description="期间止 (inclusive)")
    entries: list[LedgerEntry] = Field(description="台账条目", min_length=1)

    @model_validator(mode="after")
    def _period(self) -> LandLedger:
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise bad_input("period_end", say("land_energy.input.period_reversed"), clause=GAI_YI_BU_YI_CLAUSE)
        for i, e in enumerate(self.entries):
            if (self.period_start and e.date < self.period_start) or (self.period_end and e.date > self.period_end):
                raise bad_input(
                    f"entries[{i}].date",
                    say("land_energy.input.outside_period", date=e.date),
                    clause=GAI_YI_BU_YI_CLAUSE,
                )
        return self

    def groups(self) -> list[tuple[str, list[str], Fraction, Fraction]]:
        """(group, its parcels, area changed out, area compensated) per project (or parcel), sorted by group."""
        by = {g: [e for e in self.entries if e.group == g] for g in sorted({e.group for e in self.entries})}
        return [
            (
                g,
                sorted({e.parcel_id for e in es}),
                sum((e.changed_out for e in es), Fraction(0)),
                sum((e.compensation for e in es), Fraction(0)),
            )
            for g, es in by.items()
        ]

    def where(self) -> str:
        """The territory and period, for messages, or "the ledger" (台账, in the language in force)."""
        period = f"{self.period_start or '…'}–{self.period_end or '…'}" if self.period_start or self.period_end else ""
        return " ".join(x for x in (self.territory, period) if x) or say("land_energy.the_ledger")


# --- 腾出存量工业用地 (十（四）)
class FreedLand(BaseModel):
    """Existing industrial land freed up (盘活腾出) inside a locality's industrial-land control line."""

    model_config = _FROZEN
    territory: Text | None = Field(None, description="地区")
    freed_area: Annotated[Fraction, *_area(FREED_LAND_CLAUSE, strict=True)] = Field(
        description="控制线内盘活腾出存量工业用地面积 (亩)"
    )
    industrial_area: Annotated[Fraction, *_area(FREED_LAND_CLAUSE)] = Field(description="其中用于工业发展的面积 (亩)")

    @model_validator(mode="after")
    def _within(self) -> FreedLand:
        if self.industrial_area > self.freed_area:
            raise bad_input(
                "industrial_area", say("land_energy.input.exceeds_freed"), unit=_MU, clause=FREED_LAND_CLAUSE
            )
        return self


# --- 考核激励用地指标 (十（四）)
class Allocation(BaseModel):
    """One award from the provincial incentive land quota (建设用地计划指标)."""

    model_config = _FROZEN
    recipient: Text = Field(description="获得奖励的地区", min_length=1)
    area: Annotated[Fraction, *_area(LAND_QUOTA_CLAUSE, example="300 亩")] = Field(
        description="奖励的用地计划指标 (亩)"
    )
    date: Date | None = Field(None, description="日期 (must fall in `year` when given)")


class QuotaAllocations(BaseModel):
    """A year's awards from the provincial construction-land quota for assessment incentives."""

    model_config = _FROZEN
    year: Year = Field(description="年度")
    allocations: list[Allocation] = Field(default_factory=list, description="考核激励分配")

    @model_validator(mode="after")
    def _dates(self) -> QuotaAllocations:
        for i, a in enumerate(self.allocations):
            if a.date is not None and a.date.year != self.year:
                raise bad_input(
                    f"allocations[{i}].date",
                    say("land_energy.input.not_in_year", date=a.date, year=self.year),
                    clause=LAND_QUOTA_CLAUSE,
                )
        return self

    def allocated(self) -> Fraction:
        """The year's awards in all (亩)."""
        return sum((a.area for a in self.allocations), Fraction(0))


# --- 园区综合容积率 (七（一）)
class ParkPlotRatio(BaseModel):
    """An industrial park's overall plot ratio (园区综合容积率): given, or total floor area / land area; for the
    parks together (reading go.plot_ratio_scope = all_parks), the totals over all parks."""

    model_config = _FROZEN
    park: Text | None = Field(None, description="园区名称")
    plot_ratio: Annotated[Fraction, *quantity("dimensionless", clause=PLOT_RATIO_CLAUSE, example="1.6")] | None = Field(
        None, description="园区综合容积率"
    )
    floor_area: Annotated[Fraction, *quantity(_M2, clause=PLOT_RATIO_CLAUSE, example="1200000 m²")] | None = Field(
        None, description="总建筑面积 (m²; any area unit)"
    )
    land_area: (
        Annotated[Fraction, *quantity(_M2, clause=PLOT_RATIO_CLAUSE, strict_minimum=True, example="800000 m²")] | None
    ) = Field(None, description="园区用地面积 (m²; 亩, 公顷 accepted)")

    @model_validator(mode="after")
    def _one_way(self) -> ParkPlotRatio:
        parts = (self.floor_area is not None, self.land_area is not None)
        if self.plot_ratio is not None and any(parts):
            raise bad_input("plot_ratio", say("land_energy.input.plot_ratio_both"), clause=PLOT_RATIO_CLAUSE)
        if self.plot_ratio is None and not all(parts):
            missing = "land_area" if parts[0] else "floor_area" if parts[1] else "plot_ratio"
            raise bad_input(
                missing,
                say("land_energy.input.plot_ratio_needed"),
                unit=_M2 if missing != "plot_ratio" else None,
                clause=PLOT_RATIO_CLAUSE,
            )
        return self

    def value(self) -> Fraction:
        """园区综合容积率: given, or floor_area / land_area (the validator ensures one of them)."""
        return (
            self.plot_ratio
            if self.plot_ratio is not None
            else cast(Fraction, self.floor_area) / cast(Fraction, self.land_area)
        )
