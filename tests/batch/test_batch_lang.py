"""The batches in Chinese by default and in English on request: error reasons, row explanations, the summary and
the command line. The frames (columns, values, order) and the machine summary are the same in both languages.

The suite runs with ZJPOLICY_LANG=en (tests/conftest.py): Chinese is asked for with ``lang="zh"``,
``use_language("zh")`` or ``zjpolicy --lang zh``.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from zjpolicy.batch import assess_targets_table, green_channels, rate_parks, what_if
from zjpolicy.cli import app
from zjpolicy.errors import InputError, NotInForceError
from zjpolicy.lang import catalogue, set_language, use_language
from zjpolicy.rubric import example_park

AS_OF = date(2024, 6, 30)
MOUNTAIN = "go.8.4.mountain_industrial_value_added"
runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(autouse=True)
def _process_language_reset() -> Iterator[None]:
    yield
    set_language(None)  # `zjpolicy --lang zh` sets the process default: back to ZJPOLICY_LANG for the next test


def parks() -> pd.DataFrame:
    base = example_park().model_dump(mode="json")
    bad_unit = {**base, "name": "乙", "tax_per_mu": "12 亩"}  # not a 万元/亩: the scalar rule reports it
    weaker = {**base, "name": "丙", "cnc_rate": "40%"}
    return pd.DataFrame([base, bad_unit, weaker])


PROJECTS = [
    {"项目": "甲", "energy_use": "5200 tce", "value_added": "1 亿元", "new_project": True, "dual_control": "on-track"},
    {"项目": "丙", "intensity": "0.45 tce/万元", "new_project": False, "dual_control": "on-track"},
    {"项目": "丁", "energy_use": "1200 tce", "new_project": True, "dual_control": "on-track"},  # no value_added
    {"项目": "戊", "intensity": 0.3, "new_project": True, "dual_control": "on-track"},
]
REGIONS = [
    {"region": "杭州", "year": 2023, "indicator": MOUNTAIN, "value": "1905 亿元"},
    {"region": "杭州", "year": 2024, "indicator": MOUNTAIN, "value": "2010 亿元"},
    {"region": "温州", "year": 2024, "indicator": "labour_productivity", "value": "12 亩"},
]


# ---------------------------------------------------------------- the library


def test_rate_parks_reasons_and_explanations_in_chinese_the_frame_unchanged():
    zh = rate_parks(parks(), as_of=AS_OF, errors="collect", lang="zh")
    en = rate_parks(parks(), as_of=AS_OF, errors="collect", lang="en")
    pd.testing.assert_frame_equal(zh.frame, en.frame)
    assert list(zh.errors.columns) == list(en.errors.columns) == ["index", "field", "reason"]
    assert list(zh.errors["field"]) == list(en.errors["field"]) == ["tax_per_mu"]
    assert "不能换算" in zh.errors["reason"][0] and "cannot be converted" in en.errors["reason"][0]
    assert zh.lang == "zh" and en.lang == "en"
    one = zh.explain(0)
    assert one.lang == "zh" and "适用日期" in one.explain() and "as of" not in one.explain()
    assert zh.explain(0, lang="en").lang == "en" and en.explain(0).lang == "en"
    assert one.stars == en.explain(0).stars


def test_the_language_in_force_is_the_default():
    with use_language("zh"):
        got = rate_parks(parks(), as_of=AS_OF, errors="collect")
    assert got.lang == "zh" and "不能换算" in got.errors["reason"][0]
    assert rate_parks(parks(), as_of=AS_OF, errors="collect").lang == "en"  # ZJPOLICY_LANG=en here


def test_the_summary_keys_are_machine_keys_and_the_labelled_summary_is_for_people():
    zh = rate_parks(parks(), as_of=AS_OF, errors="collect", lang="zh")
    en = rate_parks(parks(), as_of=AS_OF, errors="collect", lang="en")
    assert zh.summary().to_dict() == en.summary().to_dict()  # keys of the JSON summary of an upload
    assert "errors" in zh.summary() and zh.summary()["errors"] == 1
    labelled = zh.labelled_summary()
    assert labelled["出错"] == 1 and "errors" not in labelled
    assert any(k.endswith("星") for k in labelled.index)
    assert en.labelled_summary().to_dict() == en.summary().to_dict()
    assert zh.labelled_summary(lang="en").to_dict() == en.summary().to_dict()


def test_rule_batches_in_chinese():
    zh = green_channels(PROJECTS, as_of=AS_OF, errors="collect", lang="zh")
    en = green_channels(PROJECTS, as_of=AS_OF, errors="collect", lang="en")
    pd.testing.assert_frame_equal(zh.frame, en.frame)
    assert list(zh.errors["field"]) == list(en.errors["field"]) == ["value_added"]
    assert "请给出" in zh.errors["reason"][0] and "give" in en.errors["reason"][0]
    assert zh.labelled_summary().to_dict() == {"符合条件": 1, "不符合条件": 2, "出错": 1}
    assert en.labelled_summary().to_dict() == {"eligible": 1, "not eligible": 2, "errors": 1} == zh.summary().to_dict()
    assert zh.explain(0).lang == "zh" and "不符合" in zh.explain(0).outcome


def test_batch_errors_in_chinese_and_english():
    with pytest.raises(ValueError, match="errors 应为 'raise' 或 'collect'"):
        green_channels(PROJECTS, as_of=AS_OF, errors="x", lang="zh")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="errors must be 'raise' or 'collect'"):
        green_channels(PROJECTS, as_of=AS_OF, errors="x", lang="en")  # type: ignore[arg-type]
    with pytest.raises(NotInForceError) as e:
        green_channels(PROJECTS, as_of=date(2000, 1, 1), lang="zh")
    assert "as_of=2000-01-01" in str(e.value) and "is in force" not in str(e.value)
    with pytest.raises(InputError) as e2:
        green_channels(PROJECTS, as_of=AS_OF, lang="zh")
    assert e2.value.field == "[2].value_added" and "请给出" in str(e2.value)


def test_targets_over_regions_in_chinese():
    zh = assess_targets_table(pd.DataFrame(REGIONS), year=2024, errors="collect", lang="zh")
    en = assess_targets_table(pd.DataFrame(REGIONS), year=2024, errors="collect", lang="en")
    pd.testing.assert_frame_equal(zh.frame, en.frame)  # statuses are machine values: "not yet due" in both
    assert list(zh.errors["index"]) == list(en.errors["index"]) == ["温州"]
    assert "不能换算" in zh.errors["reason"][0] and "cannot be converted" in en.errors["reason"][0]
    assert zh.explain("杭州", MOUNTAIN).outcome.startswith("未到期（到2025年）：2024年 2010 亿元")
    assert en.explain("杭州", MOUNTAIN).outcome.startswith("not yet due (by 2025): 2010 亿元")
    assert zh.summary().to_dict() == en.summary().to_dict()
    labelled = zh.labelled_summary()
    assert labelled["未到期"] == 1 and labelled["无数据"] > 0 and labelled["出错"] == 1
    with pytest.raises(InputError, match="region 列"):
        assess_targets_table(pd.DataFrame(REGIONS).drop(columns="region"), lang="zh")


def test_what_if_takes_the_language_to_its_engine():
    looser = {"go.10.3.green_channel.max_intensity": "0.60"}
    kw: dict[str, object] = {"as_of": AS_OF, "engine": green_channels, "errors": "collect"}
    zh = what_if(pd.DataFrame(PROJECTS), looser, lang="zh", **kw)  # type: ignore[arg-type]
    en = what_if(pd.DataFrame(PROJECTS), looser, lang="en", **kw)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(zh, en)
    assert zh.attrs == en.attrs and zh.index.tolist() == [0] and zh["direction"].tolist() == ["up"]


# ---------------------------------------------------------------- the command line


def _rows(tmp_path: Path) -> Path:
    p = tmp_path / "parks.jsonl"
    parks().to_json(p, orient="records", lines=True, force_ascii=False)
    return p


def test_cli_rate_parks_summary_in_chinese(tmp_path):
    p = _rows(tmp_path)
    r = runner.invoke(
        app, ["--lang", "zh", "batch", "rate-parks", str(p), "-o", str(tmp_path / "zh.csv"), "--as-of", "2024-06-30"]
    )
    assert r.exit_code == 0, r.output
    out = r.stdout
    assert "3 行，用时" in out and "结果" in out and "行数" in out and "出错" in out
    assert "第 1 行 tax_per_mu：" in out and "不能换算" in out
    for english in ("rows in", "outcome", "errors", "row 1", "cannot be converted"):
        assert english not in out, english
    r = runner.invoke(
        app, ["--lang", "en", "batch", "rate-parks", str(p), "-o", str(tmp_path / "en.csv"), "--as-of", "2024-06-30"]
    )
    assert r.exit_code == 0 and "3 rows in" in r.stdout and "row 1 tax_per_mu: " in r.stdout
    assert "outcome" in r.stdout and "errors" in r.stdout
    zh_table, en_table = (pd.read_csv(tmp_path / f"{lang}.csv") for lang in ("zh", "en"))
    pd.testing.assert_frame_equal(zh_table, en_table)  # the written table: the same columns and values


def test_cli_rule_batch_progress_and_stdout_in_chinese(tmp_path):
    p = tmp_path / "projects.csv"
    pd.DataFrame(PROJECTS).to_csv(p, index=False)
    r = runner.invoke(
        app,
        [
            "--lang",
            "zh",
            "batch",
            "green-channel",
            str(p),
            "--as-of",
            "2024-06-30",
            "--chunk-size",
            "2",
            "-o",
            str(tmp_path / "o.csv"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert "green-channel 处理中" in r.stderr  # the progress bar's label
    assert "符合条件" in r.stdout and "不符合条件" in r.stdout and "第 2 行 value_added：" in r.stdout
    r = runner.invoke(app, ["--lang", "zh", "batch", "green-channel", str(p), "--as-of", "2024-06-30"])
    assert r.exit_code == 0 and r.stdout.splitlines()[0].endswith(
        "eligible,intensity_met,intensity_value,new_project_met,dual_control_met"
    )
    assert "4 行，用时" in r.stderr


def test_cli_batch_targets_in_chinese(tmp_path):
    p = tmp_path / "regions.csv"
    pd.DataFrame(REGIONS).to_csv(p, index=False)
    r = runner.invoke(
        app, ["--lang", "zh", "batch", "targets", str(p), "--year", "2024", "-o", str(tmp_path / "t.csv")]
    )
    assert r.exit_code == 0, r.output
    assert "2 个地区，用时" in r.stdout and "未到期" in r.stdout and "出错" in r.stdout and "地区 温州" in r.stdout
    assert "not yet due" not in r.stdout
    assert set(pd.read_csv(tmp_path / "t.csv")["status"]) >= {"not yet due", "no data"}  # machine values


def test_cli_batch_errors_in_chinese(tmp_path):
    r = runner.invoke(app, ["--lang", "zh", "batch", "green-channel", str(tmp_path / "nope.csv")])
    assert r.exit_code == 2 and "没有此文件" in r.stderr
    (tmp_path / "x.xyz").write_text("a", encoding="utf-8")
    r = runner.invoke(app, ["--lang", "zh", "batch", "green-channel", str(tmp_path / "x.xyz")])
    assert r.exit_code == 2 and "无法识别的表格格式 '.xyz'" in r.stderr
    r = runner.invoke(app, ["--lang", "en", "batch", "green-channel", str(tmp_path / "x.xyz")])
    assert "unknown table format '.xyz'; use .csv, .parquet, .xlsx, .jsonl, .json or .yaml" in r.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"a": 1}\n[1]\n', encoding="utf-8")
    r = runner.invoke(app, ["--lang", "zh", "batch", "green-channel", str(bad)])
    assert r.exit_code == 2 and "第 2 行不是 JSON 对象" in r.stderr
    projects = tmp_path / "p.csv"
    pd.DataFrame(PROJECTS).to_csv(projects, index=False)
    r = runner.invoke(app, ["--lang", "zh", "batch", "green-channel", str(projects), "--unit", "bad"])
    assert r.exit_code == 2 and "应为 COLUMN=UNIT" in r.stderr


def test_cli_json_rows_are_the_same_in_both_languages(tmp_path):
    p = tmp_path / "projects.csv"
    pd.DataFrame(PROJECTS).to_csv(p, index=False)
    got = {}
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}.json"
        r = runner.invoke(
            app, ["--lang", lang, "batch", "green-channel", str(p), "-o", str(out), "--as-of", "2024-06-30"]
        )
        assert r.exit_code == 0, r.output
        got[lang] = json.loads(out.read_text(encoding="utf-8"))
    assert got["zh"] == got["en"]


# ---------------------------------------------------------------- the catalogue


def test_every_batch_message_has_the_same_placeholders_in_both_languages():
    keys = [k for k in catalogue() if k.startswith("batch.")]
    assert len(keys) > 30
    for k in keys:
        fields = [{f for _, f, _, _ in string.Formatter().parse(catalogue()[k][lang]) if f} for lang in ("zh", "en")]
        assert fields[0] == fields[1], k


def test_the_english_file_formats_are_the_help_texts():
    from zjpolicy.batch.cli import TABLES
    from zjpolicy.lang import say

    assert say("batch.file.formats", lang="en") == TABLES
