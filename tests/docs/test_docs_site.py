"""The built documentation site: a page/anchor for every clause, examples and the notebook that ran, Chinese search."""

from __future__ import annotations

import json
import re
import tomllib
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path

from zjpolicy.rulebook import default_rulebook
from zjpolicy.rules import all_rules

ROOT = Path(__file__).resolve().parents[2]


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


def test_every_clause_of_the_rulebook_has_an_anchor_on_its_section_page(built_site: Path, pages) -> None:
    rb = default_rulebook()
    assert len(rb.clauses) > 100
    missing = []
    for cid, c in rb.clauses.items():
        html = page_html(built_site, pages.section_path(c.document, c.section))
        if not html.is_file() or pages.clause_anchor(cid) not in ids_of(html):
            missing.append(f"{cid} (expected #{pages.clause_anchor(cid)} in {html.relative_to(built_site)})")
    assert not missing, "clauses without a page/anchor in the built site:\n" + "\n".join(missing)


def test_clause_pages_show_the_sentence_parameters_and_implementation(built_site: Path, pages) -> None:
    rb = default_rulebook()
    c = rb.clause("go.10.3.green_channel")
    text = page_html(built_site, pages.section_path(c.document, c.section)).read_text(encoding="utf-8")
    assert c.text in text
    p = c.param("max_intensity")
    assert pages.value_text(p) in text and p.word in text and str(p.effective) in text and str(p.last_reviewed) in text
    for r in all_rules().values():
        if c.id in r.clauses:
            assert r.id in text and pages.function_path(r) in text


def test_every_document_and_section_page_is_in_the_navigation(built_site: Path, pages) -> None:
    rb = default_rulebook()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    for key in rb.documents:
        assert f"rulebook/{key}/" in home
        for section, _ in pages.sections_of(rb, key):
            assert pages.section_path(key, section).removesuffix(".md") + "/" in home


def test_every_reading_is_on_the_readings_page_with_its_default(built_site: Path, pages) -> None:
    rb = default_rulebook()
    html = built_site / "readings" / "index.html"
    ids, text = ids_of(html), html.read_text(encoding="utf-8")
    for rid, _r in rb.readings.items():
        assert pages.reading_anchor(rid) in ids, rid
        assert rb.reading(rid) in text and rid in text


def test_every_registered_rule_has_a_page(built_site: Path, pages) -> None:
    for rid in all_rules():
        assert page_html(built_site, pages.rule_path(rid)).is_file(), rid


def _results(html: str) -> list[str]:
    """The outputs markdown-exec inserted after the examples it ran."""
    return re.findall(r'<div class="result"', html)


def test_examples_ran_during_the_build(built_site: Path) -> None:
    quick = (built_site / "guides" / "quickstart" / "index.html").read_text(encoding="utf-8")
    assert len(_results(quick)) >= 4 and "Traceback" not in quick
    assert "go.10.3.green_channel" in quick
    rule = (built_site / "rules" / "land_energy.green_channel" / "index.html").read_text(encoding="utf-8")
    assert "land_energy.green_channel v" in rule  # the explained output of the example call
    rating = (built_site / "rules" / "rubric.rate_park" / "index.html").read_text(encoding="utf-8")
    assert "rubric.rate_park v" in rating and "dp.row1_scale" in rating


def test_dataframes_are_shown_as_tables(built_site: Path) -> None:
    batch = (built_site / "guides" / "batch" / "index.html").read_text(encoding="utf-8")
    headers = set(re.findall(r"<th[^>]*>([^<]+)</th>", batch))
    assert {"项目", "可走绿色通道", "园区", "星级"} <= headers


def test_macros_are_expanded_and_pages_about_them_are_left_alone(built_site: Path, pages) -> None:
    rb = default_rulebook()
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(rb.clauses)}</strong>" in home and "{{" not in home
    assert pages.value_text(rb.param("go.10.3.green_channel.max_intensity")) in home
    dev = (built_site / "dev" / "docs" / "index.html").read_text(encoding="utf-8")
    assert "{{ value(" in dev  # the page that documents the macros has render_macros: false


def test_the_notebook_ran_during_the_build(built_site: Path) -> None:
    page = built_site / "guides" / "eligibility" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "重放一致" in html  # printed by the last cell
    assert re.search(r"jp-RenderedHTML.*?<table.*?星级", html, flags=re.S)  # the rating's HTML display
    assert "Traceback" not in html
    assert (page.parent / "eligibility.ipynb").is_file()  # the download


def test_api_reference_is_generated_for_the_rule_packages(built_site: Path, pages) -> None:
    from zjpolicy.catalogue import PACKAGES

    modules = [m for m, _ in pages.API_MODULES]
    assert set(PACKAGES) <= set(modules)
    for module in modules:
        html = built_site / "api" / module / "index.html"
        assert html.is_file(), module
        assert "doc-heading" in html.read_text(encoding="utf-8"), module


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
        "the Chinese query segmentation patch (docs/hooks/search.py: patch_search_worker) was not applied; "
        "check whether Material changed its search worker"
    )


def test_material_is_the_version_the_search_patch_is_written_for() -> None:
    """The patch edits Material's minified search worker, so the docs extra pins mkdocs-material exactly."""
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    pins = [d.split("==", 1)[1] for d in extra["docs"] if d.startswith("mkdocs-material==")]
    assert pins == [version("mkdocs-material")], "mkdocs-material must be pinned (==) to the installed version"


def test_no_google_fonts_or_other_remote_assets(built_site: Path) -> None:
    for page in ("index.html", "guides/eligibility/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
        assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', html), page


def test_changelog_page_is_the_changelog(built_site: Path) -> None:
    html = (built_site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "0.1.0" in html and "Keep a Changelog" in html


def test_every_rule_page_shows_an_example_that_ran(built_site: Path, pages) -> None:
    """Each rule page has at least one example call with its output (docs/rules/examples/<rule id>.md or the
    package template docs/rules/examples/_package.<package>.md)."""
    without = []
    for rid in all_rules():
        text = page_html(built_site, pages.rule_path(rid)).read_text(encoding="utf-8")
        if not _results(text) or "Traceback" in text:
            without.append(rid)
    assert not without, "rule pages without an example that ran: " + ", ".join(without)
