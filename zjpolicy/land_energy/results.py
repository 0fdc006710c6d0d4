"""Result models of the land and energy rules: each rule's answer fields, on top of `zjpolicy.results.RuleResult`
(audit fields, citations, one `Check` per legal test), and `unmet`, the one phrasing of a failed check (in the
language in force: the messages ``land_energy.*`` of zjpolicy/messages/land_energy.yaml)."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from ..exact import Comparison, Exact
from ..lang import catalogue, say
from ..results import Check, DeferredResult, RuleResult, show_quantity

__all__ = [
    "Deduction",
    "EnergyAssessmentResult",
    "FreedLandResult",
    "GaiYiBuYiResult",
    "GreenChannelResult",
    "IndustrialLandShareResult",
    "LandQuotaResult",
    "MajorProjectResult",
    "PlotRatioResult",
    "ProgrammeShare",
    "ProjectShareResult",
    "UnbalancedGroup",
    "listed",
    "named",
    "unmet",
]

_SENSE = {Comparison.lt: "lt", Comparison.le: "le", Comparison.ge: "ge", Comparison.gt: "gt"}  # message of each
_OVER = frozenset({Comparison.lt, Comparison.le})  # a failed upper bound is over it; a failed lower bound, short


def unmet(c: Check) -> str:
    """Why a check failed, by how much, in the language in force: "项目单位工业增加值能耗 0.6 tce/万元 未低于
    0.52 tce/万元（超出 0.08 tce/万元）" (en: "… is not below (低于) 0.52 tce/万元 (over by 0.08 tce/万元)"); at the
    threshold of a strict test, "（恰好相等：“低于”不含本数）"; a difference of percents in percentage points; for a
    yes/no condition, its label."""
    if c.parameter is None and c.comparison is Comparison.eq:
        return say("land_energy.unmet.condition", label=c.label)
    text = say(
        f"land_energy.unmet.{_SENSE.get(c.comparison, 'other')}",
        label=c.label,
        value=show_quantity(c.value, c.unit),
        word=c.word,
        threshold=show_quantity(c.threshold, c.unit),
        symbol=c.comparison.symbol,
    )
    if c.margin is None:
        return text
    if c.margin == 0:
        return text + say("land_energy.equal_is_strict", word=c.word)
    gap = (
        say("land_energy.points", points=show_quantity(-c.margin))
        if c.unit == "percent"
        else show_quantity(-c.margin, c.unit)
    )
    return text + say("land_energy.over_by" if c.comparison in _OVER else "land_energy.short_by", gap=gap)


def named(kind: str, value: object) -> str:
    """The name of a machine value (a reading's choice, an enum value) in the language in force: the message
    ``land_energy.<kind>.<value>``, else the value itself."""
    key = f"land_energy.{kind}.{value}"
    return say(key) if key in catalogue() else str(value)


def listed(items: Iterable[str]) -> str:
    """Items joined in the language in force ("；" / "; ")."""
    return say("land_energy.list_separator").join(items)


# `green_channel` decides first; the checks, the outcome and the inputs are completed on first use, exactly as the
# eager rule computes them (see `zjpolicy.results.DeferredResult`).
class GreenChannelResult(DeferredResult):
    """Whether the project may use the green channel, and which conditions failed."""

    eligible: bool = Field(description="开辟节能审查绿色通道")
    intensity: Exact = Field(description="单位工业增加值能耗 used (tce/万元)")
    failed: list[str] = Field(default_factory=list, description="names of the conditions not met")


class Deduction(BaseModel):
    """One item deducted from total consumption before the total-energy assessment."""

    model_config = ConfigDict(frozen=True)
    name: str
    label: str
    amount: Exact = Field(description="tce")
    clause: str
    note: str | None = None


class EnergyAssessmentResult(RuleResult):
    """The consumption that counts for the total-energy assessment (纳入能耗总量考核的能耗), itemized."""

    total_consumption: Exact = Field(description="能源消费总量 (tce)")
    deductions: list[Deduction]
    deducted: Exact = Field(description="sum of the deductions (tce)")
    assessed_consumption: Exact = Field(description="纳入能耗总量考核的能耗 (tce)")
    within_cap: bool | None = Field(None, description="assessed ≤ total_cap, when a cap was given")


class IndustrialLandShareResult(RuleResult):
    meets: bool = Field(description="工业用地比例不低于 the minimum share")
    share: Exact = Field(description="工业用地比例 (in the parameter's unit, percent), by the measure used")
    measure: str = Field(description="reading go.land_share_measure used: area | parcels")
    industrial_area: Exact | None = Field(None, description="亩 (when given)")
    total_area: Exact | None = Field(None, description="亩 (when given)")
    industrial_parcels: int | None = Field(None, description="宗 (when given)")
    total_parcels: int | None = Field(None, description="宗 (when given)")


class UnbalancedGroup(BaseModel):
    """A parcel (or project group) whose own compensation falls short of 改一补一."""

    model_config = ConfigDict(frozen=True)
    group: str = Field(description="project, or parcel_id when no project is given")
    parcels: list[str]
    changed_out: Exact = Field(description="亩")
    compensation: Exact = Field(description="亩")
    shortfall: Exact = Field(description="补充 still needed, in the measure used (亩, or parcels)")


class GaiYiBuYiResult(RuleResult):
    balanced: bool = Field(description="占补平衡")
    scope: str = Field(description="reading go.gai_yi_bu_yi_scope used")
    measure: str = Field(description="reading go.gai_yi_bu_yi_measure used: area | parcels")
    changed_out_total: Exact = Field(description="改变用途的工业用地 (亩)")
    compensation_total: Exact = Field(description="补充的工业用地 (亩)")
    net_balance: Exact = Field(description="补充 − 应补, in the measure used (亩, or parcels); negative = shortfall")
    unbalanced: list[UnbalancedGroup] = Field(
        description="groups short on their own; under per_territory_period they may be offset by others"
    )


class FreedLandResult(RuleResult):
    all_industrial: bool = Field(description="全部用于工业发展")
    share: Exact = Field(description="用于工业发展的比例 (percent)")
    changed_use_area: Exact = Field(description="改变用途的面积 (亩): must be compensated 改一补一")


class LandQuotaResult(RuleResult):
    complies: bool = Field(
        description="the year's awards comply under reading go.land_quota_meaning (cap: within "
        "the pool; amount: exactly the pool)"
    )
    meaning: str = Field(description="reading go.land_quota_meaning used: cap | amount")
    within: bool = Field(description="分配不超过每年安排的指标 (whatever the reading)")
    pool: Exact = Field(description="每年安排的指标 (亩)")
    allocated: Exact = Field(description="已分配 (亩)")
    remaining: Exact = Field(description="剩余 (亩); negative = overrun")


class PlotRatioResult(RuleResult):
    meets: bool = Field(description="园区综合容积率达到……以上")
    plot_ratio: Exact


class ProgrammeShare(BaseModel):
    """One list (项目清单) of the programme, under reading go.project_share_scope = per_list."""

    model_config = ConfigDict(frozen=True)
    programme: str
    manufacturing_projects: int
    total_projects: int
    share: Exact
    meets: bool
    more_needed: int


class ProjectShareResult(RuleResult):
    meets: bool = Field(description="制造业项目数不低于 the minimum share")
    scope: str = Field(description="reading go.project_share_scope used: pooled | per_list")
    share: Exact = Field(description="制造业项目数占比 (exact fraction): pooled, or the lowest list's (per_list)")
    manufacturing_projects: int
    total_projects: int
    more_needed: int = Field(description="manufacturing projects still needed, the totals held fixed (0 if met)")
    programmes: list[ProgrammeShare] = Field(default_factory=list, description="per_list: each list's share")


class MajorProjectResult(RuleResult):
    priority: bool = Field(description="优先支持列入省重大产业项目库")
    failed: list[str] = Field(default_factory=list)
