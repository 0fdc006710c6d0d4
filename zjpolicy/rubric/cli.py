"""`zjpolicy rate PARK.yaml|json`: the explained star rating."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .._cli_util import (
    AsOf,
    Format,
    FormatOption,
    Overrides,
    command,
    fail,
    load_data,
    parse_as_of,
    parse_overrides,
    print_result,
)

__all__ = ["rate", "register"]


def register(app: typer.Typer) -> None:
    """Add the `rate` command to the zjpolicy CLI."""
    app.command("rate")(rate)


@command
def rate(
    park: Annotated[
        Optional[Path], typer.Argument(help="a park as YAML or JSON (see `zjpolicy schema ParkIndicators`)")
    ] = None,
    example: Annotated[
        Optional[str], typer.Option("--example", help="rate a bundled illustrative park instead")
    ] = None,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
    relax_max: Annotated[
        Optional[int], typer.Option("--relax-max", help="RelaxationPolicy: indicators that may be relaxed")
    ] = None,
    relax_shortfall: Annotated[
        Optional[str], typer.Option("--relax-shortfall", help="RelaxationPolicy: largest shortfall, e.g. '5%'")
    ] = None,
    override: Overrides = None,
) -> None:
    """Rate a park under the 示范园区 star rubric and explain every test."""
    from ..lang import say
    from . import ParkIndicators, RelaxationPolicy, example_names, example_park, rate_park

    if example is not None and park is not None:
        fail(say("rubric.cli.both"))
    if example is not None:
        if example not in example_names():
            fail(say("rubric.cli.no_example", name=repr(example), names=", ".join(example_names())))
        indicators, opts = example_park(example), dict[str, Any]()
    elif park is not None:
        # a park file: the indicators, or {park: indicators, rating: {as_of, overrides, relaxation, bonus_weights,
        # clearly_above}}
        data = load_data(park)
        opts = (data.get("rating") or {}) if isinstance(data, dict) else {}
        if not isinstance(opts, dict):
            fail(say("rubric.cli.rating_not_mapping", path=park))
        if isinstance(data, dict) and isinstance(data.get("park"), dict):
            data = data["park"]
        indicators = ParkIndicators.model_validate(data)
    else:
        fail(say("rubric.cli.neither"))
    relaxation = opts.get("relaxation")
    if relax_max is not None or relax_shortfall is not None:
        relaxation = RelaxationPolicy(max_relaxed=relax_max or 1, max_shortfall=relax_shortfall or "0")
    result = rate_park(
        indicators,
        as_of=parse_as_of(as_of or opts.get("as_of")),
        overrides=parse_overrides(override) or opts.get("overrides") or None,
        relaxation=relaxation,
        bonus_weights=opts.get("bonus_weights"),
        clearly_above=opts.get("clearly_above"),
    )
    print_result(result, fmt)
