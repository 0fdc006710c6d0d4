"""The targets in Chinese by default and in English on request: outcomes, notes, the report, the CLI and errors.

The suite runs with ZJPOLICY_LANG=en (tests/conftest.py), so Chinese is asked for here with ``lang="zh"`` or
``use_language("zh")``. Only prose changes with the language: statuses, numbers, checks and JSON keys do not.
"""

from __future__ import annotations

import io
import json
import re
import string
from collections.abc import Iterator
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import zjpolicy
from zjpolicy.cli import app
from zjpolicy.errors import InputError, UnknownIdError
from zjpolicy.lang import catalogue, set_language, use_language
from zjpolicy.rulebook import default_rulebook
from zjpolicy.targets import (
    DELEGATED,
    NATURE,
    TargetResult,
    TargetsReport,
    TargetStatus,
    assess_targets,
    load_example,
)
from zjpolicy.targets.indicators import delegated_reason
from zjpolicy.targets.results import nature_text

MOUNTAIN = "go.8.4.mountain_industrial_value_added"
DIGITAL = "go.1.2.digital_economy_share"
LOAN_SHARE = "go.10.2.manufacturing_loan_share"
ENERGY = "go.1.2.energy_intensity_reduction"
ENGLISH = ("met", "target", "as of", "not yet", "no data", "goal", "statistics", "reading", "skipped")


@pytest.fixture(autouse=True)
def _process_language_reset() -> Iterator[None]:
    yield
    set_language(None)  # `zjpolicy --lang zh` sets the process default: back to ZJPOLICY_LANG for the next test


def one(data: dict[str, Any], year: int, clause: str, lang: str | None, **kw: Any) -> TargetResult:
    return assess_targets(data, year=year, clauses=[clause], lang=lang, **kw)[clause]  # type: ignore[arg-type]


def no_english(text: str) -> None:
    """No English word of the prose in `text` (ids such as go.stable_share or target_year_only are names)."""
    low = re.sub(r"[\w.]*[_.][\w.]*", " ", text.lower())
    found = [w for w in ENGLISH if re.search(rf"\b{w}\b", low)]
    assert not found, (found, text)


# ---------------------------------------------------------------- outcomes


def test_a_met_target_in_chinese_and_in_english():
    data = {MOUNTAIN: {2025: "2170 亿元"}}
    zh, en = one(data, 2025, MOUNTAIN, "zh"), one(data, 2025, MOUNTAIN, "en")
    assert zh.outcome == "达到：2025年 2170 亿元 ≥ 2170 亿元"
    assert en.outcome == "met: 2170 亿元 ≥ 2170 亿元 in 2025"
    assert zh.lang == "zh" and en.lang == "en"
    assert zh.status is en.status is TargetStatus.met
    no_english(zh.outcome)


def test_an_unmet_target_names_its_gap_in_chinese_only():
    data = {MOUNTAIN: {2025: "2169.99 亿元"}}
    zh, en = one(data, 2025, MOUNTAIN, "zh"), one(data, 2025, MOUNTAIN, "en")
    assert zh.outcome == "未达到：2025年 2169.99 亿元 ≥ 2170 亿元（差距 0.01 亿元）"
    assert en.outcome == "not met: 2169.99 亿元 ≥ 2170 亿元 in 2025"  # the English of before: no gap
    assert zh.gap == en.gap and zh.status is en.status is TargetStatus.not_met


def test_an_unmet_aspirational_target_says_力争():
    data = {DIGITAL: {2025: "14%"}}
    zh, en = one(data, 2025, DIGITAL, "zh"), one(data, 2025, DIGITAL, "en")
    assert zh.status is en.status is TargetStatus.not_met_aspirational
    assert zh.outcome.startswith("未达到（力争目标）：2025年 14% ≥ 15%") and "差距 1%" in zh.outcome
    assert en.outcome == "not met (aspirational): 14% ≥ 15% in 2025"
    no_english(zh.outcome)


def test_no_data_says_which_year():
    zh, en = one({}, 2024, MOUNTAIN, "zh"), one({}, 2024, MOUNTAIN, "en")
    assert zh.outcome == "2024年无数据（目标 2170 亿元）"
    assert en.outcome == "no data for 2024 (2170 亿元)"
    assert zh.checks[0].note == "2024年无统计数据" and en.checks[0].note == "no statistics for 2024"


def test_a_target_not_yet_due_and_the_growth_rate_needed():
    data = {MOUNTAIN: {2024: "2000 亿元"}}
    zh, en = one(data, 2024, MOUNTAIN, "zh"), one(data, 2024, MOUNTAIN, "en")
    assert zh.outcome == "未到期（到2025年）：2024年 2000 亿元 ≥ 2170 亿元，尚未达到目标（差距 170 亿元）"
    assert en.outcome == "not yet due (by 2025): 2000 亿元 ≥ 2170 亿元 in 2024, not yet at the goal"
    assert zh.checks[0].note == "2025年到期；截至2024年尚未达到目标"
    assert zh.cagr_needed == en.cagr_needed and zh.years_left == en.years_left == 1


def test_a_trend_against_the_previous_year():
    data = {LOAN_SHARE: {2023: "11%", 2024: "11%"}}
    zh, en = one(data, 2024, LOAN_SHARE, "zh"), one(data, 2024, LOAN_SHARE, "en")
    assert zh.status is en.status is TargetStatus.met
    assert zh.outcome == "达到：11% ≥ 11%（2023年的数值）"
    assert en.outcome == "met: 11% ≥ prev 11% (the value in 2023)"
    strict = {"go.stable_share": "increasing"}
    zh, en = one(data, 2024, LOAN_SHARE, "zh", overrides=strict), one(data, 2024, LOAN_SHARE, "en", overrides=strict)
    assert zh.outcome == "未达到（力争目标）：11% > 11%（2023年的数值）"
    assert en.outcome == "not met (aspirational): 11% > prev 11% (the value in 2023)"
    assert any("比较方式" in n and "go.stable_share" in n for n in zh.notes)
    assert "comparison increasing (reading go.stable_share)" in en.notes
    missing = one({LOAN_SHARE: {2024: "11%"}}, 2024, LOAN_SHARE, "zh")
    assert missing.outcome == "无数据：缺少2023年的数值"


def test_a_reduction_against_the_base_year():
    data = {"industrial_energy_intensity": {2020: "0.7", 2025: "0.58"}}
    zh, en = one(data, 2025, ENERGY, "zh"), one(data, 2025, ENERGY, "en")
    assert zh.status is en.status is TargetStatus.met and zh.value == en.value
    assert zh.outcome.startswith("达到：2025年 ") and "≥ 16%" in zh.outcome
    assert en.outcome.startswith("met: ") and en.outcome.endswith(" in 2025")
    assert any(n.startswith("下降幅度以2020年为基期") for n in zh.notes)
    assert any(n.startswith("下降幅度 =（基期2020年 0.7 tce/万元 − 2025年 0.58 tce/万元）") for n in zh.notes)
    assert "reduction measured against 2020 (parameter go.1.2.energy_intensity_reduction.base_year)" in en.notes
    for n in zh.notes:
        no_english(n)


def test_新增_without_a_baseline_says_what_to_give():
    data = {"go.5.1.new_listed_companies": {2024: 680}}
    zh = one(data, 2024, "go.5.1.new_listed_companies", "zh")
    assert zh.status is TargetStatus.no_data
    assert "是总量，不是自 2022-08-30 起新增的数量" in zh.outcome and "added: true" in zh.outcome
    no_english(zh.outcome.replace("added: true", ""))


def test_reading_notes_use_the_rulebooks_chinese():
    rb = default_rulebook()
    r = rb.reading_def("go.scale_measure")
    value = rb.reading("go.scale_measure")
    zh = one({}, 2024, "go.2.2.cluster_scale", "zh")
    en = one({}, 2024, "go.2.2.cluster_scale", "en")
    meaning_zh = r.choices_zh.get(value) or r.choices[value]
    assert f"{r.title}：{value}（解读 go.scale_measure）：{meaning_zh}" in zh.notes
    assert f"{r.title}: {value} (reading go.scale_measure): {r.choices[value]}" in en.notes


def test_the_language_is_chosen_per_call_not_when_the_rules_are_built():
    # the target rules are built once per rulebook and kept on it: their texts must not be frozen then
    data = {"industrial_energy_intensity": {2020: "0.7", 2024: "0.61"}}
    first = one(data, 2024, ENERGY, "zh")
    second = one(data, 2024, ENERGY, "en")
    third = one(data, 2024, ENERGY, "zh")
    assert first.outcome == third.outcome != second.outcome
    assert first.notes == third.notes != second.notes and first.notes
    assert first.checks[0].note == third.checks[0].note != second.checks[0].note
    with use_language("zh"):
        assert one(data, 2024, ENERGY, None).outcome == first.outcome  # the language in force
        assert one(data, 2024, ENERGY, "en").outcome == second.outcome  # lang= wins over it


# ---------------------------------------------------------------- the same decisions in both languages


PROSE = {"outcome", "notes", "lang"}


def _decision(r: TargetResult) -> dict[str, Any]:
    d = json.loads(r.model_dump_json())
    for k in PROSE:
        d.pop(k)
    for c in d["checks"]:
        c.pop("note")
    return d


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_decisions_and_json_keys_are_the_same_in_both_languages(year):
    zh = assess_targets(load_example(), year=year, lang="zh")
    en = assess_targets(load_example(), year=year, lang="en")
    assert zh.summary() == en.summary()
    assert [_decision(r) for r in zh.results] == [_decision(r) for r in en.results]
    dz, de = zh.model_dump(mode="json"), en.model_dump(mode="json")
    assert list(dz) == list(de) and dz["lang"] == "zh" and de["lang"] == "en"
    assert [list(r) for r in dz["results"]] == [list(r) for r in de["results"]]
    assert [s["clause"] for s in dz["skipped"]] == [s["clause"] for s in de["skipped"]]
    pd = pytest.importorskip("pandas")
    pd.testing.assert_frame_equal(zh.to_frame(), en.to_frame())


def test_a_chinese_result_replays_in_chinese():
    r = one({MOUNTAIN: {2024: "2000 亿元"}}, 2024, MOUNTAIN, "zh")
    again = zjpolicy.replay(r.model_dump_json())
    assert again == r and again.outcome.startswith("未到期")


# ---------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def reports() -> dict[str, TargetsReport]:
    return {lang: assess_targets(load_example(), year=2024, lang=lang) for lang in ("zh", "en")}  # type: ignore[misc]


def _rich(obj: Any) -> str:
    console = Console(file=io.StringIO(), width=250, record=True, color_system=None)
    console.print(obj)
    return console.export_text()


def test_the_report_explained_in_chinese(reports):
    text = reports["zh"].explain()
    assert text.splitlines()[0] == (
        "2024年目标评估（适用日期 2024-12-31）——达到 7 项，未达到 3 项，未达到（力争目标） 1 项，未到期 21 项，无数据 30 项"
    )
    assert "统计数据：虚构数据" in text and "到2025年" in text and "年均 +" in text and "每年" in text
    assert "解读 go.stable_share = nondecreasing" in text and "性质：level = 水平（当年水平）" in text
    assert "未评估 dp.1.2.park_tax_per_mu：zjpolicy.rubric（" in text
    assert "全覆盖" in text and "力争" in text and "左右" in text
    no_english(text.replace("ILLUSTRATIVE", ""))


def test_the_report_explained_in_english_is_as_before(reports):
    text = reports["en"].explain()
    assert text.splitlines()[0] == (
        "Targets for 2024 (as of 2024-12-31) — 7 met, 3 not met, 1 not met (aspirational), 21 not yet due, 30 no data"
    )
    assert "statistics: ILLUSTRATIVE figures invented for the example — NOT real statistics" in text
    assert "≥ 35 万元/人 by 2025" in text and "+9.38%/yr" in text and "水平, 左右" in text
    assert "reading go.stable_share = nondecreasing: " in text
    assert "skipped dp.1.2.park_tax_per_mu: " + DELEGATED["dp.1.2.park_tax_per_mu"] in text
    assert "nature: level = 水平 (level in the year); cumulative = 累计 (cumulative);" in text
    assert text.splitlines()[-1].endswith("; each row is a rule result (zjpolicy.replay-able)")
    # a report in one language, its frame in the other: the results' own prose stays as assessed
    assert reports["zh"].explain(lang="en").startswith("Targets for 2024")


def test_the_report_rich_and_html_in_chinese(reports):
    zh, en = reports["zh"], reports["en"]
    shown = _rich(zh)
    assert "2024年目标评估（适用日期 2024-12-31）：达到 7 项" in shown
    for heading in ("目标", "数值", "要求", "差距", "进度", "所需年均增长", "性质", "条款"):
        assert heading in shown
    assert "未达到（力争目标）" in shown and "未到期" in shown
    assert "CAGR needed" not in shown and "not yet due" not in shown
    page = zh._repr_html_()
    assert "<th>状态</th>" in page and "<th>差距</th>" in page and "<strong>2024年目标评估</strong>" in page
    assert "<td>未到期</td>" in page and "Targets for" not in page
    english = _rich(en)
    assert "Targets for 2024 (as of 2024-12-31): 7 met" in english and "CAGR needed" in english
    assert "<th>status</th>" in en._repr_html_() and "<strong>Targets for 2024</strong>" in en._repr_html_()


def test_a_target_results_own_explanation_rich_and_html(reports):
    r = reports["zh"][MOUNTAIN]
    text = r.explain()
    assert text.startswith(f"targets.{MOUNTAIN} v") and "未到期（到2025年）" in text and "适用日期 2024-12-31" in text
    assert "as of" not in text
    assert "未到期" in _rich(r) and "未到期" in r._repr_html_()
    assert reports["en"][MOUNTAIN].explain().splitlines()[1] == "as of 2024-12-31"


def test_a_report_json_round_trips_with_its_language(reports):
    back = TargetsReport.model_validate_json(reports["zh"].model_dump_json())
    assert back == reports["zh"] and back.lang == "zh" and back.explain() == reports["zh"].explain()


# ---------------------------------------------------------------- errors


def test_errors_in_chinese_and_english():
    with use_language("zh"):
        with pytest.raises(InputError) as e:
            assess_targets({"nonsense": {2024: 1}}, year=2024)
        assert "未知指标" in str(e.value)
        with pytest.raises(InputError) as e:
            assess_targets({}, year=0)
        assert str(e.value) == "year：year 应为 1 至 9999 之间的整年，实为 0"
        with pytest.raises(UnknownIdError) as e2:
            assess_targets({}, year=2024, clauses=["dp.1.2.park_tax_per_mu"])
        assert "由 zjpolicy.rubric（" in str(e2.value)
    with pytest.raises(InputError) as e:
        assess_targets({}, year=0, lang="en")
    assert str(e.value) == "year: year must be a whole year from 1 to 9999, got 0"
    with pytest.raises(InputError) as e:
        assess_targets(
            {"labour_productivity": {2024: 1}, "go.1.2.labour_productivity": {2024: 2}}, year=2024, lang="zh"
        )
    assert "重复给出（另见 'labour_productivity'）" in str(e.value)


# ---------------------------------------------------------------- the command line


def test_cli_targets_example_in_chinese():
    r = CliRunner().invoke(app, ["--lang", "zh", "targets", "--example"], env={"COLUMNS": "250"})
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "2024年目标评估（适用日期 2024-12-31）：达到 7 项" in out
    assert "未达到（力争目标）" in out and "统计数据：虚构数据（ILLUSTRATIVE）" in out and "所需年均增长" in out
    assert "Targets for" not in out and "not yet due" not in out and "CAGR needed" not in out


def test_cli_targets_in_english_and_json_the_same_in_both():
    en = CliRunner().invoke(app, ["--lang", "en", "targets", "--example"], env={"COLUMNS": "250"})
    assert en.exit_code == 0 and "Targets for 2024 (as of 2024-12-31): 7 met" in en.stdout
    zh = json.loads(CliRunner().invoke(app, ["--lang", "zh", "targets", "--example", "-f", "json"]).stdout)
    en_json = json.loads(CliRunner().invoke(app, ["--lang", "en", "targets", "--example", "-f", "json"]).stdout)
    assert list(zh) == list(en_json) and zh["lang"] == "zh"
    assert [(r["clause"], r["status"], r["value"]) for r in zh["results"]] == [
        (r["clause"], r["status"], r["value"]) for r in en_json["results"]
    ]


def test_cli_targets_errors_in_chinese():
    r = CliRunner().invoke(app, ["--lang", "zh", "targets"])
    assert r.exit_code == 2 and "请给出统计数据文件（STATS.yaml）或 --example" in r.stderr
    r = CliRunner().invoke(app, ["--lang", "en", "targets"])
    assert r.exit_code == 2 and "give a statistics file (STATS.yaml) or --example" in r.stderr


# ---------------------------------------------------------------- the catalogue


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_targets_message_has_the_same_placeholders_in_both_languages():
    keys = [k for k in catalogue() if k.startswith("targets.")]
    assert len(keys) > 100
    for k in keys:
        assert _fields(catalogue()[k]["zh"]) == _fields(catalogue()[k]["en"]), k


def test_english_labels_are_the_machine_values_and_constants():
    for s in TargetStatus:
        assert s.label("en") == s.value and s.label("zh") != s.value
    for tag, text in NATURE.items():
        assert nature_text(tag, "en") == text and nature_text(tag, "zh").startswith(text.split(" ")[0])
    for cid, why in DELEGATED.items():
        assert delegated_reason(cid, "en") == why and delegated_reason(cid, "zh").startswith("zjpolicy.rubric（")
