"""The `zjpolicy` command line: the core commands, then each catalogue package's `cli.register(app)`.

Exit codes: 0 done; 1 the answer is "no" where a command says so (`zjpolicy replay`: the decision differs);
2 an error (bad input, option or file), reported as one line on stderr.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Optional

import typer

from . import __version__, _cli_core, catalogue
from ._cli_util import console, emit_json, fail  # noqa: F401  (re-exported for command modules)

app = typer.Typer(
    name="zjpolicy",
    help="Zhejiang manufacturing policy as cited, versioned rules: rate parks, check projects, assess targets.\n\n"
    'Exit codes: 0 done; 1 the answer is "no" where a command says so (replay: the decision differs); '
    "2 an error (bad input, option or file), as one line on stderr.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


def _mount(target: typer.Typer) -> None:
    """The core commands, then those of every package of the catalogue (each `<package>.cli.register`)."""
    _cli_core.register(target)
    for pkg in catalogue.PACKAGES:
        importlib.import_module(f"{pkg}.cli").register(target)
    importlib.import_module(f"{__package__}.batch.cli").register(target)  # zjpolicy batch … (extra: batch)


_mount(app)

if __name__ == "__main__":  # python -m zjpolicy.cli
    app()
