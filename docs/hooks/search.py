"""MkDocs hook for the Chinese search (see docs/dev/docs.md): the rulebook's terms for jieba, and one fix to
Material's search worker, whose query segmentation never tries a part ending at the query's last character
(``j < query.length``: 数控化率 became 数*). The fix is written for the exact mkdocs-material version pinned in
pyproject.toml; where the minified loop is not found exactly once, the build warns, so the strict build fails.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import jieba

from zjpolicy.rulebook import Rulebook, default_rulebook

log = logging.getLogger("mkdocs.hooks.search")
SEGMENT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in \w+")


def quoted_terms(rb: Rulebook) -> list[str]:
    """The rulebook's quoted terms of two to four Chinese characters: “改一补一”, “双控”, “链主” …"""
    texts = [c.text + c.title for c in rb.clauses.values()] + [r.title for r in rb.readings.values()]
    return sorted({q for t in texts for q in re.findall(r"“([\u4e00-\u9fff]{2,4})”", t)})


def on_config(config: Any) -> Any:
    for term in quoted_terms(default_rulebook()):
        if jieba.get_FREQ(term) != 0:  # 0: the user dictionary splits it on purpose
            jieba.add_word(term)
    return config


def patch_search_worker(site_dir: str | Path) -> int:
    """Let the query segmentation consider parts up to the query's end; how many loops were patched."""
    patched = 0
    for path in Path(site_dir, "assets", "javascripts", "workers").glob("search.*.min.js"):
        text, n = SEGMENT_LOOP.subn(
            lambda m: m[0].replace(f"{m[1]}<{m[3]}", f"{m[1]}<={m[3]}"), path.read_text("utf-8")
        )
        if n == 1:
            path.write_text(text, "utf-8")
            patched += 1
    return patched


def on_post_build(config: Any) -> None:
    if patch_search_worker(config.site_dir) != 1:
        log.warning(
            "search worker: Material's Chinese query segmentation loop was not found exactly once, so it is not "
            "patched; check docs/hooks/search.py against the mkdocs-material version pinned in pyproject.toml"
        )
