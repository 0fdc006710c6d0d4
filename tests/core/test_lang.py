"""Chinese by default, English on request: the catalogue, the core sentences, errors, the CLI and the API.

The suite runs with ZJPOLICY_LANG=en (tests/conftest.py); the Chinese default is shown here in-process with
`use_language("zh")` and in a fresh process without ZJPOLICY_LANG.
"""

from __future__ import annotations

import json
import os
import string
import subprocess
import sys
import threading
from datetime import date
from fractions import Fraction

import pytest
from typer.testing import CliRunner

import zjpolicy.rules
from zjpolicy import InputError
from zjpolicy.audit import decision, replay
from zjpolicy.cli import app
from zjpolicy.errors import Problem, UnknownIdError
from zjpolicy.exact import Comparison
from zjpolicy.land_energy import green_channel
from zjpolicy.lang import LANGUAGES, catalogue, language, say, set_language, use_language
from zjpolicy.results import check
from zjpolicy.rubric import example_park, rate_park
from zjpolicy.rules import default_outcome

ON = date(2024, 6, 30)
PROJECT = {"intensity": "5200 tce/亿元", "new_project": True, "dual_control": "on-track"}  # exactly 0.52 tce/万元


GRAMMAR = {"plural", "verb"}
"""Placeholders only English grammar needs ("parameter{plural}"): Chinese has no plural."""


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_both_languages_with_the_same_placeholders():
    cat = catalogue()
    assert len(cat) > 50
    for key, texts in cat.items():
        assert set(texts) == set(LANGUAGES), key
        assert _fields(texts["zh"]) - GRAMMAR == _fields(texts["en"]) - GRAMMAR, key
        assert texts["zh"] != texts["en"] or not any(c.isalpha() and c.isascii() for c in texts["en"]), key


def test_the_default_is_chinese_unless_the_environment_or_the_process_says_otherwise(monkeypatch):
    monkeypatch.delenv("ZJPOLICY_LANG", raising=False)
    assert language() == "zh"
    monkeypatch.setenv("ZJPOLICY_LANG", "en")
    assert language() == "en"
    set_language("zh")
    try:
        assert language() == "zh"
        with use_language("en"):
            assert language() == "en"
        assert language() == "zh"
    finally:
        set_language(None)
    with pytest.raises(InputError, match="lang"):
        set_language("fr")  # type: ignore[arg-type]


def _check(value: str, met: bool) -> object:
    return check(
        name="intensity",
        label="项目单位工业增加值能耗",
        comparison=Comparison.lt,
        clause="go.10.3.green_channel",
        value=Fraction(value),
        threshold=Fraction("0.52"),
        unit="tce/万元",
        word="低于",
        met=met,
        margin=Fraction("0.52") - Fraction(value),
    )


def test_a_check_and_the_default_outcome_read_in_the_law_s_words():
    at = _check("0.52", False)
    with use_language("zh"):
        assert at.describe() == "项目单位工业增加值能耗：0.52 < 0.52 tce/万元——未达到"
        assert (
            default_outcome([at])
            == "未达到：项目单位工业增加值能耗：0.52 < 0.52 tce/万元——未达到（恰好相等：“低于”不含本数）"
        )
        assert default_outcome([_check("0.5", True)]).startswith("达到：")
    with use_language("en"):
        assert at.describe() == "项目单位工业增加值能耗: 0.52 < 0.52 tce/万元 — NOT met"
        assert default_outcome([at]).endswith("(equal: 低于 is strict)")


def test_errors_name_field_unit_and_clause_in_either_language():
    bad = {**PROJECT, "intensity": "5 亩"}
    with pytest.raises(InputError) as zh:
        green_channel(bad, as_of=ON, lang="zh")
    assert (
        str(zh.value) == "intensity：单位 '亩' 不能换算为 'tce/万元'；应为单位：tce/万元；条款：go.10.3.green_channel"
    )
    with pytest.raises(InputError) as en:
        green_channel(bad, as_of=ON, lang="en")
    assert (
        str(en.value)
        == "intensity: '亩' cannot be converted to 'tce/万元'; expected unit: tce/万元; clause: go.10.3.green_channel"
    )
    assert zh.value.field == en.value.field == "intensity"  # the machine fields do not change
    with use_language("zh"):
        assert str(Problem(field="x", message="m", expected_unit="%")) == "x：m；应为单位：%"
        assert str(UnknownIdError("parameter", "go.nope")).startswith("没有参数 'go.nope'")
    with pytest.raises(InputError, match="缺少此项"):
        green_channel({"new_project": True}, as_of=ON, lang="zh")  # pydantic's own message, in Chinese
    with pytest.raises(InputError, match="lang must be one of zh, en"):
        green_channel(PROJECT, as_of=ON, lang="fr")  # type: ignore[arg-type]


def test_the_explanation_frame_is_in_the_result_s_language():
    zh = green_channel(PROJECT, as_of=ON, lang="zh")
    en = green_channel(PROJECT, as_of=ON, lang="en")
    assert (zh.lang, en.lang) == ("zh", "en")
    assert "适用日期 2024-06-30" in zh.explain() and "参数摘要" in zh.explain()
    assert "as of 2024-06-30" in en.explain() and "parameters sha256:" in en.explain()
    assert "as of 2024-06-30" in zh.explain(lang="en")  # the frame on request
    html = zh._repr_html_()
    assert "<th>检验</th>" in html and "<th>条款</th>" in html


def test_the_decision_and_the_keys_do_not_depend_on_the_language():
    for rule, given in ((green_channel, PROJECT), (rate_park, example_park())):
        zh, en = rule(given, as_of=ON, lang="zh"), rule(given, as_of=ON, lang="en")
        assert decision(zh) == decision(en)
        jz, je = json.loads(zh.model_dump_json()), json.loads(en.model_dump_json())
        assert list(jz) == list(je) and jz["parameters_digest"] == je["parameters_digest"]
        assert replay(zh.model_dump_json()).lang == "zh"  # replayed in the language it was recorded in


def test_a_deferred_explanation_is_completed_in_the_call_s_language():
    eager_before = zjpolicy.rules.DEFER
    zjpolicy.rules.DEFER = False
    try:
        expected = green_channel(PROJECT, as_of=ON, lang="en").outcome
    finally:
        zjpolicy.rules.DEFER = eager_before
    lazy = green_channel(PROJECT, as_of=ON, lang="en")
    with use_language("zh"):
        assert lazy.outcome == expected  # completed here, in English, as it was asked for


def test_threads_take_their_own_language():
    out: dict[str, str] = {}

    def run(lang: str) -> None:
        out[lang] = green_channel(PROJECT, as_of=ON, lang=lang).explain()  # type: ignore[arg-type]

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("zh", "en") * 4]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "适用日期" in out["zh"] and "as of" in out["en"]


def test_a_fresh_process_speaks_chinese_and_the_cli_takes_lang():
    env = {k: v for k, v in os.environ.items() if k != "ZJPOLICY_LANG"}
    code = "from zjpolicy.lang import say; print(say('core.status.met'))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert run.stdout.strip() == "达到"
    runner = CliRunner()
    zh = runner.invoke(app, ["--lang", "zh", "rate", "/no/such/file.yaml"])
    en = runner.invoke(app, ["--lang", "en", "rate", "/no/such/file.yaml"])
    assert zh.exit_code == en.exit_code == 2
    assert "错误：" in zh.output and "找不到文件" in zh.output
    assert "error: no such file" in en.output
    set_language(None)


def test_say_refuses_an_unknown_key():
    with pytest.raises(KeyError, match="add it in both languages"):
        say("core.no_such_message")


def test_the_api_answers_in_the_language_asked_for():
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from zjpolicy.api.app import create_app
    from zjpolicy.api.examples import rule_examples

    client = TestClient(create_app())
    ex = rule_examples()["land_energy.green_channel"]
    bad = {**ex, "inputs": {**ex["inputs"], "intensity": "5 亩"}}
    zh = client.post("/rules/land_energy.green_channel?lang=zh", json=bad).json()
    en = client.post("/rules/land_energy.green_channel", json=bad, headers={"Accept-Language": "en-GB"}).json()
    assert "应为单位" in zh["message"] and "expected unit" in en["message"]
    assert zh["problems"][0]["field"] == en["problems"][0]["field"] == "intensity"
    ok = client.post("/rules/land_energy.green_channel?lang=zh", json=ex).json()
    assert ok["result"]["lang"] == "zh"
