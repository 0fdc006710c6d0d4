"""`zjpolicy rate PARK.yaml|json`: the explained star rating."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .._cli_util import Format, fail, parse_as_of, parse_overrides, print_result


def rate(
    park: Annotated[Optional[Path], typer.Argument(help="a park as YAML or JSON (see `zjpolicy schema ParkIndicators`)")] = None,
    example: Annotated[Optional[str], typer.Option("--example", help="rate a bundled illustrative park instead")] = None,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="rating date, YYYY-MM-DD (default: today)")] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    relax_max: Annotated[Optional[int], typer.Option("--relax-max", help="RelaxationPolicy: indicators that may be relaxed")] = None,
    relax_shortfall: Annotated[Optional[str], typer.Option("--relax-shortfall", help="RelaxationPolicy: largest shortfall, e.g. '5%'")] = None,
    override: Annotated[
        Optional[list[str]], typer.Option("--override", "-o", "--set", help="what-if KEY=VALUE (parameter or reading id)")
    ] = None,
) -> None:
    """Rate a park under the 示范园区 star rubric and explain every test."""
    from ..errors import ZjpolicyError
    from . import RelaxationPolicy, example_park, load_park, rate_park

    try:
        if example is not None:
            indicators, opts = example_park(example), dict[str, Any]()
        elif park is not None:
            indicators, opts = load_park(str(park))
        else:
            fail("give a PARK file or --example NAME (try --example example-park)")
            return
        relaxation = opts.get("relaxation")
        if relax_max is not None or relax_shortfall is not None:
            relaxation = RelaxationPolicy(max_relaxed=relax_max or 1, max_shortfall=relax_shortfall or "0")
        day = parse_as_of(as_of or opts.get("as_of"))
        result = rate_park(
            indicators,
            as_of=day,
            overrides=parse_overrides(override) or opts.get("overrides") or None,
            relaxation=relaxation,
            bonus_weights=opts.get("bonus_weights"),
        )
    except (ZjpolicyError, ValueError) as exc:
        fail(str(exc))
        return
    print_result(result, format)


def register(app: typer.Typer) -> None:
    app.command("rate")(rate)
