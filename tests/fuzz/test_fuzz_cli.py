"""Fuzzing every command of the `zjpolicy` CLI (typer's CliRunner) with hostile option values and files.

The only outcomes allowed: exit 0; exit 1 where a command says the answer is "no" (`zjpolicy replay`: differs);
exit 2 with ONE line ``error: …`` on stderr and nothing on stdout. A traceback is a finding. Option names and
the types click parses (integers, choices) are valid here: a click usage error is not what is fuzzed. Examples per
command: the hypothesis profile's ``max_examples`` (see tests/fuzz/test_fuzz_api.py and tests/conftest.py).
"""

from __future__ import annotations

import itertools
import json
import typing
from datetime import date
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from core.amended import revision, write_rulebook
from fuzz.strategies import HOSTILE_DATES, json_like, mutated, quantities, scalars
from fuzz.support import dump_stats, every_command, examples, run, seeds, stored_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from zjpolicy.cli import app
from zjpolicy.rubric import example_names, example_park
from zjpolicy.rulebook import default_rulebook
from zjpolicy.targets import load_example

COMMANDS = every_command()
runner = CliRunner(env={"COLUMNS": "120"})
FUZZ = settings(
    max_examples=examples(),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
        HealthCheck.function_scoped_fixture,
    ],
)
_counter = itertools.count()


@pytest.fixture(scope="module", autouse=True)
def _stats() -> Any:
    yield
    dump_stats()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("fuzz-cli")
    (d / "a-directory").mkdir()
    (d / "rulebook").mkdir()
    (d / "revised").mkdir()
    write_rulebook(d / "rulebook")
    write_rulebook(d / "revised", {"dp.3.2.row06_rd_intensity.three_star": [revision(date(2026, 1, 1), "2.5")]})
    (d / "broken-rulebook.yaml").write_text("document: {key: x}\nclauses: 3\n", encoding="utf-8")
    return d


# ---------------------------------------------------------------------------- files


class File(typing.NamedTuple):
    """A file to write before the call: its suffix and content (a token of the command line)."""

    suffix: str
    content: bytes


def _plain(x: Any, depth: int = 0) -> Any:
    """Plain Python data (no subclasses), as YAML and JSON can write; too deep: a string."""
    if depth > 40:
        return "deep"
    if isinstance(x, dict):
        return {str(k): _plain(v, depth + 1) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_plain(v, depth + 1) for v in x]
    if isinstance(x, bool) or x is None:
        return x
    if isinstance(x, int):
        return int(x) if x.bit_length() < 1000 else "1" * 5000
    if isinstance(x, float):
        return x
    if isinstance(x, date):
        return x.isoformat()
    return str(x)


def _encode(data: Any, suffix: str) -> bytes:
    plain = _plain(data)
    try:
        if suffix == ".json":
            return json.dumps(plain, ensure_ascii=False).encode("utf-8", "surrogatepass")
        if suffix == ".jsonl":
            rows = plain if isinstance(plain, list) else [plain]
            return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8", "surrogatepass")
        if suffix == ".csv":
            rows = [r for r in (plain if isinstance(plain, list) else [plain]) if isinstance(r, dict)]
            cols = sorted({k for r in rows for k in r})
            lines = [",".join(cols)] + [
                ",".join(json.dumps(r.get(c, ""), ensure_ascii=False) for c in cols) for r in rows
            ]
            return "\n".join(lines).encode("utf-8", "surrogatepass")
        return yaml.safe_dump(plain, allow_unicode=True).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, ValueError, RecursionError):
        return b"[" * 3000 + b"1" + b"]" * 3000


RAW = st.sampled_from(
    (
        b"",
        b"\xef\xbb\xbf{}",
        b"\xff\xfe\x00\x00",
        "园区: {名称: 测试}\n".encode("gb18030"),
        b"!!python/object/apply:os.system ['echo hacked']\n",
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        b"[" * 3000 + b"1" + b"]" * 3000,
        b"{" * 200,
        b"key: [unclosed\n",
        b"\x00\x01\x02",
        b'{"a": NaN, "b": Infinity, "c": 1e999999}',
        b"region,year,indicator,value\nA,2024,go.7.1.land_freed,1e999999\n",
        b'"unterminated,csv\n',
    )
)


def files(data: st.SearchStrategy[Any], suffixes: tuple[str, ...]) -> st.SearchStrategy[File]:
    encoded = st.tuples(st.sampled_from(suffixes), data).map(lambda t: File(t[0], _encode(t[1], t[0])))
    raw = st.tuples(st.sampled_from(suffixes), RAW).map(lambda t: File(t[0], t[1]))
    return st.one_of(encoded, encoded, encoded, raw, st.binary(max_size=64).map(lambda b: File(".yaml", b)))


def _seed_rows(rule_id: str) -> st.SearchStrategy[Any]:
    return st.one_of(*(mutated(s) for s in seeds()[rule_id][:3]), st.just(seeds()[rule_id][0]))


@cache
def input_files(command: str, param: str) -> st.SearchStrategy[Any]:
    """The file a command reads, shaped like what it expects (mutated), or garbage."""
    data: st.SearchStrategy[Any]
    if command == "replay":
        data = st.one_of(st.sampled_from(stored_results()).flatmap(mutated), json_like(("rule", "inputs", "as_of")))
        return files(data, (".json",))
    if command == "rate":
        park = json.loads(example_park().model_dump_json())
        return files(st.one_of(mutated(park), mutated(park), json_like()), (".yaml", ".json"))
    if command == "targets":
        return files(
            st.one_of(mutated(load_example()), mutated(load_example()), json_like()), (".yaml", ".json", ".csv")
        )
    rule = {
        "check assessed-energy": "land_energy.assessed_energy",
        "check gai-yi-bu-yi": "land_energy.gai_yi_bu_yi",
        "check project-share": "land_energy.manufacturing_project_share",
        "check land-quota": "land_energy.land_quota",
    }.get(command)
    if rule is not None:
        return files(st.one_of(_seed_rows(rule), json_like()), (".yaml", ".json"))
    if command.startswith("batch "):
        rule = {
            "batch rate-parks": "rubric.rate_park",
            "batch green-channel": "land_energy.green_channel",
            "batch plot-ratio": "land_energy.plot_ratio",
            "batch land-share": "land_energy.industrial_land_share",
        }.get(command)
        if rule == "rubric.rate_park":
            park = {
                k: v for k, v in json.loads(example_park().model_dump_json()).items() if not isinstance(v, dict | list)
            }
            row: st.SearchStrategy[Any] = st.one_of(mutated(park), st.just(park))
        elif rule is not None:
            row = _seed_rows(rule)
        else:  # batch targets: region, year, indicator, value
            row = st.fixed_dictionaries(
                {
                    "region": st.sampled_from(("杭州", "宁波", "")),
                    "year": st.one_of(st.integers(2018, 2030), scalars),
                    "indicator": st.sampled_from(("go.7.1.land_freed", "gdp", "labour_productivity", "nope")),
                    "value": st.one_of(quantities, scalars),
                }
            )
        return files(st.lists(row, min_size=1, max_size=3), (".csv", ".json", ".jsonl", ".yaml"))
    return files(json_like(), (".yaml", ".json"))


# ---------------------------------------------------------------------------- option values


def _ids() -> tuple[str, ...]:
    rb = default_rulebook()
    return (*list(rb.parameters)[::7], *rb.readings)


OVERRIDE = st.one_of(
    st.tuples(st.sampled_from(_ids()), st.one_of(quantities, st.sampled_from(("increasing", "per_project", "")))).map(
        lambda t: f"{t[0]}={t[1]}"
    ),
    st.sampled_from(("=", "=1", "x", "a=b=c", "go.nope=1", " dp.row1_scale = merged_three_four ")),
    st.text(max_size=12),
)
DATES = st.one_of(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)).map(str),
    st.sampled_from(tuple(str(d) for d in HOSTILE_DATES)),
)
TEXT = st.one_of(quantities, st.text(max_size=12), st.sampled_from(("", "-", "--", "-1", "[red]x[/red]")))
OUTPUTS = st.sampled_from((".csv", ".json", ".jsonl", ".yaml", ".parquet", ".xlsx", ".txt", ".unknown", "/", ""))


def _annotation(p: Any) -> Any:
    return getattr(getattr(p, "type_descriptor", None), "annotation", str)


def value_strategy(command: str, p: Any, workdir: Path) -> st.SearchStrategy[Any]:
    """A value for one parameter of a command: a string, a File to write, or an output path."""
    ann = _annotation(p)
    inner = typing.get_args(ann)[0] if typing.get_origin(ann) is list else ann
    name = p.name
    if name in ("rulebook", "recorded"):
        rb = [str(x) for x in sorted((workdir / "rulebook").glob("*.yaml"))]
        rev = [str(x) for x in sorted((workdir / "revised").glob("*.yaml"))]
        return st.sampled_from((rb, rev, rb[:1], [str(workdir / "broken-rulebook.yaml")], [str(workdir)]))
    if isinstance(inner, type) and issubclass(inner, Enum):
        return st.sampled_from([m.value for m in inner])
    if inner is bool:
        return st.booleans()
    if inner is int:  # within the bounds click checks (a click usage error is not what is fuzzed)
        lo, hi = getattr(p, "min", None), getattr(p, "max", None)
        lo, hi = -(10**6) if lo is None else lo, 10**12 if hi is None else hi
        return st.one_of(st.integers(max(lo, 2015), min(hi, 2035)), st.integers(lo, hi)).map(str)
    if inner is Path:
        if name in ("output", "errors_out"):
            return OUTPUTS.map(
                lambda s: str(workdir / "a-directory") if s == "/" else str(workdir / f"out{next(_counter)}{s}")
            )
        return st.one_of(
            input_files(command, name),
            input_files(command, name),
            st.sampled_from((str(workdir / "a-directory"), "/nonexistent/file.yaml")),
        )
    if name == "as_of" or name in ("before", "after"):
        return DATES
    if name == "override":
        return OVERRIDE
    if name == "example":
        return st.one_of(st.sampled_from(example_names()), TEXT)
    if name == "doc":
        return st.one_of(st.sampled_from(list(default_rulebook().documents)), TEXT)
    if name == "prefix":
        return st.one_of(st.sampled_from(("go.10", "dp.3.2.row06", "x", "")), TEXT)
    if name == "model":
        return st.one_of(st.sampled_from(("rubric.rate_park", "ParkIndicators", "targets.go.1.2.rd_intensity")), TEXT)
    if name == "unit":
        return st.tuples(st.sampled_from(("cnc_rate", "intensity", "nope")), quantities).map(lambda t: f"{t[0]}={t[1]}")
    if name == "allocation":
        return st.tuples(st.sampled_from(("杭州", "", "a=b")), quantities).map(lambda t: f"{t[0]}={t[1]}")
    if name == "scope":
        return st.one_of(st.sampled_from(("per_territory", "per_project", "")), TEXT)
    return TEXT


@cache
def argv_strategy(command: str, workdir: Path) -> st.SearchStrategy[list[Any]]:
    """Tokens of a command line: options as --name=value (or a bare flag), then `--` and the arguments."""
    cmd = COMMANDS[command]
    options, arguments = [], []
    for p in cmd.params:
        if not p.opts or p.name == "help":
            continue
        ann = _annotation(p)
        many = typing.get_origin(ann) is list or getattr(p, "multiple", False)
        values = value_strategy(command, p, workdir)
        is_flag = bool(getattr(p, "is_flag", False))
        if p.param_type_name == "argument":
            arguments.append((p, values, p.required))
        else:
            options.append((p.opts[0], values, p.required, many, is_flag))

    @st.composite
    def build(draw: st.DrawFn) -> list[Any]:
        tokens: list[Any] = command.split()
        for opt, values, required, many, is_flag in options:
            if not required and not draw(st.booleans()):
                continue
            if is_flag:
                tokens.append(opt)
                continue
            for v in draw(st.lists(values, min_size=1, max_size=3 if many else 1)):
                for one in v if isinstance(v, list) else [v]:
                    tokens.append((opt, one))
        positional = [draw(values) for p, values, required in arguments if required or draw(st.booleans())]
        if positional:
            tokens.append("--")
            tokens.extend(positional)
        return tokens

    return build()


def materialize(tokens: list[Any], workdir: Path) -> list[str]:
    out = []
    for t in tokens:
        opt, value = t if isinstance(t, tuple) else (None, t)
        if isinstance(value, File):
            path = workdir / f"in{next(_counter)}{value.suffix}"
            path.write_bytes(value.content)
            value = str(path)
        out.append(f"{opt}={value}" if opt else str(value))
    return out


def check_outcome(command: str, argv: list[str], r: Any) -> None:
    where = f"zjpolicy {' '.join(argv)}"[:400]
    assert r.exception is None or isinstance(r.exception, SystemExit), f"{where}: uncaught {r.exception!r}"
    assert "Traceback" not in r.output, where
    if r.exit_code == 0:
        return
    if r.exit_code == 1:
        assert command == "replay" and r.stdout.startswith("differs"), f"{where}: exit 1\n{r.output}"
        return
    assert r.exit_code == 2, f"{where}: exit {r.exit_code}\n{r.output}"
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), f"{where}: not one error line:\n{r.stderr}"
    assert r.stdout == "", f"{where}: output besides the error:\n{r.stdout}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
@FUZZ
@given(data=st.data())
def test_every_command_answers_or_prints_one_error_line(command, data, workdir):
    tokens = data.draw(argv_strategy(command, workdir), label="argv")
    argv = materialize(tokens, workdir)
    r = run(f"cli: {command}", lambda: runner.invoke(app, argv), lambda: argv)
    check_outcome(command, argv, r)
