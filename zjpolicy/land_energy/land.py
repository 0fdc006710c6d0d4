"""Industrial land (guiding opinions 十（四）) and park land efficiency (七（一）).

Each rule's docstring quotes the law's sentence as the rulebook holds it; every threshold is read from the rulebook.
Areas are held exactly in 亩 (1 公顷 = 15 亩), whatever area unit they are given in.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil

from ..errors import input_error
from ..exact import Comparison
from ..lang import pick, say
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
    named,
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
                say("land_energy.land_share.parcels_needed", reading=LAND_SHARE_READING),
                clause=LAND_SHARE_CLAUSE,
            )
        p = ctx.param("min_share")
        c = ctx.test(
            p,
            Fraction(i, n) * conversion_factor("dimensionless", p.unit),
            name="industrial_land_share",
            indicator="industrial_land_share",
            note=say("land_energy.land_share.parcels_note", industrial=i, total=n, year=supply.year),
        )
        part, whole, unit = Fraction(i), Fraction(n), "宗"
    else:
        if supply.industrial_area is None or total is None:
            raise input_error(
                "industrial_area",
                say("land_energy.land_share.area_needed", reading=LAND_SHARE_READING),
                unit=MU,
                clause=LAND_SHARE_CLAUSE,
            )
        c = ctx.check(
            "industrial_land_share",
            note=say(
                "land_energy.land_share.area_note",
                industrial=show(supply.industrial_area, MU),
                total=show(total, MU),
                year=supply.year,
            ),
        )
        part, whole, unit = supply.industrial_area, total, MU
    if c.met:
        outcome = say(
            "land_energy.land_share.meets",
            year=supply.year,
            value=show(c.value, c.unit),
            word=c.word,
            threshold=show(c.threshold, c.unit),
        )
    else:  # i / (i + other) >= s  <=>  i >= s * other / (1 - s)
        s = ctx.rulebook.value(ctx.param("min_share").id) * conversion_factor(c.unit, "dimensionless")
        more = s * (whole - part) / (1 - s) - part if s < 1 else None
        if more is not None and measure == "parcels":
            more = Fraction(ceil(more))
        what = "land_energy.land_share.more_parcels" if measure == "parcels" else "land_energy.land_share.more_land"
        outcome = say("land_energy.land_share.short", year=supply.year, unmet=unmet(c)) + (
            say(what, more=show(more, unit)) if more else ""
        )
    return ctx.result(
        checks=[c],
        outcome=say(
            "land_energy.land_share.outcome",
            outcome=outcome,
            measure=named("measure", measure),
            reading=LAND_SHARE_READING,
        ),
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
        by = say("land_energy.gai_yi_bu_yi.by", note=note, measure=named("measure", measure))
        c = ctx.test(p, comp / out if out else None, name=name, indicator="compensation_ratio", note=by)
        nothing = say("land_energy.gai_yi_bu_yi.nothing_out", note=note)
        return c if out else c.model_copy(update={"met": True, "note": nothing})

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
        checks = [
            balance(f"compensation_ratio@{g}", out, comp, say("land_energy.gai_yi_bu_yi.group", group=g))
            for g, _, out, comp in measured
        ]
        balanced = not unbalanced
        gap = show(sum((u.shortfall for u in unbalanced), Fraction(0)), unit)
        short = say("land_energy.gai_yi_bu_yi.groups_short", count=len(unbalanced), gap=gap)
    else:
        netted = say("land_energy.gai_yi_bu_yi.netted", where=where)
        checks = [balance("compensation_ratio", out_total, comp_total, netted)]
        balanced = net >= 0
        short = say("land_energy.gai_yi_bu_yi.short", gap=show(-net, unit), where=where)
    how = say("land_energy.gai_yi_bu_yi.how", scope=named("scope", scope), measure=named("measure", measure))
    outcome = (
        say("land_energy.gai_yi_bu_yi.balanced", how=how, comp=show(comp_total, unit), out=show(out_total, unit))
        if balanced
        else say("land_energy.gai_yi_bu_yi.not_balanced", how=how, short=short)
    )
    offset = scope != "per_project" and unbalanced and balanced
    notes = [say("land_energy.gai_yi_bu_yi.offset", count=len(unbalanced), where=where)] if offset else []
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
        say("land_energy.freed_land.all") if c.met else say("land_energy.freed_land.changed", changed=show(changed, MU))
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
        note=say(
            "land_energy.land_quota.note",
            count=len(quota.allocations),
            year=quota.year,
            meaning=named("meaning", meaning),
            reading=LAND_QUOTA_READING,
        ),
    )
    remaining = pool - allocated
    said = say("land_energy.land_quota.allocated", year=quota.year, allocated=show(allocated, MU))
    if remaining < 0:
        outcome = say("land_energy.land_quota.exceeds", said=said, pool=show(pool, MU), over=show(-remaining, MU))
    elif c.met:
        outcome = say("land_energy.land_quota.remaining", said=said, remaining=show(remaining, MU)) + (
            "" if meaning == "cap" else say("land_energy.land_quota.whole_pool")
        )
    else:
        outcome = say(
            "land_energy.land_quota.not_arranged", said=said, remaining=show(remaining, MU), pool=show(pool, MU)
        )
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
    verdict = (
        say("land_energy.plot_ratio.meets", value=show(c.value), word=c.word, threshold=show(c.threshold))
        if c.met
        else unmet(c)
    )
    if scope == "each_park":
        who = park.park or say("land_energy.plot_ratio.the_park")
    else:
        who = say("land_energy.plot_ratio.together", park=park.park or say("land_energy.plot_ratio.the_parks"))
    rd = ctx.rulebook.reading_def(PLOT_RATIO_READING)
    return ctx.result(
        checks=[c],
        outcome=say("land_energy.plot_ratio.outcome", who=who, verdict=verdict),
        meets=c.met,
        plot_ratio=c.value,
        notes=[
            say(
                "land_energy.plot_ratio.figures",
                choice=pick(rd.choices_zh.get(scope), rd.choices[scope]),
                reading=PLOT_RATIO_READING,
                scope=scope,
            )
        ],
    )
