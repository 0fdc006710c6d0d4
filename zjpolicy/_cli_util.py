"""CLI plumbing shared by every command module: one way to load files, the common options, and errors.

Every command is wrapped in `@command` (or runs its body `with errors_to_fail():`): any `ZjpolicyError`,
`OSError`, `ValueError` (a pydantic `ValidationError`, `json.JSONDecodeError`, `UnicodeDecodeError`, …),
`KeyError` or `yaml.YAMLError` becomes ONE line on stderr (``error: …``) and exit code 2. Anything else is a
bug and keeps its traceback. Exit code 1 is reserved for answers that are "no" (`zjpolicy replay`: differs).

No commands here (so no import cycles) and nothing heavy at import (no pint, pydantic models, pandas or
rulebook), so `zjpolicy --version` and `zjpolicy --help` stay fast.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from .errors import InputError, ZjpolicyError
from .lang import say

__all__ = [
    "AsOf",
    "DataFileError",
    "Format",
    "FormatOption",
    "Overrides",
    "command",
    "console",
    "describe",
    "emit_json",
    "err_console",
    "errors_to_fail",
    "fail",
    "load_data",
    "parse_as_of",
    "parse_date",
    "parse_overrides",
    "print_result",
]

# a wide console when piped (CI, files), so tables of Chinese text stay readable
console = Console(width=None if sys.stdout.isatty() else 160)
# errors: stderr, never wrapped (one line), no emoji codes or markup taken from the message
err_console = Console(stderr=True, soft_wrap=True, emoji=False, highlight=False)

P = ParamSpec("P")
T = TypeVar("T")


class Format(StrEnum):
    table = "table"
    json = "json"


# ----------------------------------------------------------------------------- the common options

AsOf = Annotated[Optional[str], typer.Option("--as-of", help="Date of the decision, YYYY-MM-DD (default: today).")]


def _format(value: str | Format) -> Format:
    try:
        return Format(str(value).strip().lower())
    except ValueError:
        raise typer.BadParameter(f"must be table or json, not {value!r}") from None


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        parser=_format,
        metavar="[table|json]",
        help="table (readable) or json (the full result, replayable).",
    ),
]
Overrides = Annotated[
    Optional[list[str]],
    typer.Option("--override", "-o", "--set", help="What-if KEY=VALUE: a parameter or reading id (repeatable)."),
]


# ----------------------------------------------------------------------------- output and errors


def emit_json(data: object) -> None:
    """Print JSON (UTF-8, Chinese kept readable)."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def print_result(result: object, fmt: Format) -> None:
    """A result as a rich table, or its full JSON (what `zjpolicy replay` reads)."""
    if fmt is Format.json:
        emit_json(json.loads(result.model_dump_json()))  # type: ignore[attr-defined]
    else:
        console.print(result)


def _one_line(text: str) -> str:
    out = ""
    for part in (p.strip() for p in text.splitlines()):
        if part:
            out += part if not out else (" " if out.endswith(":") else "; ") + part
    return out


def fail(message: object, code: int = 2) -> NoReturn:
    """Print ``error: MESSAGE`` as one line on stderr and exit (code 2: bad input, file or call)."""
    err_console.print(f"[red]{say('cli.error')}[/red] {escape(_one_line(str(message)) or say('cli.failed'))}")
    raise typer.Exit(code)


class DataFileError(ZjpolicyError, ValueError):
    """A data file that cannot be read or parsed; the message names the file."""


def _expected_errors() -> tuple[type[BaseException], ...]:
    kinds: list[type[BaseException]] = [ZjpolicyError, OSError, ValueError, KeyError]
    # only if loaded: an error of a module never imported cannot have been raised (and importing costs time)
    if (yaml := sys.modules.get("yaml")) is not None:
        kinds.append(yaml.YAMLError)
    return tuple(kinds)


def describe(exc: BaseException) -> str:
    """The one-line message for an expected error."""
    pydantic_core = sys.modules.get("pydantic_core")
    if pydantic_core is not None and isinstance(exc, pydantic_core.ValidationError):
        exc = InputError.from_validation_error(exc)
    if isinstance(exc, InputError):
        return say("cli.invalid_input") + say("error.separator").join(_one_line(str(p)) for p in exc.problems)
    if isinstance(exc, FileNotFoundError) and exc.filename:
        return say("cli.no_such_file", path=exc.filename)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return say("cli.cannot_read", path=exc.filename, reason=reason) if exc.filename else reason
    if isinstance(exc, KeyError) and not isinstance(exc, ZjpolicyError):
        key = str(exc.args[0]) if exc.args else ""
        return key if " " in key else say("cli.missing_key", key=repr(key))  # KeyError('rule') says only: rule
    return _one_line(str(exc)) or type(exc).__name__


@contextmanager
def errors_to_fail() -> Iterator[None]:
    """Turn every library, file or input error raised inside into `fail()` (one line on stderr, exit 2)."""
    try:
        yield
    except Exception as exc:  # filtered just below: unexpected errors are re-raised (bugs keep their traceback)
        if isinstance(exc, _expected_errors()):
            fail(describe(exc))
        raise


def command(fn: Callable[P, T]) -> Callable[P, T]:
    """Decorate a command: its errors become one line on stderr and exit 2 (see `errors_to_fail`)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        with errors_to_fail():
            return fn(*args, **kwargs)

    wrapper.__zjpolicy_command__ = True  # type: ignore[attr-defined]  # checked by the tests: every command
    return wrapper


# ----------------------------------------------------------------------------- input


def load_data(path: Path | str, *, kind: str | None = None, csv_dtype: Mapping[str, Any] | None = None) -> Any:
    """The data in a YAML, JSON or CSV file, by its suffix (`kind` forces "yaml", "json" or "csv").

    YAML is read with `yaml.safe_load` (plain data only: a ``!!python/...`` tag is an error), JSON with
    `json.loads`, CSV with pandas (a DataFrame; `csv_dtype` as for `pandas.read_csv`). Any other suffix is
    read as YAML (which includes JSON). Every problem (missing file, a directory, not UTF-8, a syntax error)
    raises `DataFileError` naming the file, with the line where the parser knows it.
    """
    p = Path(path)
    kind = kind or {".json": "json", ".csv": "csv"}.get(p.suffix.lower(), "yaml")
    if not p.exists():
        raise DataFileError(say("cli.no_such_file", path=p))
    if p.is_dir():
        raise DataFileError(say("cli.is_directory", path=p))
    if kind == "csv":
        return _load_csv(p, csv_dtype)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            say("cli.not_utf8_at", path=p, byte=f"{exc.object[exc.start]:#04x}", offset=exc.start)
        ) from None
    except OSError as exc:
        raise DataFileError(say("cli.cannot_read", path=p, reason=exc.strerror or exc)) from None
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataFileError(say("cli.bad_json", path=p, line=exc.lineno, column=exc.colno, why=exc.msg)) from None
        except RecursionError:
            raise DataFileError(say("cli.too_deep", path=p)) from None
    if kind != "yaml":
        raise ValueError(f"load_data: kind must be yaml, json or csv, not {kind!r}")
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(say("cli.bad_yaml", path=p, why=_yaml_problem(exc))) from None
    except RecursionError:
        raise DataFileError(say("cli.too_deep", path=p)) from None


def _yaml_problem(exc: Any) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if "could not determine a constructor" in problem:
        problem += " (only plain data is read: no !!python/... tags)"
    where = say("cli.yaml_where", line=mark.line + 1, column=mark.column + 1) if mark is not None else ""
    return where + _one_line(problem)


def _load_csv(p: Path, dtype: Mapping[str, Any] | None) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise DataFileError(say("cli.csv_needs_pandas", path=p)) from None
    try:
        return pd.read_csv(p, dtype=dict(dtype) if dtype else None, encoding="utf-8")
    except UnicodeDecodeError:
        raise DataFileError(say("cli.not_utf8", path=p)) from None
    except (ValueError, OSError) as exc:  # pandas.errors.ParserError and EmptyDataError are ValueErrors
        raise DataFileError(say("cli.bad_csv", path=p, why=_one_line(str(exc)))) from None


def parse_overrides(items: list[str] | None, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """--override KEY=VALUE pairs (parameter or reading ids), then `extra` (e.g. from a dedicated option)."""
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(say("cli.bad_override", item=repr(item)))
        out[key.strip()] = value.strip()
    return {**out, **(extra or {})}


def parse_date(text: str | date | None, option: str = "--as-of") -> date | None:
    """A YYYY-MM-DD date (a YAML file may already hold a date), or None."""
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        fail(say("cli.bad_date", option=option, text=repr(text)))


def parse_as_of(text: str | date | None) -> date:
    """--as-of YYYY-MM-DD (default: today)."""
    return parse_date(text) or date.today()
