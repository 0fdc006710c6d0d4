"""The docs generator, called directly (no build): pages come from the rulebook, registry and test index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zjpolicy.exact import fmt
from zjpolicy.rulebook import default_rulebook

ROOT = Path(__file__).resolve().parents[2]


def test_generated_pages_cover_every_clause_with_one_anchor_each(hook) -> None:
    rb = default_rulebook()
    pages = hook.generate_pages(rb, rules={}, tests={})
    clause_anchors = {hook.clause_anchor(cid) for cid in rb.clauses}
    assert len(clause_anchors) == len(rb.clauses)
    seen: dict[str, str] = {}
    for path, md in pages.items():
        for anchor in re.findall(r"\{ #([\w-]+) \}", md):
            if anchor in clause_anchors:
                assert anchor not in seen, f"clause anchor {anchor} on {seen[anchor]} and {path}"
                seen[anchor] = path
    for cid, c in rb.clauses.items():
        path = hook.section_path(c.document, c.section)
        assert seen.get(hook.clause_anchor(cid)) == path, cid
        assert c.text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_") in pages[path], cid


def test_clause_anchor_is_stable(hook) -> None:
    h = hook
    assert h.clause_anchor("go.10.3.green_channel") == "go-10-3-green_channel"
    assert h.section_path("demo-park-plan", "三、2.") == "rulebook/demo-park-plan/3-2.md"


def test_implementations_and_tests_come_from_the_registry_and_the_test_index(hook) -> None:
    from zjpolicy.rules import all_rules

    rb = default_rulebook()
    rules = all_rules()
    fake_tests = {"go.10.3.green_channel": ["tests/x/test_y.py::test_z"]}
    page = hook.generate_pages(rb, rules=rules, tests=fake_tests)[
        hook.section_path("guiding-opinions-2022", "十（三）")
    ]
    assert "tests/x/test_y.py::test_z" in page
    for r in rules.values():
        if "go.10.3.green_channel" in r.clauses:
            assert f"`{r.id}` v{r.version}" in page


def _row(table: str, row: int) -> str:
    return next(line for line in table.splitlines() if line.startswith("|") and f"| {row} |" in line)


def test_rubric_table_is_rendered_from_the_parameters(hook) -> None:
    rb = default_rulebook()
    table = hook.rubric_table(rb)
    row2 = _row(table, 2)
    for level in ("three_star", "four_star", "five_star"):
        assert hook.value_text(rb.param(f"dp.3.2.row02_cnc_rate.{level}")) in row2
    changed = rb.with_overrides({"dp.3.2.row02_cnc_rate.four_star": "66.5%"})
    row2_changed = _row(hook.rubric_table(changed), 2)
    assert "66.5%" in row2_changed and row2_changed != row2


def test_rubric_row1_follows_the_reading(hook) -> None:
    rb = default_rulebook()
    v500 = hook.value_text(rb.param("dp.3.2.row01_manufacturing_revenue.value_500"))
    v1000 = hook.value_text(rb.param("dp.3.2.row01_manufacturing_revenue.value_1000"))
    cells = lambda t: [c.strip() for c in _row(t, 1).strip("|").split("|")][3:6]  # noqa: E731
    assert cells(hook.rubric_table(rb.with_overrides({"dp.row1_scale": "three_star_unset"}))) == [
        "不设门槛",
        v500,
        v1000,
    ]
    assert cells(hook.rubric_table(rb.with_overrides({"dp.row1_scale": "merged_three_four"}))) == [v500, v500, v1000]


def test_readings_page_lists_every_reading_with_default_and_override(hook) -> None:
    rb = default_rulebook()
    page = hook.readings_page(rb, {})
    for rid, r in rb.readings.items():
        assert f"{{ #{hook.reading_anchor(rid)} }}" in page
        assert f"overrides={{{rid!r}" in page
        assert hook.esc(r.rationale) in page


def test_exec_blocks_run_and_insert_their_output(hook) -> None:
    md = 'x\n\n```python exec="1"\nn = 6 * 7\nn\n```\n\n```python exec="1"\nprint(n + 1)\n```\n'
    out = hook.run_exec_blocks(md, "t.md")
    assert "exec=" not in out
    assert 'title="输出"\n42\n' in out and 'title="输出"\n43\n' in out


def test_a_failing_example_fails_the_build(hook) -> None:
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="ZeroDivisionError"):
        hook.run_exec_blocks('```python exec="1"\n1 / 0\n```\n', "t.md")


def test_an_example_for_a_package_not_yet_there_is_shown_but_not_run(hook) -> None:
    out = hook.run_exec_blocks('```python exec="1" requires="zjpolicy.no_such_package"\n1 / 0\n```\n', "t.md")
    assert "示例未运行" in out and "zjpolicy.no_such_package" in out


def test_macros_read_values_from_the_rulebook_and_reject_unknown_ids(hook) -> None:
    from mkdocs.exceptions import PluginError

    rb = default_rulebook()
    out = hook.expand_macros('{{ value("go.10.3.green_channel.max_intensity") }}', "guides/x.md", rb, {})
    assert out == hook.value_text(rb.param("go.10.3.green_channel.max_intensity"))
    link = hook.expand_macros('{{ clause("go.10.3.green_channel") }}', "guides/x.md", rb, {})
    assert "(../rulebook/guiding-opinions-2022/10-3.md#go-10-3-green_channel)" in link
    with pytest.raises(PluginError):
        hook.expand_macros('{{ value("go.no.such.param") }}', "x.md", rb, {})


def test_changelog_is_included_when_present_and_optional_when_missing(hook, tmp_path: Path) -> None:
    assert "CHANGELOG.md" in hook.changelog_page(tmp_path / "CHANGELOG.md")
    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## 0.1.0\n\n- first\n", encoding="utf-8")
    assert hook.changelog_page(tmp_path / "CHANGELOG.md").startswith("# Changelog")


def test_package_examples_protocol(hook) -> None:
    import types

    mod = types.ModuleType("zjpolicy_fake_pkg")
    rule = types.SimpleNamespace(id="fake.rule", fn=types.SimpleNamespace(__module__="zjpolicy_fake_pkg"))
    mod.EXAMPLES = {"fake.rule": ["1 + 1"], "other": ["2"]}
    import sys

    sys.modules["zjpolicy_fake_pkg"] = mod
    try:
        assert hook.package_examples(rule) == ["1 + 1"]
        mod.EXAMPLES = [{"rule": "fake.rule", "inputs": {}}, {"rule": "other"}]
        assert hook.package_examples(rule) == [{"rule": "fake.rule", "inputs": {}}]
    finally:
        del sys.modules["zjpolicy_fake_pkg"]


_LAW_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(%|万元/亩|万元/人|tce/万元|吨标准煤/万元|亿元|万元|万家|亩|公顷|个|家|项|条|名|星)"
)


def test_hand_written_pages_type_no_number_of_the_law(hook) -> None:
    """Guide prose refers to the law's numbers through macros; example inputs live in code blocks."""
    rb = default_rulebook()
    law = set()
    for p in rb.parameters.values():
        unit = {"percent": "%", "tce/万元": "tce/万元"}.get(p.unit, p.unit)
        for v in (p.value, p.upper):
            if v is not None:
                law.add((fmt(v), unit))
                if unit == "tce/万元":
                    law.add((fmt(v), "吨标准煤/万元"))
    decimals = {n for n, _ in law if "." in n or "/" in n}
    hand = [p for p in (ROOT / "docs").rglob("*.md") if "dev" not in p.relative_to(ROOT / "docs").parts]
    assert hand
    offenders = []
    for path in hand:
        text = path.read_text(encoding="utf-8")
        prose = re.sub(r"^(`{3,}|~{3,}).*?^\1", "", text, flags=re.S | re.M)  # drop code blocks
        prose = re.sub(r"\{\{.*?\}\}", "", prose)  # macros
        for number, unit in _LAW_NUMBER.findall(prose):
            if (number, unit) in law:
                offenders.append(f"{path.relative_to(ROOT)}: {number}{unit}")
        for number in re.findall(r"(?<![\d.])(\d+\.\d+|\d+/\d+)(?![\d.])", prose):  # decimals, fractions
            if number in decimals:
                offenders.append(f"{path.relative_to(ROOT)}: {number}")
    assert not offenders, 'numbers of the law typed by hand (use {{ value("<parameter id>") }}):\n' + "\n".join(
        offenders
    )


def test_macros_inside_code_are_left_alone(hook) -> None:
    rb = default_rulebook()
    md = 'Write `{{ value("x.y") }}` or\n\n```text\n{{ clause("nope") }}\n```\n'
    assert hook.expand_macros(md, "dev/x.md", rb, {}) == md


def test_a_dataframe_result_becomes_an_html_table(hook) -> None:
    pytest.importorskip("pandas")
    out = hook.run_exec_blocks(
        '```python exec="1"\nimport pandas as pd\npd.DataFrame({"项目": ["甲"], "n": [1]})\n```\n', "t.md"
    )
    assert "<table>" in out and "<th>项目</th>" in out
