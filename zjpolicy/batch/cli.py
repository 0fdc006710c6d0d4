"""`zjpolicy batch …`: a whole file of parks, projects or years through a rule, with a summary at the end.

    zjpolicy batch rate-parks parks.csv -o rated.parquet --as-of 2024-06-30
    zjpolicy batch green-channel projects.xlsx -o checked.csv --override go.10.3.green_channel.max_intensity=0.50
    zjpolicy batch targets statistics.csv -o assessed.csv

Reads CSV, Parquet (pyarrow), Excel (openpyxl), JSON Lines, or JSON/YAML holding a list of rows; writes the same
(by the output's suffix; no ``-o``: CSV on stdout). The output is the input's columns, then the results. Long
inputs are processed in chunks with a progress bar on stderr. Bad rows are collected (``--errors collect``, the
default: counted in the summary, listed with ``--errors-out``) or stop the run (``--errors raise``: one line on
stderr, exit 2), like every unreadable file or bad option.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from .._cli_util import (
    AsOf,
    DataFileError,
    command,
    console,
    err_console,
    fail,
    load_data,
    parse_as_of,
    parse_overrides,
)
from ..lang import say

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["batch_app", "read_table", "register", "write_table"]

batch_app = typer.Typer(
    help="Whole files at once: rate parks, check projects or assess regions row by row, exactly (extra: batch).",
    no_args_is_help=True,
)

# command -> (module, function) of zjpolicy.batch, its help, and the rule (no import here: pandas loads when run)
ENGINES = {
    "rate-parks": (
        "parks",
        "rate_parks",
        "Rate every park (star rubric); columns are ParkIndicators fields, nested as field.sub.",
        "rubric.rate_park",
    ),
    "green-channel": (
        "land",
        "green_channels",
        "节能审查绿色通道 for every project (intensity, or energy_use with value_added; new_project, dual_control).",
        "land_energy.green_channel",
    ),
    "plot-ratio": (
        "land",
        "plot_ratios",
        "园区综合容积率 for every park (plot_ratio, or floor_area with land_area).",
        "land_energy.plot_ratio",
    ),
    "land-share": (
        "land",
        "industrial_land_shares",
        "工业用地比例 for every year (year, industrial_area with total_area or non_industrial_area).",
        "land_energy.industrial_land_share",
    ),
}
CHUNK = 100_000
TABLES = ".csv, .parquet, .xlsx, .jsonl, .json or .yaml"


def register(app: typer.Typer) -> None:
    """Mount the `batch` group on the main `zjpolicy` app."""
    app.add_typer(batch_app, name="batch")


class ErrorMode(StrEnum):
    collect = "collect"
    raise_ = "raise"


Input = Annotated[Path, typer.Argument(help=f"the table: {TABLES}")]
Output = Annotated[
    Optional[Path],
    typer.Option("--output", "-o", help=f"where to write the results ({TABLES}); default: CSV on stdout"),
]
Override = Annotated[
    Optional[list[str]],
    typer.Option("--override", "--set", help="What-if KEY=VALUE: a parameter or reading id (repeatable)."),
]
Units = Annotated[
    Optional[list[str]],
    typer.Option("--unit", help="COLUMN=UNIT: a numeric column given in another unit (repeatable)."),
]
Errors = Annotated[
    ErrorMode, typer.Option("--errors", help="collect: keep going, count and list bad rows; raise: stop at the first.")
]
ErrorsOut = Annotated[
    Optional[Path], typer.Option("--errors-out", help="write the bad rows (index, field, reason) to this table")
]
Chunk = Annotated[int, typer.Option("--chunk-size", min=1, help="rows per chunk (the progress bar advances per chunk)")]
OnlyResults = Annotated[bool, typer.Option("--only-results", help="write only the result columns, not the input's")]


# ----------------------------------------------------------------------------- tables in and out


def read_table(path: Path | str) -> pd.DataFrame:
    """A table from a file, by its suffix; every problem is a `DataFileError` naming the file."""
    import pandas as pd

    p = Path(path)
    if not p.exists():
        raise DataFileError(say("batch.file.missing", path=p))
    if p.is_dir():
        raise DataFileError(say("batch.file.directory", path=p))
    suffix = p.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        frame: pd.DataFrame = load_data(p, kind="csv")
        return frame
    if suffix in (".parquet", ".pq"):
        _needs("pyarrow", p, "read_parquet")
        return _reading(p, "Parquet", lambda: pd.read_parquet(p))
    if suffix in (".xlsx", ".xlsm"):
        _needs("openpyxl", p, "read_excel")
        return _reading(p, "Excel", lambda: pd.read_excel(p))
    if suffix in (".jsonl", ".ndjson"):
        return pd.DataFrame(_json_lines(p))
    if suffix in (".json", ".yaml", ".yml"):
        data = load_data(p)
        rows = data.get("rows") if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise DataFileError(say("batch.file.not_rows", path=p))
        return pd.DataFrame(rows)
    raise DataFileError(say("batch.file.unknown_format", path=p, suffix=_suffix(p), formats=say("batch.file.formats")))


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write `frame` by the suffix of `path` (no index: rows are in the input's order)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        frame.to_csv(path, index=False)
    elif suffix in (".parquet", ".pq"):
        _needs("pyarrow", path, "write_parquet")
        _arrow_safe(frame).to_parquet(path, index=False)
    elif suffix in (".xlsx", ".xlsm"):
        _needs("openpyxl", path, "write_excel")
        frame.to_excel(path, index=False)
    elif suffix in (".jsonl", ".ndjson"):
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    elif suffix == ".json":
        frame.to_json(path, orient="records", force_ascii=False, indent=1)
    else:
        raise DataFileError(say("batch.file.cannot_write", path=path, suffix=_suffix(path)))


def _suffix(p: Path) -> str:
    """A file's suffix, quoted, for a message ('(no suffix)' when it has none)."""
    return repr(p.suffix) if p.suffix else say("batch.file.no_suffix")


def _needs(module: str, p: Path, what: str) -> None:
    """`module` importable, else a DataFileError: `what` (read_parquet, write_excel …) needs it."""
    try:
        import_module(module)
    except ImportError:
        raise DataFileError(
            say("batch.file.needs_module", path=p, what=say(f"batch.file.what.{what}"), module=module)
        ) from None


def _reading(p: Path, kind: str, read: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    import zipfile

    try:
        return read()
    except (ValueError, OSError, KeyError, zipfile.BadZipFile) as exc:  # pyarrow's errors are ValueError/OSError
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataFileError(say("batch.file.invalid", path=p, kind=kind, why=why)) from None


def _json_lines(p: Path) -> list[dict[str, Any]]:
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DataFileError(say("batch.file.not_utf8", path=p)) from None
    rows = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(
                say("batch.file.bad_json_line", path=p, line=n, why=exc.msg, column=exc.colno)
            ) from None
        if not isinstance(row, dict):
            raise DataFileError(say("batch.file.not_object", path=p, line=n))
        rows.append(row)
    return rows


def _arrow_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns mixing Python types (numbers and "37.5 万元/亩" strings) as text, which Parquet can hold."""
    import pandas as pd

    out = frame.copy()
    for c in out.columns:
        if out[c].dtype == object and len({type(v) for v in out[c] if not _na(v)}) > 1:
            out[c] = out[c].map(lambda v: v if _na(v) else str(v)).astype(pd.StringDtype())
    return out


def _na(v: Any) -> bool:
    import pandas as pd

    return v is None or (not isinstance(v, list | tuple | dict) and bool(pd.isna(v)))


# ----------------------------------------------------------------------------- running


def _pairs(items: list[str] | None, option: str) -> dict[str, str]:
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            fail(say("batch.cli.expected_pair", option=option, item=repr(item)))
        out[key.strip()] = value.strip()
    return out


def _pandas() -> None:
    try:
        import numpy  # noqa: F401
        import pandas  # noqa: F401
    except ImportError:
        fail(say("batch.cli.needs_pandas"))


def _chunks(frame: pd.DataFrame, size: int, label: str, run: Callable[[pd.DataFrame], Any]) -> list[Any]:
    """`run` over consecutive chunks of `frame`, with a progress bar on stderr when there is more than one."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    n = len(frame)
    if n <= size:
        return [run(frame)]
    parts = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=False) as bar:
        task = bar.add_task(say("batch.cli.progress", command=label), total=n)
        for start in range(0, n, size):
            chunk = frame.iloc[start : start + size]
            parts.append(run(chunk))
            bar.advance(task, len(chunk))
    return parts


def _joined(inputs: pd.DataFrame, results: pd.DataFrame, only_results: bool) -> pd.DataFrame:
    import pandas as pd

    results = results.reset_index(drop=True)
    if only_results:
        return results
    inputs = inputs.reset_index(drop=True)
    inputs = inputs.rename(columns={c: f"{c}_input" for c in inputs.columns if c in results.columns})
    return pd.concat([inputs, results], axis=1)


def _emit(frame: pd.DataFrame, output: Path | None) -> None:
    if output is None:
        typer.echo(frame.to_csv(index=False), nl=False)
    else:
        write_table(frame, output)


def _summary(counts: Any, errors: pd.DataFrame, rows: int, seconds: float, *, to_stderr: bool, what: str) -> None:
    """The summary table (`counts`: the labelled summary) and the first problems; `what`: rows or regions."""
    out = err_console if to_stderr else console
    t = Table(title=say(f"batch.cli.title.{what}", count=rows, seconds=f"{seconds:.1f}"), show_edge=False)
    t.add_column(say("batch.cli.heading.outcome"))
    t.add_column(say("batch.cli.heading.rows"), justify="right")
    for k, v in counts.items():
        t.add_row(escape(str(k)), str(int(v)))
    out.print(t)
    for rec in errors.head(5).itertuples(index=False):  # index: the row's label (a CSV's first data row is 0)
        where = escape(say(f"batch.cli.row.{what}", index=rec.index))
        problem = escape(say("batch.cli.problem", field=rec.field, reason=rec.reason))
        out.print(f"[red]{where}[/red] {problem}", highlight=False)
    if len(errors) > 5:
        out.print(escape(say("batch.cli.more", count=len(errors) - 5)))


def _has_inputs(frame: pd.DataFrame, rule_id: str, path: Path) -> None:
    """A table none of whose columns the rule reads is the wrong file, not a table of bad rows."""
    package, _, name = rule_id.rpartition(".")
    rule = getattr(import_module(f"zjpolicy.{package}"), name)
    fields = rule.input_model.model_fields
    if len(frame) and not any(str(c).partition(".")[0] in fields for c in frame.columns):
        fail(say("batch.cli.no_input_column", path=path, rule=rule.id, fields=", ".join(list(fields)[:8])))


def _rule_command(name: str, module: str, function: str, help: str, rule_id: str) -> Callable[..., None]:
    def run(
        path: Input,
        output: Output = None,
        as_of: AsOf = None,
        override: Override = None,
        unit: Units = None,
        errors: Errors = ErrorMode.collect,
        errors_out: ErrorsOut = None,
        chunk_size: Chunk = CHUNK,
        only_results: OnlyResults = False,
    ) -> None:
        _pandas()
        from .result import BatchResult

        fn = getattr(import_module(f"{__package__}.{module}"), function)
        frame = read_table(path)
        _has_inputs(frame, rule_id, path)
        kw = {
            "as_of": parse_as_of(as_of),
            "overrides": parse_overrides(override) or None,
            "units": _pairs(unit, "--unit") or None,
            "errors": errors.value,
        }
        started = time.perf_counter()
        result = BatchResult.concat(_chunks(frame, chunk_size, name, lambda chunk: fn(chunk, **kw)))
        _emit(_joined(frame, result.frame, only_results), output)
        if errors_out is not None:
            write_table(result.errors, errors_out)
        _summary(
            result.labelled_summary(),
            result.errors,
            len(frame),
            time.perf_counter() - started,
            to_stderr=output is None,
            what="rows",
        )

    run.__doc__ = f"{help}\n\nOne row per input row, in order: the input's columns, then the verdicts (`{function}`)."
    run.__name__ = f"batch_{function}"
    return command(run)


for _name, _engine in ENGINES.items():
    batch_app.command(_name)(_rule_command(_name, *_engine))


@batch_app.command("targets")
@command
def targets(
    path: Input,
    output: Output = None,
    year: Annotated[
        Optional[int], typer.Option("--year", help="the year to assess (default: each region's latest)")
    ] = None,
    as_of: AsOf = None,
    override: Override = None,
    errors: Errors = ErrorMode.collect,
    errors_out: ErrorsOut = None,
) -> None:
    """Every region's statistics against the targets (columns region, year, indicator, value[, unit, baseline]).

    One row per (region, clause), regions in the order they first appear.
    """
    _pandas()
    from .targets import assess_targets_table

    frame = read_table(path)
    started = time.perf_counter()
    table = assess_targets_table(
        frame,
        year=year,
        as_of=parse_as_of(as_of) if as_of else None,
        overrides=parse_overrides(override) or None,
        errors=errors.value,
    )
    _emit(table.frame, output)
    if errors_out is not None:
        write_table(table.errors, errors_out)
    regions = frame["region"].nunique(dropna=False) if "region" in frame.columns else 0
    _summary(
        table.labelled_summary(),
        table.errors,
        regions,
        time.perf_counter() - started,
        to_stderr=output is None,
        what="regions",
    )
