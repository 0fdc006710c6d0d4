"""Start-up: a command line mounts only its command's module, and the common units need no pint (the unit table is
pint's own answer, checked here)."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from importlib import resources

import pytest
import typer

from zjpolicy import cli
from zjpolicy.errors import UnitError
from zjpolicy.units import (
    UNIT_TABLE,
    _build_unit_table,
    _in_table,
    _table_text,
    _unit_table,
    check_unit,
    conversion_factor,
    pint_check_unit,
    pint_factor,
)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_the_command_map_names_each_modules_commands():
    modules = set(cli.COMMANDS.values())
    for module in modules:
        t = typer.Typer()
        __import__(module, fromlist=["register"]).register(t)
        names = {c.name for c in t.registered_commands} | {g.name for g in t.registered_groups}
        assert names == {k for k, v in cli.COMMANDS.items() if v == module}, module
    main = {c.name for c in cli.app.registered_commands} | {g.name for g in cli.app.registered_groups}
    assert main == set(cli.COMMANDS)


def test_version_mounts_no_command_and_rate_only_its_own():
    r = run_python(
        "import sys\n"
        "from zjpolicy.cli import app\n"
        "try:\n"
        "    app(['--version'])\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "assert not [m for m in sys.modules if m.startswith('zjpolicy.rubric')], 'a command module was imported'\n"
        "try:\n"
        "    app(['rate', '--example', 'example-park', '--as-of', '2024-06-30', '-f', 'json'])\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "assert 'zjpolicy.targets' not in sys.modules and 'zjpolicy.land_energy' not in sys.modules\n"
        "assert 'pint' not in sys.modules, 'pint was loaded for the common units'\n"
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("zjpolicy ") and '"stars": 4' in r.stdout


def test_a_command_line_after_another_sees_every_command():
    with pytest.raises(SystemExit):
        cli.app(["rate", "--help"])
    assert {"rate", "targets", "check", "replay"} <= {c.name for c in cli.app.registered_commands} | {
        g.name for g in cli.app.registered_groups
    }


# -- the unit table


def test_the_unit_table_is_pints_answer():
    text = resources.files("zjpolicy").joinpath(UNIT_TABLE).read_text(encoding="utf-8")
    assert json.loads(text) == _build_unit_table(), "stale: run `python -m zjpolicy.units --write`"
    assert text == _table_text(_build_unit_table())


NAMES = sorted(_unit_table())
QUOTIENTS = [
    "万元/亩",
    "(万元)/(亩)",
    "亿元/公顷",
    "tce/万元",
    "kgce / 亿元",
    "(tce)/(tce)",
    "万元/人",
    "元/名",
    "%",
    "万家/年",
]


@pytest.mark.parametrize("src", NAMES + QUOTIENTS)
def test_table_conversions_equal_pints(src):
    for dst in [*NAMES, *QUOTIENTS]:
        try:
            want: object = pint_factor(src, dst)
        except UnitError as exc:
            want = ("error", str(exc))
        conversion_factor.cache_clear()
        try:
            got: object = conversion_factor(src, dst)
        except UnitError as exc:
            got = ("error", str(exc))
        assert got == want, (src, dst)


def test_units_outside_the_table_go_to_pint():
    for unit in ("m**2", "吨/万元", "万元/亩/年", "kilowatt_hour", "万 元", "nonsense", "((万元))"):
        assert _in_table(unit) is None
    assert conversion_factor("m**2", "亩") == pint_factor("m**2", "亩")


@pytest.mark.parametrize("unit", [*NAMES, *QUOTIENTS, "万元 / 亩", "  亩 ", "%/年"])
def test_check_unit_agrees_with_pint(unit):
    check_unit(unit)
    pint_check_unit(unit)


def test_pairs_of_table_units_multiply_as_pint_does():
    for a, b in itertools.islice(itertools.product(NAMES, repeat=2), 0, None, 7):
        assert conversion_factor(f"{a}*{b}", f"{b}*{a}") == pint_factor(f"{a}*{b}", f"{b}*{a}")


def test_libyaml_and_python_loaders_read_the_rulebook_alike():
    """The rulebook is parsed by libyaml when PyYAML has it; both loaders give the same data, floats kept as text."""
    from importlib import resources

    import yaml

    from zjpolicy.rulebook.load import DATA_FILES, _ExactLoader, _PythonExactLoader

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML without libyaml: only the Python loader is used")
    assert _ExactLoader is not _PythonExactLoader
    for name in DATA_FILES:
        text = (resources.files("zjpolicy") / "rulebook" / name).read_text(encoding="utf-8")
        fast, slow = yaml.load(text, Loader=_ExactLoader), yaml.load(text, Loader=_PythonExactLoader)
        assert fast == slow, name
        assert isinstance(fast["clauses"], list)
