"""节能审查绿色通道: the energy-review green channel (guiding opinions 十（三）).

The rule's docstring quotes the law's sentence as the rulebook holds it; the threshold is the rulebook's
``go.10.3.green_channel.max_intensity``.
"""

from __future__ import annotations

from fractions import Fraction

from ..exact import PLAIN_COMPARISONS, compare
from ..lang import say
from ..quantities import Field, FirstOf, Ratio, Test
from ..results import show_quantity as show
from ..rules import Context, condition, rule
from .inputs import GREEN_CHANNEL_CLAUSE, DualControlStatus, GreenChannelProject
from .results import GreenChannelResult, listed, named, unmet

__all__ = ["green_channel"]


@rule(
    id="land_energy.green_channel",
    version="1.0.0",
    clauses=[GREEN_CHANNEL_CLAUSE],
    input_model=GreenChannelProject,
    result_model=GreenChannelResult,
    tests=[Test("intensity", "max_intensity", FirstOf(Field("intensity"), Ratio("energy_use", "value_added")))],
)
def green_channel(project: GreenChannelProject, ctx: Context) -> GreenChannelResult:
    """对单位工业增加值能耗低于0.52吨标准煤/万元的新上项目，在项目所在地确保完成能耗“双控”目标任务的前提下，开辟节能审查绿色通道。 (十（三）)

    All three must hold; 低于 is strict, so a project at the threshold does not qualify.
    """
    if ctx.defers and type(project) is GreenChannelProject:  # decide on the Fractions; explain on first use
        t, p = ctx.declared("intensity")
        value = t.value.of(project, p.unit)
        if type(value) is Fraction and type(p.value) is Fraction and p.comparison in PLAIN_COMPARISONS:
            met = (
                compare(value, p.comparison, p.value),
                project.new_project,
                project.dual_control is DualControlStatus.on_track,
            )
            unmet_names = [n for n, ok in zip(("intensity", "new_project", "dual_control"), met, strict=True) if not ok]
            return ctx.deferred(eligible=not unmet_names, intensity=value, failed=unmet_names)  # type: ignore[no-any-return]
    ratio = project.intensity is None
    intensity = ctx.check(
        "intensity",
        note=f"= {show(project.energy_use, 'tce')} / {show(project.value_added, '万元')}" if ratio else None,
    )
    checks = [
        intensity,
        condition("new_project", "新上项目", project.new_project, clause=GREEN_CHANNEL_CLAUSE, word="新上项目"),
        condition(
            "dual_control",
            "项目所在地确保完成能耗“双控”目标任务",
            project.dual_control is DualControlStatus.on_track,
            clause=GREEN_CHANNEL_CLAUSE,
            word="在……的前提下",
            note=say("land_energy.green_channel.status", status=named("dual_control", project.dual_control.value)),
        ),
    ]
    failed = [c for c in checks if not c.met]
    outcome = (
        say("land_energy.green_channel.not_eligible", reasons=listed(unmet(c) for c in failed))
        if failed
        else say("land_energy.green_channel.eligible")
    )
    return ctx.result(
        checks=checks, outcome=outcome, eligible=not failed, intensity=intensity.value, failed=[c.name for c in failed]
    )
