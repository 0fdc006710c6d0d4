"""Industrial land (指导意见 十（四）) and park land efficiency (七（一））.

    控制线内盘活腾出存量工业用地必须全部用于工业发展，确需改变用途的，应“改一补一”，确保占补平衡。
    全省每年出让的国有建设用地中工业用地比例不低于３０％。
    省级每年安排３０００亩建设用地计划指标用于制造业高质量发展（“腾笼换鸟”攻坚）考核激励。
    加快园区有机更新，园区综合容积率达到１.５以上。 (七（一）)

(Numbers are quoted in the digits the document prints; every value is read from the rulebook.)
Areas are accepted in any area unit (亩, 公顷, m², 万亩) and held exactly in 亩 (1 公顷 = 15 亩).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date as Date
from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..exact import Exact, compare, margin
from ..fields import quantity
from ..results import Check, RuleResult
from ..rulebook import Parameter
from ..rules import Context, check_from_param, rule
from ..units import conversion_factor
from ._common import bad_input, share_in, show

__all__ = [
    "Allocation",
    "FreedLand",
    "FreedLandResult",
    "GaiYiBuYiResult",
    "IndustrialLandShareResult",
    "LandLedger",
    "LandQuotaResult",
    "LandSupply",
    "LedgerEntry",
    "ParkPlotRatio",
    "PlotRatioResult",
    "QuotaAllocations",
    "UnbalancedGroup",
    "freed_land_use",
    "gai_yi_bu_yi",
    "industrial_land_share",
    "land_quota",
    "plot_ratio",
]

SHARE_CLAUSE = "go.10.4.industrial_land_share"
GYBY_CLAUSE = "go.10.4.gai_yi_bu_yi"
GYBY_READING = "go.gai_yi_bu_yi_scope"
FREED_CLAUSE = "go.10.4.freed_land_industrial_use"
QUOTA_CLAUSE = "go.10.4.land_quota_incentive"
PLOT_CLAUSE = "go.7.1.plot_ratio"

_MU = "亩"
_M2 = "m²"


def _area(clause: str, *, strict: bool = False, example: str = "450 亩") -> object:
    """A required area field in 亩 (any area unit accepted: 公顷, m², 万亩)."""
    return quantity(_MU, clause=clause, strict_minimum=strict, example=example)



# --------------------------------------------------------------------------- 工业用地比例


class LandSupply(BaseModel):
    """State-owned construction land transferred (出让) province-wide in one year.

    Give ``industrial_area`` and either ``total_area`` (all land transferred) or ``non_industrial_area``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    year: int = Field(description="年度 (the year of the transfers)", ge=1)
    industrial_area: Annotated[Fraction, *_area(SHARE_CLAUSE)] = Field(description="出让的工业用地面积 (亩)")
    total_area: Annotated[Fraction, *_area(SHARE_CLAUSE, strict=True, example="1500 公顷")] | None = Field(
        None, description="全省出让的国有建设用地面积 (亩)"
    )
    non_industrial_area: Annotated[Fraction, *_area(SHARE_CLAUSE)] | None = Field(
        None, description="出让的非工业用地面积 (亩)"
    )

    @model_validator(mode="after")
    def _total(self) -> LandSupply:
        if (self.total_area is None) == (self.non_industrial_area is None):
            raise bad_input("total_area", "give exactly one of total_area and non_industrial_area", unit=_MU,
                            clause=SHARE_CLAUSE)
        if self.total_area is not None and self.industrial_area > self.total_area:
            raise bad_input("industrial_area", "the industrial area cannot exceed the total area transferred",
                            unit=_MU, clause=SHARE_CLAUSE)
        if self.non_industrial_area is not None and self.industrial_area + self.non_industrial_area == 0:
            raise bad_input("industrial_area", "no land transferred: the share is undefined", unit=_MU,
                            clause=SHARE_CLAUSE)
        return self

    def total(self) -> Fraction:
        if self.total_area is not None:
            return self.total_area
        assert self.non_industrial_area is not None
        return self.industrial_area + self.non_industrial_area


class IndustrialLandShareResult(RuleResult):
    meets: bool = Field(description="工业用地比例不低于 the minimum share")
    share: Exact = Field(description="工业用地比例 (in the parameter's unit, percent)")
    industrial_area: Exact = Field(description="亩")
    total_area: Exact = Field(description="亩")


@rule(
    id="land_energy.industrial_land_share",
    version="1.0.0",
    clauses=[SHARE_CLAUSE],
    input_model=LandSupply,
    result_model=IndustrialLandShareResult,
)
def industrial_land_share(supply: LandSupply, ctx: Context) -> IndustrialLandShareResult:
    """全省每年出让的国有建设用地中工业用地比例不低于３０％。 (十（四）)

    Share by area (the text does not say; see the parameter note): industrial_area / total_area ≥ min_share.
    """
    p = ctx.param(f"{SHARE_CLAUSE}.min_share")
    assert p.value is not None
    total = supply.total()
    share = share_in(p.unit, supply.industrial_area, total)
    ok = compare(share, p.comparison, p.value)
    m = margin(share, p.comparison, p.value)
    checks = [
        check_from_param(
            p, share, name="industrial_land_share", met=ok, margin=m,
            note=f"{show(supply.industrial_area, _MU)} / {show(total, _MU)} in {supply.year}",
        )
    ]
    if ok:
        outcome = f"{supply.year}: industrial share {show(share, p.unit)} meets {p.word} {show(p.value, p.unit)}"
    else:
        # industrial land needed for the share, holding the other land fixed: i/(i+o) >= s  <=>  i >= s*o/(1-s)
        s = p.value * conversion_factor(p.unit, "dimensionless")
        other = total - supply.industrial_area
        need = s * other / (1 - s) if s < 1 else None
        extra = f"; {show(need - supply.industrial_area, _MU)} more industrial land needed" if need is not None else ""
        outcome = (
            f"{supply.year}: industrial share {show(share, p.unit)} is below {show(p.value, p.unit)} "
            f"(short by {_points(-m if m is not None else None, p.unit)}){extra}"
        )
    return IndustrialLandShareResult(
        **ctx.audit(), meets=ok, share=share, industrial_area=supply.industrial_area, total_area=total,
        checks=checks, outcome=outcome,
    )


def _points(x: Fraction | None, unit: str) -> str:
    """A difference of shares: percentage points when the unit is percent."""
    return f"{show(x)} percentage point(s)" if unit == "percent" else show(x, unit)


# --------------------------------------------------------------------------- 改一补一


class LedgerEntry(BaseModel):
    """One change in a 改一补一 ledger: industrial land changed to another use, and/or land brought in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    parcel_id: str = Field(description="地块编号", min_length=1)
    date: Date = Field(description="日期 (of the change or the compensation)")
    changed_out: Annotated[Fraction, *_area(GYBY_CLAUSE)] = Field(
        Fraction(0), description="改变用途的工业用地面积 (亩): industrial land changed to another use"
    )
    compensation: Annotated[Fraction, *_area(GYBY_CLAUSE)] = Field(
        Fraction(0), description="补充的工业用地面积 (亩): land brought into industrial use as compensation"
    )
    project: str | None = Field(
        None, description="项目/地块组: entries with the same project are balanced together (per_project); "
        "default: the parcel_id"
    )

    @property
    def group(self) -> str:
        return self.project or self.parcel_id


class LandLedger(BaseModel):
    """A territory's 改一补一 ledger for a period (工业用地“改一补一”台账)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    territory: str | None = Field(None, description="地区 (the territory the ledger is kept for)")
    period_start: Date | None = Field(None, description="期间起 (inclusive)")
    period_end: Date | None = Field(None, description="期间止 (inclusive)")
    entries: list[LedgerEntry] = Field(description="台账条目", min_length=1)

    @model_validator(mode="after")
    def _period(self) -> LandLedger:
        if self.period_start and self.period_end and self.period_start > self.period_end:
            raise bad_input("period_end", "the period ends before it starts", clause=GYBY_CLAUSE)
        for i, e in enumerate(self.entries):
            if (self.period_start and e.date < self.period_start) or (self.period_end and e.date > self.period_end):
                raise bad_input(f"entries.{i}.date", f"{e.date} is outside the ledger's period", clause=GYBY_CLAUSE)
        return self


class UnbalancedGroup(BaseModel):
    """A parcel (or project group) whose own compensation falls short of 改一补一."""

    model_config = ConfigDict(frozen=True)
    group: str = Field(description="project, or parcel_id when no project is given")
    parcels: list[str]
    changed_out: Exact = Field(description="亩")
    compensation: Exact = Field(description="亩")
    shortfall: Exact = Field(description="补充 still needed (亩)")


class GaiYiBuYiResult(RuleResult):
    balanced: bool = Field(description="占补平衡")
    scope: str = Field(description="reading go.gai_yi_bu_yi_scope used")
    changed_out_total: Exact = Field(description="改变用途的工业用地 (亩)")
    compensation_total: Exact = Field(description="补充的工业用地 (亩)")
    net_balance: Exact = Field(description="补充 − 应补 (亩); negative = shortfall")
    unbalanced: list[UnbalancedGroup] = Field(
        description="groups short on their own; under per_territory_period they may be offset by others"
    )


def _ratio_check(p: Parameter, out: Fraction, comp: Fraction, *, name: str, note: str) -> Check:
    """comp/out against the compensation ratio; nothing changed out is balanced."""
    assert p.value is not None
    if out == 0:
        return check_from_param(p, None, name=name, met=True, note=note + "; nothing changed out")
    r = comp / out
    return check_from_param(p, r, name=name, met=compare(r, p.comparison, p.value),
                            margin=margin(r, p.comparison, p.value), note=note)


@rule(
    id="land_energy.gai_yi_bu_yi",
    version="1.0.0",
    clauses=[GYBY_CLAUSE],
    input_model=LandLedger,
    result_model=GaiYiBuYiResult,
    readings=[GYBY_READING],
)
def gai_yi_bu_yi(ledger: LandLedger, ctx: Context) -> GaiYiBuYiResult:
    """控制线内盘活腾出存量工业用地必须全部用于工业发展，确需改变用途的，应“改一补一”，确保占补平衡。 (十（四）)

    compensation ≥ compensation_ratio × changed_out, netted over the whole ledger (reading
    go.gai_yi_bu_yi_scope = per_territory_period, the default) or for each project/parcel group (per_project).
    """
    p = ctx.param(f"{GYBY_CLAUSE}.compensation_ratio")
    assert p.value is not None
    scope = ctx.reading(GYBY_READING)
    groups: dict[str, list[LedgerEntry]] = defaultdict(list)
    for e in ledger.entries:
        groups[e.group].append(e)
    unbalanced = []
    group_checks = []
    for key in sorted(groups):
        es = groups[key]
        out = sum((e.changed_out for e in es), Fraction(0))
        comp = sum((e.compensation for e in es), Fraction(0))
        need = p.value * out
        if scope == "per_project":
            group_checks.append(_ratio_check(p, out, comp, name=f"compensation_ratio@{key}", note=f"group {key}"))
        if comp < need:
            unbalanced.append(UnbalancedGroup(group=key, parcels=sorted({e.parcel_id for e in es}), changed_out=out,
                                              compensation=comp, shortfall=need - comp))
    out_total = sum((e.changed_out for e in ledger.entries), Fraction(0))
    comp_total = sum((e.compensation for e in ledger.entries), Fraction(0))
    net = comp_total - p.value * out_total
    where = " ".join(x for x in (ledger.territory, _period(ledger)) if x) or "the ledger"
    if scope == "per_project":
        checks = group_checks
        balanced = not unbalanced
    else:
        checks = [_ratio_check(p, out_total, comp_total, name="compensation_ratio", note=f"netted over {where}")]
        balanced = net >= 0
    if balanced:
        outcome = f"balanced ({scope}): {show(comp_total, _MU)} compensated for {show(out_total, _MU)} changed out"
    elif scope == "per_project":
        outcome = (f"not balanced (per_project): {len(unbalanced)} group(s) short by "
                   f"{show(sum((u.shortfall for u in unbalanced), Fraction(0)), _MU)} in all")
    else:
        outcome = f"not balanced ({scope}): short by {show(-net, _MU)} over {where}"
    notes = []
    if scope != "per_project" and unbalanced and balanced:
        notes.append(f"{len(unbalanced)} group(s) are short on their own but are offset within {where}")
    return GaiYiBuYiResult(
        **ctx.audit(), balanced=balanced, scope=scope, changed_out_total=out_total, compensation_total=comp_total,
        net_balance=net, unbalanced=unbalanced, checks=checks, notes=notes, outcome=outcome,
    )


def _period(ledger: LandLedger) -> str:
    if ledger.period_start or ledger.period_end:
        return f"{ledger.period_start or '…'}–{ledger.period_end or '…'}"
    return ""


# --------------------------------------------------------------------------- 腾出存量工业用地全部用于工业


class FreedLand(BaseModel):
    """Existing industrial land freed up (盘活腾出) inside a locality's industrial-land control line."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    territory: str | None = Field(None, description="地区")
    freed_area: Annotated[Fraction, *_area(FREED_CLAUSE, strict=True)] = Field(
        description="控制线内盘活腾出存量工业用地面积 (亩)"
    )
    industrial_area: Annotated[Fraction, *_area(FREED_CLAUSE)] = Field(description="其中用于工业发展的面积 (亩)")

    @model_validator(mode="after")
    def _within(self) -> FreedLand:
        if self.industrial_area > self.freed_area:
            raise bad_input("industrial_area", "cannot exceed freed_area", unit=_MU, clause=FREED_CLAUSE)
        return self


class FreedLandResult(RuleResult):
    all_industrial: bool = Field(description="全部用于工业发展")
    share: Exact = Field(description="用于工业发展的比例 (percent)")
    changed_use_area: Exact = Field(description="改变用途的面积 (亩): must be compensated 改一补一")


@rule(
    id="land_energy.freed_land_use",
    version="1.0.0",
    clauses=[FREED_CLAUSE],
    input_model=FreedLand,
    result_model=FreedLandResult,
)
def freed_land_use(land: FreedLand, ctx: Context) -> FreedLandResult:
    """控制线内盘活腾出存量工业用地必须全部用于工业发展，…… (十（四）)

    industrial_area / freed_area ≥ industrial_use_share (全部). Any land that changed use is allowed only
    where truly necessary (确需) and must be compensated 改一补一: check it with ``gai_yi_bu_yi``.
    """
    p = ctx.param(f"{FREED_CLAUSE}.industrial_use_share")
    assert p.value is not None
    share = share_in(p.unit, land.industrial_area, land.freed_area)
    ok = compare(share, p.comparison, p.value)
    changed = land.freed_area - land.industrial_area
    checks = [check_from_param(p, share, name="industrial_use_share", met=ok, margin=margin(share, p.comparison, p.value),
                               note=f"{show(land.industrial_area, _MU)} / {show(land.freed_area, _MU)}")]
    if ok:
        outcome = "all freed land is used for industry"
    else:
        outcome = (f"{show(changed, _MU)} of freed land changed use: allowed only where truly necessary (确需) and "
                   f"compensated 改一补一 (see land_energy.gai_yi_bu_yi)")
    return FreedLandResult(**ctx.audit(), all_industrial=ok, share=share, changed_use_area=changed, checks=checks,
                           outcome=outcome)


# --------------------------------------------------------------------------- 考核激励建设用地计划指标


class Allocation(BaseModel):
    """One award from the provincial incentive land quota (建设用地计划指标)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    recipient: str = Field(description="获得奖励的地区", min_length=1)
    area: Annotated[Fraction, *_area(QUOTA_CLAUSE, example="300 亩")] = Field(description="奖励的用地计划指标 (亩)")
    date: Date | None = Field(None, description="日期 (must fall in `year` when given)")


class QuotaAllocations(BaseModel):
    """A year's awards from the provincial construction-land quota for assessment incentives."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    year: int = Field(description="年度", ge=1)
    allocations: list[Allocation] = Field(default_factory=list, description="考核激励分配")

    @model_validator(mode="after")
    def _dates(self) -> QuotaAllocations:
        for i, a in enumerate(self.allocations):
            if a.date is not None and a.date.year != self.year:
                raise bad_input(f"allocations.{i}.date", f"{a.date} is not in {self.year}", clause=QUOTA_CLAUSE)
        return self


class LandQuotaResult(RuleResult):
    within: bool = Field(description="分配不超过每年安排的指标")
    pool: Exact = Field(description="每年安排的指标 (亩)")
    allocated: Exact = Field(description="已分配 (亩)")
    remaining: Exact = Field(description="剩余 (亩); negative = overrun")


@rule(
    id="land_energy.land_quota",
    version="1.0.0",
    clauses=[QUOTA_CLAUSE],
    input_model=QuotaAllocations,
    result_model=LandQuotaResult,
)
def land_quota(quota: QuotaAllocations, ctx: Context) -> LandQuotaResult:
    """省级每年安排３０００亩建设用地计划指标用于制造业高质量发展（“腾笼换鸟”攻坚）考核激励。 (十（四）)

    The year's awards must stay within the pool (read as a cap); reports what remains.
    """
    p = ctx.param(f"{QUOTA_CLAUSE}.annual_pool")
    assert p.value is not None
    allocated = sum((a.area for a in quota.allocations), Fraction(0))
    ok = compare(allocated, p.comparison, p.value)
    remaining = p.value - allocated
    checks = [check_from_param(p, allocated, name="allocated", met=ok, margin=margin(allocated, p.comparison, p.value),
                               note=f"{len(quota.allocations)} allocation(s) in {quota.year}")]
    outcome = (f"{quota.year}: {show(allocated, _MU)} allocated, {show(remaining, _MU)} remaining" if ok
               else f"{quota.year}: {show(allocated, _MU)} allocated exceeds the pool of {show(p.value, _MU)} "
               f"by {show(-remaining, _MU)}")
    return LandQuotaResult(**ctx.audit(), within=ok, pool=p.value, allocated=allocated, remaining=remaining,
                           checks=checks, outcome=outcome)


# --------------------------------------------------------------------------- 园区综合容积率


class ParkPlotRatio(BaseModel):
    """An industrial park's overall plot ratio (园区综合容积率): given, or total floor area / land area."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    park: str | None = Field(None, description="园区名称")
    plot_ratio: Annotated[Fraction, *quantity("dimensionless", clause=PLOT_CLAUSE, example="1.6")] | None = Field(
        None, description="园区综合容积率"
    )
    floor_area: Annotated[Fraction, *quantity(_M2, clause=PLOT_CLAUSE, example="1200000 m²")] | None = Field(
        None, description="总建筑面积 (m²; any area unit)"
    )
    land_area: Annotated[Fraction, *quantity(_M2, clause=PLOT_CLAUSE, strict_minimum=True, example="800000 m²")] | None = Field(None, description="园区用地面积 (m²; 亩, 公顷 accepted)")

    @model_validator(mode="after")
    def _one_way(self) -> ParkPlotRatio:
        parts = (self.floor_area is not None, self.land_area is not None)
        if self.plot_ratio is not None and any(parts):
            raise bad_input("plot_ratio", "give plot_ratio, or floor_area with land_area, not both",
                            clause=PLOT_CLAUSE)
        if self.plot_ratio is None and not all(parts):
            missing = "land_area" if parts[0] else "floor_area" if parts[1] else "plot_ratio"
            raise bad_input(missing, "give plot_ratio, or floor_area together with land_area",
                            unit=_M2 if missing != "plot_ratio" else None, clause=PLOT_CLAUSE)
        return self

    def value(self) -> Fraction:
        if self.plot_ratio is not None:
            return self.plot_ratio
        assert self.floor_area is not None and self.land_area is not None
        return self.floor_area / self.land_area


class PlotRatioResult(RuleResult):
    meets: bool = Field(description="园区综合容积率达到……以上")
    plot_ratio: Exact


@rule(
    id="land_energy.plot_ratio",
    version="1.0.0",
    clauses=[PLOT_CLAUSE],
    input_model=ParkPlotRatio,
    result_model=PlotRatioResult,
)
def plot_ratio(park: ParkPlotRatio, ctx: Context) -> PlotRatioResult:
    """加快园区有机更新，园区综合容积率达到１.５以上。 (七（一）)

    plot ratio (总建筑面积 / 用地面积) ≥ min_plot_ratio; the threshold itself passes (达到……以上).
    """
    p = ctx.param(f"{PLOT_CLAUSE}.min_plot_ratio")
    assert p.value is not None
    v = park.value()
    ok = compare(v, p.comparison, p.value)
    m = margin(v, p.comparison, p.value)
    note = None if park.plot_ratio is not None else f"{show(park.floor_area, _M2)} / {show(park.land_area, _M2)}"
    checks = [check_from_param(p, v, name="plot_ratio", met=ok, margin=m, note=note)]
    name = park.park or "the park"
    outcome = (f"{name}: plot ratio {show(v)} meets {p.word} {show(p.value)}" if ok
               else f"{name}: plot ratio {show(v)} is below {show(p.value)} (short by {show(-m) if m is not None else '—'})")
    return PlotRatioResult(**ctx.audit(), meets=ok, plot_ratio=v, checks=checks, outcome=outcome)
