"""`zjpolicy targets STATS.yaml [--year Y] [--format table|json]`: assess every numeric goal."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

__all__ = ["register"]


def _helpers() -> tuple[Any, Any, Any]:
    """emit_json, fail and the console of the main CLI."""
    from zjpolicy._cli_util import console, emit_json, fail

    return emit_json, fail, console


def _load(path: Path) -> Any:
    import yaml

    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        import json

        return json.loads(text)
    if path.suffix.lower() == ".csv":
        import pandas as pd

        return pd.read_csv(path, dtype={"value": str, "baseline": str})
    return yaml.safe_load(text)


def _default_year(data: Any) -> int | None:
    """The year of the file (`year:`), else the latest year it holds."""
    from .statistics import to_statistics

    if isinstance(data, dict) and isinstance(data.get("year"), int):
        return int(data["year"])
    years = to_statistics(data).years() if data is not None else []
    return max(years) if years else None


def register(app: typer.Typer) -> None:
    """Add the `targets` command to the zjpolicy CLI."""

    @app.command("targets")
    def targets(
        stats: Annotated[
            Optional[Path],
            typer.Argument(help="statistics file (YAML, JSON or CSV with columns indicator,year,value[,unit,baseline])"),
        ] = None,
        year: Annotated[Optional[int], typer.Option("--year", "-y", help="statistical year to assess")] = None,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
        example: Annotated[
            bool, typer.Option("--example", help="use the bundled ILLUSTRATIVE statistics (invented, not real)")
        ] = False,
        as_of: Annotated[Optional[str], typer.Option("--as-of", help="apply the law as of this date (YYYY-MM-DD)")] = None,
        override: Annotated[
            Optional[list[str]], typer.Option("--override", "-o", help="what-if: id=value (a parameter or a reading)")
        ] = None,
    ) -> None:
        """Assess a year's statistics against every numeric goal of both documents (met / not met / not yet due)."""
        from ..errors import ZjpolicyError
        from . import assess_targets, example_path

        emit_json, fail, console = _helpers()
        if fmt not in ("table", "json"):
            fail(f"--format must be table or json, not {fmt!r}")
        if example and stats is not None:
            fail("give a statistics file or --example, not both")
        if not example and stats is None:
            fail("give a statistics file (STATS.yaml) or --example")
        path = Path(example_path()) if example else stats
        assert path is not None
        if not path.exists():
            fail(f"no such file: {path}")
        try:
            data = _load(path)
        except Exception as exc:
            fail(f"cannot read {path}: {exc}")
        ovr: dict[str, str] = {}
        for item in override or []:
            if "=" not in item:
                fail(f"--override needs id=value, got {item!r}")
            k, v = item.split("=", 1)
            ovr[k.strip()] = v.strip()
        try:
            when = date.fromisoformat(as_of) if as_of else None
        except ValueError:
            fail(f"--as-of must be a date YYYY-MM-DD, not {as_of!r}")
        try:
            y = year if year is not None else _default_year(data)
            if y is None:
                fail("no year: give --year or a `year:` in the file")
            report = assess_targets(data, year=y, as_of=when, overrides=ovr or None)  # type: ignore[arg-type]
        except (ZjpolicyError, KeyError) as exc:
            fail(str(exc))
        if fmt == "json":
            emit_json(report.model_dump(mode="json"))
        else:
            console.print(report)
