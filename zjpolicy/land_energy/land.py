"""Industrial land (guiding opinions 十（四）) and park land efficiency (七（一）).

Each rule's docstring quotes the law's sentence as the rulebook holds it; every threshold is read from the rulebook.
Areas are held exactly in 亩 (1 公顷 = 15 亩), whatever area unit they are given in.
"""

from __future__ import annotations

from fractions import Fraction

from ..quantities import Field, FirstOf, Ratio, Test
from ..results import Check
from ..results import show_quantity as show
from ..rules import Context, rule
from ..units import conversion_factor
from .inputs import (
    FREED_LAND_CLAUSE,
    GAI_YI_BU_YI_CLAUSE,
    GAI_YI_BU_YI_READING,
    LAND_QUOTA_CLAUSE,
    LAND_SHARE_CLAUSE,
    PLOT_RATIO_CLAUSE,
    FreedLand,
    LandLedger,
    LandSupply,
    ParkPlotRatio,
    PartOfSum,
    QuotaAllocations,
)
from .results import (
    FreedLandResult,
    GaiYiBuYiResult,
    IndustrialLandShareResult,
    LandQuotaResult,
    PlotRatioResult,
    UnbalancedGroup,
    unmet,
)

__all__ = ["freed_land_use", "gai_yi_bu_yi", "industrial_land_share", "land_quota", "plot_ratio"]

MU = "亩"


@rule(
    id="land_energy.industrial_land_share",
    version="1.0.0",
    clauses=[LAND_SHARE_CLAUSE],
    input_model=LandSupply,
    result_model=IndustrialLandShareResult,
    tests=[Test("industrial_land_share", "min_share", FirstOf(Ratio("industrial_area", "total_area"),
                                                              PartOfSum("industrial_area", "non_industrial_area")))],
)
def industrial_land_share(supply: LandSupply, ctx: Context) -> IndustrialLandShareResult:
    """全省每年出让的国有建设用地中工业用地比例不低于30%。 (十（四）)

    The share by area (the text does not say; see the parameter's note). When it falls short, the outcome says how
    much more industrial land would meet it, the other land held fixed.
    """
    total = supply.total()
    c = ctx.check("industrial_land_share", note=f"{show(supply.industrial_area, MU)} / {show(total, MU)} in {supply.year}")
    outcome = f"{supply.year}: industrial share {show(c.value, c.unit)} meets {c.word} {show(c.threshold, c.unit)}"
    if not c.met:  # i / (i + other) >= s  <=>  i >= s * other / (1 - s)
        s = ctx.rulebook.value(ctx.param("min_share").id) * conversion_factor(c.unit, "dimensionless")
        more = s * (total - supply.industrial_area) / (1 - s) - supply.industrial_area if s < 1 else None
        outcome = f"{supply.year}: {unmet(c)}" + (f"; {show(more, MU)} more industrial land needed" if more else "")
    return ctx.result(checks=[c], outcome=outcome, meets=c.met, share=c.value, industrial_area=supply.industrial_area,
                      total_area=total)


@rule(
    id="land_energy.gai_yi_bu_yi",
    version="1.0.0",
    clauses=[GAI_YI_BU_YI_CLAUSE],
    input_model=LandLedger,
    result_model=GaiYiBuYiResult,
    readings=[GAI_YI_BU_YI_READING],
)
def gai_yi_bu_yi(ledger: LandLedger, ctx: Context) -> GaiYiBuYiResult:
    """控制线内盘活腾出存量工业用地必须全部用于工业发展，确需改变用途的，应“改一补一”，确保占补平衡。 (十（四）)

    compensation ≥ compensation_ratio × changed_out, netted over the whole ledger (reading go.gai_yi_bu_yi_scope =
    per_territory_period, the default) or for each project/parcel group (per_project). Nothing changed out is
    balanced.
    """
    p, scope, where = ctx.param("compensation_ratio"), ctx.reading(GAI_YI_BU_YI_READING), ledger.where()
    ratio = ctx.rulebook.value(p.id)

    def balance(name: str, out: Fraction, comp: Fraction, note: str) -> Check:
        c = ctx.test(p, comp / out if out else None, name=name, indicator="compensation_ratio", note=note)
        return c if out else c.model_copy(update={"met": True, "note": f"{note}; nothing changed out"})

    groups = ledger.groups()
    unbalanced = [UnbalancedGroup(group=g, parcels=parcels, changed_out=out, compensation=comp,
                                  shortfall=ratio * out - comp) for g, parcels, out, comp in groups if comp < ratio * out]
    out_total, comp_total = sum((g[2] for g in groups), Fraction(0)), sum((g[3] for g in groups), Fraction(0))
    net = comp_total - ratio * out_total
    if scope == "per_project":
        checks = [balance(f"compensation_ratio@{g}", out, comp, f"group {g}") for g, _, out, comp in groups]
        balanced = not unbalanced
        short = f"{len(unbalanced)} group(s) short by {show(sum((u.shortfall for u in unbalanced), Fraction(0)), MU)} in all"
    else:
        checks = [balance("compensation_ratio", out_total, comp_total, f"netted over {where}")]
        balanced, short = net >= 0, f"short by {show(-net, MU)} over {where}"
    outcome = (f"balanced ({scope}): {show(comp_total, MU)} compensated for {show(out_total, MU)} changed out"
               if balanced else f"not balanced ({scope}): {short}")
    offset = scope != "per_project" and unbalanced and balanced
    notes = [f"{len(unbalanced)} group(s) are short on their own but are offset within {where}"] if offset else []
    return ctx.result(checks=checks, outcome=outcome, notes=notes, balanced=balanced, scope=scope,
                      changed_out_total=out_total, compensation_total=comp_total, net_balance=net,
                      unbalanced=unbalanced)


@rule(
    id="land_energy.freed_land_use",
    version="1.0.0",
    clauses=[FREED_LAND_CLAUSE],
    input_model=FreedLand,
    result_model=FreedLandResult,
    tests=[Test("industrial_use_share", "industrial_use_share", Ratio("industrial_area", "freed_area"))],
)
def freed_land_use(land: FreedLand, ctx: Context) -> FreedLandResult:
    """支持地方实施工业用地控制线管理，控制线内盘活腾出存量工业用地必须全部用于工业发展，……。 (十（四）)

    Land that changed use anyway is allowed only where truly necessary (确需) and must be compensated 改一补一:
    check it with ``gai_yi_bu_yi``.
    """
    c = ctx.check("industrial_use_share", note=f"{show(land.industrial_area, MU)} / {show(land.freed_area, MU)}")
    changed = land.freed_area - land.industrial_area
    outcome = "all freed land is used for industry" if c.met else (
        f"{show(changed, MU)} of freed land changed use: allowed only where truly necessary (确需) and compensated "
        "改一补一 (see land_energy.gai_yi_bu_yi)")
    return ctx.result(checks=[c], outcome=outcome, all_industrial=c.met, share=c.value, changed_use_area=changed)


@rule(
    id="land_energy.land_quota",
    version="1.0.0",
    clauses=[LAND_QUOTA_CLAUSE],
    input_model=QuotaAllocations,
    result_model=LandQuotaResult,
)
def land_quota(quota: QuotaAllocations, ctx: Context) -> LandQuotaResult:
    """省级每年安排3000亩建设用地计划指标用于制造业高质量发展（“腾笼换鸟”攻坚）考核激励。 (十（四）)

    The year's awards must stay within the pool (read as a cap); the result says what remains.
    """
    p, allocated = ctx.param("annual_pool"), quota.allocated()
    pool = ctx.rulebook.value(p.id)
    c = ctx.test(p, allocated, name="allocated", indicator="allocated",
                 note=f"{len(quota.allocations)} allocation(s) in {quota.year}")
    remaining = pool - allocated
    outcome = (f"{quota.year}: {show(allocated, MU)} allocated, {show(remaining, MU)} remaining" if c.met else
               f"{quota.year}: {show(allocated, MU)} allocated exceeds the pool of {show(pool, MU)} by "
               f"{show(-remaining, MU)}")
    return ctx.result(checks=[c], outcome=outcome, within=c.met, pool=pool, allocated=allocated, remaining=remaining)


@rule(
    id="land_energy.plot_ratio",
    version="1.0.0",
    clauses=[PLOT_RATIO_CLAUSE],
    input_model=ParkPlotRatio,
    result_model=PlotRatioResult,
    tests=[Test("plot_ratio", "min_plot_ratio", FirstOf(Field("plot_ratio"), Ratio("floor_area", "land_area")))],
)
def plot_ratio(park: ParkPlotRatio, ctx: Context) -> PlotRatioResult:
    """加快园区有机更新，园区综合容积率达到1.5以上。 (七（一）)

    plot ratio = 总建筑面积 / 用地面积; the threshold itself passes (达到……以上).
    """
    areas = park.plot_ratio is None
    c = ctx.check("plot_ratio", note=f"{show(park.floor_area, 'm²')} / {show(park.land_area, 'm²')}" if areas else None)
    verdict = f"plot ratio {show(c.value)} meets {c.word} {show(c.threshold)}" if c.met else unmet(c)
    return ctx.result(checks=[c], outcome=f"{park.park or 'the park'}: {verdict}", meets=c.met, plot_ratio=c.value)
