"""Input models for the star rubric (demo-park-plan 三、2.).

Field units equal the rubric parameters' units (a test checks this), so values are normalized once,
here, and the rating compares plain Fractions.
"""

from __future__ import annotations

from datetime import date as Date
from fractions import Fraction
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..errors import InputError, UnitError, bad_input
from ..exact import Exact, fmt
from ..fields import Count, Percent, quantity
from ..lang import say
from ..text import Text
from ..units import conversion_factor, normalize, parse_quantity
from .table import GREEN_ROWS, ROWS

RD_COVERAGE = "dp.2.2.rd_institution_coverage"

__all__ = [
    "BonusFacts",
    "BonusWeights",
    "ClearlyAbovePolicy",
    "DemonstrationProject",
    "GreenIndicator",
    "Incident",
    "ParkIndicators",
    "RelaxationPolicy",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid")


def _unit_of(v: Any) -> str | None:
    """The unit written in a string value ("0.45 tce/万元" -> "tce/万元"); None for a bare number."""
    if not isinstance(v, str):
        return None
    try:
        return parse_quantity(v)[1] or None
    except ValueError:
        return None  # not a number: normalize() says so, naming the field


def _mismatch(data: dict[str, Any], reference: str) -> tuple[str, str] | None:
    """The first of unit, value, standard whose unit cannot be converted to `reference`, with the reason."""
    for key in ("unit", "value", "standard"):
        u = data.get(key) if key == "unit" else _unit_of(data.get(key))
        if u is None:
            continue
        try:
            conversion_factor(u, reference)
        except UnitError as exc:
            return key, exc.problems[0].message
    return None


def _pair(data: dict[str, Any], row_unit: str | None = None, clause: str | None = None) -> dict[str, Any]:
    """Check and normalize a green indicator given as a mapping; errors name the field inside the indicator.

    The units must agree with `row_unit` (the row parameter's), or else with the standard's (全省同行业标准 sets the
    unit), so a value in a unit the standard cannot take is the field in error. Values are kept in the unit written
    first (`unit`, else the value's, else the standard's); bare numbers are in that unit (or in `row_unit`).
    """
    data = dict(data)
    given = [k for k in ("value", "standard") if data.get(k) is not None]
    if data.get("below_standard") is not None:
        if given:
            raise bad_input("below_standard", say("rubric.input.green_both"), clause=clause)
        return data
    if len(given) < 2:
        missing = ("standard" if given == ["value"] else "value") if given else ""  # "": the indicator itself
        raise bad_input(missing, say("rubric.input.green_missing"), unit=row_unit, clause=clause)
    if data.get("unit") is not None and not isinstance(data["unit"], str):
        raise bad_input(
            "unit",
            say("rubric.input.unit_not_text", kind=type(data["unit"]).__name__),
            unit=row_unit,
            clause=clause,
            kind="unit",
        )
    reference = row_unit or data.get("unit") or _unit_of(data["standard"]) or _unit_of(data["value"])
    wrong = None if reference is None else _mismatch(data, reference)
    if wrong is not None:
        raise bad_input(wrong[0], wrong[1], unit=reference, clause=clause, kind="unit")
    unit = data.get("unit") or _unit_of(data["value"]) or _unit_of(data["standard"]) or row_unit
    if unit is not None:
        for key in ("value", "standard"):
            try:
                data[key] = normalize(data[key], unit, field=key, clause=clause)
            except InputError as exc:
                raise bad_input(
                    key,
                    exc.problems[0].message,
                    unit=unit,
                    clause=clause,
                    kind="unit" if isinstance(exc, UnitError) else "value",
                ) from None
    data["unit"] = unit
    return data


class GreenIndicator(BaseModel):
    """A 绿色集约 indicator (rows 10–11): the park's value with the provincial same-industry standard
    (全省同行业标准), or an explicit yes/no that it is below the standard.

    Give `value` and `standard` (numbers in `unit`, or strings with compatible units), or `below_standard`.
    The standard sets the unit: a value in a unit the standard cannot be converted to is the field in error.
    """

    model_config = _FROZEN
    value: Exact | None = Field(None, description="园区值 (in `unit`)")
    standard: Exact | None = Field(None, description="全省同行业标准 (in `unit`)")
    unit: Text | None = Field(None, description="unit of value and standard, e.g. 'tce/万元' or '吨/万元'")
    below_standard: bool | None = Field(None, description="明确给出：是否低于全省同行业标准")

    @model_validator(mode="before")
    @classmethod
    def _normalize(cls, data: Any) -> Any:
        return _pair(data) if isinstance(data, dict) else data

    def is_below(self) -> bool:
        """低于 is strict: equal to the standard is not below it."""
        if self.below_standard is not None:
            return self.below_standard
        if self.value is None or self.standard is None:  # pragma: no cover - the validator requires both
            raise ValueError(say("rubric.input.green_needs"))
        return self.value < self.standard


# The unit of each green row's parameter `standard` (a test checks it against the rulebook); None where the law
# gives none and the caller's standard sets it (row 11: 吨/万元 for one pollutant, another unit for another).
GREEN_UNITS: dict[str, str | None] = {"energy_per_value_added": "tce/万元", "pollutant_per_value_added": None}


def green_row(field: str) -> Any:
    """Metadata for a green-row field of `ParkIndicators`: the pair is checked against the row's unit
    (`GREEN_UNITS`) and errors cite the row's clause."""
    unit, clause = GREEN_UNITS[field], GREEN_ROWS[field]

    def validate(v: Any) -> Any:
        if isinstance(v, dict):
            return _pair(v, unit, clause)
        wrong = _mismatch({"unit": v.unit}, unit) if isinstance(v, GreenIndicator) and v.unit and unit else None
        if wrong is not None:
            raise bad_input(wrong[0], wrong[1], unit=unit, clause=clause, kind="unit")
        return v

    return BeforeValidator(validate)


class Incident(BaseModel):
    """A 重大安全生产 or 环保突发事件."""

    model_config = _FROZEN
    date: Date = Field(description="发生日期")
    kind: Literal["safety", "environmental"] = Field(description="safety 重大安全生产事件 / environmental 环保突发事件")
    description: Text | None = None


class DemonstrationProject(BaseModel):
    """A 重大标志性示范项目 and its investment (投资额)."""

    model_config = _FROZEN
    name: Text | None = None
    investment: Annotated[Fraction, *quantity("亿元", clause="dp.3.2.bonus")] = Field(description="投资额 (亿元)")


class BonusFacts(BaseModel):
    """加分项目 facts: counts of enterprises and the demonstration projects.

    国际和国内行业前5强 are two lists, counted apart (`international_top5`, `domestic_top5`). `industry_top5`, the one
    combined count of earlier versions, is still accepted on its own (counted and weighted as one item); it cannot be
    split, so giving it together with either separate count is an error.
    """

    model_config = _FROZEN
    global_500: Count = Field(0, description="世界500强企业数量")
    china_500: Count = Field(0, description="中国500强企业数量")
    international_top5: Count | None = Field(None, description="国际行业前5强企业数量")
    domestic_top5: Count | None = Field(None, description="国内行业前5强企业数量")
    industry_top5: Count | None = Field(
        None,
        description="deprecated: 国际和国内行业前5强 as one combined count; give international_top5 and domestic_top5",
    )
    projects: tuple[DemonstrationProject, ...] = Field((), description="重大标志性示范项目")

    @model_validator(mode="after")
    def _top5_apart(self) -> BonusFacts:
        if self.industry_top5 is not None and (self.international_top5 is not None or self.domestic_top5 is not None):
            raise bad_input("industry_top5", say("rubric.input.top5_combined"), clause="dp.3.2.bonus")
        return self

    def enterprise_counts(self) -> dict[str, int]:
        """Enterprises per bonus category: the two top-5 lists apart, or the legacy combined count as given."""
        top5 = (
            {"industry_top5": self.industry_top5}
            if self.industry_top5 is not None
            else {"international_top5": self.international_top5 or 0, "domestic_top5": self.domestic_top5 or 0}
        )
        return {"global_500": self.global_500, "china_500": self.china_500, **top5}


class BonusWeights(BaseModel):
    """Points per item, supplied by the caller: the plan gives no weights."""

    model_config = _FROZEN
    global_500: Exact = Fraction(0)
    china_500: Exact = Fraction(0)
    international_top5: Exact = Fraction(0)
    domestic_top5: Exact = Fraction(0)
    industry_top5: Exact = Field(Fraction(0), description="for the legacy combined count only")
    project_band_10: Exact = Fraction(0)
    project_band_30: Exact = Fraction(0)
    project_band_50: Exact = Fraction(0)


class RelaxationPolicy(BaseModel):
    """A relaxation stated by officials (个别指标可适当放宽标准). The library never relaxes on its own.

    At most `max_relaxed` indicators may fall short of a level, each by at most `max_shortfall`
    percent of that level's value. The green rows (10–11) are relaxed only if `allow_green`.
    """

    model_config = _FROZEN
    max_relaxed: Count = Field(description="how many indicators may be relaxed (个别指标)")
    max_shortfall: Percent = Field(description="largest shortfall allowed, as % of the level's value")
    indicators: tuple[str, ...] | None = Field(None, description="only these fields may be relaxed (default: rows 1–9)")
    allow_green: bool = Field(False, description="may the green rows 10–11 be relaxed")


class ClearlyAbovePolicy(BaseModel):
    """A margin for 大部分指标明显高于标准值, stated by the caller (reading dp.clearly_above=stated); the plan gives none.

    At a level, at least `min_count` of the table's rows 1–9 that set a value at that level (default: more than half
    of them, the plain meaning of 大部分) must exceed the level's value by at least `margin` percent of it.
    """

    model_config = _FROZEN
    margin: Percent = Field(description="how far above the level's value counts as 明显高于, as % of that value")
    min_count: Count | None = Field(None, description="how many indicators are 大部分 (default: more than half)")


def _percent(field: str) -> Any:
    """A table row's share in percent (0–100), whose errors cite the row's clause."""
    return quantity("percent", maximum=100, clause=ROWS[field], example="62.5%")


class ParkIndicators(BaseModel):
    """One park's indicators for the star rating (制造业高质量发展示范园区分类评价标准).

    Values may be given in any compatible unit: "1200 亿元" or "12000000 万元", "150 万元/亩" or
    "2250 万元/公顷", "62.5%". `value_added_per_mu`, `tax_per_mu` and `labour_productivity` may be
    given directly or derived from `value_added`, `tax`, `land_area` and `employees`.
    """

    model_config = _FROZEN
    name: Text | None = Field(None, description="园区名称")
    zone_level: Literal["national", "provincial", "below_provincial"] | None = Field(
        None,
        description="开发区（园区）级别 (三、1. 评价范围): national 国家级, provincial 省级, below_provincial 省级以下; "
        "not given: reading dp.scope_unstated",
    )
    integration_completed: bool | None = Field(None, description="已经提前完成整合提升的园区 (三、1.)")
    manufacturing_revenue: Annotated[Fraction, *quantity("亿元", clause=ROWS["manufacturing_revenue"])] = Field(
        description="规模以上制造业营业收入 (亿元)"
    )
    cnc_rate: Annotated[Fraction, *_percent("cnc_rate")] = Field(description="重点制造业企业装备数控化率 (%)")
    machine_networking_rate: Annotated[Fraction, *_percent("machine_networking_rate")] = Field(
        description="重点制造业企业机器联网率 (%)"
    )
    industrial_internet_rate: Annotated[Fraction, *_percent("industrial_internet_rate")] = Field(
        description="制造业企业工业互联网应用率 (%)"
    )
    high_tech_value_added_share: Annotated[Fraction, *_percent("high_tech_value_added_share")] = Field(
        description="规上工业高新技术产业增加值占比 (%)"
    )
    rd_intensity: Annotated[Fraction, *_percent("rd_intensity")] = Field(
        description="规上制造业研发经费占营业收入比重 (%)"
    )
    value_added_per_mu: Annotated[Fraction, *quantity("万元/亩", clause=ROWS["value_added_per_mu"])] | None = Field(
        None, description="规模以上制造业亩均增加值 (万元/亩)"
    )
    tax_per_mu: Annotated[Fraction, *quantity("万元/亩", clause=ROWS["tax_per_mu"])] | None = Field(
        None, description="规模以上制造业亩均税收 (万元/亩)"
    )
    labour_productivity: Annotated[Fraction, *quantity("万元/人", clause=ROWS["labour_productivity"])] | None = Field(
        None, description="规模以上制造业全员劳动生产率 (万元/人)"
    )
    value_added: Annotated[Fraction, *quantity("万元")] | None = Field(None, description="规模以上制造业增加值 (万元)")
    tax: Annotated[Fraction, *quantity("万元")] | None = Field(None, description="规模以上制造业税收 (万元)")
    land_area: Annotated[Fraction, *quantity("亩", strict_minimum=True)] | None = Field(
        None, description="规模以上制造业企业用地面积 (亩)"
    )
    employees: Annotated[Fraction, *quantity("人", strict_minimum=True)] | None = Field(
        None, description="全部从业人员年平均人数 (人)"
    )
    energy_per_value_added: Annotated[GreenIndicator, green_row("energy_per_value_added")] = Field(
        description="万元工业增加值能耗 vs 全省同行业标准 (row 10, tce/万元)"
    )
    pollutant_per_value_added: Annotated[GreenIndicator, green_row("pollutant_per_value_added")] = Field(
        description="万元工业增加值污染物排放 vs 全省同行业标准 (row 11; the standard's unit, e.g. 吨/万元)"
    )
    major_incidents: tuple[Incident, ...] = Field((), description="重大安全生产和环保突发事件")
    green_park_title: bool = Field(False, description="被评为省级及以上美丽园区、绿色园区")
    chains_focused: Count | None = Field(None, description="聚焦的特色优势产业链条数 (二（一）)")
    rd_institution_coverage: Annotated[Fraction, *quantity("percent", maximum=100, clause=RD_COVERAGE)] | None = Field(
        None, description="规模以上制造业企业中设有研发机构的比例 (%, 二（二） 研发机构全覆盖)"
    )
    bonus: BonusFacts = Field(default_factory=BonusFacts, description="加分项目")

    @model_validator(mode="after")
    def _derive(self) -> ParkIndicators:
        missing: dict[str, str] = {}
        for target, (num, den) in _DERIVED.items():
            given = getattr(self, target)
            n, d = getattr(self, num), getattr(self, den)
            if n is None or d is None:
                if given is None:
                    missing[target] = say("rubric.input.missing_field", target=target, numerator=num, denominator=den)
                continue
            computed = n / d
            if given is not None and given != computed:
                raise bad_input(
                    target,
                    say(
                        "rubric.input.derived_differs",
                        given=fmt(given),
                        numerator=num,
                        denominator=den,
                        computed=fmt(computed),
                    ),
                    clause=ROWS[target],
                )
            object.__setattr__(self, target, computed)
        if missing:
            first = next(iter(missing))
            fields = say("rubric.input.separator").join(missing.values())
            raise bad_input(first, say("rubric.input.missing", fields=fields), clause=ROWS[first])
        return self


# Per-mu and per-person rows that may be given directly or derived: field -> (numerator, denominator).
_DERIVED = {
    "value_added_per_mu": ("value_added", "land_area"),
    "tax_per_mu": ("tax", "land_area"),
    "labour_productivity": ("value_added", "employees"),
}
