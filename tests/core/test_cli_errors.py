"""The CLI runner: every library, file or input error is ONE line on stderr and exit code 2, never a traceback.

Through typer's CliRunner (its result keeps stdout and stderr apart: `.stdout`, `.stderr`; `.output` is both),
and a few through a real process, since that is what a user or a script sees.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import yaml
from typer.testing import CliRunner

from zjpolicy import catalogue
from zjpolicy._cli_util import DataFileError, command, errors_to_fail, fail, load_data
from zjpolicy.cli import app

runner = CliRunner(env={"COLUMNS": "200"})


def one_line_error(r) -> str:  # type: ignore[no-untyped-def]
    """Assert the result is exit 2 with exactly one `error:` line on stderr and nothing on stdout."""
    assert r.exception is None or isinstance(r.exception, SystemExit), f"uncaught {r.exception!r}"
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output
    assert r.stdout == "", r.stdout
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    return lines[0]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    (d / "syntax.yaml").write_text("park: [\n  name: x\n", encoding="utf-8")
    (d / "python-tag.yaml").write_text("!!python/object/apply:os.system ['echo hacked']\n", encoding="utf-8")
    (d / "python-object.yaml").write_text("park: !!python/object:collections.OrderedDict {}\n", encoding="utf-8")
    (d / "latin1.yaml").write_bytes("park: {name: 园区}\n".encode("gb18030"))
    (d / "bad.json").write_text('{"name": "园区",}', encoding="utf-8")
    (d / "not-json.json").write_text("this is not JSON\n", encoding="utf-8")
    (d / "list.json").write_text("[1, 2, 3]", encoding="utf-8")
    (d / "no-rule.json").write_text('{"inputs": {}}', encoding="utf-8")
    (d / "unknown-rule.json").write_text(
        json.dumps({"rule": "nope.no_such_rule", "rule_version": "1.0.0", "inputs": {}, "as_of": "2024-06-30"}),
        encoding="utf-8",
    )
    (d / "empty.yaml").write_text("", encoding="utf-8")
    (d / "bad.csv").write_text('indicator,year,value\n"go.x,2024,1\n', encoding="utf-8")
    (d / "a-directory").mkdir()
    return d


# (label, args) — {d} is the directory of the files above
FAILURES = [
    ("missing file", ["rate", "/nonexistent/park.yaml"]),
    ("unknown example", ["rate", "--example", "nope"]),
    ("YAML syntax error", ["rate", "{d}/syntax.yaml"]),
    ("!!python/object/apply tag", ["rate", "{d}/python-tag.yaml"]),
    ("!!python/object tag", ["rate", "{d}/python-object.yaml"]),
    ("a directory", ["rate", "{d}/a-directory"]),
    ("not UTF-8", ["rate", "{d}/latin1.yaml"]),
    ("bad JSON", ["rate", "{d}/bad.json"]),
    ("invalid input (pydantic)", ["rate", "{d}/list.json"]),
    ("empty file", ["rate", "{d}/empty.yaml"]),
    ("bad --as-of", ["rate", "--example", "example-park", "--as-of", "2024-02-30"]),
    ("bad --override", ["rate", "--example", "example-park", "--override", "no-equals-sign"]),
    ("unknown override id", ["rate", "--example", "example-park", "--override", "no.such.parameter=1"]),
    ("replay of a non-JSON file", ["replay", "{d}/not-json.json"]),
    ("replay of YAML", ["replay", "{d}/syntax.yaml"]),
    ("replay of a JSON list", ["replay", "{d}/list.json"]),
    ("replay without a rule", ["replay", "{d}/no-rule.json"]),
    ("replay of an unknown rule", ["replay", "{d}/unknown-rule.json"]),
    ("replay of a missing file", ["replay", "/nonexistent/decision.json"]),
    ("replay of a directory", ["replay", "{d}/a-directory"]),
    ("unknown schema", ["schema", "NoSuchModel"]),
    ("unknown document", ["clauses", "--doc", "nope"]),
    ("check: missing file", ["check", "gai-yi-bu-yi", "/nonexistent/ledger.yaml"]),
    ("check: YAML syntax error", ["check", "gai-yi-bu-yi", "{d}/syntax.yaml"]),
    ("check: python tag", ["check", "assessed-energy", "{d}/python-tag.yaml"]),
    ("check: a directory", ["check", "land-quota", "--file", "{d}/a-directory"]),
    ("check: empty file", ["check", "project-share", "--file", "{d}/empty.yaml"]),
    ("check: not a mapping", ["check", "assessed-energy", "{d}/list.json"]),
    ("check: invalid input", ["check", "green-channel", "--dual-control", "on-track"]),
    ("check: unit error", ["check", "green-channel", "--dual-control", "on-track", "--intensity", "1 亩"]),
    (
        "check: not in force",
        ["check", "green-channel", "--dual-control", "on-track", "--intensity", "0.4", "--as-of", "2022-01-01"],
    ),
    ("targets: missing file", ["targets", "/nonexistent/stats.yaml"]),
    ("targets: python tag", ["targets", "{d}/python-object.yaml"]),
    ("targets: bad JSON", ["targets", "{d}/bad.json"]),
    ("targets: bad CSV", ["targets", "{d}/bad.csv"]),
    ("targets: a directory", ["targets", "{d}/a-directory"]),
    ("targets: bad reading", ["targets", "--example", "-o", "go.stable_share=sometimes"]),
]


@pytest.mark.parametrize(("label", "args"), FAILURES, ids=[f[0] for f in FAILURES])
def test_every_failure_is_one_line_on_stderr_and_exit_2(files, label, args):
    r = runner.invoke(app, [a.format(d=files) for a in args])
    line = one_line_error(r)
    assert len(line) > len("error: ") + 5


def test_the_messages_say_what_and_where(files):
    def msg(*args: str) -> str:
        return one_line_error(runner.invoke(app, [a.format(d=files) for a in args]))

    assert msg("rate", "/nonexistent/park.yaml") == "error: no such file: /nonexistent/park.yaml"
    assert "example-park" in msg("rate", "--example", "nope")  # the known examples are named
    assert "syntax.yaml" in msg("rate", "{d}/syntax.yaml") and "line " in msg("rate", "{d}/syntax.yaml")
    assert "python/object" in msg("rate", "{d}/python-object.yaml")
    assert "directory" in msg("rate", "{d}/a-directory")
    assert "UTF-8" in msg("rate", "{d}/latin1.yaml")
    assert "not valid JSON" in msg("replay", "{d}/not-json.json")
    assert "nope.no_such_rule" in msg("replay", "{d}/unknown-rule.json")
    assert "invalid input" in msg("check", "green-channel", "--dual-control", "on-track")


def test_a_multi_line_message_becomes_one_line():
    a = typer.Typer()

    @a.command()
    @command
    def boom() -> None:
        fail("invalid input:\n  a: too small\n  b: missing\n")

    r = runner.invoke(a, [])
    assert one_line_error(r) == "error: invalid input: a: too small; b: missing"


def test_markup_in_a_message_is_printed_as_is():
    a = typer.Typer()

    @a.command()
    @command
    def boom() -> None:
        raise KeyError("no parameter '[red]x[/red]' :warning:")

    assert one_line_error(runner.invoke(a, [])) == "error: no parameter '[red]x[/red]' :warning:"


def test_a_bug_keeps_its_traceback():
    """Only expected errors are turned into one line; a TypeError in the code is a bug and is re-raised."""
    a = typer.Typer()

    @a.command()
    @command
    def boom() -> None:
        raise TypeError("a bug")

    r = runner.invoke(a, [])
    assert isinstance(r.exception, TypeError)
    with pytest.raises(TypeError), errors_to_fail():
        raise TypeError("a bug")


def test_replay_differs_is_exit_1_not_2(tmp_path):
    out = runner.invoke(app, ["rate", "--example", "example-park", "--as-of", "2024-06-30", "-f", "json"])
    data = json.loads(out.stdout)
    data["stars"] = 0
    p = tmp_path / "decision.json"
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(app, ["replay", str(p)])
    assert r.exit_code == 1 and "differs" in r.stdout and r.stderr == ""
    assert "Exit code 1" in runner.invoke(app, ["replay", "--help"]).stdout


def test_every_command_is_wrapped():
    """Each command of the main app runs under the error runner (`@command`)."""

    def commands(t: typer.Typer, prefix: str = ""):  # type: ignore[no-untyped-def]
        for c in t.registered_commands:
            yield f"{prefix}{c.name or getattr(c.callback, '__name__', '?')}", c.callback
        for g in t.registered_groups:
            assert g.typer_instance is not None
            yield from commands(g.typer_instance, f"{prefix}{g.name} ")

    found = dict(commands(app))
    assert {"rate", "targets", "replay", "schema", "clauses", "check green-channel"} <= set(found)
    unwrapped = [name for name, cb in found.items() if not getattr(cb, "__zjpolicy_command__", False)]
    assert unwrapped == []


def test_commands_are_mounted_from_the_catalogue():
    import zjpolicy.cli as cli

    assert not hasattr(cli, "_PLUGINS")
    main = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    for pkg in catalogue.PACKAGES:
        t = typer.Typer()
        __import__(f"{pkg}.cli", fromlist=["register"]).register(t)
        names = {c.name for c in t.registered_commands} | {g.name for g in t.registered_groups}
        assert names and names <= main, pkg


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_no_import_cycle_and_nothing_heavy_for_help():
    """_cli_core does not import zjpolicy.cli; --help and --version load no pandas and no rulebook."""
    r = run_python(
        "import sys, zjpolicy._cli_core, zjpolicy._cli_util\n"
        "assert 'zjpolicy.cli' not in sys.modules, 'import cycle: _cli_core imports zjpolicy.cli'\n"
        "from zjpolicy.cli import app\n"
        "from zjpolicy.rulebook import default_rulebook\n"
        "for argv in (['--version'], ['--help'], ['check', '--help']):\n"
        "    try:\n"
        "        app(argv, prog_name='zjpolicy')\n"
        "    except SystemExit as e:\n"
        "        assert e.code in (0, None), e.code\n"
        "assert 'pandas' not in sys.modules, 'pandas imported at start-up'\n"
        "info = getattr(default_rulebook, 'cache_info', None)\n"
        "assert info is None or info().currsize == 0, 'the rulebook was loaded at start-up'\n"
    )
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["rate", "/nonexistent.yaml"],
        ["rate", "--example", "nope"],
        ["replay", "{d}/not-json.json"],
        ["replay", "{d}/unknown-rule.json"],
        ["rate", "{d}/python-tag.yaml"],
    ],
)
def test_a_real_process_prints_one_line_on_stderr(files, args):
    r = subprocess.run(
        [sys.executable, "-m", "zjpolicy.cli", *[a.format(d=files) for a in args]],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith("error: "), r.stderr


# ------------------------------------------------------------------ load_data


def test_load_data_reads_yaml_json_and_csv(tmp_path):
    (tmp_path / "a.yaml").write_text(
        yaml.safe_dump({"year": 2024, "名称": "园区"}, allow_unicode=True), encoding="utf-8"
    )
    (tmp_path / "a.yml").write_text("year: 2024\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('{"year": 2024}', encoding="utf-8")
    (tmp_path / "a.txt").write_text('{"year": 2024}', encoding="utf-8")  # any other suffix: YAML, which has JSON
    assert load_data(tmp_path / "a.yaml") == {"year": 2024, "名称": "园区"}
    assert load_data(tmp_path / "a.yml") == load_data(str(tmp_path / "a.json")) == load_data(tmp_path / "a.txt")
    pd = pytest.importorskip("pandas")
    (tmp_path / "a.csv").write_text("indicator,year,value\ngo.x,2024,11\n", encoding="utf-8")
    df = load_data(tmp_path / "a.csv", csv_dtype={"value": str})
    assert isinstance(df, pd.DataFrame) and df["value"].tolist() == ["11"] and df["year"].tolist() == [2024]


def test_load_data_errors_name_the_file(files):
    cases = {
        "/nonexistent/x.yaml": "no such file: /nonexistent/x.yaml",
        str(files / "a-directory"): "is a directory",
        str(files / "syntax.yaml"): "syntax.yaml: not valid YAML (line ",
        str(files / "python-tag.yaml"): "python/object/apply",
        str(files / "bad.json"): "bad.json: not valid JSON (line 1, column ",
        str(files / "latin1.yaml"): "not UTF-8",
    }
    for path, message in cases.items():
        with pytest.raises(DataFileError) as e:
            load_data(path)
        assert message in str(e.value) and "\n" not in str(e.value), path
    with pytest.raises(DataFileError, match="not valid JSON"):
        load_data(files / "syntax.yaml", kind="json")
