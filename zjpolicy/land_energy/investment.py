"""Investment mix (guiding opinions 七（二）) and major manufacturing projects (十（四）).

Each rule's docstring quotes the law's sentence as the rulebook holds it; every threshold is read from the rulebook.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil

from ..errors import input_error
from ..lang import pick, say
from ..quantities import Field, Test
from ..results import Check
from ..results import show_quantity as show
from ..rules import Context, condition, rule
from ..units import conversion_factor
from .inputs import MAJOR_PROJECT_CLAUSE, PROJECT_SHARE_CLAUSE, MajorProject, ProjectPortfolio
from .results import MajorProjectResult, ProgrammeShare, ProjectShareResult, listed, named, unmet

__all__ = ["major_project_priority", "manufacturing_project_share"]


PROJECT_SHARE_READING = "go.project_share_scope"
MAJOR_PROJECT_READING = "go.major_project_investment"


@rule(
    id="land_energy.manufacturing_project_share",
    version="1.1.0",
    clauses=[PROJECT_SHARE_CLAUSE],
    input_model=ProjectPortfolio,
    result_model=ProjectShareResult,
    readings=[PROJECT_SHARE_READING],
)
def manufacturing_project_share(portfolio: ProjectPortfolio, ctx: Context) -> ProjectShareResult:
    """确保每年省市县长项目工程中制造业项目数不低于三分之一，……。 (七（二）)

    By number of projects (项目数), exactly: 1 of 3 passes. The three lists pooled (reading go.project_share_scope =
    pooled, the default), or each list on its own (per_list: every project names its `programme`). When short, the
    result says how many more manufacturing projects would meet the share, the totals held fixed.
    """
    p, (m, n), scope = ctx.param("min_share"), portfolio.counts(), ctx.reading(PROJECT_SHARE_READING)
    s = ctx.rulebook.value(p.id) * conversion_factor(p.unit, "dimensionless")

    def test(name: str, mi: int, ni: int, programme: str | None) -> tuple[Check, int]:
        note = (
            say("land_energy.project_share.note", manufacturing=mi, total=ni)
            if programme is None
            else say("land_energy.project_share.note_in", manufacturing=mi, total=ni, programme=programme)
        )
        c = ctx.test(
            p,
            Fraction(mi, ni) * conversion_factor("dimensionless", p.unit),
            name=name,
            indicator="manufacturing_project_share",
            note=note,
        )
        return c, 0 if c.met else ceil(s * ni) - mi

    said = say("land_energy.project_share.said", year=portfolio.year, manufacturing=m, total=n)
    threshold = show(p.value, p.unit)
    share: Fraction | None
    if scope == "per_list":
        lists = portfolio.by_programme()
        if lists is None:
            raise input_error(
                "projects",
                say("land_energy.project_share.per_list_needed", reading=PROJECT_SHARE_READING),
                clause=PROJECT_SHARE_CLAUSE,
            )
        tested = {g: test(f"manufacturing_project_share@{g}", mi, ni, g) for g, (mi, ni) in lists.items()}
        rows = [
            ProgrammeShare(
                programme=g,
                manufacturing_projects=lists[g][0],
                total_projects=lists[g][1],
                share=c.value,
                meets=bool(c.met),
                more_needed=k,
            )
            for g, (c, k) in tested.items()
        ]
        checks, needed = [c for c, _ in tested.values()], sum(k for _, k in tested.values())
        short = [r for r in rows if not r.meets]
        meets, share = not short, min(r.share for r in rows)
        outcome = (
            say("land_energy.project_share.lists_meet", said=said, count=len(rows), word=p.word, threshold=threshold)
            if meets
            else say(
                "land_energy.project_share.lists_short",
                said=said,
                count=len(short),
                threshold=threshold,
                lists=say("land_energy.name_separator").join(r.programme for r in short),
                needed=needed,
            )
        )
    else:
        c, needed = test("manufacturing_project_share", m, n, None)
        checks, rows, meets, share = [c], [], bool(c.met), c.value
        outcome = (
            say("land_energy.project_share.short", said=said, unmet=unmet(c), needed=needed)
            if not c.met
            else say(
                "land_energy.project_share.meets",
                said=said,
                share=show(c.value, c.unit),
                word=c.word,
                threshold=show(c.threshold, c.unit),
            )
        )
    return ctx.result(
        checks=checks,
        outcome=say(
            "land_energy.project_share.outcome",
            outcome=outcome,
            scope=named("scope", scope),
            reading=PROJECT_SHARE_READING,
        ),
        meets=meets,
        scope=scope,
        share=share,
        manufacturing_projects=m,
        total_projects=n,
        more_needed=needed,
        programmes=rows,
    )


@rule(
    id="land_energy.major_project_priority",
    version="1.1.0",
    clauses=[MAJOR_PROJECT_CLAUSE],
    input_model=MajorProject,
    result_model=MajorProjectResult,
    readings=[MAJOR_PROJECT_READING],
    tests=[Test("investment", "min_investment", Field("investment"))],
)
def major_project_priority(project: MajorProject, ctx: Context) -> MajorProjectResult:
    """优先支持10亿元以上制造业重大项目列入省重大产业项目库。 (十（四）)

    A manufacturing project with investment ≥ min_investment (以上 includes the threshold) gets priority. The
    investment is the measure reading go.major_project_investment names (总投资 by default): the figure given is
    taken to be that, and the result says so.
    """
    measure = ctx.reading(MAJOR_PROJECT_READING)
    rd = ctx.rulebook.reading_def(MAJOR_PROJECT_READING)
    what, called = pick(rd.choices_zh.get(measure), rd.choices[measure]), named("investment", measure)
    checks = [
        ctx.check(
            "investment", note=say("land_energy.major_project.note", measure=called, reading=MAJOR_PROJECT_READING)
        ),
        condition(
            "manufacturing", "制造业项目", project.manufacturing, clause=MAJOR_PROJECT_CLAUSE, word="制造业重大项目"
        ),
    ]
    failed = [c for c in checks if not c.met]
    name = project.name or say("land_energy.major_project.the_project")
    outcome = (
        say("land_energy.major_project.no_priority", name=name, reasons=listed(unmet(c) for c in failed))
        if failed
        else say("land_energy.major_project.priority", name=name)
    )
    return ctx.result(
        checks=checks,
        outcome=say("land_energy.major_project.outcome", outcome=outcome, measure=called),
        priority=not failed,
        failed=[c.name for c in failed],
        notes=[say("land_energy.major_project.given", what=what, reading=MAJOR_PROJECT_READING, measure=measure)],
    )
