"""Links from the service to the documentation site: a clause's section page and anchor, a reading's anchor.

The docs site's pages come from docs/hooks/pages.py: a clause is on ``rulebook/<document>/<section>.md`` at the
anchor of its id (`section_path`, `clause_anchor`), a reading on ``readings.md`` (`reading_anchor`). That module
is the docs build's (it needs the docs extra, and is not installed with the package), so the two rules are written
out here in its terms; tests/api/test_links.py checks, for every clause and reading, that these links name exactly
the page and anchor the generator writes. MkDocs serves ``a/b.md`` as ``a/b/`` (directory URLs).
"""

from __future__ import annotations

from functools import cache

from ..rulebook import default_rulebook, normalize_section

__all__ = ["clause_anchor", "clause_url", "reading_anchor", "reading_url", "section_path", "site_url"]


def clause_anchor(clause_id: str) -> str:
    """As docs/hooks/pages.py: ``go.10.3.green_channel`` -> ``go-10-3-green_channel``."""
    return clause_id.replace(".", "-")


def reading_anchor(reading_id: str) -> str:
    """As docs/hooks/pages.py: ``dp.row1_scale`` -> ``reading-dp-row1_scale``."""
    return "reading-" + reading_id.replace(".", "-")


def section_path(document: str, section: str) -> str:
    """As docs/hooks/pages.py: the Markdown page of a section, ``rulebook/<document>/<10-3>.md``."""
    return f"rulebook/{document}/{normalize_section(section).replace('.', '-')}.md"


def site_url(base: str, md_path: str) -> str:
    """The address of a docs page (directory URLs: ``x/index.md`` -> ``x/``, ``x/y.md`` -> ``x/y/``)."""
    stem = md_path.removesuffix(".md")
    return base + (stem.removesuffix("index") if stem.endswith("index") else stem + "/")


@cache
def clause_url(base: str, clause_id: str) -> str:
    """The clause (of the bundled rulebook) on its section's page of the docs site at `base`."""
    c = default_rulebook().clause(clause_id)
    return f"{site_url(base, section_path(c.document, c.section))}#{clause_anchor(c.id)}"


def reading_url(base: str, reading_id: str) -> str:
    """The reading on the docs site's readings page."""
    return f"{site_url(base, 'readings.md')}#{reading_anchor(reading_id)}"
