"""The land and energy rules speak Chinese by default (the law's words: 低于, 不低于, 以上, 超过, 达到, 改一补一, 差距) and
today's English with lang="en"; the decision and the JSON keys are the same in both.

The suite runs with ZJPOLICY_LANG=en (tests/conftest.py), so the Chinese is asked for here: ``lang="zh"``,
`use_language("zh")`, or ``zjpolicy --lang zh`` on the command line.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console
from typer.testing import CliRunner

import zjpolicy.rules
from zjpolicy import InputError
from zjpolicy.audit import decision
from zjpolicy.cli import app
from zjpolicy.land_energy import (
    assessed_energy,
    freed_land_use,
    gai_yi_bu_yi,
    green_channel,
    industrial_land_share,
    land_quota,
    major_project_priority,
    manufacturing_project_share,
    plot_ratio,
)
from zjpolicy.lang import set_language, use_language
from zjpolicy.rules import Rule

ON = date(2025, 3, 1)


def entry(parcel: str, day: str, out: int = 0, comp: int = 0) -> dict[str, Any]:
    return {"parcel_id": parcel, "date": day, "changed_out": out, "compensation": comp}


# rule -> (inputs that pass, inputs that fail, [zh outcomes], [en outcomes: today's English])
CASES: dict[Rule[Any, Any], tuple[dict[str, Any], dict[str, Any], list[str], list[str]]] = {
    green_channel: (
        {"intensity": "0.45 tce/万元", "new_project": True, "dual_control": "on-track"},
        {"energy_use": "5200 tce", "value_added": "1 亿元", "new_project": True, "dual_control": "on-track"},
        [
            "符合节能审查绿色通道条件",
            "不符合绿色通道条件：项目单位工业增加值能耗 0.52 tce/万元 未低于 0.52 tce/万元（恰好相等：“低于”不含本数）",
        ],
        [
            "eligible for the energy-review green channel",
            "not eligible: 项目单位工业增加值能耗 0.52 tce/万元 is not below (低于) 0.52 tce/万元 (equal: 低于 is strict)",
        ],
    ),
    assessed_energy: (
        {"year": 2024, "total_consumption": "1000 tce", "raw_material_use": "100 tce", "total_cap": "900 tce"},
        {"year": 2024, "total_consumption": "1000 tce", "raw_material_use": "99 tce", "total_cap": "900 tce"},
        [
            "纳入能耗总量考核的能耗 900 tce = 能源消费总量 1000 tce − 原料用能 100 tce − 新增可再生能源 0 tce；"
            "未超出能耗总量控制目标",
            "纳入能耗总量考核的能耗 901 tce = 能源消费总量 1000 tce − 原料用能 99 tce − 新增可再生能源 0 tce；"
            "超出能耗总量控制目标 1 tce",
        ],
        [
            "assessed consumption 900 tce = 1000 tce − 100 tce raw material − 0 tce new renewable; within the cap",
            "assessed consumption 901 tce = 1000 tce − 99 tce raw material − 0 tce new renewable; over the cap by 1 tce",
        ],
    ),
    industrial_land_share: (
        {"year": 2024, "industrial_area": "450 公顷", "total_area": "1500 公顷"},
        {"year": 2024, "industrial_area": "400 公顷", "total_area": "1500 公顷"},
        [
            "2024 年：工业用地比例 30%，符合“不低于” 30% 的要求（按面积，解读 go.land_share_measure）",
            "2024 年：全省每年出让的国有建设用地中工业用地比例 80/3% 低于 30%，不满足“不低于”（差距 10/3 个百分点）；"
            "还需增加工业用地 7500/7 亩（按面积，解读 go.land_share_measure）",
        ],
        [
            "2024: industrial share 30% meets 不低于 30% (by area, reading go.land_share_measure)",
            "2024: 全省每年出让的国有建设用地中工业用地比例 80/3% is not at least (不低于) 30% (short by 10/3 percentage "
            "point(s)); 7500/7 亩 more industrial land needed (by area, reading go.land_share_measure)",
        ],
    ),
    gai_yi_bu_yi: (
        {"territory": "杭州", "entries": [entry("A", "2024-03-01", 10), entry("B", "2024-05-01", 0, 12)]},
        {"territory": "杭州", "entries": [entry("A", "2024-03-01", 10), entry("B", "2024-05-01", 0, 8)]},
        [
            "占补平衡（按地区和期间合并计算，按面积）：改变用途 10 亩，补充 12 亩",
            "未实现占补平衡（按地区和期间合并计算，按面积）：在杭州范围内合计差距 2 亩",
        ],
        [
            "balanced (per_territory_period, by area): 12 亩 compensated for 10 亩 changed out",
            "not balanced (per_territory_period, by area): short by 2 亩 over 杭州",
        ],
    ),
    freed_land_use: (
        {"freed_area": "100 亩", "industrial_area": "100 亩"},
        {"freed_area": "100 亩", "industrial_area": "90 亩"},
        [
            "盘活腾出的存量工业用地全部用于工业发展",
            "盘活腾出的用地中有 10 亩改变了用途：仅在确需改变用途时允许，且应“改一补一”（见 land_energy.gai_yi_bu_yi）",
        ],
        [
            "all freed land is used for industry",
            "10 亩 of freed land changed use: allowed only where truly necessary (确需) and compensated 改一补一 "
            "(see land_energy.gai_yi_bu_yi)",
        ],
    ),
    land_quota: (
        {"year": 2024, "allocations": [{"recipient": "杭州", "area": "300 亩"}]},
        {"year": 2024, "allocations": [{"recipient": "杭州", "area": "3300 亩"}]},
        ["2024 年：已分配 300 亩，剩余 2700 亩", "2024 年：已分配 3300 亩，超过每年安排的指标 3000 亩，超出 300 亩"],
        ["2024: 300 亩 allocated, 2700 亩 remaining", "2024: 3300 亩 allocated exceeds the pool of 3000 亩 by 300 亩"],
    ),
    plot_ratio: (
        {"park": "某园区", "plot_ratio": "1.6"},
        {"park": "某园区", "plot_ratio": "1.2"},
        [
            "某园区：园区综合容积率 1.6，符合“达到……以上” 1.5 的要求",
            "某园区：园区综合容积率 1.2 低于 1.5，不满足“达到……以上”（差距 0.3）",
        ],
        [
            "某园区: plot ratio 1.6 meets 达到……以上 1.5",
            "某园区: 园区综合容积率 1.2 is not at least (达到……以上) 1.5 (short by 0.3)",
        ],
    ),
    manufacturing_project_share: (
        {"year": 2024, "manufacturing_projects": 3, "total_projects": 9},
        {"year": 2024, "manufacturing_projects": 2, "total_projects": 9},
        [
            "2024 年：9 个项目中制造业项目 3 个（占比 1/3），符合“不低于” 1/3 的要求（合并计算，解读 go.project_share_scope）",
            "2024 年：9 个项目中制造业项目 2 个：省市县长项目工程中制造业项目数占比 2/9 低于 1/3，不满足“不低于”"
            "（差距 1/9）；还需 1 个制造业项目（合并计算，解读 go.project_share_scope）",
        ],
        [
            "2024: 3 of 9 projects are manufacturing (1/3), meets 不低于 1/3 (pooled, reading go.project_share_scope)",
            "2024: 2 of 9 projects are manufacturing: 省市县长项目工程中制造业项目数占比 2/9 is not at least (不低于) 1/3 "
            "(short by 1/9); 1 more needed (pooled, reading go.project_share_scope)",
        ],
    ),
    major_project_priority: (
        {"name": "甲项目", "investment": "12 亿元", "manufacturing": True},
        {"name": "乙项目", "investment": "8 亿元", "manufacturing": False},
        [
            "甲项目：优先支持列入省重大产业项目库（投资额按总投资计）",
            "乙项目：不予优先支持：制造业重大项目投资额 8 亿元 低于 10 亿元，不满足“以上”（差距 2 亿元）；"
            "不满足条件：制造业项目（投资额按总投资计）",
        ],
        [
            "甲项目: priority for the provincial major industrial project pool (investment as total_investment)",
            "乙项目: no priority: 制造业重大项目投资额 8 亿元 is not at least (以上) 10 亿元 (short by 2 亿元); "
            "condition not met: 制造业项目 (investment as total_investment)",
        ],
    ),
}
RULES = list(CASES)
IDS = [r.id.split(".")[1] for r in RULES]
BOTH = [(r, i) for r in RULES for i in (0, 1)]
BOTH_IDS = [f"{r.id.split('.')[1]}-{'pass' if i == 0 else 'fail'}" for r, i in BOTH]

# English prose words (never in ids such as go.plot_ratio_scope or land_energy.major_project_priority)
ENGLISH = re.compile(
    r"(?<![\w.])(?:eligible|not|met|as of|below|above|at least|at most|over|short|by|the|is|are|of|for|with|give|"
    r"needed|remaining|balanced|priority|nothing|none|given|status|condition|group|yes|no)(?![\w.])",
    re.IGNORECASE,
)


def english_words(text: str) -> list[str]:
    return ENGLISH.findall(text)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)  # a table's title wraps at the table's width


def run(rule: Rule[Any, Any], which: int, lang: str) -> Any:
    return rule(CASES[rule][which], as_of=ON, lang=lang)


@pytest.fixture(autouse=True)
def _process_language_reset() -> Iterator[None]:
    yield
    set_language(None)  # `zjpolicy --lang zh` sets the process default; later tests expect ZJPOLICY_LANG=en


@pytest.mark.parametrize(("rule", "which"), BOTH, ids=BOTH_IDS)
def test_the_outcome_is_chinese_by_default_and_today_s_english_on_request(rule, which):
    zh, en = run(rule, which, "zh"), run(rule, which, "en")
    assert zh.outcome == CASES[rule][2][which]
    assert en.outcome == CASES[rule][3][which]
    with use_language("zh"):  # the language in force, without lang=
        assert rule(CASES[rule][which], as_of=ON).outcome == zh.outcome
    assert (zh.lang, en.lang) == ("zh", "en")


@pytest.mark.parametrize(("rule", "which"), BOTH, ids=BOTH_IDS)
def test_the_chinese_explanation_has_no_english_prose(rule, which):
    r = run(rule, which, "zh")
    text = r.explain()
    assert text.startswith(f"{rule.id} v{rule.version} — {r.outcome}\n适用日期 2025-03-01")
    assert "参数摘要" in text
    assert english_words(text) == [], text
    for note in [*r.notes, *(c.note or "" for c in r.checks)]:
        assert english_words(note.replace("1 = yes, 0 = no", "")) == [], note  # the core's condition note aside


@pytest.mark.parametrize(("rule", "which"), BOTH, ids=BOTH_IDS)
def test_rich_and_html_show_the_chinese(rule, which):
    r = run(rule, which, "zh")
    console = Console(record=True, width=400, color_system=None)
    console.print(r)
    shown = console.export_text()
    assert _flat(r.outcome) in _flat(shown) and "检验" in shown and "条款" in shown and "适用日期" in shown
    assert english_words(shown) == [], shown
    page = r._repr_html_()
    assert html.escape(r.outcome) in page and "<th>检验</th>" in page
    assert english_words(html.unescape(re.sub(r"<[^>]+>", " ", page))) == []


@pytest.mark.parametrize(("rule", "which"), BOTH, ids=BOTH_IDS)
def test_the_decision_and_the_json_keys_do_not_depend_on_the_language(rule, which):
    zh, en = run(rule, which, "zh"), run(rule, which, "en")
    assert decision(zh) == decision(en)

    def keys(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: keys(v) for k, v in x.items()}
        if isinstance(x, list):
            return [keys(v) for v in x]
        return None

    jz, je = json.loads(zh.model_dump_json()), json.loads(en.model_dump_json())
    assert keys(jz) == keys(je) and list(jz) == list(je)
    for machine in ("rule", "rule_version", "parameters_digest", "inputs", "readings", "citations", "overrides"):
        assert jz[machine] == je[machine], machine
    assert [c["name"] for c in jz["checks"]] == [c["name"] for c in je["checks"]]


def test_the_boundary_is_strict_in_both_languages_and_eager_equals_deferred():
    at = CASES[green_channel][1]  # 5200 tce over 1 亿元: exactly 0.52 tce/万元
    lazy = green_channel(at, as_of=ON, lang="zh")
    assert lazy.eligible is False and lazy.failed == ["intensity"]
    before = zjpolicy.rules.DEFER
    zjpolicy.rules.DEFER = False
    try:
        eager = green_channel(at, as_of=ON, lang="zh")
    finally:
        zjpolicy.rules.DEFER = before
    with use_language("en"):  # completed later, elsewhere: still in the language the call asked for
        assert lazy.outcome == eager.outcome == CASES[green_channel][2][1]
    assert lazy == eager
    assert lazy.model_dump_json() == eager.model_dump_json()


def test_notes_of_the_rules_are_chinese():
    r = assessed_energy(
        {
            "year": 2024,
            "total_consumption": "1000",
            "renewable_consumption": "100",
            "renewable_consumption_base": "120",
            "renewable_base_year": 2020,
        },
        as_of=ON,
        lang="zh",
    )
    assert r.notes == ["可再生能源消费量较基年减少 20 tce：无新增，不作抵扣"]
    assert r.deductions[1].note == (
        "相对 2020 年（解读 go.renewable_base_year = 2020）；= 2024 年 100 tce − 2020 年 120 tce（为负：无新增）"
    )
    g = gai_yi_bu_yi(CASES[gai_yi_bu_yi][0], as_of=ON, lang="zh")
    assert g.notes == ["1 组自身补充不足，但已在杭州范围内抵补"] and g.checks[0].note == "在杭州范围内合并计算，按面积"
    gc = green_channel({**CASES[green_channel][0], "dual_control": "off-track"}, as_of=ON, lang="zh")
    assert gc.checks[2].note == "状态：未能确保完成能耗“双控”目标任务"
    assert gc.outcome == "不符合绿色通道条件：不满足条件：项目所在地确保完成能耗“双控”目标任务"
    en = green_channel({**CASES[green_channel][0], "dual_control": "off-track"}, as_of=ON, lang="en")
    assert en.checks[2].note == "status: off-track"
    per_list = manufacturing_project_share(
        {
            "year": 2024,
            "projects": [
                {"name": "a", "manufacturing": True, "programme": "省长项目工程"},
                {"name": "b", "manufacturing": False, "programme": "省长项目工程"},
                {"name": "c", "manufacturing": False, "programme": "杭州市市长项目工程"},
                {"name": "d", "manufacturing": False, "programme": "杭州市市长项目工程"},
            ],
        },
        as_of=ON,
        overrides={"go.project_share_scope": "per_list"},
        lang="zh",
    )
    assert per_list.outcome == (
        "2024 年：4 个项目中制造业项目 1 个；1 张清单低于 1/3（杭州市市长项目工程）：还需 1 个制造业项目"
        "（逐张清单计算，解读 go.project_share_scope）"
    )


def test_errors_of_the_package_are_chinese_and_english_on_request():
    both = {**CASES[green_channel][0], "energy_use": "5200 tce"}
    with pytest.raises(InputError) as zh:
        green_channel(both, as_of=ON, lang="zh")
    assert str(zh.value) == (
        "intensity：请给出 intensity，或 energy_use 与 value_added，不能同时给出；应为单位：tce/万元；"
        "条款：go.10.3.green_channel"
    )
    with pytest.raises(InputError) as en:
        green_channel(both, as_of=ON, lang="en")
    assert str(en.value) == (
        "intensity: give either intensity, or energy_use with value_added, not both; expected unit: tce/万元; "
        "clause: go.10.3.green_channel"
    )
    assert zh.value.field == en.value.field == "intensity" and zh.value.clause == en.value.clause
    too_much = {"year": 2024, "total_consumption": "100", "raw_material_use": "60", "new_renewable": "41"}
    with pytest.raises(InputError) as raised:  # raised by the rule body, once the rulebook is known
        assessed_energy({**too_much, "renewable_base_year": 2020}, as_of=ON, lang="zh")
    assert str(raised.value) == (
        "total_consumption：抵扣合计 101 tce（原料用能 60 tce + 新增可再生能源 41 tce）超过能源消费总量 "
        "total_consumption 100 tce；应为单位：tce；条款：go.10.3.assessed_energy"
    )
    with pytest.raises(InputError, match="不在台账期间内"):
        gai_yi_bu_yi({"period_start": "2024-06-01", "entries": [entry("A", "2024-03-01", 10)]}, as_of=ON, lang="zh")
    with pytest.raises(InputError, match=re.escape("解读 go.project_share_scope = per_list")):
        manufacturing_project_share(
            CASES[manufacturing_project_share][0],
            as_of=ON,
            overrides={"go.project_share_scope": "per_list"},
            lang="zh",
        )


# --------------------------------------------------------------------------- the command line

runner = CliRunner()


def _files(tmp: Path) -> dict[Rule[Any, Any], tuple[list[str], list[str]]]:
    """The `zjpolicy check` arguments of each case (pass, fail)."""

    def dump(name: str, data: Any) -> str:
        path = tmp / name
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return str(path)

    def areas(which: int) -> list[str]:
        c = CASES[industrial_land_share][which]
        return ["--year", "2024", "--industrial", c["industrial_area"], "--total", c["total_area"]]

    energy = CASES[assessed_energy]
    ledger = CASES[gai_yi_bu_yi]
    return {
        green_channel: (
            ["green-channel", "--intensity", "0.45 tce/万元", "--dual-control", "on-track"],
            ["green-channel", "--energy", "5200 tce", "--value-added", "1 亿元", "--dual-control", "on-track"],
        ),
        assessed_energy: (
            ["assessed-energy", dump("ok.yaml", energy[0])],
            ["assessed-energy", dump("over.yaml", energy[1])],
        ),
        industrial_land_share: (["land-share", *areas(0)], ["land-share", *areas(1)]),
        gai_yi_bu_yi: (
            ["gai-yi-bu-yi", dump("balanced.yaml", ledger[0])],
            ["gai-yi-bu-yi", dump("short.yaml", ledger[1])],
        ),
        freed_land_use: (
            ["freed-land", "--freed", "100 亩", "--industrial", "100 亩"],
            ["freed-land", "--freed", "100 亩", "--industrial", "90 亩"],
        ),
        land_quota: (
            ["land-quota", "--year", "2024", "-a", "杭州=300 亩"],
            ["land-quota", "--year", "2024", "-a", "杭州=3300 亩"],
        ),
        plot_ratio: (
            ["plot-ratio", "--park", "某园区", "--plot-ratio", "1.6"],
            ["plot-ratio", "--park", "某园区", "--plot-ratio", "1.2"],
        ),
        manufacturing_project_share: (
            ["project-share", "--year", "2024", "--manufacturing", "3", "--total", "9"],
            ["project-share", "--year", "2024", "--manufacturing", "2", "--total", "9"],
        ),
        major_project_priority: (
            ["major-project", "--name", "甲项目", "--investment", "12 亿元", "--manufacturing"],
            ["major-project", "--name", "乙项目", "--investment", "8 亿元", "--not-manufacturing"],
        ),
    }


@pytest.mark.parametrize(("rule", "which"), BOTH, ids=BOTH_IDS)
def test_zjpolicy_check_speaks_chinese(rule, which, tmp_path):
    args = [*_files(tmp_path)[rule][which], "--as-of", ON.isoformat()]
    table = runner.invoke(app, ["--lang", "zh", "check", *args])
    assert table.exit_code == 0, table.output
    assert _flat(CASES[rule][2][which]) in _flat(table.output)
    assert "检验" in table.output and "适用日期 2025-03-01" in table.output
    assert english_words(table.output) == [], table.output
    as_json = runner.invoke(app, ["--lang", "zh", "check", *args, "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    assert data["outcome"] == CASES[rule][2][which] and data["lang"] == "zh"
    in_english = runner.invoke(app, ["--lang", "en", "check", *args, "--format", "json"])
    assert json.loads(in_english.output)["outcome"] == CASES[rule][3][which]
    assert decision(data) == decision(json.loads(in_english.output))


def test_zjpolicy_check_errors_are_chinese(tmp_path):
    res = runner.invoke(app, ["--lang", "zh", "check", "major-project", "--investment", "12 亿元"])
    assert res.exit_code == 2
    assert "错误：" in res.output and "请说明是否为制造业项目：--manufacturing 或 --not-manufacturing" in res.output
    res = runner.invoke(app, ["--lang", "zh", "check", "land-quota", "--year", "2024", "-a", "杭州300亩"])
    assert res.exit_code == 2 and "--allocation：'杭州300亩' 不是“地区=面积”（RECIPIENT=AREA）" in res.output
    listed = tmp_path / "list.yaml"
    listed.write_text("[1, 2]\n", encoding="utf-8")
    res = runner.invoke(app, ["--lang", "zh", "check", "assessed-energy", str(listed)])
    assert res.exit_code == 2 and _flat(f"错误： {listed}：应为映射（键值对），实为：list") in _flat(res.output)
    res = runner.invoke(app, ["--lang", "zh", "check", "freed-land", "--freed", "10", "--industrial", "20"])
    assert res.exit_code == 2 and "industrial_area：不能超过 freed_area" in res.output
    res = runner.invoke(app, ["--lang", "en", "check", "major-project", "--investment", "12 亿元"])
    assert res.exit_code == 2 and "say whether it is a manufacturing project" in res.output
