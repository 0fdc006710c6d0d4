"""The traceability matrix: every clause, the rules that implement it, and the tests that exercise it.

Tests declare the clauses they exercise with ``@pytest.mark.clause("go.10.3.green_channel")``.
The test index is scanned from the source tree's ``tests/`` and bundled as ``_test_index.json`` so
an installed package can still show it; ``python -m zjpolicy.traceability --write`` refreshes it,
and a test fails when it is stale.
"""

from __future__ import annotations

import ast
import json
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .rulebook import Clause, Rulebook, default_rulebook

__all__ = ["TraceRow", "bundled_test_index", "matrix", "scan_tests"]

INDEX_FILE = "_test_index.json"


@dataclass(frozen=True)
class TraceRow:
    clause: Clause
    implemented_by: tuple[str, ...]  # "rule.id@version"
    tests: tuple[str, ...]  # "tests/…/test_x.py::test_name"

    @property
    def status(self) -> str:
        return "implemented" if self.implemented_by else "data only"

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
            "tests": list(self.tests),
        }


def _marker_ids(node: ast.expr) -> list[str]:
    """Clause ids in `pytest.mark.clause("a", "b")` (or a list/tuple of such marks)."""
    out: list[str] = []
    if isinstance(node, (ast.List, ast.Tuple)):
        for el in node.elts:
            out.extend(_marker_ids(el))
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "clause":
        for a in node.args:
            if isinstance(a, ast.Constant) and isinstance(a.value, str):
                out.append(a.value)
    return out


def scan_tests(tests_dir: Path) -> dict[str, list[str]]:
    """Map clause id -> sorted test node ids, from `clause` markers in tests_dir/**/test_*.py."""
    index: dict[str, set[str]] = {}
    root = tests_dir.parent
    for path in sorted(tests_dir.rglob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = path.relative_to(root).as_posix()
        module_ids: list[str] = []
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark" for t in stmt.targets):
                module_ids.extend(_marker_ids(stmt.value))

        def visit(body: list[ast.stmt], prefix: str, inherited: list[str]) -> None:
            for stmt in body:
                if isinstance(stmt, ast.ClassDef) and stmt.name.startswith("Test"):
                    ids = inherited + [i for d in stmt.decorator_list for i in _marker_ids(d)]
                    for s in stmt.body:
                        if isinstance(s, ast.Assign) and any(
                            isinstance(t, ast.Name) and t.id == "pytestmark" for t in s.targets
                        ):
                            ids = ids + _marker_ids(s.value)
                    visit(stmt.body, f"{prefix}{stmt.name}::", ids)
                elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name.startswith("test"):
                    ids = inherited + [i for d in stmt.decorator_list for i in _marker_ids(d)]
                    for cid in ids:
                        index.setdefault(cid, set()).add(f"{rel}::{prefix}{stmt.name}")

        visit(tree.body, "", module_ids)
    return {k: sorted(v) for k, v in sorted(index.items())}


def bundled_test_index() -> dict[str, list[str]]:
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
    tests = bundled_test_index()
    return [
        TraceRow(c, tuple(sorted(impl.get(c.id, ()))), tuple(tests.get(c.id, ())))
        for c in rb.clauses.values()
        if document is None or c.document == document
    ]


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
