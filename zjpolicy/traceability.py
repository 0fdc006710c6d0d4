"""The traceability matrix: every clause, the rules that implement it, and the tests that exercise it.

Tests declare the clauses they exercise with ``@pytest.mark.clause("go.10.3.green_channel")``. The independent
checks of ``tests/law`` (the law typed a second time from the source text) add ``check="law_value"`` (a
parameter's value, unit, comparison and year as the sentence states them) or ``check="boundary"`` (a literal
case through the public function). A clause with neither is shown as having no independent check.
The test index comes from pytest's collection of the source tree's ``tests/`` and is bundled as ``_test_index.json`` so
an installed package can still show it; ``python -m zjpolicy.traceability --write`` refreshes it,
and a test fails when it is stale.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .rulebook import Clause, Rulebook, default_rulebook

__all__ = ["TraceRow", "bundled_test_index", "matrix", "scan_tests"]

INDEX_FILE = "_test_index.json"


TestIndex = dict[str, dict[str, list[str]]]
"""clause id -> {"law_value" | "boundary" | "tests": [test node ids]}"""


@dataclass(frozen=True)
class TraceRow:
    clause: Clause
    implemented_by: tuple[str, ...]  # "rule.id@version"
    law_value: tuple[str, ...]  # tests/law cases checking each parameter against the text
    boundary: tuple[str, ...]  # tests/law literal cases through the public function
    tests: tuple[str, ...]  # every other test marked with this clause

    @property
    def status(self) -> str:
        return "implemented" if self.implemented_by else "data only"

    @property
    def independently_checked(self) -> bool:
        """Its values are typed from the text, and (where a function implements it) a literal case runs it."""
        values_ok = bool(self.law_value) or not self.clause.parameters
        return values_ok and (bool(self.boundary) or not self.implemented_by) and bool(self.law_value or self.boundary)

    def as_json(self) -> dict[str, object]:
        c = self.clause
        return {
            "id": c.id,
            "document": c.document,
            "section": c.section,
            "section_normalized": c.section_normalized,
            "kind": c.kind.value,
            "title": c.title,
            "title_en": c.title_en,
            "text": c.text,
            "parameters": [p.model_dump(mode="json") for p in c.parameters],
            "items": list(c.items),
            "readings": list(c.readings),
            "status": self.status,
            "implemented_by": list(self.implemented_by),
            "independently_checked": self.independently_checked,
            "law_value_checks": list(self.law_value),
            "boundary_cases": list(self.boundary),
            "tests": list(self.tests),
        }


def scan_tests(tests_dir: Path) -> TestIndex:
    """Map clause id -> check kind -> test ids, from pytest's own collection of `clause` markers (exact, whatever
    form the marker takes). Runs ``pytest --collect-only`` in a subprocess."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "index.json"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "--collect-only",
                "-q",
                "-p",
                "no:cacheprovider",
                f"--clause-index={out}",
                str(tests_dir),
            ],
            cwd=tests_dir.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        if not out.exists():
            raise RuntimeError(f"test collection failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def bundled_test_index() -> TestIndex:
    try:
        text = resources.files(__package__).joinpath(INDEX_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    return json.loads(text)


def matrix(rulebook: Rulebook | None = None, *, document: str | None = None) -> list[TraceRow]:
    """One row per clause (optionally of one document), in rulebook order."""
    from .rules import all_rules

    rb = rulebook or default_rulebook()
    impl: dict[str, list[str]] = {}
    for r in all_rules().values():
        for cid in r.clauses:
            impl.setdefault(cid, []).append(f"{r.id}@{r.version}")
    index = bundled_test_index()
    rows = []
    for c in rb.clauses.values():
        if document is not None and c.document != document:
            continue
        kinds = index.get(c.id, {})
        rows.append(
            TraceRow(
                c,
                tuple(sorted(impl.get(c.id, ()))),
                law_value=tuple(kinds.get("law_value", ())),
                boundary=tuple(kinds.get("boundary", ())),
                tests=tuple(kinds.get("tests", ())),
            )
        )
    return rows


def _source_tests_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "tests"


def write_index(tests_dir: Path | None = None) -> Path:
    index = scan_tests(tests_dir or _source_tests_dir())
    out = Path(__file__).resolve().parent / INDEX_FILE
    out.write_text(json.dumps(index, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":  # python -m zjpolicy.traceability --write
    if "--write" in sys.argv:
        print(f"wrote {write_index()}")
    else:
        print(json.dumps(scan_tests(_source_tests_dir()), ensure_ascii=False, indent=1))
