"""Core CLI commands: the traceability matrix, input JSON Schemas and audit replay."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.table import Table

from ._cli_util import Format, console, emit_json, fail
from .cli import app


@app.command()
def clauses(
    doc: Annotated[Optional[str], typer.Option("--doc", help="guiding-opinions-2022 or demo-park-plan")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
) -> None:
    """The traceability matrix: every clause, its parameters, the rules that implement it and its tests."""
    from .rulebook import default_rulebook
    from .traceability import matrix

    rb = default_rulebook()
    if doc is not None and doc not in rb.documents:
        fail(f"unknown document {doc!r}; choose one of {', '.join(rb.documents)}")
    rows = matrix(rb, document=doc)
    if format is Format.json:
        emit_json(
            {
                "documents": {k: d.document.model_dump(mode="json") for k, d in rb.documents.items()
                              if doc is None or k == doc},
                "count": len(rows),
                "clauses": [r.as_json() for r in rows],
                "excluded": {k: [e.model_dump() for e in d.excluded] for k, d in rb.documents.items()
                             if doc is None or k == doc},
            }
        )
        return
    t = Table(title=f"{len(rows)} clauses", show_lines=False)
    for col in ("clause", "section", "kind", "parameters", "implemented by", "tests"):
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
            str(len(r.tests)) if r.tests else "[yellow]0[/yellow]",
        )
    console.print(t)


@app.command()
def schema(
    model: Annotated[str, typer.Argument(help="an input model: ParkIndicators, or a rule id such as rubric.rate_park")] = "rubric.rate_park",
) -> None:
    """Print the JSON Schema of a rule's input (for systems that call zjpolicy)."""
    from .rules import all_rules

    rules = all_rules()
    for r in rules.values():
        if model in (r.id, r.input_model.__name__):
            emit_json(r.input_model.model_json_schema())
            return
    fail(f"unknown model {model!r}; rules: {', '.join(sorted(rules))}")


@app.command()
def replay(
    path: Annotated[Path, typer.Argument(help="a stored result (JSON), as printed by --format json")],
) -> None:
    """Re-run a stored decision and say whether it still gives the same answer (exit 1 if not)."""
    from .audit import ReplayMismatch
    from .audit import replay as _replay

    try:
        fresh = _replay(path.read_text(encoding="utf-8"))
    except ReplayMismatch as exc:
        console.print(f"[red]differs[/red]\n{exc}")
        raise typer.Exit(1) from None
    console.print(f"[green]same[/green]: {fresh.rule} v{fresh.rule_version}, {fresh.outcome}, digest {fresh.parameters_digest}")
