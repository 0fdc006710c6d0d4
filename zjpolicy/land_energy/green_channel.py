"""节能审查绿色通道 — the energy-review green channel (指导意见 十（三）).

    对单位工业增加值能耗低于０.５２吨标准煤/万元的新上项目，在项目所在地确保完成能耗“双控”目标任务的前提下，
    开辟节能审查绿色通道。

(The number is quoted in the digits the document prints; the rule reads it from the rulebook,
parameter ``go.10.3.green_channel.max_intensity``.)

Three conditions, all required: the intensity is strictly below the threshold (低于), the project is
new (新上项目), and the locality is on track with its energy dual-control targets (确保完成能耗“双控”目标任务).
"""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..exact import Exact, compare, margin
from ..fields import quantity
from ..results import RuleResult
from ..rules import Context, check_from_param, rule
from ._common import bad_input, precondition, show

__all__ = ["CLAUSE", "DualControlStatus", "GreenChannelProject", "GreenChannelResult", "green_channel"]

CLAUSE = "go.10.3.green_channel"
_INTENSITY_UNIT = "tce/万元"  # the unit of go.10.3.green_channel.max_intensity
_ENERGY_UNIT = "tce"
_MONEY_UNIT = "万元"


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

    model_config = ConfigDict(frozen=True, extra="forbid")

    intensity: Annotated[Fraction, *quantity(_INTENSITY_UNIT, clause=CLAUSE, example="0.45 tce/万元")] | None = Field(
        None, description="单位工业增加值能耗 (tce/万元, 吨标准煤/万元)"
    )
    energy_use: Annotated[Fraction, *quantity(_ENERGY_UNIT, clause=CLAUSE, example="5200 tce")] | None = Field(
        None, description="项目综合能耗 (tce 吨标准煤; kgce, GJ, kWh accepted)"
    )
    value_added: Annotated[Fraction, *quantity(_MONEY_UNIT, clause=CLAUSE, strict_minimum=True, example="1 亿元")] | None = (
        Field(None, description="项目工业增加值 (万元; 元, 亿元 accepted)")
    )
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
                "give either intensity, or energy_use with value_added, not both",
                unit=_INTENSITY_UNIT,
                clause=CLAUSE,
            )
        if not direct and not all(parts):
            missing = "value_added" if parts[0] else "energy_use" if parts[1] else "intensity"
            unit = {"value_added": _MONEY_UNIT, "energy_use": _ENERGY_UNIT}.get(missing, _INTENSITY_UNIT)
            raise bad_input(
                missing,
                "the intensity is required: give intensity, or energy_use together with value_added",
                unit=unit,
                clause=CLAUSE,
            )
        return self

    def computed_intensity(self) -> Fraction:
        """单位工业增加值能耗 in tce/万元 (given, or energy_use / value_added)."""
        if self.intensity is not None:
            return self.intensity
        assert self.energy_use is not None and self.value_added is not None  # ensured by the validator
        return self.energy_use / self.value_added


class GreenChannelResult(RuleResult):
    """Whether the project may use the green channel, and which conditions failed."""

    eligible: bool = Field(description="开辟节能审查绿色通道")
    intensity: Exact = Field(description="单位工业增加值能耗 used (tce/万元)")
    failed: list[str] = Field(default_factory=list, description="names of the conditions not met")


@rule(
    id="land_energy.green_channel",
    version="1.0.0",
    clauses=[CLAUSE],
    input_model=GreenChannelProject,
    result_model=GreenChannelResult,
)
def green_channel(project: GreenChannelProject, ctx: Context) -> GreenChannelResult:
    """对单位工业增加值能耗低于０.５２吨标准煤/万元的新上项目，在项目所在地确保完成能耗“双控”目标任务的前提下，
    开辟节能审查绿色通道。 (十（三）)

    Eligible only when all three hold: intensity < max_intensity (strictly: 低于), a new project (新上项目),
    and the locality on track with its dual-control targets. Call as
    ``green_channel({"intensity": "0.45 tce/万元", "new_project": True, "dual_control": "on-track"}, as_of=...)``.
    """
    p = ctx.param(f"{CLAUSE}.max_intensity")
    assert p.value is not None
    value = project.computed_intensity()
    ok_intensity = compare(value, p.comparison, p.value)
    m = margin(value, p.comparison, p.value)
    note = None
    if project.intensity is None:
        note = f"= {show(project.energy_use, _ENERGY_UNIT)} / {show(project.value_added, _MONEY_UNIT)}"
    checks = [
        check_from_param(p, value, name="intensity", met=ok_intensity, margin=m, note=note),
        precondition("new_project", "新上项目", project.new_project, clause=CLAUSE, word="新上项目"),
        precondition(
            "dual_control",
            "项目所在地确保完成能耗“双控”目标任务",
            project.dual_control is DualControlStatus.on_track,
            clause=CLAUSE,
            word="在……的前提下",
            note=f"status: {project.dual_control.value}",
        ),
    ]
    failed = [c.name for c in checks if not c.met]
    reasons = []
    if not ok_intensity:
        assert m is not None
        over = -m
        reasons.append(
            f"intensity {show(value, p.unit)} is not below ({p.word}) {show(p.value, p.unit)}"
            + (f" (over by {show(over, p.unit)})" if over > 0 else " (equal: 低于 is strict)")
        )
    if not project.new_project:
        reasons.append("not a new project (新上项目)")
    if project.dual_control is not DualControlStatus.on_track:
        reasons.append("the locality is not on track with its energy dual-control targets")
    outcome = "eligible for the energy-review green channel" if not failed else "not eligible: " + "; ".join(reasons)
    return GreenChannelResult(
        **ctx.audit(), eligible=not failed, intensity=value, failed=failed, checks=checks, outcome=outcome
    )
