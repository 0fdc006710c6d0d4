"""The docs generators and macros, called directly (no site build): pages come from the rulebook, registry and
test index; the example machinery (markdown-exec) is checked on a small site built with the same settings."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
import yaml

from zjpolicy.exact import fmt
from zjpolicy.rulebook import default_rulebook

ROOT = Path(__file__).resolve().parents[2]


def test_generated_pages_cover_every_clause_with_one_anchor_each(pages) -> None:
    rb = default_rulebook()
    generated = pages.generate_pages(rb, rules={}, tests={})
    clause_anchors = {pages.clause_anchor(cid) for cid in rb.clauses}
    assert len(clause_anchors) == len(rb.clauses)
    seen: dict[str, str] = {}
    for path, md in generated.items():
        for anchor in re.findall(r"\{ #([\w-]+) \}", md):
            if anchor in clause_anchors:
                assert anchor not in seen, f"clause anchor {anchor} on {seen[anchor]} and {path}"
                seen[anchor] = path
    for cid, c in rb.clauses.items():
        path = pages.section_path(c.document, c.section)
        assert seen.get(pages.clause_anchor(cid)) == path, cid
        assert pages.esc(c.text) in generated[path], cid


def test_clause_anchor_is_stable(pages) -> None:
    assert pages.clause_anchor("go.10.3.green_channel") == "go-10-3-green_channel"
    assert pages.section_path("demo-park-plan", "三、2.") == "rulebook/demo-park-plan/3-2.md"


def test_implementations_and_the_three_kinds_of_tests_come_from_the_registry_and_the_test_index(pages) -> None:
    from zjpolicy.rules import all_rules

    rb = default_rulebook()
    rules = all_rules()
    fake_tests = {
        "go.10.3.green_channel": {
            "law_value": ["tests/law/test_a.py::test_value"],
            "boundary": ["tests/law/test_a.py::test_edge"],
            "tests": ["tests/x/test_y.py::test_z"],
        }
    }
    page = pages.generate_pages(rb, rules=rules, tests=fake_tests)[
        pages.section_path("guiding-opinions-2022", "十（三）")
    ]
    block = page[page.index("{ #go-10-3-green_channel }") :]
    for kind, title in pages.TESTS_ZH:
        assert f"**{title}**（1）" in block and fake_tests["go.10.3.green_channel"][kind][0] in block
    assert "**独立核对**：尚无。" not in block.split("\n## ")[0]
    for r in rules.values():
        if "go.10.3.green_channel" in r.clauses:
            assert f"`{r.id}` v{r.version}" in page
    bare = pages.generate_pages(rb, rules=rules, tests={})[pages.section_path("guiding-opinions-2022", "十（三）")]
    assert "**独立核对**：尚无。" in bare


def _row(table: str, row: int) -> str:
    return next(line for line in table.splitlines() if line.startswith("|") and f"| {row} |" in line)


def _cells(table: str, row: int) -> list[str]:
    return [c.strip() for c in _row(table, row).strip("|").split("|")][3:-1]


def test_rubric_table_is_rendered_from_the_parameters(pages) -> None:
    rb = default_rulebook()
    table = pages.rubric_table(rb)
    row2 = _row(table, 2)
    for level in ("three_star", "four_star", "five_star"):
        assert pages.value_text(rb.param(f"dp.3.2.row02_cnc_rate.{level}")) in row2
    changed = rb.with_overrides({"dp.3.2.row02_cnc_rate.four_star": "66.5%"})
    row2_changed = _row(pages.rubric_table(changed), 2)
    assert "66.5%" in row2_changed and row2_changed != row2


def test_rubric_table_is_the_table_the_rating_applies(pages) -> None:
    """Every cell comes from `zjpolicy.rubric.table(rb)`: a level without a threshold (None) is 不设门槛."""
    from zjpolicy.rubric import table

    for rb in (default_rulebook(), default_rulebook().with_overrides({"dp.row1_scale": "merged_three_four"})):
        md, t = pages.rubric_table(rb), table(rb)
        for row in (*t.rows, *t.green):
            expected = ["不设门槛" if p is None else pages.esc(pages.value_text(p)) for p in row.params]
            assert _cells(md, row.row) == expected, row.clause


def test_rubric_row1_follows_the_reading(pages) -> None:
    rb = default_rulebook()
    v500 = pages.value_text(rb.param("dp.3.2.row01_manufacturing_revenue.value_500"))
    v1000 = pages.value_text(rb.param("dp.3.2.row01_manufacturing_revenue.value_1000"))
    unset = pages.rubric_table(rb.with_overrides({"dp.row1_scale": "three_star_unset"}))
    assert _cells(unset, 1) == ["不设门槛", v500, v1000]
    merged = pages.rubric_table(rb.with_overrides({"dp.row1_scale": "merged_three_four"}))
    assert _cells(merged, 1) == [v500, v500, v1000]
    assert "`dp.row1_scale` = `merged_three_four`" in merged


def test_readings_page_lists_every_reading_with_default_and_override(pages) -> None:
    rb = default_rulebook()
    page = pages.readings_page(rb, {})
    for rid, r in rb.readings.items():
        assert f"{{ #{pages.reading_anchor(rid)} }}" in page
        assert f"overrides={{{rid!r}" in page
        assert pages.esc(r.rationale) in page


def test_changelog_page_is_the_changelog(pages) -> None:
    generated = pages.generate_pages(default_rulebook(), rules={}, tests={})
    assert generated["changelog.md"] == (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_navigation_lists_every_generated_page(pages) -> None:
    """The generated folders' SUMMARY.md (mkdocs-literate-nav) link every page generated in them."""
    from zjpolicy.rules import all_rules

    generated = pages.generate_pages(default_rulebook(), rules=all_rules(), tests={})
    for folder in ("rulebook", "rules", "api"):
        summary = generated[f"{folder}/SUMMARY.md"]
        links = {f"{folder}/{link}" for link in re.findall(r"\]\(([^)]+)\)", summary)}
        in_folder = {p for p in generated if p.startswith(folder + "/") and not p.endswith("SUMMARY.md")}
        assert links == in_folder, folder


def test_rule_examples_come_from_the_snippet_or_the_package_template(pages) -> None:
    from zjpolicy.rules import all_rules

    rules = all_rules()
    own = rules["land_energy.green_channel"]
    assert pages.hand_example(own) == (ROOT / "docs/rules/examples/land_energy.green_channel.md").read_text("utf-8")
    target = next(r for r in rules.values() if pages.rule_package(r) == "zjpolicy.targets")
    text = pages.hand_example(target)
    assert target.clauses[0] in text and "@CLAUSE_ID@" not in text and "@RULE_ID@" not in text


def test_docstring_examples_are_run_and_a_failing_one_fails(pages) -> None:
    from zjpolicy.rules import get_rule

    assert pages.check_doctests(get_rule("rubric.rate_park")) > 0

    def bad() -> None:
        """>>> 1 + 1
        3
        """

    with pytest.raises(RuntimeError, match="docstring example failed"):
        pages.check_doctests(types.SimpleNamespace(id="fake.rule", fn=bad))


class _Env:
    """The part of mkdocs-macros' env that define_env uses."""

    def __init__(self, page: str) -> None:
        self.macros: dict[str, object] = {}
        self.page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri=page))

    def macro(self, fn, name: str = "") -> None:
        self.macros[name or fn.__name__] = fn


def test_macros_read_values_from_the_rulebook_and_reject_unknown_ids(pages) -> None:
    from zjpolicy.rules import all_rules

    rb = default_rulebook()
    env = _Env("guides/x.md")
    pages.define_env(env)
    m = env.macros
    assert m["value"]("go.10.3.green_channel.max_intensity") == pages.value_text(
        rb.param("go.10.3.green_channel.max_intensity")
    )
    assert "(../rulebook/guiding-opinions-2022/10-3.md#go-10-3-green_channel)" in m["clause"]("go.10.3.green_channel")
    assert "(../readings.md#reading-dp-row1_scale)" in m["reading"]("dp.row1_scale")
    assert (
        m["rule"]("land_energy.green_channel") == "[`land_energy.green_channel`](../rules/land_energy.green_channel.md)"
    )
    assert m["count"]("clauses") == str(len(rb.clauses)) and m["count"]("rules") == str(len(all_rules()))
    for name, bad in (("value", "go.no.such.param"), ("clause", "go.nope"), ("reading", "nope"), ("rule", "nope")):
        with pytest.raises(KeyError):
            m[name](bad)  # with on_error_fail, this fails the build


def _mini_site(mkdocs_build, tmp_path: Path, page: str) -> tuple[int, str, Path]:
    """Build one page with the site's own Markdown extensions and markdown-exec settings."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p for p in config["plugins"] if isinstance(p, dict) and "markdown-exec" in p]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    mini = {
        "site_name": "t",
        "docs_dir": "docs",
        "markdown_extensions": config["markdown_extensions"],
        "plugins": plugins,
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(mini, allow_unicode=True), encoding="utf-8")
    proc = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    html = tmp_path / "site" / "index.html"
    return proc.returncode, proc.stdout + proc.stderr, html


def test_exec_blocks_run_share_a_session_and_show_their_output(mkdocs_builder, tmp_path: Path) -> None:
    pytest.importorskip("markdown_exec")
    page = (
        '# t\n\n```python exec="1" source="block" result="text" session="t"\nn = 6 * 7\nprint(n)\n```\n\n'
        '```python exec="1" source="block" result="text" session="t"\nprint(n + 1)\n```\n'
    )
    code, log, html = _mini_site(mkdocs_builder, tmp_path, page)
    assert code == 0, log
    results = re.findall(r'<div class="result"[^>]*>(.*?)</div>', html.read_text(encoding="utf-8"), flags=re.S)
    assert [re.sub(r"<[^>]+>", "", r).split() for r in results] == [["42"], ["43"]]


def test_a_failing_example_fails_the_strict_build(mkdocs_builder, tmp_path: Path) -> None:
    pytest.importorskip("markdown_exec")
    code, log, _ = _mini_site(
        mkdocs_builder, tmp_path, '# t\n\n```python exec="1" source="block" result="text"\n1 / 0\n```\n'
    )
    assert code != 0 and "ZeroDivisionError" in log


_LAW_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(%|万元/亩|万元/人|tce/万元|吨标准煤/万元|亿元|万元|万家|亩|公顷|个|家|项|条|名|星)"
)


def test_hand_written_pages_type_no_number_of_the_law() -> None:
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


def test_search_terms_include_the_rulebook_s_quoted_terms(search_hook) -> None:
    terms = search_hook.quoted_terms(default_rulebook())
    assert "改一补一" in terms and "双控" in terms
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,4}", t) for t in terms)


def test_the_search_worker_patch_applies_to_the_exact_loop_only(search_hook, tmp_path: Path) -> None:
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    loop = "for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)"
    (workers / "search.abc.min.js").write_text(f"x;{loop};y", encoding="utf-8")
    assert search_hook.patch_search_worker(tmp_path) == 1
    assert "o<=t.length" in (workers / "search.abc.min.js").read_text(encoding="utf-8")
    (workers / "search.abc.min.js").write_text("for(let o=s+1;o<t.size;o++)", encoding="utf-8")  # Material changed
    assert search_hook.patch_search_worker(tmp_path) == 0
