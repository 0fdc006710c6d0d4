"""Investment mix (七（二）) and major manufacturing projects (十（四）).

    确保每年省市县长项目工程中制造业项目数不低于三分之一，…… (七（二）)
    优先支持１０亿元以上制造业重大项目列入省重大产业项目库。 (十（四）)

(Numbers are quoted as the document prints them; every value is read from the rulebook.)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..exact import Exact, compare, margin
from ..fields import quantity
from ..results import RuleResult
from ..rules import Context, check_from_param, rule
from ..units import conversion_factor
from ._common import bad_input, precondition, share_in, show

__all__ = [
    "MajorProject",
    "MajorProjectResult",
    "Project",
    "ProjectPortfolio",
    "ProjectShareResult",
    "major_project_priority",
    "manufacturing_project_share",
]

SHARE_CLAUSE = "go.7.2.manufacturing_project_share"
MAJOR_CLAUSE = "go.10.4.major_project_priority"


# --------------------------------------------------------------------------- 制造业项目数占比


class Project(BaseModel):
    """One project of the governors', mayors' and county heads' project programme (省市县长项目工程)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(description="项目名称")
    manufacturing: bool = Field(description="制造业项目")


class ProjectPortfolio(BaseModel):
    """A year's 省市县长项目工程: counts, or the list of projects with a manufacturing flag."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    year: int = Field(description="年度", ge=1)
    manufacturing_projects: int | None = Field(None, ge=0, description="制造业项目数")
    total_projects: int | None = Field(None, ge=1, description="省市县长项目工程项目总数")
    projects: list[Project] | None = Field(None, description="项目清单 (instead of the counts)")

    @model_validator(mode="after")
    def _one_way(self) -> ProjectPortfolio:
        counts = (self.manufacturing_projects is not None, self.total_projects is not None)
        if self.projects is not None:
            if any(counts):
                raise bad_input("projects", "give the project list or the counts, not both", clause=SHARE_CLAUSE)
            if not self.projects:
                raise bad_input("projects", "the project list is empty: the share is undefined", clause=SHARE_CLAUSE)
        elif not all(counts):
            missing = "total_projects" if counts[0] else "manufacturing_projects"
            raise bad_input(missing, "give manufacturing_projects and total_projects, or a project list",
                            unit="个", clause=SHARE_CLAUSE)
        elif self.manufacturing_projects > self.total_projects:  # type: ignore[operator]
            raise bad_input("manufacturing_projects", "cannot exceed total_projects", unit="个", clause=SHARE_CLAUSE)
        return self

    def counts(self) -> tuple[int, int]:
        if self.projects is not None:
            return sum(1 for p in self.projects if p.manufacturing), len(self.projects)
        assert self.manufacturing_projects is not None and self.total_projects is not None
        return self.manufacturing_projects, self.total_projects


class ProjectShareResult(RuleResult):
    meets: bool = Field(description="制造业项目数不低于 the minimum share")
    share: Exact = Field(description="制造业项目数占比 (exact fraction)")
    manufacturing_projects: int
    total_projects: int
    more_needed: int = Field(description="manufacturing projects still needed, the total held fixed (0 if met)")


@rule(
    id="land_energy.manufacturing_project_share",
    version="1.0.0",
    clauses=[SHARE_CLAUSE],
    input_model=ProjectPortfolio,
    result_model=ProjectShareResult,
)
def manufacturing_project_share(portfolio: ProjectPortfolio, ctx: Context) -> ProjectShareResult:
    """确保每年省市县长项目工程中制造业项目数不低于三分之一，…… (七（二）)

    By number of projects (项目数), exactly: 1 of 3 passes.
    """
    p = ctx.param(f"{SHARE_CLAUSE}.min_share")
    assert p.value is not None
    m, n = portfolio.counts()
    share = share_in(p.unit, Fraction(m), Fraction(n))
    ok = compare(share, p.comparison, p.value)
    threshold = p.value * conversion_factor(p.unit, "dimensionless")  # as a plain fraction of the total
    needed = 0
    if not ok:
        need = threshold * n  # smallest integer count k with k/n meeting the share (ge)
        needed = -((-need.numerator) // need.denominator) - m
    checks = [check_from_param(p, share, name="manufacturing_project_share", met=ok,
                               margin=margin(share, p.comparison, p.value), note=f"{m} of {n} projects")]
    outcome = (f"{portfolio.year}: {m} of {n} projects are manufacturing ({show(share, p.unit)}), meets "
               f"{p.word} {show(p.value, p.unit)}" if ok else
               f"{portfolio.year}: {m} of {n} projects are manufacturing ({show(share, p.unit)}), below "
               f"{show(p.value, p.unit)}; {needed} more needed")
    return ProjectShareResult(**ctx.audit(), meets=ok, share=share, manufacturing_projects=m, total_projects=n,
                              more_needed=needed, checks=checks, outcome=outcome)


# --------------------------------------------------------------------------- 10亿元以上制造业重大项目


class MajorProject(BaseModel):
    """A project proposed for the provincial major industrial project pool (省重大产业项目库)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str | None = Field(None, description="项目名称")
    investment: Annotated[Fraction, *quantity("亿元", clause=MAJOR_CLAUSE, example="12 亿元")] = Field(
        description="项目总投资 (亿元; 万元, 元 accepted)"
    )
    manufacturing: bool = Field(description="制造业项目")


class MajorProjectResult(RuleResult):
    priority: bool = Field(description="优先支持列入省重大产业项目库")
    failed: list[str] = Field(default_factory=list)


@rule(
    id="land_energy.major_project_priority",
    version="1.0.0",
    clauses=[MAJOR_CLAUSE],
    input_model=MajorProject,
    result_model=MajorProjectResult,
)
def major_project_priority(project: MajorProject, ctx: Context) -> MajorProjectResult:
    """优先支持１０亿元以上制造业重大项目列入省重大产业项目库。 (十（四）)

    A manufacturing project with investment ≥ min_investment (以上 includes the threshold) gets priority.
    """
    p = ctx.param(f"{MAJOR_CLAUSE}.min_investment")
    assert p.value is not None
    ok_inv = compare(project.investment, p.comparison, p.value)
    m = margin(project.investment, p.comparison, p.value)
    checks = [
        check_from_param(p, project.investment, name="investment", met=ok_inv, margin=m),
        precondition("manufacturing", "制造业项目", project.manufacturing, clause=MAJOR_CLAUSE, word="制造业重大项目"),
    ]
    failed = [c.name for c in checks if not c.met]
    name = project.name or "the project"
    if not failed:
        outcome = f"{name}: priority for the provincial major industrial project pool"
    else:
        why = []
        if not ok_inv:
            why.append(f"investment {show(project.investment, p.unit)} is below {show(p.value, p.unit)} "
                       f"(short by {show(-m if m is not None else None, p.unit)})")
        if not project.manufacturing:
            why.append("not a manufacturing project")
        outcome = f"{name}: no priority: " + "; ".join(why)
    return MajorProjectResult(**ctx.audit(), priority=not failed, failed=failed, checks=checks, outcome=outcome)
