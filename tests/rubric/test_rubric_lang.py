"""The star rubric speaks the law's words: the outcome, the explanation, the rich table, the HTML, `zjpolicy rate`
and the rubric's errors are Chinese by default and English on request (lang="en": the suite's English, word for
word); the decision and the JSON keys are the same in both.

The suite runs with ZJPOLICY_LANG=en (tests/conftest.py): the Chinese default is asked for here with
``use_language("zh")``, ``lang="zh"`` or ``zjpolicy --lang zh``.
"""

from __future__ import annotations

import ast
import html
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import zjpolicy.lang
import zjpolicy.rules
from zjpolicy import InputError
from zjpolicy.audit import decision
from zjpolicy.cli import app
from zjpolicy.errors import RulebookError
from zjpolicy.lang import catalogue, set_language, use_language
from zjpolicy.rubric import (
    assess_demonstration_goals,
    count_demonstration_parks,
    example_park,
    rate_park,
    rate_park_series,
)
from zjpolicy.rulebook import default_rulebook

ON = date(2024, 6, 30)
EXAMPLE = example_park().model_dump(mode="json")
VETOED = example_park("vetoed-park").model_dump(mode="json")
ZERO = {**EXAMPLE, "cnc_rate": "50%"}  # below 三星级's 60%: no star
OUTSIDE = {**EXAMPLE, "zone_level": "below_provincial"}
PARKS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "four": (EXAMPLE, {}),
    "vetoed": (VETOED, {}),
    "zero": (ZERO, {}),
    "outside": (OUTSIDE, {}),
    "scope_unstated": ({**EXAMPLE, "zone_level": None}, {}),
    "relaxed": ({**EXAMPLE, "cnc_rate": "64%"}, {"relaxation": {"max_relaxed": 1, "max_shortfall": 5}}),
    "clearly_above": (EXAMPLE, {"clearly_above": {"margin": 5}}),
    "weighted": (EXAMPLE, {"bonus_weights": {"global_500": 2}}),
    "lower_is_better": ({**EXAMPLE, "energy_per_value_added": {"value": "0.5", "standard": "0.45"}}, {}),
}
# English words the Chinese text must not keep (ids, reading values and units aside)
ENGLISH = re.compile(
    r"\b(stars?|met|as of|to reach|reading|parameters|policy support|priority|bonus|points|best|indicator|value|"
    r"clause|park|vetoed|VETOED|not rated|relaxed|short by|window|incidents?|must rectify|strictly)\b"
)


def _ascii_words(text: str) -> set[str]:
    """The plain ASCII words of `text`: tokens that are not ids (no '_', '.', digit) nor HTML tags."""
    text = html.unescape(re.sub(r"</?[a-z]+>", " ", text))
    return {t for t in re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*", text) if not re.search(r"[_.0-9\-]", t)}


def _allowed_words() -> set[str]:
    """Words a Chinese explanation may show: the readings' values (ids), the policies' class names and units."""
    rb = default_rulebook()
    choices = {c for r in rb.readings.values() for c in r.choices}
    return choices | {"GDP", "tce", "zjpolicy", "RelaxationPolicy", "ClearlyAbovePolicy"}


def _rich(result: Any) -> str:
    console = Console(record=True, width=220, file=io.StringIO())
    console.print(result)
    return console.export_text()


def _rate(name: str, lang: str) -> Any:
    park, options = PARKS[name]
    return rate_park(park, as_of=ON, lang=lang, **options)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- Chinese by default


def test_the_outcome_is_chinese_by_default():
    with use_language("zh"):
        r = rate_park(example_park(), as_of=ON)
    assert r.lang == "zh" and r.outcome == "四星级园区（4 星）"
    assert _rate("zero", "zh").outcome == "未达三星级评价标准（0 星）"
    assert _rate("outside", "zh").outcome == "未评定星级（不在评价范围（三、1. 评价范围））"
    assert _rate("relaxed", "zh").outcome == "四星级园区（4 星）；严格按评价标准：3 星"
    assert _rate("clearly_above", "zh").outcome.startswith("三星级园区（3 星）；维持 3 星：大部分指标未明显高于")


def test_the_explanation_is_the_plan_s_table_in_chinese():
    with use_language("zh"):
        text = rate_park(example_park(), as_of=ON).explain()
    lines = text.splitlines()
    assert lines[0] == "rubric.rate_park v1.1.0 — 示例园区（虚构）：四星级园区（4 星）"
    assert lines[1] == "适用日期 2024-06-30"
    assert lines[2] == "最高星级 | 指标 | 园区值 | 三星级 | 四星级 | 五星级 | 条款"
    assert "星级：4 星——四星级园区" in lines
    at = lines.index("距五星级差距：")  # the gaps to the next level, in the units of the table
    assert lines[at + 1] == "  规模以上制造业营业收入：+380 亿元"
    assert "  重点制造业企业装备数控化率：+3.5%" in lines
    assert any(x.startswith("政策支持：优先支持申报国家先进制造业集群竞赛项目；") for x in lines)
    assert "优先：省级及以上美丽园区/绿色园区" in lines
    assert any(x.startswith("加分项目计数：global_500=2，china_500=5，") and "未给出分值" in x for x in lines)
    assert any(x.startswith("解读 dp.row1_scale = three_star_unset：") for x in lines)
    assert lines[-1].startswith("zjpolicy ") and "参数摘要 sha256:" in lines[-1]
    assert "四星级" in text and "差距" in text
    assert not ENGLISH.search(text), ENGLISH.search(text)


@pytest.mark.parametrize("name", sorted(PARKS))
def test_no_english_word_is_left_in_the_chinese(name):
    r = _rate(name, "zh")
    for text in (r.outcome, r.explain(), _rich(r), r._repr_html_(), *r.notes):
        assert not ENGLISH.search(text), (name, ENGLISH.search(text))
        assert _ascii_words(text) <= _allowed_words(), (name, _ascii_words(text) - _allowed_words())


def test_a_vetoed_park_is_explained_as_一票否决():
    r = _rate("vetoed", "zh")
    assert r.vetoed and r.stars == 0
    assert r.outcome == "一票否决：不得评定为星级园区（重大安全生产和环保突发事件一票否决）（0 星）"
    assert r.veto_reason == (
        "两年内（回溯期 2 年：[2022-06-30, 2024-06-30]）发生重大事件 1 起——"
        "重大安全生产和环保突发事件一票否决（dp.3.3.incident_veto）"
    )
    text = r.explain()
    assert f"一票否决：{r.veto_reason}；2025-03-16 前不得评定为星级园区（按指标可达 5 星）" in text.splitlines()
    assert r.notes == ["一票否决：时限内发生重大事件 1 起；2025-03-16 起不再否决"]
    assert r.checks[-1].note == "时限 两年内（回溯期 2 年：[2022-06-30, 2024-06-30]），解读 dp.veto_boundary=inclusive"
    exclusive = rate_park(VETOED, as_of=ON, lang="zh", overrides={"dp.veto_boundary": "exclusive"})
    assert "（回溯期 2 年：(2022-06-30, 2024-06-30]）" in exclusive.veto_reason


def test_a_park_without_a_star_must_rectify_and_sees_its_gap():
    text = _rate("zero", "zh").explain().splitlines()
    assert "星级：0 星——未达三星级评价标准" in text
    assert "须限期整改，力争 2025 年达标" in text
    at = text.index("距三星级差距：")
    assert text[at + 1] == "  重点制造业企业装备数控化率：+10%"
    lower = _rate("lower_is_better", "zh").explain().splitlines()  # 低于: a reduction, strictly past the standard
    assert lower[lower.index("距三星级差距：") + 1] == "  万元工业增加值能耗：−0.05 tce/万元（须超过此数，不含本数）"


def test_the_other_summary_lines_in_chinese():
    relaxed = _rate("relaxed", "zh")
    text = relaxed.explain().splitlines()
    assert "严格按评价标准：3 星；按所述放宽标准：4 星" in text
    assert "  放宽 重点制造业企业装备数控化率（四星级）：差距 1%（≈1.5385%）" in text
    assert relaxed.notes == ["放宽：cnc_rate 差距 20/13%"]
    clearly = _rate("clearly_above", "zh").explain().splitlines()
    assert "三星级明显高于（+5%）：8 项中 8 项，需 5 项——达到" in clearly
    assert "四星级明显高于（+5%）：9 项中 4 项，需 5 项——未达到" in clearly
    assert any(x.endswith("；加分 4") for x in _rate("weighted", "zh").explain().splitlines())
    outside = _rate("outside", "zh")
    assert "未评定星级：不在评价范围（三、1. 评价范围）" in outside.explain().splitlines()
    assert outside.notes == ["不在评价范围（三、1.）：不予评定星级"]
    unstated = _rate("scope_unstated", "zh")
    assert unstated.notes == [
        "未核对评价范围（未给出 zone_level 和 integration_completed）：按在评价范围内评定（解读 dp.scope_unstated）"
    ]
    stated = rate_park(
        EXAMPLE, as_of=ON, lang="zh", overrides={"dp.relaxation": "stated", "dp.clearly_above": "stated"}
    )
    assert stated.notes == [
        "解读 dp.relaxation=stated，但未给出 RelaxationPolicy：按评价标准严格评定",
        "解读 dp.clearly_above=stated，但未给出 ClearlyAbovePolicy：未检验“明显高于”",
    ]


def test_the_rich_table_and_the_html_are_chinese():
    r = _rate("four", "zh")
    shown = _rich(r)
    assert "示例园区（虚构） — 四星级园区（4 星）" in shown
    for word in (
        "最高星级",
        "指标",
        "园区值",
        "三星级",
        "四星级",
        "五星级",
        "条款",
        "距五星级差距：",
        "适用日期 2024-06-30",
    ):
        assert word in shown
    assert not ENGLISH.search(shown)
    page = r._repr_html_()
    assert "<th>最高星级</th><th>指标</th><th>园区值</th><th>三星级</th>" in page
    assert "<strong>示例园区（虚构）</strong>: 四星级园区（4 星）" in page
    assert "距五星级差距：" in page and "适用日期 2024-06-30" in page
    assert "园区" in _rich(rate_park({**EXAMPLE, "name": None}, as_of=ON, lang="zh")).splitlines()[0]


def test_zjpolicy_rate_speaks_chinese():
    runner = CliRunner()
    try:
        zh = runner.invoke(app, ["--lang", "zh", "rate", "--example", "example-park", "--as-of", "2024-06-30"])
        assert zh.exit_code == 0, zh.output
        assert "四星级园区（4 星）" in zh.output and "距五星级差距：" in zh.output and "最高星级" in zh.output
        assert not ENGLISH.search(zh.output), ENGLISH.search(zh.output)
        vetoed = runner.invoke(app, ["--lang", "zh", "rate", "--example", "vetoed-park", "--as-of", "2024-06-30"])
        assert vetoed.exit_code == 0 and "一票否决" in vetoed.output
        en = runner.invoke(app, ["--lang", "en", "rate", "--example", "example-park", "--as-of", "2024-06-30"])
        assert en.exit_code == 0 and "4 stars (四星级园区)" in en.output and "to reach 5 stars:" in en.output
        wrong = runner.invoke(app, ["--lang", "zh", "rate", "--example", "no-such-park"])
        assert wrong.exit_code == 2 and "没有示例园区 'no-such-park'；可选：example-park, vetoed-park" in wrong.output
        none = runner.invoke(app, ["--lang", "zh", "rate"])
        assert none.exit_code == 2 and "请给出 PARK 文件或 --example NAME" in none.output
        wrong_en = runner.invoke(app, ["--lang", "en", "rate", "--example", "no-such-park"])
        assert "no example park 'no-such-park'; choose one of example-park, vetoed-park" in wrong_en.output
        js = [
            runner.invoke(app, ["--lang", lang, "rate", "--example", "example-park", "-f", "json"])
            for lang in ["zh", "en"]
        ]
        z, e = (json.loads(x.output) for x in js)
        assert (z["lang"], e["lang"]) == ("zh", "en") and decision(z) == decision(e) and list(z) == list(e)
    finally:
        set_language(None)


# ----------------------------------------------------------------------------- English on request


def test_lang_en_is_the_english_text():
    with use_language("zh"):
        en = rate_park(example_park(), as_of=ON, lang="en")
    assert en.lang == "en" and en.outcome == "4 stars (四星级园区)"
    with use_language("zh"):
        text = en.explain().splitlines()  # in the result's own language, whatever is in force
    assert text[:3] == [
        "rubric.rate_park v1.1.0 — 示例园区（虚构）: 4 stars (四星级园区)",
        "as of 2024-06-30",
        "best | indicator | value | 三星级 | 四星级 | 五星级 | clause",
    ]
    assert "stars: 4 — 四星级园区" in text and "to reach 5 stars:" in text
    assert "  规模以上制造业营业收入: +380 亿元" in text
    assert text[-1].startswith("zjpolicy ") and ", parameters sha256:" in text[-1]
    vetoed = _rate("vetoed", "en")
    assert vetoed.outcome.endswith(" — vetoed") and vetoed.notes[0].startswith("vetoed: 1 major incident(s)")
    assert vetoed.veto_reason.startswith("1 major incident(s) 两年内 (回溯期 2 年: [2022-06-30, 2024-06-30])")
    assert _rate("zero", "en").outcome == "0 stars (未达三星级评价标准)"
    assert _rate("outside", "en").outcome == "not rated (不在评价范围（三、1. 评价范围）)"


@pytest.mark.parametrize("name", sorted(PARKS))
def test_lang_en_equals_the_english_the_suite_runs_in(name):
    with use_language("en"):
        park, options = PARKS[name]
        plain = rate_park(park, as_of=ON, **options)  # the language in force: English
    asked = _rate(name, "en")
    assert asked == plain and asked.explain() == plain.explain() and _rich(asked) == _rich(plain)
    assert asked._repr_html_() == plain._repr_html_()


def test_the_frame_can_be_asked_for_in_the_other_language():
    zh = _rate("four", "zh")
    frame = zh.explain(lang="en").splitlines()
    assert frame[1] == "as of 2024-06-30" and "to reach 5 stars:" in frame
    assert frame[0].endswith(": 四星级园区（4 星）")  # the outcome stays as the rating was made


# ----------------------------------------------------------------------------- what does not change


@pytest.mark.parametrize("name", sorted(PARKS))
def test_the_decision_and_the_keys_are_the_same_in_both_languages(name):
    zh, en = _rate(name, "zh"), _rate(name, "en")
    assert decision(zh) == decision(en)
    jz, je = json.loads(zh.model_dump_json()), json.loads(en.model_dump_json())

    def keys(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: keys(v) for k, v in x.items()}
        if isinstance(x, list):
            return [keys(v) for v in x]
        return None

    assert keys(jz) == keys(je)
    for field in ("stars", "strict_stars", "relaxed_stars", "level_name", "policy_support", "gaps_to_next_level"):
        assert jz[field] == je[field], field
    assert [c["met"] for c in jz["checks"]] == [c["met"] for c in je["checks"]]


def test_a_deferred_rating_completes_in_its_language_as_the_eager_one():
    before = zjpolicy.rules.DEFER
    zjpolicy.rules.DEFER = False
    try:
        eager = {name: _rate(name, "zh") for name in ("four", "vetoed", "zero")}
    finally:
        zjpolicy.rules.DEFER = before
    for name, want in eager.items():
        lazy = _rate(name, "zh")
        assert not lazy.is_complete
        with use_language("en"):
            assert lazy == want and lazy.explain() == want.explain()  # completed here, in Chinese as asked


def test_the_decision_writes_no_prose(monkeypatch):
    for name in ("four", "vetoed", "zero"):
        for lang in ("zh", "en"):
            _rate(name, lang)  # the rulebook's cells and the one-line answers, once
    looked_up = []
    real = zjpolicy.lang.catalogue
    monkeypatch.setattr(zjpolicy.lang, "catalogue", lambda: looked_up.append(1) or real())
    for name in ("four", "vetoed", "zero"):
        for lang in ("zh", "en"):
            r = _rate(name, lang)
            assert (r.stars, r.vetoed, r.outcome) and not r.is_complete
    assert not looked_up  # say() was never called: the explanation waits for its first use
    assert _rate("vetoed", "zh").veto_reason and looked_up


# ----------------------------------------------------------------------------- errors, and the other rules


def test_the_rubric_s_errors_in_chinese():
    missing = {**EXAMPLE, "energy_per_value_added": {"value": "0.5"}}
    with pytest.raises(InputError) as zh:
        rate_park(missing, as_of=ON, lang="zh")
    assert str(zh.value) == (
        "energy_per_value_added.standard：缺少绿色集约数据：请给出 value 和 standard（全省同行业标准），"
        "或给出 below_standard；缺少数据不视为达到；应为单位：tce/万元；条款：dp.3.2.row10_energy_per_value_added"
    )
    with pytest.raises(InputError) as en:
        rate_park(missing, as_of=ON, lang="en")
    assert str(en.value).startswith("energy_per_value_added.standard: missing green data: give value and standard")
    assert zh.value.field == en.value.field  # the machine fields do not change
    differs = {**EXAMPLE, "value_added_per_mu": "1 万元/亩"}
    with pytest.raises(InputError, match=re.escape("给出的是 1，但 value_added/land_area 得 144.53125，二者不一致")):
        rate_park(differs, as_of=ON, lang="zh")
    both = {**EXAMPLE, "bonus": {"industry_top5": 1, "domestic_top5": 2}}
    with pytest.raises(InputError, match="国际和国内行业前5强的合计数不能与分开的"):
        rate_park(both, as_of=ON, lang="zh")
    with pytest.raises(RulebookError, match="时限须为整数"):
        rate_park(EXAMPLE, as_of=ON, lang="zh", overrides={"dp.3.3.incident_veto.window": "1.5"})
    with pytest.raises(RulebookError, match="the window must be a whole number of 年"):
        rate_park(EXAMPLE, as_of=ON, lang="en", overrides={"dp.3.3.incident_veto.window": "1.5"})


def test_the_series_the_count_and_the_goals_in_chinese():
    with use_language("zh"):
        series = rate_park_series({2023: EXAMPLE, 2024: ZERO})
        assert series.explain().splitlines() == [
            "示例园区（虚构）：各评定日的星级（dp.3.3.dynamic_adjustment）",
            "  2023-12-31：4 星（首次评定）",
            "  2024-12-31：0 星（降级）",
        ]
        assert series.explain(lang="en").splitlines()[1] == "  2023-12-31: 4 stars (new)"
        count = count_demonstration_parks({"parks": {"a": {2023: 5}}}, as_of=ON)
        assert count.outcome == "2024 年示范园区 1 个（累计）：尚未到期"
        assert count.checks[0].note == "按 2024 年计（解读 dp.demo_park_count_basis=cumulative）"
        goals = assess_demonstration_goals(EXAMPLE, as_of=ON)
        assert goals.outcome == "园区尚未达到示范园区目标（2025 年到期）"
        assert goals.notes == ["未给出 rd_institution_coverage：未核对二（二）"]
    en = rate_park_series({2023: EXAMPLE}, lang="en")
    assert en.years[0].rating.lang == "en" and en.explain().endswith("4 stars (new)")
    assert count_demonstration_parks({"parks": {"a": {2023: 5}}}, as_of=ON, lang="en").outcome == (
        "1 demonstration parks in 2024 (cumulative): not yet due"
    )
    assert assess_demonstration_goals(EXAMPLE, as_of=ON, lang="en").outcome == (
        "the park does not yet meet the demonstration-park goals (due 2025)"
    )


def _keys(node: ast.expr) -> list[str]:
    """The message keys an argument of say() can be, as patterns ("rubric.heading.{h}" -> "rubric.heading.*")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [re.escape(node.value)]
    if isinstance(node, ast.JoinedStr):
        return ["".join(re.escape(v.value) if isinstance(v, ast.Constant) else "[^.]+" for v in node.values)]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    return []


def test_every_message_the_rubric_names_is_in_the_catalogue_and_every_rubric_message_is_used():
    import zjpolicy.rubric

    named = []
    for path in Path(zjpolicy.rubric.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "say" and node.args:
                named += [re.compile(k + "$") for k in _keys(node.args[0])]
    cat = catalogue()
    for pattern in named:
        assert any(pattern.match(k) for k in cat), pattern.pattern
    ours = [k for k in cat if k.startswith("rubric.")]
    assert len(ours) > 80
    assert [k for k in ours if not any(p.match(k) for p in named)] == []
