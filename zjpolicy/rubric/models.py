"""Input models for the star rubric (demo-park-plan 三、2.).

Field units equal the rubric parameters' units (a test checks this), so values are normalized once,
here, and the rating compares plain Fractions.
"""

from __future__ import annotations

from datetime import date as Date
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator
from pydantic_core import PydanticCustomError

from ..exact import Exact, fmt
from ..fields import Percent, quantity
from ..units import normalize

__all__ = [
    "BonusFacts",
    "BonusWeights",
    "DemonstrationProject",
    "GreenIndicator",
    "Incident",
    "ParkIndicators",
    "RelaxationPolicy",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")
ROW = "dp.3.2.row{:02d}"


class GreenIndicator(BaseModel):
    """A 绿色集约 indicator (rows 10–11): the park's value with the provincial same-industry standard
    (全省同行业标准), or an explicit yes/no that it is below the standard.

    Give `value` and `standard` (numbers in `unit`, or strings with compatible units), or `below_standard`.
    """

    model_config = _FROZEN
    value: Exact | None = Field(None, description="园区值 (in `unit`)")
    standard: Exact | None = Field(None, description="全省同行业标准 (in `unit`)")
    unit: str | None = Field(None, description="unit of value and standard, e.g. 'tce/万元' or '吨/万元'")
    below_standard: bool | None = Field(None, description="明确给出：是否低于全省同行业标准")

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        unit = data.get("unit")
        has_pair = data.get("value") is not None or data.get("standard") is not None
        if data.get("below_standard") is not None and has_pair:
            raise PydanticCustomError(
                "zjpolicy_input",
                "give either value and standard, or below_standard — not both",
                {"field": "green indicator", "reason": "give either value and standard, or below_standard — not both"},
            )
        if data.get("below_standard") is None:
            if data.get("value") is None or data.get("standard") is None:
                raise PydanticCustomError(
                    "zjpolicy_input",
                    "missing green data: give value and standard (全省同行业标准), or below_standard; "
                    "missing data is not a pass",
                    {"field": "green indicator", "reason": "missing green data (value and standard, or below_standard)"},
                )
            for key in ("value", "standard"):
                v = data[key]
                if isinstance(v, str) and unit is None:
                    from ..units import parse_quantity

                    _, u = parse_quantity(v)
                    unit = u or None
                if unit is not None:
                    try:
                        data[key] = normalize(v, unit, field=key)
                    except Exception as exc:  # InputError → pydantic error with context
                        raise PydanticCustomError(
                            "zjpolicy_input", "{reason}", {"field": key, "reason": str(exc), "expected_unit": unit}
                        ) from None
            data["unit"] = unit
        return data

    def is_below(self) -> bool:
        """低于 is strict: equal to the standard is not below it."""
        if self.below_standard is not None:
            return self.below_standard
        assert self.value is not None and self.standard is not None
        return self.value < self.standard


class Incident(BaseModel):
    """A 重大安全生产 or 环保突发事件."""

    model_config = _FROZEN
    date: Date = Field(description="发生日期")
    kind: Literal["safety", "environmental"] = Field(description="safety 重大安全生产事件 / environmental 环保突发事件")
    description: str | None = None


class DemonstrationProject(BaseModel):
    """A 重大标志性示范项目 and its investment (投资额)."""

    model_config = _FROZEN
    name: str | None = None
    investment: Annotated[Fraction, *quantity("亿元", clause="dp.3.2.bonus")] = Field(description="投资额 (亿元)")


class BonusFacts(BaseModel):
    """加分项目 facts: counts of enterprises and the demonstration projects."""

    model_config = _FROZEN
    global_500: NonNegativeInt = Field(0, description="世界500强企业数量")
    china_500: NonNegativeInt = Field(0, description="中国500强企业数量")
    industry_top5: NonNegativeInt = Field(0, description="国际和国内行业前5强企业数量")
    projects: tuple[DemonstrationProject, ...] = Field((), description="重大标志性示范项目")


class BonusWeights(BaseModel):
    """Points per item, supplied by the caller: the plan gives no weights."""

    model_config = _FROZEN
    global_500: Exact = Fraction(0)
    china_500: Exact = Fraction(0)
    industry_top5: Exact = Fraction(0)
    project_band_10: Exact = Fraction(0)
    project_band_30: Exact = Fraction(0)
    project_band_50: Exact = Fraction(0)


class RelaxationPolicy(BaseModel):
    """A relaxation stated by officials (个别指标可适当放宽标准). The library never relaxes on its own.

    At most `max_relaxed` indicators may fall short of a level, each by at most `max_shortfall`
    percent of that level's value. The green rows (10–11) are relaxed only if `allow_green`.
    """

    model_config = _FROZEN
    max_relaxed: NonNegativeInt = Field(description="how many indicators may be relaxed (个别指标)")
    max_shortfall: Percent = Field(description="largest shortfall allowed, as % of the level's value")
    indicators: tuple[str, ...] | None = Field(None, description="only these fields may be relaxed (default: rows 1–9)")
    allow_green: bool = Field(False, description="may the green rows 10–11 be relaxed")


class ParkIndicators(BaseModel):
    """One park's indicators for the star rating (制造业高质量发展示范园区分类评价标准).

    Values may be given in any compatible unit: "1200 亿元" or "12000000 万元", "150 万元/亩" or
    "2250 万元/公顷", "62.5%". `value_added_per_mu`, `tax_per_mu` and `labour_productivity` may be
    given directly or derived from `value_added`, `tax`, `land_area` and `employees`.
    """

    model_config = _FROZEN
    name: str | None = Field(None, description="园区名称")
    manufacturing_revenue: Annotated[Fraction, *quantity("亿元", clause=ROW.format(1) + "_manufacturing_revenue")] = Field(
        description="规模以上制造业营业收入 (亿元)"
    )
    cnc_rate: Percent = Field(description="重点制造业企业装备数控化率 (%)")
    machine_networking_rate: Percent = Field(description="重点制造业企业机器联网率 (%)")
    industrial_internet_rate: Percent = Field(description="制造业企业工业互联网应用率 (%)")
    high_tech_value_added_share: Percent = Field(description="规上工业高新技术产业增加值占比 (%)")
    rd_intensity: Percent = Field(description="规上制造业研发经费占营业收入比重 (%)")
    value_added_per_mu: Annotated[Fraction, *quantity("万元/亩", clause=ROW.format(7) + "_value_added_per_mu")] | None = (
        Field(None, description="规模以上制造业亩均增加值 (万元/亩)")
    )
    tax_per_mu: Annotated[Fraction, *quantity("万元/亩", clause=ROW.format(8) + "_tax_per_mu")] | None = Field(
        None, description="规模以上制造业亩均税收 (万元/亩)"
    )
    labour_productivity: Annotated[Fraction, *quantity("万元/人", clause=ROW.format(9) + "_labour_productivity")] | None = (
        Field(None, description="规模以上制造业全员劳动生产率 (万元/人)")
    )
    value_added: Annotated[Fraction, *quantity("万元")] | None = Field(None, description="规模以上制造业增加值 (万元)")
    tax: Annotated[Fraction, *quantity("万元")] | None = Field(None, description="规模以上制造业税收 (万元)")
    land_area: Annotated[Fraction, *quantity("亩", strict_minimum=True)] | None = Field(
        None, description="规模以上制造业企业用地面积 (亩)"
    )
    employees: Annotated[Fraction, *quantity("人", strict_minimum=True)] | None = Field(
        None, description="全部从业人员年平均人数 (人)"
    )
    energy_per_value_added: GreenIndicator = Field(description="万元工业增加值能耗 vs 全省同行业标准 (row 10)")
    pollutant_per_value_added: GreenIndicator = Field(description="万元工业增加值污染物排放 vs 全省同行业标准 (row 11)")
    major_incidents: tuple[Incident, ...] = Field((), description="重大安全生产和环保突发事件")
    green_park_title: bool = Field(False, description="被评为省级及以上美丽园区、绿色园区")
    chains_focused: NonNegativeInt | None = Field(None, description="聚焦的特色优势产业链条数 (二（一）)")
    bonus: BonusFacts = Field(default_factory=BonusFacts, description="加分项目")

    @model_validator(mode="after")
    def _derive(self) -> ParkIndicators:
        derived = {
            "value_added_per_mu": ("value_added", "land_area"),
            "tax_per_mu": ("tax", "land_area"),
            "labour_productivity": ("value_added", "employees"),
        }
        missing = []
        for target, (num, den) in derived.items():
            given = getattr(self, target)
            n, d = getattr(self, num), getattr(self, den)
            if n is not None and d is not None:
                computed = n / d
                if given is not None and given != computed:
                    raise PydanticCustomError(
                        "zjpolicy_input",
                        "{field} was given ({given}) and also derives from {num}/{den} ({computed}); they differ",
                        {"field": target, "given": str(given), "computed": str(computed), "num": num, "den": den,
                         "reason": f"given as {fmt(given)} but {num}/{den} gives {fmt(computed)}; they differ"},
                    )
                object.__setattr__(self, target, computed)
            elif given is None:
                missing.append(f"{target} (or {num} and {den})")
        if missing:
            raise PydanticCustomError(
                "zjpolicy_input",
                "missing: {missing}",
                {"missing": ", ".join(missing), "field": missing[0].split(" ")[0], "reason": "missing " + ", ".join(missing)},
            )
        return self
