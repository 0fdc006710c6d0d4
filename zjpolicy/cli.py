"""The `zjpolicy` command line. Rule packages add their own commands (see `_PLUGINS`)."""

from __future__ import annotations

import importlib
from typing import Annotated, Optional

import typer

from . import __version__
from ._cli_util import console, emit_json, fail  # noqa: F401  (re-exported for command modules)

app = typer.Typer(
    name="zjpolicy",
    help="Zhejiang manufacturing policy as cited, versioned rules: rate parks, check projects, assess targets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# (module, attribute, how to mount): a package's typer app is mounted as a group, or its commands added at top level
_PLUGINS = (
    ("zjpolicy.rubric.cli", "register"),
    ("zjpolicy.land_energy.cli", "register"),
    ("zjpolicy.targets.cli", "register"),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zjpolicy {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
) -> None:
    """zjpolicy: every quantitative clause of two Zhejiang policy documents, as code."""


def _load_plugins() -> None:
    for mod, attr in _PLUGINS:
        try:
            m = importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name and (mod == exc.name or mod.startswith(exc.name + ".")):
                continue
            raise
        getattr(m, attr)(app)


from . import _cli_core  # noqa: E402,F401  (registers clauses, schema, replay)

_load_plugins()
