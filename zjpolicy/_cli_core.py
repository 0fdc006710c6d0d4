"""Core CLI commands: the traceability matrix, input JSON Schemas, the parameters in force and audit replay.

Mounted by `register`: ``clauses``, ``schema``, ``params`` (``params --as-of D``, ``params diff D1 D2``) and
``replay``. ``--rulebook FILE`` (repeatable: give every document) uses rulebook YAML files instead of the
bundled ones, e.g. a copy with a revision (dated ``values:``) or the files of a pinned version.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ._cli_util import (
    AsOf,
    Format,
    FormatOption,
    command,
    console,
    describe,
    emit_json,
    fail,
    load_data,
    parse_as_of,
    parse_date,
)
from .lang import say

if TYPE_CHECKING:
    from .rulebook import InForce, Rulebook

__all__ = ["register"]

RulebookFiles = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--rulebook",
        help="A rulebook YAML file to use instead of the bundled ones (repeatable: give every document).",
    ),
]
DocOption = Annotated[Optional[str], typer.Option("--doc", help="guiding-opinions-2022 or demo-park-plan")]
IdOption = Annotated[
    Optional[str], typer.Option("--id", help="Only parameters whose id starts with this (e.g. dp.3.2.row06).")
]


def register(app: typer.Typer) -> None:
    """Add `clauses`, `schema`, `params` and `replay` to the zjpolicy CLI."""
    app.command("clauses")(clauses)
    app.command("schema")(schema)
    group = typer.Typer(
        help="The parameters in force on a day, with citations; `params diff D1 D2`: what changed between two days."
    )
    group.callback(invoke_without_command=True)(params)
    group.command("diff")(params_diff)
    app.add_typer(group, name="params")
    app.command("replay")(replay)


def _rulebook(paths: list[Path] | None) -> Rulebook:
    from .rulebook import default_rulebook, load_rulebook

    return load_rulebook(list(paths)) if paths else default_rulebook()


@command
def clauses(
    doc: Annotated[Optional[str], typer.Option("--doc", help="guiding-opinions-2022 or demo-park-plan")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The traceability matrix: every clause, its parameters, the rules that implement it and its tests."""
    from .rulebook import default_rulebook
    from .traceability import matrix

    rb = default_rulebook()
    if doc is not None and doc not in rb.documents:
        fail(say("cli.unknown_document", doc=repr(doc), choices=", ".join(rb.documents)))
    rows = matrix(rb, document=doc)
    if fmt is Format.json:
        emit_json(
            {
                "documents": {
                    k: d.document.model_dump(mode="json") for k, d in rb.documents.items() if doc is None or k == doc
                },
                "count": len(rows),
                "clauses": [r.as_json() for r in rows],
                "excluded": {
                    k: [e.model_dump() for e in d.excluded] for k, d in rb.documents.items() if doc is None or k == doc
                },
            }
        )
        return
    t = Table(title=say("cli.clauses_title", count=len(rows)), show_lines=False)
    for col in say("cli.clauses_headings").split("|"):
        t.add_column(col, overflow="fold")
    for r in rows:
        c = r.clause
        params = "; ".join(
            f"{p.name} {p.comparison.symbol} {_shown_value(p)} {p.unit if p.unit != 'dimensionless' else ''}".strip()
            for p in c.parameters
        ) or (say("cli.items", count=len(c.items)) if c.items else "—")
        t.add_row(
            f"{c.id}\n{c.title}",
            c.section,
            c.kind.value,
            params,
            "\n".join(r.implemented_by) or f"[dim]{say('cli.data_only')}[/dim]",
            _count(r.law_value, needed=bool(c.parameters)),
            _count(r.boundary, needed=bool(r.implemented_by)),
            str(len(r.tests)),
        )
    console.print(t)
    unchecked = [r.clause.id for r in rows if not r.independently_checked]
    if unchecked:
        console.print(say("cli.no_independent_check", ids=", ".join(unchecked)))


def _shown_value(p: Any) -> str:
    """A parameter's value for the matrix; a dated one shows each value and the day it takes effect."""
    from .exact import fmt

    if p.values:
        return " → ".join(
            say("cli.value_from", value=fmt(v.value) if v.value is not None else "—", day=v.from_) for v in p.values
        )
    return str(p.value) if p.value is not None else p.against or ""


def _count(tests: tuple[str, ...], *, needed: bool) -> str:
    if tests:
        return str(len(tests))
    return "[red]none[/red]" if needed else "[dim]—[/dim]"


@command
def schema(
    model: Annotated[
        str, typer.Argument(help="an input model: ParkIndicators, or a rule id such as rubric.rate_park")
    ] = "rubric.rate_park",
) -> None:
    """Print the JSON Schema of a rule's input (for systems that call zjpolicy)."""
    from .catalogue import all_rules

    rules = all_rules()
    for r in rules.values():
        if model in (r.id, r.input_model.__name__):
            emit_json(r.input_model.model_json_schema())
            return
    fail(say("cli.unknown_model", model=repr(model), choices=", ".join(sorted(rules))))


# ----------------------------------------------------------------------------- params


def _entry(rb: Rulebook, f: InForce) -> dict[str, Any]:
    """A parameter in force, as JSON: its value then, since when, and where the law says it."""
    from .exact import fmt

    p = f.parameter
    c = rb.clause(p.clause)
    doc = rb.document_of(p.clause)
    return {
        "id": p.id,
        "label": p.label,
        "value": fmt(p.value),
        "upper": fmt(p.upper),
        "unit": p.unit,
        "comparison": p.comparison.value,
        "word": p.word,
        "against": p.against,
        "since": f.since.isoformat(),
        "until": f.until.isoformat() if f.until else None,
        "reference": f.reference,
        "citation": {"document": doc.key, "title": doc.title, "section": c.section, "clause": c.id, "text": c.text},
    }


def _selected(rb: Rulebook, on: date, doc: str | None, prefix: str | None) -> dict[str, InForce]:
    if doc is not None and doc not in rb.documents:
        fail(say("cli.unknown_document", doc=repr(doc), choices=", ".join(rb.documents)))
    ids = tuple(
        pid
        for pid, p in rb.parameters.items()
        if (doc is None or rb.clause(p.clause).document == doc) and (prefix is None or pid.startswith(prefix))
    )
    return rb.in_force_on(on, ids)


def _value_text(e: dict[str, Any]) -> str:
    if e["value"] is None:
        return say("cli.against", against=e["against"]) if e["against"] else e["comparison"]
    value = e["value"] + (f"..{e['upper']}" if e["upper"] is not None else "")
    return value + ("" if e["unit"] == "dimensionless" else f" {e['unit']}")


def _source(e: dict[str, Any]) -> str:
    c = e["citation"]
    return f"{c['document']} {c['section']}" + (f"; {e['reference']}" if e["reference"] else "")


@command
def params(
    ctx: typer.Context,
    as_of: AsOf = None,
    doc: DocOption = None,
    prefix: IdOption = None,
    rulebook: RulebookFiles = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The parameters in force on a day (default: today): value, since when, until when, and the citation."""
    if ctx.invoked_subcommand is not None:
        return
    on = parse_as_of(as_of)
    rb = _rulebook(rulebook)
    entries = [_entry(rb, f) for f in _selected(rb, on, doc, prefix).values()]
    if fmt is Format.json:
        emit_json({"as_of": on.isoformat(), "count": len(entries), "parameters": entries})
        return
    plural = "" if len(entries) == 1 else "s"
    t = Table(title=say("cli.params_title", count=len(entries), plural=plural, on=on), show_lines=False)
    for col in say("cli.params_headings").split("|"):
        t.add_column(col, overflow="fold")
    for e in entries:
        t.add_row(
            f"{e['id']}\n{e['label']}",
            _value_text(e),
            f"{e['comparison']} {e['word']}",
            e["since"],
            e["until"] or "",
            _source(e),
            style=None if e["reference"] is None else "bold",
        )
    console.print(t)


@command
def params_diff(
    before: Annotated[str, typer.Argument(help="the first day, YYYY-MM-DD")],
    after: Annotated[str, typer.Argument(help="the second day, YYYY-MM-DD")],
    doc: DocOption = None,
    prefix: IdOption = None,
    rulebook: RulebookFiles = None,
    fmt: FormatOption = Format.table,
) -> None:
    """What changed between two days: parameters whose value differs, and those that came into or out of force."""
    d1, d2 = parse_date(before, "BEFORE"), parse_date(after, "AFTER")
    if d1 is None or d2 is None:  # pragma: no cover - parse_date fails on anything that is not a date
        fail(say("cli.two_days"))
    rb = _rulebook(rulebook)
    old, new = _selected(rb, d1, doc, prefix), _selected(rb, d2, doc, prefix)
    changed: list[dict[str, Any]] = [
        {"id": pid, "before": _entry(rb, old[pid]), "after": _entry(rb, new[pid])}
        for pid in old
        if pid in new and not old[pid].same_value(new[pid])
    ]
    added = [_entry(rb, new[pid]) for pid in new if pid not in old]
    removed = [_entry(rb, old[pid]) for pid in old if pid not in new]
    if fmt is Format.json:
        emit_json(
            {"before": d1.isoformat(), "after": d2.isoformat(), "changed": changed, "added": added, "removed": removed}
        )
        return
    n = len(changed) + len(added) + len(removed)
    if not n:
        console.print(say("cli.no_difference", before=d1, after=d2))
        return
    verb = " differs" if n == 1 else "s differ"
    t = Table(title=say("cli.diff_title", count=n, verb=verb, before=d1, after=d2), show_lines=False)
    for col in (say("cli.diff_parameter"), str(d1), str(d2), say("cli.diff_source")):
        t.add_column(col, overflow="fold")
    for ch in changed:
        a, b = ch["before"], ch["after"]
        t.add_row(
            f"{a['id']}\n{a['label']}",
            say("cli.since", value=_value_text(a), since=a["since"]),
            say("cli.since", value=_value_text(b), since=b["since"]),
            _source(b),
        )
    for e in added:
        t.add_row(
            f"{e['id']}\n{e['label']}",
            say("cli.not_in_force"),
            say("cli.since", value=_value_text(e), since=e["since"]),
            _source(e),
        )
    for e in removed:
        t.add_row(
            f"{e['id']}\n{e['label']}",
            say("cli.since", value=_value_text(e), since=e["since"]),
            say("cli.not_in_force"),
            _source(e),
        )
    console.print(t)


# ----------------------------------------------------------------------------- replay


@command
def replay(
    path: Annotated[Path, typer.Argument(help="a stored result (JSON), as printed by --format json")],
    rulebook: RulebookFiles = None,
    recorded: Annotated[
        Optional[list[Path]],
        typer.Option(
            "--recorded",
            help="The rulebook YAML files the decision was recorded under (repeatable), to name every parameter that differs.",
        ),
    ] = None,
) -> None:
    """Re-run a stored decision and say whether it still gives the same answer.

    Exit code 0: the same answer. Exit code 1: it differs, and the differences are listed (an answer, not an error). Exit code 2: the file cannot be replayed (not JSON, not a stored result, an unknown rule).
    """
    from . import __version__
    from .audit import ReplayMismatch
    from .audit import replay as _replay
    from .errors import ZjpolicyError

    try:
        data = load_data(path, kind="json")
    except RecursionError:  # JSON nested thousands deep: no stored result looks like that
        fail(say("cli.replay_too_deep", path=path))
    if not isinstance(data, dict):
        fail(say("cli.replay_not_result", path=path))
    rb = _rulebook(rulebook) if rulebook else None
    then = _rulebook(recorded) if recorded else None
    try:
        fresh = _replay(data, rulebook=rb, recorded=then)
    except ReplayMismatch as exc:
        console.print(f"{say('cli.replay_differs')}\n{escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    except (ZjpolicyError, ValueError, KeyError) as exc:  # not a stored result, an unknown rule, bad inputs
        fail(f"{path}: {describe(exc)}")
    summary = say(
        "cli.replay_summary",
        rule=fresh.rule,
        version=fresh.rule_version,
        outcome=fresh.outcome,
        digest=fresh.parameters_digest,
    )
    was = data.get("package_version")
    if was != __version__:
        summary += say("cli.replay_versions", was=was, now=__version__)
    console.print(say("cli.replay_same", summary=escape(summary)), highlight=False)
