"""The built documentation site: a page/anchor for every clause, examples that ran, Chinese search."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from zjpolicy.rulebook import default_rulebook
from zjpolicy.rules import all_rules


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if k == "id" and v:
                self.ids.add(v)


def ids_of(path: Path) -> set[str]:
    p = _Ids()
    p.feed(path.read_text(encoding="utf-8"))
    return p.ids


def page_html(site: Path, md_path: str) -> Path:
    """site/<path without .md>/index.html (MkDocs directory URLs)."""
    stem = md_path.removesuffix(".md")
    return site / (stem.removesuffix("index") if stem.endswith("index") else stem + "/") / "index.html"


def test_every_clause_of_the_rulebook_has_an_anchor_on_its_section_page(built_site: Path, hook) -> None:
    rb = default_rulebook()
    assert len(rb.clauses) > 100
    missing = []
    for cid, c in rb.clauses.items():
        html = page_html(built_site, hook.section_path(c.document, c.section))
        if not html.is_file() or hook.clause_anchor(cid) not in ids_of(html):
            missing.append(f"{cid} (expected #{hook.clause_anchor(cid)} in {html.relative_to(built_site)})")
    assert not missing, "clauses without a page/anchor in the built site:\n" + "\n".join(missing)


def test_clause_pages_show_the_sentence_parameters_and_implementation(built_site: Path, hook) -> None:
    rb = default_rulebook()
    c = rb.clause("go.10.3.green_channel")
    text = page_html(built_site, hook.section_path(c.document, c.section)).read_text(encoding="utf-8")
    assert c.text in text
    p = c.param("max_intensity")
    assert hook.value_text(p) in text and p.word in text and str(p.effective) in text and str(p.last_reviewed) in text
    for r in all_rules().values():
        if c.id in r.clauses:
            assert r.id in text and hook.function_path(r) in text


def test_every_document_and_section_page_is_in_the_navigation(built_site: Path, hook) -> None:
    rb = default_rulebook()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for key in rb.documents:
        assert f"rulebook/{key}/" in home
        for section, _ in hook.sections_of(rb, key):
            assert hook.section_path(key, section).removesuffix(".md") + "/" in home


def test_every_reading_is_on_the_readings_page_with_its_default(built_site: Path, hook) -> None:
    rb = default_rulebook()
    html = built_site / "readings" / "index.html"
    ids, text = ids_of(html), html.read_text(encoding="utf-8")
    for rid, _r in rb.readings.items():
        assert hook.reading_anchor(rid) in ids, rid
        assert rb.reading(rid) in text and rid in text


def test_every_registered_rule_has_a_page(built_site: Path, hook) -> None:
    for rid in all_rules():
        assert page_html(built_site, hook.rule_path(rid)).is_file(), rid


def test_examples_ran_during_the_build(built_site: Path) -> None:
    quick = (built_site / "guides" / "quickstart" / "index.html").read_text(encoding="utf-8")
    assert "示例未运行" not in quick  # the rule packages exist, so every example ran
    assert quick.count("输出") >= 4
    assert "go.10.3.green_channel" in quick
    rule = (built_site / "rules" / "land_energy.green_channel" / "index.html").read_text(encoding="utf-8")
    assert "land_energy.green_channel v" in rule  # the explained output of the example call
    rating = (built_site / "rules" / "rubric.rate_park" / "index.html").read_text(encoding="utf-8")
    assert "rubric.rate_park v" in rating and "dp.row1_scale" in rating


def test_api_reference_is_generated_for_the_rule_packages(built_site: Path, hook) -> None:
    for module, _ in hook.api_modules():
        html = built_site / "api" / module / "index.html"
        assert html.is_file(), module
        assert 'class="doc doc-heading"' in html.read_text(encoding="utf-8") or "doc-heading" in html.read_text(
            encoding="utf-8"
        ), module


def segment_query(query: str, vocabulary: set[str]) -> set[str]:
    """Python port of Material's in-browser Chinese query segmentation (search worker ``segment``), with the
    whole-query fix applied by the docs hook: the query's parts that are words of the index."""
    n = [0] * len(query)
    for s in range(len(query)):
        for o in range(s + 1, len(query) + 1):  # the fix: up to and including the whole query
            if query[s:o] in vocabulary:
                n[s] = o - s
    out: set[str] = set()
    stack = [0]
    while stack:
        o = stack.pop()
        for u in range(1, n[o]):
            if o + u < len(query) and n[o + u] > n[o] - u:
                out.add(query[o : o + u])
                stack.append(o + u)
        a = o + n[o]
        if a < len(query) - 1 and n[a]:
            stack.append(a)
        out.add(query[o:a])
    return {query} if "" in out else out


def test_chinese_search_finds_the_policy_terms(built_site: Path) -> None:
    """Each query, segmented as the browser does, matches (as word prefixes) every part on the expected page."""
    data = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    sep = re.compile(data["config"]["separator"])
    assert sep.search("\u200b"), "the separator must split on U+200B (jieba's word boundary)"
    vocabulary: set[str] = set()
    page_tokens: dict[str, set[str]] = {}
    for doc in data["docs"]:
        toks = {t.lower() for t in sep.split(doc["title"] + " " + doc["text"]) if t}
        vocabulary |= toks
        page_tokens.setdefault(doc["location"].split("#")[0], set()).update(toks)
    for query, page in (
        ("亩均税收", "rulebook/demo-park-plan/3-2/"),
        ("绿色通道", "rulebook/guiding-opinions-2022/10-3/"),
        ("改一补一", "rulebook/guiding-opinions-2022/10-4/"),
        ("数控化率", "rulebook/demo-park-plan/3-2/"),
        ("劳动生产率", "rulebook/guiding-opinions-2022/1-2/"),
        ("示范园区", "rulebook/demo-park-plan/1-2/"),
    ):
        parts = segment_query(query, vocabulary)
        assert parts and all(len(p) >= 2 for p in parts), (query, parts)  # no stray single characters
        for part in parts:
            assert any(t.startswith(part) for t in page_tokens[page]), (query, part, page)
    assert "改一补一" in vocabulary and "绿色通道" in vocabulary


def test_search_worker_considers_the_whole_chinese_query(built_site: Path) -> None:
    workers = list((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert workers
    text = workers[0].read_text(encoding="utf-8")
    assert re.search(r"for\(let (\w+)=(\w+)\+1;\1<=(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in", text), (
        "the Chinese query segmentation patch (docs/hooks/generate.py: patch_search_worker) was not applied; "
        "check whether Material changed its search worker"
    )


def test_no_google_fonts_or_other_remote_assets(built_site: Path) -> None:
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in home and "fonts.gstatic.com" not in home


def test_changelog_page_exists(built_site: Path) -> None:
    assert (built_site / "changelog" / "index.html").is_file()


def test_every_rule_page_shows_an_example_that_ran(built_site: Path, hook) -> None:
    """Each rule page has at least one example call with its output (docstring doctest, package EXAMPLES,
    docs/rules/examples/<rule id>.md or the package template docs/rules/examples/_package.<package>.md)."""
    without = []
    for rid in all_rules():
        text = page_html(built_site, hook.rule_path(rid)).read_text(encoding="utf-8")
        if "输出" not in text or "示例未运行" in text:
            without.append(rid)
    assert not without, "rule pages without an example that ran: " + ", ".join(without)
