"""Input models of the land and energy rules: what a caller gives, validated, in exact numbers and units.

Every quantity field declares its unit and clause (`zjpolicy.fields.quantity`): areas are held in 亩 (any area unit
accepted: 公顷, m², 万亩), energy in tce (kgce, GJ, kWh accepted), money in 万元 or 亿元. A bad input is rejected
with `zjpolicy.errors.bad_input`, naming the field's full path, its unit and the clause. No number of the law is
here: thresholds live in the rulebook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..errors import bad_input
from ..fields import quantity
from ..quantities import Quantity, field_unit
from ..units import conversion_factor

__all__ = [
    "ASSESSED_ENERGY_CLAUSE", "FREED_LAND_CLAUSE", "GAI_YI_BU_YI_CLAUSE", "GAI_YI_BU_YI_READING",
    "GREEN_CHANNEL_CLAUSE", "LAND_QUOTA_CLAUSE", "LAND_SHARE_CLAUSE", "MAJOR_PROJECT_CLAUSE", "PLOT_RATIO_CLAUSE",
    "PROJECT_SHARE_CLAUSE", "RENEWABLE_BASE_READING", "Allocation", "DualControlStatus", "EnergyAccount",
    "FreedLand", "GreenChannelProject", "LandLedger", "LandSupply", "LedgerEntry", "MajorProject", "ParkPlotRatio",
    "PartOfSum", "Project", "ProjectPortfolio", "QuotaAllocations",
]

GREEN_CHANNEL_CLAUSE = "go.10.3.green_channel"
ASSESSED_ENERGY_CLAUSE = "go.10.3.assessed_energy"
RENEWABLE_BASE_READING = "go.renewable_base_year"
LAND_SHARE_CLAUSE = "go.10.4.industrial_land_share"
GAI_YI_BU_YI_CLAUSE = "go.10.4.gai_yi_bu_yi"
GAI_YI_BU_YI_READING = "go.gai_yi_bu_yi_scope"
FREED_LAND_CLAUSE = "go.10.4.freed_land_industrial_use"
MAJOR_PROJECT_CLAUSE = "go.10.4.major_project_priority"
LAND_QUOTA_CLAUSE = "go.10.4.land_quota_incentive"
PLOT_RATIO_CLAUSE = "go.7.1.plot_ratio"
PROJECT_SHARE_CLAUSE = "go.7.2.manufacturing_project_share"

_TCE, _INTENSITY, _WAN_YUAN, _MU, _M2 = "tce", "tce/万元", "万元", "亩", "m²"
_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _area(clause: str, *, strict: bool = False, example: str = "450 亩") -> Any:
    """A quantity field in 亩 (any area unit accepted)."""
    return quantity(_MU, clause=clause, strict_minimum=strict, example=example)


@dataclass(frozen=True)
class PartOfSum(Quantity):
    """part / (part + rest) of two input fields of one dimension (工业用地 / 出让总面积 given as 工业 + 非工业),
    converted exactly to the parameter's unit. A declared quantity like `zjpolicy.quantities.Ratio`."""

    part: str
    rest: str

    def fields(self) -> tuple[str, ...]:
        return (self.part, self.rest)

    def of(self, inputs: BaseModel, unit: str) -> Fraction | None:
        part, rest = getattr(inputs, self.part), getattr(inputs, self.rest)
        if part is None or rest is None:
            return None
        u = field_unit(type(inputs), self.part)
        whole = part + rest * conversion_factor(field_unit(type(inputs), self.rest), u)
        return None if whole == 0 else Fraction(part) / whole * conversion_factor(f"({u})/({u})", unit)

    def describe(self) -> str:
        return f"{self.part} / ({self.part} + {self.rest})"


# --- 节能审查绿色通道 (十（三）)
class DualControlStatus(StrEnum):
    """Whether the project's locality is ensuring it meets its energy dual-control (能耗“双控”) targets."""

    on_track = "on-track"  # 确保完成能耗“双控”目标任务
    off_track = "off-track"  # 未能确保完成


class GreenChannelProject(BaseModel):
    """A project applying for the energy-review green channel (节能审查绿色通道).

    Give either ``intensity`` (单位工业增加值能耗) or both ``energy_use`` (综合能耗, in tce or any energy
    unit: kgce, GJ, kWh — converted by the calorific equivalent of GB/T 2589, see units.txt) and ``value_added``
    (工业增加值). The intensity is then energy_use / value_added, exactly.
    """

    model_config = _FROZEN
    intensity: Annotated[Fraction, *quantity(_INTENSITY, clause=GREEN_CHANNEL_CLAUSE, example="0.45 tce/万元")] | None = (
        Field(None, description="单位工业增加值能耗 (tce/万元, 吨标准煤/万元)"))
    energy_use: Annotated[Fraction, *quantity(_TCE, clause=GREEN_CHANNEL_CLAUSE, example="5200 tce")] | None = Field(
        None, description="项目综合能耗 (tce 吨标准煤; kgce, GJ, kWh accepted)")
    value_added: Annotated[Fraction, *quantity(_WAN_YUAN, clause=GREEN_CHANNEL_CLAUSE, strict_minimum=True,
                                               example="1 亿元")] | None = Field(None, description="项目工业增加值 (万元; 元, 亿元 accepted)")
    new_project: bool = Field(description="新上项目: the project is new (not an existing or expanded plant)")
    dual_control: DualControlStatus = Field(description="项目所在地能耗“双控”目标任务: 'on-track' (确保完成) or 'off-track'")

    @field_validator("dual_control", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        return v.strip().lower().replace("_", "-") if isinstance(v, str) else v

    @model_validator(mode="after")
    def _one_way(self) -> GreenChannelProject:
        direct = self.intensity is not None
        parts = (self.energy_use is not None, self.value_added is not None)
        if direct and any(parts):
            raise bad_input("intensity", "give either intensity, or energy_use with value_added, not both",
                            unit=_INTENSITY, clause=GREEN_CHANNEL_CLAUSE)
        if not direct and not all(parts):
            missing = "value_added" if parts[0] else "energy_use" if parts[1] else "intensity"
            unit = {"value_added": _WAN_YUAN, "energy_use": _TCE}.get(missing, _INTENSITY)
            raise bad_input(missing, "the intensity is required: give intensity, or energy_use together with value_added",
                            unit=unit, clause=GREEN_CHANNEL_CLAUSE)
        return self

    def computed_intensity(self) -> Fraction:
        """单位工业增加值能耗 in tce/万元: given, or energy_use / value_added (the validator ensures one of them)."""
        return self.intensity if self.intensity is not None else cast(Fraction, self.energy_use) / cast(
            Fraction, self.value_added)


# --- 纳入能耗总量考核的能耗 (十（三）)
_Energy = Annotated[Fraction, *quantity(_TCE, clause=ASSESSED_ENERGY_CLAUSE, example="120000 tce")]
_OptEnergy = Annotated[Fraction, *quantity(_TCE, clause=ASSESSED_ENERGY_CLAUSE, example="7600 tce")] | None


class EnergyAccount(BaseModel):
    """A locality's energy consumption for one assessment year (能耗总量考核), with what is deducted.

    New renewable consumption is either given as ``new_renewable`` (with ``renewable_base_year``, the year
    it is an increase over), or computed from ``renewable_consumption`` and ``renewable_consumption_base``
    (the consumption in ``renewable_base_year``). Energy in tce or any energy unit (kgce, GJ, kWh).
    """

    model_config = _FROZEN
    locality: str | None = Field(None, description="地方 (the locality assessed)")
    year: int = Field(description="考核年度 (the assessment year)", ge=1)
    total_consumption: _Energy = Field(description="能源消费总量 (tce)")
    raw_material_use: _Energy = Field(Fraction(0), description="原料用能 (energy used as feedstock, tce)")
    new_renewable: _OptEnergy = Field(None, description="地方新增可再生能源消费量 (tce), over renewable_base_year")
    renewable_consumption: _OptEnergy = Field(None, description="可再生能源消费量 in `year` (tce)")
    renewable_consumption_base: _OptEnergy = Field(None, description="可再生能源消费量 in renewable_base_year (tce)")
    renewable_base_year: int | None = Field(None, description="基年: the year 新增 is measured against")
    total_cap: _OptEnergy = Field(None, description="能耗总量控制目标 (the locality's cap, optional, tce)")

    @model_validator(mode="after")
    def _renewables(self) -> EnergyAccount:
        pair = (self.renewable_consumption is not None, self.renewable_consumption_base is not None)
        if self.new_renewable is not None and any(pair):
            raise bad_input("new_renewable", "give new_renewable, or renewable_consumption with "
                            "renewable_consumption_base, not both", unit=_TCE, clause=ASSESSED_ENERGY_CLAUSE)
        if any(pair) and not all(pair):
            missing = "renewable_consumption_base" if pair[0] else "renewable_consumption"
            raise bad_input(missing, "both renewable_consumption and renewable_consumption_base are needed",
                            unit=_TCE, clause=ASSESSED_ENERGY_CLAUSE)
        has_new = all(pair) or (self.new_renewable is not None and self.new_renewable != 0)
        if has_new and self.renewable_base_year is None:
            raise bad_input("renewable_base_year", "new (新增) renewable consumption must state the year it is "
                            "measured against", clause=ASSESSED_ENERGY_CLAUSE)
        if self.renewable_base_year is not None and self.renewable_base_year >= self.year:
            raise bad_input("renewable_base_year", f"must be before the assessment year {self.year}",
                            clause=ASSESSED_ENERGY_CLAUSE)
        return self


# --- 工业用地比例 (十（四）)
class LandSupply(BaseModel):
    """State-owned construction land transferred (出让) province-wide in one year.

    By area (reading go.land_share_measure = area, the default): ``industrial_area`` and ``total_area`` (all land
    transferred) or ``non_industrial_area``; by parcels: ``industrial_parcels`` and ``total_parcels``.
    """

    model_config = _FROZEN
    year: int = Field(description="年度 (the year of the transfers)", ge=1)
    industrial_area: Annotated[Fraction, *_area(LAND_SHARE_CLAUSE)] | None = Field(None, description="出让的工业用地面积 (亩)")
    total_area: Annotated[Fraction, *_area(LAND_SHARE_CLAUSE, strict=True, example="1500 公顷")] | None = Field(
        None, description="全省出让的国有建设用地面积 (亩)")
    non_industrial_area: Annotated[Fraction, *_area(LAND_SHARE_CLAUSE)] | None = Field(None, description="出让的非工业用地面积 (亩)")
    industrial_parcels: int | None = Field(None, ge=0, description="出让的工业用地宗数 (by parcels)")
    total_parcels: int | None = Field(None, ge=1, description="出让的国有建设用地总宗数 (by parcels)")

    @model_validator(mode="after")
    def _total(self) -> LandSupply:
        ip, tp = self.industrial_parcels, self.total_parcels
        if ip is not None or tp is not None:
            if ip is None or tp is None or ip > tp:
                raise bad_input("industrial_parcels", "give industrial_parcels ≤ total_parcels", clause=LAND_SHARE_CLAUSE)
            if self.industrial_area is self.total_area is self.non_industrial_area is None:
                return self
        if self.industrial_area is None:
            raise bad_input("industrial_area", "give industrial_area with total_area or non_industrial_area (by "
                            "area), or industrial_parcels with total_parcels", unit=_MU, clause=LAND_SHARE_CLAUSE)
        if (self.total_area is None) == (self.non_industrial_area is None):
            raise bad_input("total_area", "give exactly one of total_area and non_industrial_area", unit=_MU,
                            clause=LAND_SHARE_CLAUSE)
        if self.total_area is not None and self.industrial_area > self.total_area:
            raise bad_input("industrial_area", "the industrial area cannot exceed the total area transferred",
                            unit=_MU, clause=LAND_SHARE_CLAUSE)
        if self.non_industrial_area is not None and self.industrial_area + self.non_industrial_area == 0:
            raise bad_input("industrial_area", "no land transferred: the share is undefined", unit=_MU,
                            clause=LAND_SHARE_CLAUSE)
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
    parcel_id: str = Field(description="地块编号", min_length=1)
    date: Date = Field(description="日期 (of the change or the compensation)")
    changed_out: Annotated[Fraction, *_area(GAI_YI_BU_YI_CLAUSE)] = Field(
        Fraction(0), description="改变用途的工业用地面积 (亩): industrial land changed to another use")
    compensation: Annotated[Fraction, *_area(GAI_YI_BU_YI_CLAUSE)] = Field(
        Fraction(0), description="补充的工业用地面积 (亩): land brought into industrial use as compensation")
    project: str | None = Field(None, description="项目/地块组: entries with the same project are balanced together "
                                "(per_project); default: the parcel_id")

    @property
    def group(self) -> str:
        return self.project or self.parcel_id


class LandLedger(BaseModel):
    """A territory's 改一补一 ledger for a period (工业用地“改一补一”台账)."""

    model_config = _FROZEN
    territory: str | None = Field(None, description="地区 (the territory the ledger is kept for)")
    period_start: Date | None = Field(None, description="期间起 (inclusive)")
    period_end: Date | None = Field(None, description="期间止 (inclusive)")
    entries: list[LedgerEntry] = Field(description="台账条目", min_length=1)

    @model_validator(mode="after")
    def _period(self) -> LandLedger:
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise bad_input("period_end", "the period ends before it starts", clause=GAI_YI_BU_YI_CLAUSE)
        for i, e in enumerate(self.entries):
            if (self.period_start and e.date < self.period_start) or (self.period_end and e.date > self.period_end):
                raise bad_input(f"entries[{i}].date", f"{e.date} is outside the ledger's period", clause=GAI_YI_BU_YI_CLAUSE)
        return self

    def groups(self) -> list[tuple[str, list[str], Fraction, Fraction]]:
        """(group, its parcels, area changed out, area compensated) per project (or parcel), sorted by group."""
        by = {g: [e for e in self.entries if e.group == g] for g in sorted({e.group for e in self.entries})}
        return [(g, sorted({e.parcel_id for e in es}), sum((e.changed_out for e in es), Fraction(0)),
                 sum((e.compensation for e in es), Fraction(0))) for g, es in by.items()]

    def where(self) -> str:
        """The territory and period, for messages, or "the ledger"."""
        period = f"{self.period_start or '…'}–{self.period_end or '…'}" if self.period_start or self.period_end else ""
        return " ".join(x for x in (self.territory, period) if x) or "the ledger"


# --- 腾出存量工业用地 (十（四）)
class FreedLand(BaseModel):
    """Existing industrial land freed up (盘活腾出) inside a locality's industrial-land control line."""

    model_config = _FROZEN
    territory: str | None = Field(None, description="地区")
    freed_area: Annotated[Fraction, *_area(FREED_LAND_CLAUSE, strict=True)] = Field(description="控制线内盘活腾出存量工业用地面积 (亩)")
    industrial_area: Annotated[Fraction, *_area(FREED_LAND_CLAUSE)] = Field(description="其中用于工业发展的面积 (亩)")

    @model_validator(mode="after")
    def _within(self) -> FreedLand:
        if self.industrial_area > self.freed_area:
            raise bad_input("industrial_area", "cannot exceed freed_area", unit=_MU, clause=FREED_LAND_CLAUSE)
        return self


# --- 考核激励用地指标 (十（四）)
class Allocation(BaseModel):
    """One award from the provincial incentive land quota (建设用地计划指标)."""

    model_config = _FROZEN
    recipient: str = Field(description="获得奖励的地区", min_length=1)
    area: Annotated[Fraction, *_area(LAND_QUOTA_CLAUSE, example="300 亩")] = Field(description="奖励的用地计划指标 (亩)")
    date: Date | None = Field(None, description="日期 (must fall in `year` when given)")


class QuotaAllocations(BaseModel):
    """A year's awards from the provincial construction-land quota for assessment incentives."""

    model_config = _FROZEN
    year: int = Field(description="年度", ge=1)
    allocations: list[Allocation] = Field(default_factory=list, description="考核激励分配")

    @model_validator(mode="after")
    def _dates(self) -> QuotaAllocations:
        for i, a in enumerate(self.allocations):
            if a.date is not None and a.date.year != self.year:
                raise bad_input(f"allocations[{i}].date", f"{a.date} is not in {self.year}", clause=LAND_QUOTA_CLAUSE)
        return self

    def allocated(self) -> Fraction:
        """The year's awards in all (亩)."""
        return sum((a.area for a in self.allocations), Fraction(0))


# --- 园区综合容积率 (七（一）)
class ParkPlotRatio(BaseModel):
    """An industrial park's overall plot ratio (园区综合容积率): given, or total floor area / land area; for the
    parks together (reading go.plot_ratio_scope = all_parks), the totals over all parks."""

    model_config = _FROZEN
    park: str | None = Field(None, description="园区名称")
    plot_ratio: Annotated[Fraction, *quantity("dimensionless", clause=PLOT_RATIO_CLAUSE, example="1.6")] | None = Field(
        None, description="园区综合容积率")
    floor_area: Annotated[Fraction, *quantity(_M2, clause=PLOT_RATIO_CLAUSE, example="1200000 m²")] | None = Field(
        None, description="总建筑面积 (m²; any area unit)")
    land_area: Annotated[Fraction, *quantity(_M2, clause=PLOT_RATIO_CLAUSE, strict_minimum=True, example="800000 m²")
                         ] | None = Field(None, description="园区用地面积 (m²; 亩, 公顷 accepted)")

    @model_validator(mode="after")
    def _one_way(self) -> ParkPlotRatio:
        parts = (self.floor_area is not None, self.land_area is not None)
        if self.plot_ratio is not None and any(parts):
            raise bad_input("plot_ratio", "give plot_ratio, or floor_area with land_area, not both",
                            clause=PLOT_RATIO_CLAUSE)
        if self.plot_ratio is None and not all(parts):
            missing = "land_area" if parts[0] else "floor_area" if parts[1] else "plot_ratio"
            raise bad_input(missing, "give plot_ratio, or floor_area together with land_area",
                            unit=_M2 if missing != "plot_ratio" else None, clause=PLOT_RATIO_CLAUSE)
        return self

    def value(self) -> Fraction:
        """园区综合容积率: given, or floor_area / land_area (the validator ensures one of them)."""
        return self.plot_ratio if self.plot_ratio is not None else cast(Fraction, self.floor_area) / cast(
            Fraction, self.land_area)


# --- 制造业项目数占比 (七（二）)
class Project(BaseModel):
    """One project of the governors', mayors' and county heads' project programme (省市县长项目工程)."""

    model_config = _FROZEN
    name: str = Field(description="项目名称")
    manufacturing: bool = Field(description="制造业项目")
    programme: str | None = Field(None, description="所属项目清单 (省长项目工程, 某市市长项目工程…): for per_list")


class ProjectPortfolio(BaseModel):
    """A year's 省市县长项目工程: counts, or the list of projects with a manufacturing flag."""

    model_config = _FROZEN
    year: int = Field(description="年度", ge=1)
    manufacturing_projects: int | None = Field(None, ge=0, description="制造业项目数")
    total_projects: int | None = Field(None, ge=1, description="省市县长项目工程项目总数")
    projects: list[Project] | None = Field(None, description="项目清单 (instead of the counts)")

    @model_validator(mode="after")
    def _one_way(self) -> ProjectPortfolio:
        m, n = self.manufacturing_projects, self.total_projects
        if self.projects is not None:
            if m is not None or n is not None:
                raise bad_input("projects", "give the project list or the counts, not both", clause=PROJECT_SHARE_CLAUSE)
            if not self.projects:
                raise bad_input("projects", "the project list is empty: the share is undefined", clause=PROJECT_SHARE_CLAUSE)
        elif m is None or n is None:
            missing = "total_projects" if m is not None else "manufacturing_projects"
            raise bad_input(missing, "give manufacturing_projects and total_projects, or a project list",
                            unit="个", clause=PROJECT_SHARE_CLAUSE)
        elif m > n:
            raise bad_input("manufacturing_projects", "cannot exceed total_projects", unit="个", clause=PROJECT_SHARE_CLAUSE)
        return self

    def counts(self) -> tuple[int, int]:
        """(manufacturing projects, all projects): given, or counted from the list."""
        if self.projects is not None:
            return sum(1 for p in self.projects if p.manufacturing), len(self.projects)
        return self.manufacturing_projects or 0, self.total_projects or 0

    def by_programme(self) -> dict[str, tuple[int, int]] | None:
        """Programme (项目清单) → its counts, from the project list; None unless every project names its programme."""
        if self.projects is None or any(p.programme is None for p in self.projects):
            return None
        return {n: (sum(p.manufacturing for p in self.projects if p.programme == n),
                    sum(p.programme == n for p in self.projects)) for n in sorted({str(p.programme) for p in self.projects})}


# --- 制造业重大项目 (十（四）)
class MajorProject(BaseModel):
    """A project proposed for the provincial major industrial project pool (省重大产业项目库)."""

    model_config = _FROZEN
    name: str | None = Field(None, description="项目名称")
    investment: Annotated[Fraction, *quantity("亿元", clause=MAJOR_PROJECT_CLAUSE, example="12 亿元")] = Field(
        description="项目投资额 (亿元; 万元, 元 accepted): 总投资, or the measure reading go.major_project_investment names")
    manufacturing: bool = Field(description="制造业项目")
