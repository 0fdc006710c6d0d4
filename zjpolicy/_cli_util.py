"""CLI plumbing shared by every command module (no commands here, so no import cycles)."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from typing import NoReturn

import typer
from rich.console import Console

__all__ = ["Format", "console", "emit_json", "fail", "parse_as_of", "parse_overrides", "print_result"]

# a wide console when piped (CI, files), so tables of Chinese text stay readable
console = Console(width=None if sys.stdout.isatty() else 160)


class Format(StrEnum):
    table = "table"
    json = "json"


def emit_json(data: object) -> None:
    """Print JSON (UTF-8, Chinese kept readable)."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def fail(message: str, code: int = 2) -> NoReturn:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


def parse_overrides(items: list[str] | None) -> dict[str, str]:
    """--override KEY=VALUE pairs (parameter or reading ids)."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"--override: {item!r} is not KEY=VALUE (a parameter or reading id, see `zjpolicy clauses`)")
        out[key.strip()] = value.strip()
    return out


def parse_as_of(text: str | None) -> date:
    """--as-of YYYY-MM-DD (default: today)."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--as-of: {text!r} is not a date like 2024-06-30")


def print_result(result: object, format: Format) -> None:
    if format is Format.json:
        emit_json(json.loads(result.model_dump_json()))  # type: ignore[attr-defined]
    else:
        console.print(result)
