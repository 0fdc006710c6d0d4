"""The `zjpolicy` command line: the core commands, then each catalogue package's `cli.register(app)`.

Exit codes: 0 done; 1 the answer is "no" where a command says so (`zjpolicy replay`: the decision differs);
2 an error (bad input, option or file), reported as one line on stderr.

Start-up: the command modules are mounted when first needed. A command line (``zjpolicy rate …``) mounts only the
module of its command (`COMMANDS`), ``zjpolicy --version`` none; anything that lists the commands (``--help``,
`typer.testing.CliRunner`, ``app.registered_commands``) mounts them all.
"""

from __future__ import annotations

import importlib
import sys
from enum import StrEnum
from typing import Annotated, Any, Optional

import typer

from . import __version__, catalogue
from ._cli_util import console, emit_json, fail  # noqa: F401  (re-exported for command modules)

# which module registers each top-level command or group (a test checks this against their `register`)
COMMANDS: dict[str, str] = {
    "clauses": f"{__package__}._cli_core",
    "schema": f"{__package__}._cli_core",
    "params": f"{__package__}._cli_core",
    "replay": f"{__package__}._cli_core",
    "rate": "zjpolicy.rubric.cli",
    "check": "zjpolicy.land_energy.cli",
    "targets": "zjpolicy.targets.cli",
    "batch": f"{__package__}.batch.cli",
    "serve": f"{__package__}.api.cli",
}


class _App(typer.Typer):
    """The zjpolicy Typer app, whose commands are mounted on first use (see the module's docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        self._mounted: set[str] = set()
        self._mounting = True  # while mounting (and during __init__): the lists as they are
        super().__init__(**kwargs)
        self._mounting = False

    @property  # type: ignore[override]
    def registered_commands(self) -> list[Any]:
        self._mount_all()
        return self._commands

    @registered_commands.setter
    def registered_commands(self, value: list[Any]) -> None:
        self._commands = value

    @property  # type: ignore[override]
    def registered_groups(self) -> list[Any]:
        self._mount_all()
        return self._groups

    @registered_groups.setter
    def registered_groups(self, value: list[Any]) -> None:
        self._groups = value

    def _mount_all(self) -> None:
        if not self._mounting:
            _mount(self)

    def _mount_module(self, module: str) -> None:
        if module in self._mounted:
            return
        self._mounting = True
        try:
            self._mounted.add(module)
            importlib.import_module(module).register(self)
        finally:
            self._mounting = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        argv = list(kwargs["args"] if kwargs.get("args") is not None else args[0] if args else sys.argv[1:])
        if argv == ["--version"] and kwargs.get("standalone_mode", True):
            typer.echo(f"zjpolicy {__version__}")  # before any command module is imported
            raise SystemExit(0)
        module = COMMANDS.get(next((a for a in argv if not a.startswith("-")), ""))
        if module is None:
            return super().__call__(*args, **kwargs)  # --help, or no command: every command
        self._mount_module(module)
        self._mounting = True  # the command line needs its own command only
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self._mounting = False


app = _App(
    name="zjpolicy",
    help="Zhejiang manufacturing policy as cited, versioned rules: rate parks, check projects, assess targets.\n\n"
    'Exit codes: 0 done; 1 the answer is "no" where a command says so (replay: the decision differs); '
    "2 an error (bad input, option or file), as one line on stderr.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class Language(StrEnum):
    zh = "zh"
    en = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"zjpolicy {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = None,
    lang: Annotated[
        Optional[Language],
        typer.Option(
            "--lang",
            help="language of outcomes, explanations and errors: zh (中文, default) or en",
            case_sensitive=False,
        ),
    ] = None,
) -> None:
    """zjpolicy: every quantitative clause of two Zhejiang policy documents, as code."""
    from .lang import set_language

    set_language(lang.value if lang is not None else None)


def _mount(target: typer.Typer) -> None:
    """The core commands, then those of every package of the catalogue (each `<package>.cli.register`)."""
    mount = target._mount_module if isinstance(target, _App) else _register(target)
    mount(f"{__package__}._cli_core")
    for pkg in catalogue.PACKAGES:
        mount(f"{pkg}.cli")
    mount(f"{__package__}.batch.cli")  # zjpolicy batch … (extra: batch)
    mount(f"{__package__}.api.cli")  # zjpolicy serve (extra: api)


def _register(target: typer.Typer) -> Any:
    def mount(module: str) -> None:
        importlib.import_module(module).register(target)

    return mount


if __name__ == "__main__":  # python -m zjpolicy.cli
    app()
