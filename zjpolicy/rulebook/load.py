"""Loading rulebook YAML: exact numbers, validation at load, errors that name the file, the clause and the field.

A parameter has one `value`, or dated `values` (revisions, each ``{from: <day>, value: …, reference: …}``).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import ValidationError

from ..errors import RulebookError, UnitError, ZjpolicyError
from ..exact import Comparison
from .schema import READING, Clause, ClauseKind, Document, DocumentRules, Excluded, Parameter

if TYPE_CHECKING:
    from . import Rulebook

__all__ = ["DATA_FILES", "default_rulebook", "load_rulebook"]

DATA_FILES = ("guiding-opinions-2022.yaml", "demo-park-plan.yaml")


class _PythonExactLoader(yaml.SafeLoader):
    """YAML loader that keeps floats as text so they become exact Fractions."""


# libyaml's parser when PyYAML has it (a tenth of the time: ~15 ms for both documents instead of ~130 ms); the
# constructors, and so the data, are the same (a test compares both loaders on the bundled rulebook)
_ExactLoader: type[yaml.SafeLoader] = _PythonExactLoader
if getattr(yaml, "__with_libyaml__", False):

    class _CExactLoader(yaml.CSafeLoader):  # type: ignore[misc, name-defined, unused-ignore]
        """`_PythonExactLoader` on libyaml's parser."""

    _ExactLoader = _CExactLoader  # type: ignore[assignment, unused-ignore]


def _float_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_PythonExactLoader.add_constructor("tag:yaml.org,2002:float", _float_as_text)
_ExactLoader.add_constructor("tag:yaml.org,2002:float", _float_as_text)


def _load_document(path: str, text: str) -> DocumentRules:
    try:
        raw = yaml.load(text, Loader=_ExactLoader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:  # a bad date, a too deep nesting
        raise RulebookError(f"{path}: not valid YAML: {' '.join(str(exc).split()) or type(exc).__name__}") from None
    if not isinstance(raw, dict) or "document" not in raw or "clauses" not in raw:
        raise RulebookError(f"{path}: expected top-level keys 'document' and 'clauses'")
    unknown = {str(k) for k in raw} - {"document", "clauses", "readings", "excluded"}
    if unknown:
        raise RulebookError(f"{path}: unknown top-level keys {sorted(unknown)}")
    try:
        doc = Document.model_validate(raw["document"])
    except ValidationError as exc:
        raise RulebookError(f"{path}: document: {_first(exc)}") from None
    clauses = []
    for i, c in enumerate(_entries(f"{path}: clauses", raw["clauses"])):
        where = f"{path}: clause #{i + 1} ({c.get('id', '?') if isinstance(c, dict) else '?'})"
        if not isinstance(c, dict):
            raise RulebookError(f"{where}: expected a mapping")
        c = dict(c)
        params = []
        for j, p in enumerate(_entries(f"{where}: parameters", c.get("parameters"))):
            if not isinstance(p, dict):
                raise RulebookError(f"{where}: parameter #{j + 1}: expected a mapping")
            p = dict(p)
            if "values" in p:  # dated values (revisions): the parameter takes effect with the first one
                if "value" in p:
                    raise RulebookError(f"{where}: parameter #{j + 1}: give `value` or dated `values`, not both")
                first = p["values"][0] if isinstance(p["values"], list) and p["values"] else None
                if isinstance(first, dict) and "from" in first:
                    p.setdefault("effective", first["from"])
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
            msg = _first(exc, params) if isinstance(exc, ValidationError) else str(exc)
            raise RulebookError(f"{where}: {msg}") from None
        _check_clause(where, doc, clause)
        clauses.append(clause)
    readings = []
    for i, r in enumerate(_entries(f"{path}: readings", raw.get("readings"))):
        rw = f"{path}: reading #{i + 1} ({r.get('id', '?') if isinstance(r, dict) else '?'})"
        if not isinstance(r, dict):
            raise RulebookError(f"{rw}: expected a mapping")
        try:
            reading = READING.validate_python({**r, "document": doc.key})
            reading.check()
            readings.append(reading)
        except (ValidationError, ZjpolicyError, TypeError, ValueError) as exc:
            msg = _first(exc) if isinstance(exc, ValidationError) else str(exc)
            raise RulebookError(f"{rw}: {msg}") from None
    excluded = []
    for i, e in enumerate(_entries(f"{path}: excluded", raw.get("excluded"))):
        try:
            excluded.append(Excluded.model_validate(e))
        except ValidationError as exc:
            raise RulebookError(f"{path}: excluded #{i + 1}: {_first(exc)}") from None
    return DocumentRules(document=doc, clauses=tuple(clauses), readings=tuple(readings), excluded=tuple(excluded))


def _entries(where: str, x: object) -> list[object]:
    """A list in the file (absent or empty: no entries); anything else is an error naming where."""
    if x is None:
        return []
    if not isinstance(x, list):
        raise RulebookError(f"{where}: expected a list, got {type(x).__name__}")
    return x


def _first(exc: ValidationError, params: list[dict[str, object]] | None = None) -> str:
    """The first problem, with where it is; inside a clause's parameter, named by the parameter's name."""
    e = exc.errors(include_url=False)[0]
    parts = list(e["loc"])
    named = ""
    if params and len(parts) >= 2 and parts[0] == "parameters" and isinstance(parts[1], int) and parts[1] < len(params):
        named, parts = f"parameter {params[parts[1]].get('name')!r}: ", parts[2:]
    loc = ".".join(str(x) for x in parts)
    return named + (f"{loc}: {e['msg']}" if loc else e["msg"])


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
        if p.until is not None and p.until <= p.effective:
            raise RulebookError(f"{pw}: `until` must be after `effective`")
        if p.values:
            _check_dated(pw, p, needs_value)
            continue
        if needs_value and p.value is None:
            raise RulebookError(f"{pw}: needs a value (or `against:` for an outside reference)")
        if p.comparison is Comparison.range and p.upper is None:
            raise RulebookError(f"{pw}: a range needs `upper`")
    if clause.kind is ClauseKind.list and not clause.items and not clause.parameters:
        raise RulebookError(f"{where}: a list needs items or a count parameter")


def _check_dated(pw: str, p: Parameter, needs_value: bool) -> None:
    """Dated values: in date order, the first on `effective`, each before `until`, each with what it needs."""
    if p.values[0].from_ != p.effective:
        raise RulebookError(
            f"{pw}: the first dated value takes effect on {p.values[0].from_}, the parameter on {p.effective}; "
            "they must be the same day (leave `effective` out: it defaults to the first `from`)"
        )
    for before, after in zip(p.values, p.values[1:], strict=False):
        if after.from_ <= before.from_:
            raise RulebookError(f"{pw}: dated values must be in date order ({after.from_} after {before.from_})")
    for v in p.values:
        vw = f"{pw}: value from {v.from_}"
        if p.until is not None and v.from_ >= p.until:
            raise RulebookError(f"{vw}: takes effect on or after the parameter's `until` ({p.until})")
        if needs_value and v.value is None:
            raise RulebookError(f"{vw}: needs a value (or `against:` on the parameter for an outside reference)")
        if p.comparison is Comparison.range and v.upper is None and p.upper is None:
            raise RulebookError(f"{vw}: a range needs `upper`")


def load_rulebook(paths: list[str | Path] | None = None) -> Rulebook:
    """Load and validate rulebook files (default: the two bundled documents)."""
    docs = []
    if paths is None:
        pkg = resources.files("zjpolicy.rulebook")
        for name in DATA_FILES:
            docs.append(_load_document(f"zjpolicy/rulebook/{name}", pkg.joinpath(name).read_text(encoding="utf-8")))
    else:
        for p in paths:
            try:
                text = Path(p).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else (exc.strerror or str(exc))
                raise RulebookError(f"{p}: cannot read the rulebook file: {reason}") from None
            docs.append(_load_document(str(p), text))
    from . import Rulebook

    return Rulebook.from_documents(docs)


@cache
def default_rulebook() -> Rulebook:
    """The bundled rulebook, loaded once and shared (it is immutable)."""
    return load_rulebook()
