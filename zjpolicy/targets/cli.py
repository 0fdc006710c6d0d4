"""`zjpolicy targets STATS.yaml [--year Y] [--format table|json]`: assess every numeric goal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .._cli_util import (
    Format,
    FormatOption,
    Overrides,
    command,
    console,
    emit_json,
    fail,
    load_data,
    parse_date,
    parse_overrides,
)

__all__ = ["register", "targets"]

# CSV columns read as text, so "11" stays exact and units are parsed by the library
CSV_TEXT_COLUMNS = {"value": str, "baseline": str}


def register(app: typer.Typer) -> None:
    """Add the `targets` command to the zjpolicy CLI."""
    app.command("targets")(targets)


def _default_year(data: Any) -> int | None:
    """The year of the file (`year:`), else the latest year it holds."""
    from .statistics import to_statistics

    if isinstance(data, dict) and isinstance(data.get("year"), int):
        return int(data["year"])
    years = to_statistics(data).years() if data is not None else []
    return max(years) if years else None


@command
def targets(
    stats: Annotated[
        Optional[Path],
        typer.Argument(help="statistics file (YAML, JSON or CSV with columns indicator,year,value[,unit,baseline])"),
    ] = None,
    year: Annotated[Optional[int], typer.Option("--year", "-y", help="statistical year to assess")] = None,
    fmt: FormatOption = Format.table,
    example: Annotated[
        bool, typer.Option("--example", help="use the bundled ILLUSTRATIVE statistics (invented, not real)")
    ] = False,
    as_of: Annotated[
        Optional[str],
        typer.Option("--as-of", help="apply the law as of this date, YYYY-MM-DD (default: 31 December of the year)"),
    ] = None,
    override: Overrides = None,
) -> None:
    """Assess a year's statistics against every numeric goal of both documents (met / not met / not yet due)."""
    from ..lang import say
    from . import assess_targets, example_path

    if example and stats is not None:
        fail(say("targets.cli.both"))
    if not example and stats is None:
        fail(say("targets.cli.neither"))
    overrides = parse_overrides(override)
    when = parse_date(as_of)
    data = load_data(example_path() if example else stats, csv_dtype=CSV_TEXT_COLUMNS)  # type: ignore[arg-type]
    y = year if year is not None else _default_year(data)
    if y is None:
        fail(say("targets.cli.no_year"))
    report = assess_targets(data, year=y, as_of=when, overrides=overrides or None)
    if fmt is Format.json:
        emit_json(report.model_dump(mode="json"))
    else:
        console.print(report)
