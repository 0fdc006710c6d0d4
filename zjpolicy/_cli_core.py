"""Core CLI commands: the traceability matrix, input JSON Schemas and audit replay (mounted by `register`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from ._cli_util import Format, FormatOption, command, console, describe, emit_json, fail, load_data

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add `clauses`, `schema` and `replay` to the zjpolicy CLI."""
    app.command("clauses")(clauses)
    app.command("schema")(schema)
    app.command("replay")(replay)


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
        fail(f"unknown document {doc!r}; choose one of {', '.join(rb.documents)}")
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
    t = Table(title=f"{len(rows)} clauses", show_lines=False)
    for col in ("clause", "section", "kind", "parameters", "implemented by", "law values", "boundary", "other tests"):
        t.add_column(col, overflow="fold")
    for r in rows:
        c = r.clause
        params = "; ".join(
            f"{p.name} {p.comparison.symbol} {p.value if p.value is not None else p.against or ''} {p.unit if p.unit != 'dimensionless' else ''}".strip()
            for p in c.parameters
        ) or (f"{len(c.items)} items" if c.items else "—")
        t.add_row(
            f"{c.id}\n{c.title}",
            c.section,
            c.kind.value,
            params,
            "\n".join(r.implemented_by) or "[dim]data only[/dim]",
            _count(r.law_value, needed=bool(c.parameters)),
            _count(r.boundary, needed=bool(r.implemented_by)),
            str(len(r.tests)),
        )
    console.print(t)
    unchecked = [r.clause.id for r in rows if not r.independently_checked]
    if unchecked:
        console.print(
            f"[red]no independent check[/red] (law value typed from the text, or boundary case): {', '.join(unchecked)}"
        )


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
    fail(f"unknown model {model!r}; rules: {', '.join(sorted(rules))}")


@command
def replay(
    path: Annotated[Path, typer.Argument(help="a stored result (JSON), as printed by --format json")],
) -> None:
    """Re-run a stored decision and say whether it still gives the same answer.

    Exit code 0: the same answer. Exit code 1: it differs, and the differences are listed (an answer, not an error). Exit code 2: the file cannot be replayed (not JSON, not a stored result, an unknown rule).
    """
    from .audit import ReplayMismatch
    from .audit import replay as _replay
    from .errors import ZjpolicyError

    data = load_data(path, kind="json")
    if not isinstance(data, dict):
        fail(f"{path}: not a stored result (a JSON object, as printed by --format json)")
    try:
        fresh = _replay(data)
    except ReplayMismatch as exc:
        console.print(f"[red]differs[/red]\n{escape(str(exc))}", highlight=False)
        raise typer.Exit(1) from None
    except (ZjpolicyError, ValueError, KeyError) as exc:  # not a stored result, an unknown rule, bad inputs
        fail(f"{path}: {describe(exc)}")
    summary = f"{fresh.rule} v{fresh.rule_version}, {fresh.outcome}, digest {fresh.parameters_digest}"
    console.print(f"[green]same[/green]: {escape(summary)}", highlight=False)
