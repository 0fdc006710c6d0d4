"""Loading rulebook YAML: exact numbers, validation at load, errors that name the file, the clause and the field."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from ..errors import RulebookError, UnitError
from ..exact import Comparison
from .schema import READING, Clause, ClauseKind, Document, DocumentRules, Excluded

if TYPE_CHECKING:
    from . import Rulebook

__all__ = ["DATA_FILES", "default_rulebook", "load_rulebook"]

DATA_FILES = ("guiding-opinions-2022.yaml", "demo-park-plan.yaml")


class _ExactLoader(yaml.SafeLoader):
    """YAML loader that keeps floats as text so they become exact Fractions."""


def _float_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_ExactLoader.add_constructor("tag:yaml.org,2002:float", _float_as_text)


def _load_document(path: str, text: str) -> DocumentRules:
    try:
        raw = yaml.load(text, Loader=_ExactLoader)
    except yaml.YAMLError as exc:
        raise RulebookError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict) or "document" not in raw or "clauses" not in raw:
        raise RulebookError(f"{path}: expected top-level keys 'document' and 'clauses'")
    try:
        doc = Document.model_validate(raw["document"])
    except ValidationError as exc:
        raise RulebookError(f"{path}: document: {_first(exc)}") from None
    clauses = []
    for i, c in enumerate(raw["clauses"] or []):
        where = f"{path}: clause #{i + 1} ({c.get('id', '?') if isinstance(c, dict) else '?'})"
        if not isinstance(c, dict):
            raise RulebookError(f"{where}: expected a mapping")
        c = dict(c)
        params = []
        for j, p in enumerate(c.get("parameters") or []):
            if not isinstance(p, dict):
                raise RulebookError(f"{where}: parameter #{j + 1}: expected a mapping")
            p = dict(p)
            p.setdefault("effective", doc.effective)
            p.setdefault("last_reviewed", doc.last_reviewed)
            p["clause"] = c.get("id")
            p["id"] = f"{c.get('id')}.{p.get('name')}"
            params.append(p)
        c["parameters"] = params
        c["document"] = doc.key
        try:
            clause = Clause.model_validate(c)
            clause.section_normalized  # noqa: B018 - validates the section
        except (ValidationError, ValueError) as exc:
            msg = _first(exc) if isinstance(exc, ValidationError) else str(exc)
            raise RulebookError(f"{where}: {msg}") from None
        _check_clause(where, doc, clause)
        clauses.append(clause)
    readings = []
    for i, r in enumerate(raw.get("readings") or []):
        try:
            reading = READING.validate_python({**r, "document": doc.key})
            reading.check()
            readings.append(reading)
        except (ValidationError, TypeError, ValueError) as exc:
            msg = _first(exc) if isinstance(exc, ValidationError) else str(exc)
            raise RulebookError(f"{path}: reading #{i + 1} ({r.get('id', '?')}): {msg}") from None
    excluded = []
    for i, e in enumerate(raw.get("excluded") or []):
        try:
            excluded.append(Excluded.model_validate(e))
        except ValidationError as exc:
            raise RulebookError(f"{path}: excluded #{i + 1}: {_first(exc)}") from None
    unknown = set(raw) - {"document", "clauses", "readings", "excluded"}
    if unknown:
        raise RulebookError(f"{path}: unknown top-level keys {sorted(unknown)}")
    return DocumentRules(document=doc, clauses=tuple(clauses), readings=tuple(readings), excluded=tuple(excluded))


def _first(exc: ValidationError) -> str:
    e = exc.errors(include_url=False)[0]
    loc = ".".join(str(x) for x in e["loc"])
    return f"{loc}: {e['msg']}" if loc else e["msg"]


def _check_clause(where: str, doc: Document, clause: Clause) -> None:
    from ..units import check_unit

    expected = f"{doc.prefix}.{clause.section_normalized}."
    if not clause.id.startswith(expected) or not re.fullmatch(r"[a-z0-9_]+", clause.id[len(expected) :]):
        raise RulebookError(f"{where}: id must look like {expected}<snake_case slug>")
    names = [p.name for p in clause.parameters]
    if len(set(names)) != len(names):
        raise RulebookError(f"{where}: duplicate parameter names {names}")
    for p in clause.parameters:
        pw = f"{where}: parameter {p.name!r}"
        try:
            check_unit(p.unit)
        except UnitError as exc:
            raise RulebookError(f"{pw}: {exc.problems[0].message}") from None
        needs_value = p.comparison not in (Comparison.nondecreasing, Comparison.increasing) and p.against is None
        if needs_value and p.value is None:
            raise RulebookError(f"{pw}: needs a value (or `against:` for an outside reference)")
        if p.comparison is Comparison.range and p.upper is None:
            raise RulebookError(f"{pw}: a range needs `upper`")
        if p.until is not None and p.until <= p.effective:
            raise RulebookError(f"{pw}: `until` must be after `effective`")
    if clause.kind is ClauseKind.list and not clause.items and not clause.parameters:
        raise RulebookError(f"{where}: a list needs items or a count parameter")


def load_rulebook(paths: list[str | Path] | None = None) -> Rulebook:
    """Load and validate rulebook files (default: the two bundled documents)."""
    docs = []
    if paths is None:
        pkg = resources.files("zjpolicy.rulebook")
        for name in DATA_FILES:
            docs.append(_load_document(f"zjpolicy/rulebook/{name}", pkg.joinpath(name).read_text(encoding="utf-8")))
    else:
        for p in paths:
            docs.append(_load_document(str(p), Path(p).read_text(encoding="utf-8")))
    from . import Rulebook

    return Rulebook.from_documents(docs)


@cache
def default_rulebook() -> Rulebook:
    """The bundled rulebook, loaded once and shared (it is immutable)."""
    return load_rulebook()
