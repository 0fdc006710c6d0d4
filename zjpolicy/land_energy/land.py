"""Industrial land (guiding opinions 十（四）) and park land efficiency (七（一）).

Each rule's docstring quotes the law's sentence as the rulebook holds it; every threshold is read from the rulebook.
Areas are held exactly in 亩 (1 公顷 = 15 亩), whatever area unit they are given in.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil

from ..errors import input_error
from ..exact import Comparison
from ..quantities import Field, FirstOf, PartOfSum, Ratio, Test
from ..results import Check
from ..results import show_quantity as show
from ..rules import Context, rule
from ..units import conversion_factor
from .land_inputs import (
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
LAND_SHARE_READING = "go.land_share_measure"
GAI_YI_BU_YI_MEASURE = "go.gai_yi_bu_yi_measure"
LAND_QUOTA_READING = "go.land_quota_meaning"
PLOT_RATIO_READING = "go.plot_ratio_scope"


@rule(
    id="land_energy.industrial_land_share",
    version="1.1.0",
    clauses=[LAND_SHARE_CLAUSE],
    input_model=LandSupply,
    result_model=IndustrialLandShareResult,
    readings=[LAND_SHARE_READING],
    tests=[
        Test(
            "industrial_land_share",
            "min_share",
            FirstOf(Ratio("industrial_area", "total_area"), PartOfSum("industrial_area", "non_industrial_area")),
        )
    ],
)
def industrial_land_share(supply: LandSupply, ctx: Context) -> IndustrialLandShareResult:
    """全省每年出让的国有建设用地中工业用地比例不低于30%。 (十（四）)

    By area or by number of parcels (reading go.land_share_measure; default area). When it falls short, the outcome
    says how much more industrial land (or how many more parcels) would meet it, the other land held fixed.
    """
    measure, total = ctx.reading(LAND_SHARE_READING), supply.total()
    if measure == "parcels":
        i, n = supply.industrial_parcels, supply.total_parcels
        if i is None or n is None:
            raise input_error(
                "industrial_parcels",
                f"reading {LAND_SHARE_READING} = parcels: give industrial_parcels and total_parcels",
                clause=LAND_SHARE_CLAUSE,
            )
        p = ctx.param("min_share")
        c = ctx.test(
            p,
            Fraction(i, n) * conversion_factor("dimensionless", p.unit),
            name="industrial_land_share",
            indicator="industrial_land_share",
            note=f"{i} of {n} parcels in {supply.year}, by parcels",
        )
        part, whole, unit = Fraction(i), Fraction(n), "宗"
    else:
        if supply.industrial_area is None or total is None:
            raise input_error(
                "industrial_area",
                f"reading {LAND_SHARE_READING} = area: give industrial_area with total_area or non_industrial_area",
                unit=MU,
                clause=LAND_SHARE_CLAUSE,
            )
        c = ctx.check(
            "industrial_land_share",
            note=f"{show(supply.industrial_area, MU)} / {show(total, MU)} in {supply.year}, by area",
        )
        part, whole, unit = supply.industrial_area, total, MU
    outcome = f"{supply.year}: industrial share {show(c.value, c.unit)} meets {c.word} {show(c.threshold, c.unit)}"
    if not c.met:  # i / (i + other) >= s  <=>  i >= s * other / (1 - s)
        s = ctx.rulebook.value(ctx.param("min_share").id) * conversion_factor(c.unit, "dimensionless")
        more = s * (whole - part) / (1 - s) - part if s < 1 else None
        if more is not None and measure == "parcels":
            more = Fraction(ceil(more))
        what = "industrial parcels" if measure == "parcels" else "industrial land"
        outcome = f"{supply.year}: {unmet(c)}" + (f"; {show(more, unit)} more {what} needed" if more else "")
    return ctx.result(
        checks=[c],
        outcome=f"{outcome} (by {measure}, reading {LAND_SHARE_READING})",
        meets=c.met,
        share=c.value,
        measure=measure,
        industrial_area=supply.industrial_area,
        total_area=total,
        industrial_parcels=supply.industrial_parcels,
        total_parcels=supply.total_parcels,
    )


@rule(
    id="land_energy.gai_yi_bu_yi",
    version="1.1.0",
    clauses=[GAI_YI_BU_YI_CLAUSE],
    input_model=LandLedger,
    result_model=GaiYiBuYiResult,
    readings=[GAI_YI_BU_YI_READING, GAI_YI_BU_YI_MEASURE],
)
def gai_yi_bu_yi(ledger: LandLedger, ctx: Context) -> GaiYiBuYiResult:
    """控制线内盘活腾出存量工业用地必须全部用于工业发展，确需改变用途的，应“改一补一”，确保占补平衡。 (十（四）)

    compensation ≥ compensation_ratio × changed_out, netted over the whole ledger (reading go.gai_yi_bu_yi_scope =
    per_territory_period, the default) or for each project/parcel group (per_project); measured in area (reading
    go.gai_yi_bu_yi_measure = area, the default) or in parcels (= parcels: the parcels with land changed out and
    the parcels bringing land in). Nothing changed out is balanced.
    """
    p, scope, where = ctx.param("compensation_ratio"), ctx.reading(GAI_YI_BU_YI_READING), ledger.where()
    measure = ctx.reading(GAI_YI_BU_YI_MEASURE)
    ratio, unit = ctx.rulebook.value(p.id), MU if measure == "area" else "宗"

    def balance(name: str, out: Fraction, comp: Fraction, note: str) -> Check:
        c = ctx.test(
            p, comp / out if out else None, name=name, indicator="compensation_ratio", note=f"{note}, by {measure}"
        )
        return c if out else c.model_copy(update={"met": True, "note": f"{note}; nothing changed out"})

    def parcels_of(g: str, side: str) -> Fraction:
        return Fraction(len({e.parcel_id for e in ledger.entries if e.group == g and getattr(e, side) > 0}))

    groups = ledger.groups()  # (group, parcels, area changed out, area compensated): in the measure below
    measured = (
        groups
        if measure == "area"
        else [(g, parcels, parcels_of(g, "changed_out"), parcels_of(g, "compensation")) for g, parcels, _, _ in groups]
    )
    unbalanced = [
        UnbalancedGroup(
            group=g, parcels=parcels, changed_out=area_out, compensation=area_comp, shortfall=ratio * out - comp
        )
        for (g, parcels, area_out, area_comp), (_, _, out, comp) in zip(groups, measured, strict=True)
        if comp < ratio * out
    ]
    out_total, comp_total = sum((g[2] for g in measured), Fraction(0)), sum((g[3] for g in measured), Fraction(0))
    net = comp_total - ratio * out_total
    if scope == "per_project":
        checks = [balance(f"compensation_ratio@{g}", out, comp, f"group {g}") for g, _, out, comp in measured]
        balanced = not unbalanced
        short = f"{len(unbalanced)} group(s) short by {show(sum((u.shortfall for u in unbalanced), Fraction(0)), unit)} in all"
    else:
        checks = [balance("compensation_ratio", out_total, comp_total, f"netted over {where}")]
        balanced, short = net >= 0, f"short by {show(-net, unit)} over {where}"
    how = f"{scope}, by {measure}"
    outcome = (
        f"balanced ({how}): {show(comp_total, unit)} compensated for {show(out_total, unit)} changed out"
        if balanced
        else f"not balanced ({how}): {short}"
    )
    offset = scope != "per_project" and unbalanced and balanced
    notes = [f"{len(unbalanced)} group(s) are short on their own but are offset within {where}"] if offset else []
    return ctx.result(
        checks=checks,
        outcome=outcome,
        notes=notes,
        balanced=balanced,
        scope=scope,
        measure=measure,
        changed_out_total=sum((g[2] for g in groups), Fraction(0)),
        compensation_total=sum((g[3] for g in groups), Fraction(0)),
        net_balance=net,
        unbalanced=unbalanced,
    )


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
    outcome = (
        "all freed land is used for industry"
        if c.met
        else (
            f"{show(changed, MU)} of freed land changed use: allowed only where truly necessary (确需) and compensated "
            "改一补一 (see land_energy.gai_yi_bu_yi)"
        )
    )
    return ctx.result(checks=[c], outcome=outcome, all_industrial=c.met, share=c.value, changed_use_area=changed)


@rule(
    id="land_energy.land_quota",
    version="1.1.0",
    clauses=[LAND_QUOTA_CLAUSE],
    input_model=QuotaAllocations,
    result_model=LandQuotaResult,
    readings=[LAND_QUOTA_READING],
)
def land_quota(quota: QuotaAllocations, ctx: Context) -> LandQuotaResult:
    """省级每年安排3000亩建设用地计划指标用于制造业高质量发展（“腾笼换鸟”攻坚）考核激励。 (十（四）)

    Reading go.land_quota_meaning: the year's awards must stay within the pool (cap, the default; awarding nothing
    does not breach it) or come to it exactly (amount). The result says what remains either way.
    """
    p, allocated, meaning = ctx.param("annual_pool"), quota.allocated(), ctx.reading(LAND_QUOTA_READING)
    pool = ctx.rulebook.value(p.id)
    c = ctx.test(
        p,
        allocated,
        name="allocated",
        indicator="allocated",
        comparison=Comparison.eq if meaning == "amount" else None,
        note=f"{len(quota.allocations)} allocation(s) in {quota.year} ({meaning}, reading {LAND_QUOTA_READING})",
    )
    remaining = pool - allocated
    said = f"{quota.year}: {show(allocated, MU)} allocated"
    if remaining < 0:
        outcome = f"{said} exceeds the pool of {show(pool, MU)} by {show(-remaining, MU)}"
    elif c.met:
        outcome = f"{said}, {show(remaining, MU)} remaining" + ("" if meaning == "cap" else ": the whole pool")
    else:
        outcome = f"{said}: {show(remaining, MU)} of the pool of {show(pool, MU)} not arranged (the amount is required)"
    return ctx.result(
        checks=[c],
        outcome=outcome,
        complies=c.met,
        meaning=meaning,
        within=remaining >= 0,
        pool=pool,
        allocated=allocated,
        remaining=remaining,
    )


@rule(
    id="land_energy.plot_ratio",
    version="1.1.0",
    clauses=[PLOT_RATIO_CLAUSE],
    input_model=ParkPlotRatio,
    result_model=PlotRatioResult,
    readings=[PLOT_RATIO_READING],
    tests=[Test("plot_ratio", "min_plot_ratio", FirstOf(Field("plot_ratio"), Ratio("floor_area", "land_area")))],
)
def plot_ratio(park: ParkPlotRatio, ctx: Context) -> PlotRatioResult:
    """加快园区有机更新，园区综合容积率达到1.5以上。 (七（一）)

    plot ratio = 总建筑面积 / 用地面积; the threshold itself passes (达到……以上). Of one park (reading
    go.plot_ratio_scope = each_park, the default) or of the parks together (all_parks: the totals of all parks):
    the figures given are taken to be what the reading says, and the outcome says which.
    """
    areas, scope = park.plot_ratio is None, ctx.reading(PLOT_RATIO_READING)
    c = ctx.check("plot_ratio", note=f"{show(park.floor_area, 'm²')} / {show(park.land_area, 'm²')}" if areas else None)
    verdict = f"plot ratio {show(c.value)} meets {c.word} {show(c.threshold)}" if c.met else unmet(c)
    who = (park.park or "the park") if scope == "each_park" else f"{park.park or 'the parks'} (all parks together)"
    return ctx.result(
        checks=[c],
        outcome=f"{who}: {verdict}",
        meets=c.met,
        plot_ratio=c.value,
        notes=[
            f"the figures are {ctx.rulebook.reading_def(PLOT_RATIO_READING).choices[scope]} "
            f"(reading {PLOT_RATIO_READING} = {scope})"
        ],
    )
