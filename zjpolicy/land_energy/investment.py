"""Investment mix (guiding opinions 七（二）) and major manufacturing projects (十（四）).

Each rule's docstring quotes the law's sentence as the rulebook holds it; every threshold is read from the rulebook.
"""

from __future__ import annotations

from fractions import Fraction
from math import ceil

from ..quantities import Field, Test
from ..results import show_quantity as show
from ..rules import Context, condition, rule
from ..units import conversion_factor
from .inputs import MAJOR_PROJECT_CLAUSE, PROJECT_SHARE_CLAUSE, MajorProject, ProjectPortfolio
from .results import MajorProjectResult, ProjectShareResult, unmet

__all__ = ["major_project_priority", "manufacturing_project_share"]


@rule(
    id="land_energy.manufacturing_project_share",
    version="1.0.0",
    clauses=[PROJECT_SHARE_CLAUSE],
    input_model=ProjectPortfolio,
    result_model=ProjectShareResult,
)
def manufacturing_project_share(portfolio: ProjectPortfolio, ctx: Context) -> ProjectShareResult:
    """确保每年省市县长项目工程中制造业项目数不低于三分之一，……。 (七（二）)

    By number of projects (项目数), exactly: 1 of 3 passes. When short, the result says how many more manufacturing
    projects would meet the share, the total held fixed.
    """
    p, (m, n) = ctx.param("min_share"), portfolio.counts()
    c = ctx.test(p, Fraction(m, n) * conversion_factor("dimensionless", p.unit), name="manufacturing_project_share",
                 indicator="manufacturing_project_share", note=f"{m} of {n} projects")
    needed = 0 if c.met else ceil(ctx.rulebook.value(p.id) * conversion_factor(p.unit, "dimensionless") * n) - m
    said = f"{portfolio.year}: {m} of {n} projects are manufacturing"
    outcome = (f"{said}: {unmet(c)}; {needed} more needed" if not c.met
               else f"{said} ({show(c.value, c.unit)}), meets {c.word} {show(c.threshold, c.unit)}")
    return ctx.result(checks=[c], outcome=outcome, meets=c.met, share=c.value, manufacturing_projects=m,
                      total_projects=n, more_needed=needed)


@rule(
    id="land_energy.major_project_priority",
    version="1.0.0",
    clauses=[MAJOR_PROJECT_CLAUSE],
    input_model=MajorProject,
    result_model=MajorProjectResult,
    tests=[Test("investment", "min_investment", Field("investment"))],
)
def major_project_priority(project: MajorProject, ctx: Context) -> MajorProjectResult:
    """优先支持10亿元以上制造业重大项目列入省重大产业项目库。 (十（四）)

    A manufacturing project with investment ≥ min_investment (以上 includes the threshold) gets priority.
    """
    checks = [ctx.check("investment"),
              condition("manufacturing", "制造业项目", project.manufacturing, clause=MAJOR_PROJECT_CLAUSE,
                        word="制造业重大项目")]
    failed = [c for c in checks if not c.met]
    name = project.name or "the project"
    outcome = (f"{name}: no priority: " + "; ".join(unmet(c) for c in failed) if failed
               else f"{name}: priority for the provincial major industrial project pool")
    return ctx.result(checks=checks, outcome=outcome, priority=not failed, failed=[c.name for c in failed])
