"""The staff page links each clause to the page and anchor the docs generator writes (docs/hooks/pages.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from zjpolicy.api.links import clause_anchor, clause_url, reading_anchor, reading_url, section_path, site_url
from zjpolicy.rulebook import default_rulebook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pages() -> ModuleType:
    pytest.importorskip("mkdocs_gen_files")
    spec = importlib.util.spec_from_file_location("zjpolicy_docs_pages_for_api", ROOT / "docs" / "hooks" / "pages.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_same_paths_and_anchors_as_the_docs_generator(pages: ModuleType) -> None:
    rb = default_rulebook()
    for c in rb.clauses.values():
        assert section_path(c.document, c.section) == pages.section_path(c.document, c.section)
        assert clause_anchor(c.id) == pages.clause_anchor(c.id)
    for rid in rb.readings:
        assert reading_anchor(rid) == pages.reading_anchor(rid)


def test_every_link_names_a_generated_page_and_an_anchor_on_it(pages: ModuleType) -> None:
    rb = default_rulebook()
    generated = pages.generate_pages(rb, tests={})
    for c in rb.clauses.values():
        page = section_path(c.document, c.section)
        assert f"{{ #{clause_anchor(c.id)} }}" in generated[page], c.id
        assert clause_url("/docs/", c.id) == f"{site_url('/docs/', page)}#{clause_anchor(c.id)}"
    for rid in rb.readings:
        assert f"{{ #{reading_anchor(rid)} }}" in generated["readings.md"], rid
        assert reading_url("https://example.org/zjpolicy/", rid).startswith("https://example.org/zjpolicy/readings/#")


def test_directory_urls() -> None:
    assert site_url("/docs/", "rulebook/demo-park-plan/index.md") == "/docs/rulebook/demo-park-plan/"
    assert site_url("/docs/", "rulebook/demo-park-plan/3-2.md") == "/docs/rulebook/demo-park-plan/3-2/"
    assert (
        clause_url("/docs/", "go.10.3.green_channel")
        == "/docs/rulebook/guiding-opinions-2022/10-3/#go-10-3-green_channel"
    )
