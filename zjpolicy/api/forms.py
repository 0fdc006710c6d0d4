"""The staff page's forms: which inputs each form has, and how a submitted form becomes a rule's input.

A field's name is its path in the rule's input (``energy_per_value_added.value``, ``bonus.global_500``); its label and
unit come from the input model where the model says them. Empty fields are left out (the model then says what is
missing, naming the field and the clause). Lines of a text area become a list (incidents, demonstration projects).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

from ..units import unit_label

__all__ = ["GREEN_FORM", "LAND_FORM", "PARK_FORM", "Form", "Input", "describe", "form_inputs"]

YES_NO = (("", "（未填）"), ("true", "是"), ("false", "否"))


@dataclass(frozen=True)
class Input:
    """One input of a form: `name` is its path in the rule's input."""

    name: str
    label: str = ""
    kind: str = "text"  # text | select | checkbox | lines
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    lines: str = ""  # kind "lines": "incidents" or "projects"


@dataclass(frozen=True)
class Form:
    """A form: the rule it runs, its groups of inputs, and whether to ask for a reading as an override."""

    rule: str
    title: str
    action: str
    groups: tuple[tuple[str, tuple[Input, ...]], ...]
    model: type[BaseModel] | None = None
    readings: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = field(default_factory=tuple)

    def inputs(self) -> list[Input]:
        return [i for _, group in self.groups for i in group]


def describe(model: type[BaseModel], name: str) -> tuple[str, str]:
    """A field's label and unit from the model: ``规模以上制造业营业收入 (亿元)`` -> (规模以上制造业营业收入, 亿元)."""
    f = model.model_fields.get(name)
    text = (f.description if f is not None else None) or name
    label = text.split(" (")[0].split(" vs ")[0].strip()
    unit = _properties(model).get(name, {})
    for alt in [unit, *unit.get("anyOf", [])]:
        if "x-unit" in alt:
            return label, unit_label(alt["x-unit"]) or alt["x-unit"]
    return label, ""


@cache
def _properties(model: type[BaseModel]) -> dict[str, Any]:
    props: dict[str, Any] = model.model_json_schema().get("properties", {})
    return props


def _park_form() -> Form:
    from ..rubric import ParkIndicators

    def q(name: str, **kw: Any) -> Input:
        label, unit = describe(ParkIndicators, name)
        return Input(name, kw.pop("label", label), unit=kw.pop("unit", unit), **kw)

    zones: tuple[tuple[str, str], ...] = (("", "（未填：按解释 dp.scope_unstated）"), ("national", "国家级"))
    zones += (("provincial", "省级"), ("below_provincial", "省级以下"))
    green = "全省同行业标准"
    groups = (
        (
            "园区",
            (
                q("name", label="园区名称"),
                q("zone_level", label="开发区（园区）级别", kind="select", choices=zones),
                q("integration_completed", label="已提前完成整合提升", kind="select", choices=YES_NO),
            ),
        ),
        (
            "规模与效益（表第1、7–9行）",
            (
                q("manufacturing_revenue"),
                q("value_added", hint="与用地面积、从业人员一起可推算亩均增加值、劳动生产率"),
                q("tax"),
                q("land_area"),
                q("employees"),
                q("value_added_per_mu", hint="或由增加值 ÷ 用地面积推算"),
                q("tax_per_mu", hint="或由税收 ÷ 用地面积推算"),
                q("labour_productivity", hint="或由增加值 ÷ 从业人员推算"),
            ),
        ),
        (
            "数字化与创新（表第2–6行）",
            tuple(
                q(n)
                for n in (
                    "cnc_rate",
                    "machine_networking_rate",
                    "industrial_internet_rate",
                    "high_tech_value_added_share",
                    "rd_intensity",
                )
            ),
        ),
        (
            "绿色集约（表第10–11行）",
            (
                Input("energy_per_value_added.value", "万元工业增加值能耗（园区值）", unit="tce/万元"),
                Input("energy_per_value_added.standard", f"万元工业增加值能耗（{green}）", unit="tce/万元"),
                Input(
                    "energy_per_value_added.below_standard", "或直接给出：能耗低于标准", kind="select", choices=YES_NO
                ),
                Input("pollutant_per_value_added.value", "万元工业增加值污染物排放（园区值）"),
                Input("pollutant_per_value_added.standard", f"万元工业增加值污染物排放（{green}）"),
                Input("pollutant_per_value_added.unit", "污染物排放的单位", hint="如 吨/万元"),
                Input(
                    "pollutant_per_value_added.below_standard",
                    "或直接给出：排放低于标准",
                    kind="select",
                    choices=YES_NO,
                ),
            ),
        ),
        (
            "否决项与加分项",
            (
                Input(
                    "major_incidents",
                    "重大安全生产和环保突发事件",
                    kind="lines",
                    lines="incidents",
                    hint="每行一件：日期 类型（安全/环保）说明，如 2024-03-01 安全 某厂爆燃",
                ),
                q("green_park_title", label="被评为省级及以上美丽园区、绿色园区", kind="checkbox"),
                q("chains_focused", label="聚焦的特色优势产业链条数"),
                q("rd_institution_coverage", label="规上制造业企业设有研发机构的比例"),
                Input("bonus.global_500", "世界500强企业数量"),
                Input("bonus.china_500", "中国500强企业数量"),
                Input("bonus.international_top5", "国际行业前5强企业数量"),
                Input("bonus.domestic_top5", "国内行业前5强企业数量"),
                Input(
                    "bonus.projects",
                    "重大标志性示范项目",
                    kind="lines",
                    lines="projects",
                    hint="每行一个：名称 投资额，如 新材料基地 12 亿元",
                ),
            ),
        ),
    )
    return Form("rubric.rate_park", "示范园区星级评价", "/staff/park", groups, ParkIndicators)


def _green_form() -> Form:
    from ..land_energy import GreenChannelProject as M

    def q(name: str, **kw: Any) -> Input:
        label, unit = describe(M, name)
        return Input(name, kw.pop("label", label), unit=kw.pop("unit", unit), **kw)

    status = (("on-track", "确保完成能耗“双控”目标任务"), ("off-track", "未能确保完成"))
    groups = (
        (
            "项目",
            (
                q("intensity", hint="或填写综合能耗和工业增加值，由二者之比求得"),
                q("energy_use"),
                q("value_added"),
                q("new_project", label="新上项目", kind="select", choices=(("true", "是"), ("false", "否"))),
                q("dual_control", label="项目所在地能耗“双控”目标任务", kind="select", choices=status),
            ),
        ),
    )
    return Form("land_energy.green_channel", "节能审查绿色通道", "/staff/green-channel", groups, M)


def _land_form() -> Form:
    from ..land_energy import LandSupply as M

    def q(name: str, **kw: Any) -> Input:
        label, unit = describe(M, name)
        return Input(name, kw.pop("label", label), unit=kw.pop("unit", unit), **kw)

    groups = (
        (
            "年度出让",
            (
                q("year"),
                q("industrial_area"),
                q("total_area", hint="或填写非工业用地面积"),
                q("non_industrial_area"),
                q("industrial_parcels", hint="按宗数计算时填写"),
                q("total_parcels"),
            ),
        ),
    )
    measure = (("", "（默认：按面积）"), ("area", "按面积"), ("parcels", "按宗数"))
    return Form(
        "land_energy.industrial_land_share",
        "工业用地比例（不低于30%）",
        "/staff/land-share",
        groups,
        M,
        readings=(("go.land_share_measure", "计算口径（解释 go.land_share_measure）", measure),),
    )


PARK_FORM, GREEN_FORM, LAND_FORM = _park_form(), _green_form(), _land_form()

_KINDS = {"安全": "safety", "安全生产": "safety", "环保": "environmental", "环境": "environmental"}


def _lines(kind: str, text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if kind == "incidents":
            item: dict[str, Any] = {"date": parts[0]}
            if len(parts) > 1:
                item["kind"] = _KINDS.get(parts[1], parts[1])
            if len(parts) > 2:
                item["description"] = " ".join(parts[2:])
        else:  # projects: 名称 投资额 (the amount may be "35 亿元": two words)
            amount = next((i for i, p in enumerate(parts) if p[:1].isdigit()), None)
            if amount is None:
                item = {"name": " ".join(parts)}
            else:
                item = {"investment": " ".join(parts[amount:])}
                if amount:
                    item["name"] = " ".join(parts[:amount])
        out.append(item)
    return out


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for p in parents:
        data = data.setdefault(p, {})
    data[leaf] = value


def form_inputs(form: Form, values: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the rule's input, the overrides of the form's reading choices) from a submitted form."""
    data: dict[str, Any] = {}
    for i in form.inputs():
        raw = (values.get(i.name) or "").strip()
        if i.kind == "checkbox":
            if raw:
                _put(data, i.name, True)
            continue
        if not raw:
            continue
        if i.kind == "lines":
            _put(data, i.name, _lines(i.lines, raw))
        elif i.kind == "select" and raw in ("true", "false"):
            _put(data, i.name, raw == "true")
        else:
            _put(data, i.name, raw)
    readings = {rid: values[rid].strip() for rid, _, _ in form.readings if (values.get(rid) or "").strip()}
    return data, readings


def form_values(form: Form, data: Mapping[str, Any]) -> dict[str, str]:
    """The form's fields filled from a rule input (an example, or a stored decision): the inverse of form_inputs."""
    out: dict[str, str] = {}
    for i in form.inputs():
        v: Any = data
        for part in i.name.split("."):
            v = v.get(part) if isinstance(v, Mapping) else None
        if v is None or v == [] or v == ():
            continue
        if i.kind == "lines":
            rows = []
            for item in v:
                if i.lines == "incidents":
                    rows.append(" ".join(str(item.get(k) or "") for k in ("date", "kind", "description")).strip())
                else:
                    rows.append(" ".join(str(item.get(k) or "") for k in ("name", "investment")).strip())
            out[i.name] = "\n".join(rows)
        elif isinstance(v, bool):
            out[i.name] = "true" if v else "false"
            if i.kind == "checkbox" and not v:
                del out[i.name]
        else:
            out[i.name] = str(v)
    return out
