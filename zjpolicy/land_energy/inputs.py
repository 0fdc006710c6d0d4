"""Input models of the energy and investment rules (the land ones are in `land_inputs.py`): what a caller gives, validated, in exact numbers and units.

Every quantity field declares its unit and clause (`zjpolicy.fields.quantity`): areas are held in 亩 (any area unit
accepted: 公顷, m², 万亩), energy in tce (kgce, GJ, kWh accepted), money in 万元 or 亿元. A bad input is rejected
with `zjpolicy.errors.bad_input`, naming the field's full path, its unit and the clause. No number of the law is
here: thresholds live in the rulebook.
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any, cast

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..errors import bad_input
from ..fields import Count, Year, quantity
from ..lang import say
from ..text import Text

__all__ = [
    "ASSESSED_ENERGY_CLAUSE",
    "GREEN_CHANNEL_CLAUSE",
    "MAJOR_PROJECT_CLAUSE",
    "PROJECT_SHARE_CLAUSE",
    "RENEWABLE_BASE_READING",
    "DualControlStatus",
    "EnergyAccount",
    "GreenChannelProject",
    "MajorProject",
    "Project",
    "ProjectPortfolio",
]

GREEN_CHANNEL_CLAUSE = "go.10.3.green_channel"
ASSESSED_ENERGY_CLAUSE = "go.10.3.assessed_energy"
RENEWABLE_BASE_READING = "go.renewable_base_year"
MAJOR_PROJECT_CLAUSE = "go.10.4.major_project_priority"
PROJECT_SHARE_CLAUSE = "go.7.2.manufacturing_project_share"

_TCE, _INTENSITY, _WAN_YUAN = "tce", "tce/万元", "万元"
_FROZEN = ConfigDict(frozen=True, extra="forbid")


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
    intensity: (
        Annotated[Fraction, *quantity(_INTENSITY, clause=GREEN_CHANNEL_CLAUSE, example="0.45 tce/万元")] | None
    ) = Field(None, description="单位工业增加值能耗 (tce/万元, 吨标准煤/万元)")
    energy_use: Annotated[Fraction, *quantity(_TCE, clause=GREEN_CHANNEL_CLAUSE, example="5200 tce")] | None = Field(
        None, description="项目综合能耗 (tce 吨标准煤; kgce, GJ, kWh accepted)"
    )
    value_added: (
        Annotated[Fraction, *quantity(_WAN_YUAN, clause=GREEN_CHANNEL_CLAUSE, strict_minimum=True, example="1 亿元")]
        | None
    ) = Field(None, description="项目工业增加值 (万元; 元, 亿元 accepted)")
    new_project: bool = Field(description="新上项目: the project is new (not an existing or expanded plant)")
    dual_control: DualControlStatus = Field(
        description="项目所在地能耗“双控”目标任务: 'on-track' (确保完成) or 'off-track'"
    )

    @field_validator("dual_control", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        return v.strip().lower().replace("_", "-") if isinstance(v, str) else v

    @model_validator(mode="after")
    def _one_way(self) -> GreenChannelProject:
        direct = self.intensity is not None
        parts = (self.energy_use is not None, self.value_added is not None)
        if direct and any(parts):
            raise bad_input(
                "intensity",
                say("land_energy.input.intensity_both"),
                unit=_INTENSITY,
                clause=GREEN_CHANNEL_CLAUSE,
            )
        if not direct and not all(parts):
            missing = "value_added" if parts[0] else "energy_use" if parts[1] else "intensity"
            unit = {"value_added": _WAN_YUAN, "energy_use": _TCE}.get(missing, _INTENSITY)
            raise bad_input(
                missing,
                say("land_energy.input.intensity_required"),
                unit=unit,
                clause=GREEN_CHANNEL_CLAUSE,
            )
        return self

    def computed_intensity(self) -> Fraction:
        """单位工业增加值能耗 in tce/万元: given, or energy_use / value_added (the validator ensures one of them)."""
        return (
            self.intensity
            if self.intensity is not None
            else cast(Fraction, self.energy_use) / cast(Fraction, self.value_added)
        )


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
    locality: Text | None = Field(None, description="地方 (the locality assessed)")
    year: Year = Field(description="考核年度 (the assessment year)")
    total_consumption: _Energy = Field(description="能源消费总量 (tce)")
    raw_material_use: _Energy = Field(Fraction(0), description="原料用能 (energy used as feedstock, tce)")
    new_renewable: _OptEnergy = Field(None, description="地方新增可再生能源消费量 (tce), over renewable_base_year")
    renewable_consumption: _OptEnergy = Field(None, description="可再生能源消费量 in `year` (tce)")
    renewable_consumption_base: _OptEnergy = Field(None, description="可再生能源消费量 in renewable_base_year (tce)")
    renewable_base_year: Year | None = Field(None, description="基年: the year 新增 is measured against")
    total_cap: _OptEnergy = Field(None, description="能耗总量控制目标 (the locality's cap, optional, tce)")

    @model_validator(mode="after")
    def _renewables(self) -> EnergyAccount:
        pair = (self.renewable_consumption is not None, self.renewable_consumption_base is not None)
        if self.new_renewable is not None and any(pair):
            raise bad_input(
                "new_renewable",
                say("land_energy.input.new_renewable_both"),
                unit=_TCE,
                clause=ASSESSED_ENERGY_CLAUSE,
            )
        if any(pair) and not all(pair):
            missing = "renewable_consumption_base" if pair[0] else "renewable_consumption"
            raise bad_input(
                missing,
                say("land_energy.input.renewable_pair"),
                unit=_TCE,
                clause=ASSESSED_ENERGY_CLAUSE,
            )
        has_new = all(pair) or (self.new_renewable is not None and self.new_renewable != 0)
        if has_new and self.renewable_base_year is None:
            raise bad_input(
                "renewable_base_year",
                say("land_energy.input.base_year_needed"),
                clause=ASSESSED_ENERGY_CLAUSE,
            )
        if self.renewable_base_year is not None and self.renewable_base_year >= self.year:
            raise bad_input(
                "renewable_base_year",
                say("land_energy.input.base_year_before", year=self.year),
                clause=ASSESSED_ENERGY_CLAUSE,
            )
        return self


# --- 制造业项目数占比 (七（二）)
class Project(BaseModel):
    """One project of the governors', mayors' and county heads' project programme (省市县长项目工程)."""

    model_config = _FROZEN
    name: Text = Field(description="项目名称")
    manufacturing: bool = Field(description="制造业项目")
    programme: Text | None = Field(None, description="所属项目清单 (省长项目工程, 某市市长项目工程…): for per_list")


class ProjectPortfolio(BaseModel):
    """A year's 省市县长项目工程: counts, or the list of projects with a manufacturing flag."""

    model_config = _FROZEN
    year: Year = Field(description="年度")
    manufacturing_projects: Count | None = Field(None, description="制造业项目数")
    total_projects: Annotated[Count, Field(ge=1)] | None = Field(None, description="省市县长项目工程项目总数")
    projects: list[Project] | None = Field(None, description="项目清单 (instead of the counts)")

    @model_validator(mode="after")
    def _one_way(self) -> ProjectPortfolio:
        m, n = self.manufacturing_projects, self.total_projects
        if self.projects is not None:
            if m is not None or n is not None:
                raise bad_input("projects", say("land_energy.input.projects_or_counts"), clause=PROJECT_SHARE_CLAUSE)
            if not self.projects:
                raise bad_input("projects", say("land_energy.input.projects_empty"), clause=PROJECT_SHARE_CLAUSE)
        elif m is None or n is None:
            missing = "total_projects" if m is not None else "manufacturing_projects"
            raise bad_input(
                missing,
                say("land_energy.input.counts_needed"),
                unit="个",
                clause=PROJECT_SHARE_CLAUSE,
            )
        elif m > n:
            raise bad_input(
                "manufacturing_projects",
                say("land_energy.input.exceeds_total_projects"),
                unit="个",
                clause=PROJECT_SHARE_CLAUSE,
            )
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
        return {
            n: (
                sum(p.manufacturing for p in self.projects if p.programme == n),
                sum(p.programme == n for p in self.projects),
            )
            for n in sorted({str(p.programme) for p in self.projects})
        }


# --- 制造业重大项目 (十（四）)
class MajorProject(BaseModel):
    """A project proposed for the provincial major industrial project pool (省重大产业项目库)."""

    model_config = _FROZEN
    name: Text | None = Field(None, description="项目名称")
    investment: Annotated[Fraction, *quantity("亿元", clause=MAJOR_PROJECT_CLAUSE, example="12 亿元")] = Field(
        description="项目投资额 (亿元; 万元, 元 accepted): 总投资, or the measure reading go.major_project_investment names"
    )
    manufacturing: bool = Field(description="制造业项目")
