"""`zjpolicy batch …` through typer's CliRunner: files in and out, the summary, one line and exit 2 on errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from zjpolicy.batch import green_channels, rate_parks
from zjpolicy.cli import app
from zjpolicy.rubric import example_park

runner = CliRunner(env={"COLUMNS": "200"})
AS_OF = "2024-06-30"
ROWS = [
    {"项目": "甲", "energy_use": "5200 tce", "value_added": "1 亿元", "new_project": True, "dual_control": "on-track"},
    {
        "项目": "乙",
        "energy_use": "3000 tce",
        "value_added": "8000 万元",
        "new_project": True,
        "dual_control": "on-track",
    },
    {"项目": "丙", "intensity": "0.45 tce/万元", "new_project": False, "dual_control": "on-track"},
    {"项目": "丁", "energy_use": "1200 tce", "new_project": True, "dual_control": "on-track"},  # no value_added
    {"项目": "戊", "intensity": 0.3, "new_project": True, "dual_control": "off-track"},
]


def one_line_error(r) -> str:  # type: ignore[no-untyped-def]
    assert r.exception is None or isinstance(r.exception, SystemExit), f"uncaught {r.exception!r}"
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and r.stdout == ""
    lines = r.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    return lines[0]


@pytest.fixture
def projects(tmp_path: Path) -> Path:
    p = tmp_path / "projects.csv"
    pd.DataFrame(ROWS).to_csv(p, index=False)
    return p


def expected() -> pd.DataFrame:
    return green_channels(pd.DataFrame(ROWS), as_of=date.fromisoformat(AS_OF), errors="collect").frame


def test_csv_to_jsonl_with_the_inputs_then_the_verdicts_and_a_summary(projects, tmp_path):
    out = tmp_path / "checked.jsonl"
    r = runner.invoke(app, ["batch", "green-channel", str(projects), "-o", str(out), "--as-of", AS_OF])
    assert r.exit_code == 0, r.output
    got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert list(got[0])[:2] == ["项目", "energy_use"] and "eligible" in got[0]
    want = expected()
    assert [g["eligible"] for g in got] == [None if pd.isna(v) else bool(v) for v in want["eligible"]]
    assert "5 rows" in r.stdout and "eligible" in r.stdout and "not eligible" in r.stdout
    assert "errors" in r.stdout and "row 3 value_added" in r.stdout


def test_parquet_out_equals_the_library(projects, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "checked.parquet"
    r = runner.invoke(
        app, ["batch", "green-channel", str(projects), "-o", str(out), "--as-of", AS_OF, "--only-results"]
    )
    assert r.exit_code == 0, r.output
    pd.testing.assert_frame_equal(pd.read_parquet(out), expected().reset_index(drop=True))
    again = runner.invoke(app, ["batch", "green-channel", str(out)])  # results only: no input column
    assert "no column is an input of land_energy.green_channel" in one_line_error(again)


def test_excel_in_and_out(projects, tmp_path):
    pytest.importorskip("openpyxl")
    xlsx = tmp_path / "projects.xlsx"
    pd.DataFrame(ROWS).to_excel(xlsx, index=False)
    out = tmp_path / "checked.xlsx"
    r = runner.invoke(app, ["batch", "green-channel", str(xlsx), "-o", str(out), "--as-of", AS_OF])
    assert r.exit_code == 0, r.output
    assert pd.read_excel(out)["eligible"].tolist()[:3] == [False, True, False]


def test_stdout_csv_options_overrides_and_an_errors_file(projects, tmp_path):
    errs = tmp_path / "bad.csv"
    r = runner.invoke(
        app,
        [
            "batch",
            "green-channel",
            str(projects),
            "--as-of",
            AS_OF,
            "--errors-out",
            str(errs),
            "--override",
            "go.10.3.green_channel.max_intensity=0.30",
        ],
    )
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("项目,") and len(lines) == 1 + len(ROWS)  # CSV only on stdout
    assert "rows" in r.stderr  # the summary moved to stderr
    assert ",False," in lines[2]  # 乙: 0.375 is not below 0.30
    assert pd.read_csv(errs)["field"].tolist() == ["value_added"]


def test_chunks_with_a_progress_bar_give_the_same_table(projects, tmp_path):
    whole, chunked = tmp_path / "a.csv", tmp_path / "b.csv"
    assert (
        runner.invoke(app, ["batch", "green-channel", str(projects), "-o", str(whole), "--as-of", AS_OF]).exit_code == 0
    )
    r = runner.invoke(
        app, ["batch", "green-channel", str(projects), "-o", str(chunked), "--as-of", AS_OF, "--chunk-size", "2"]
    )
    assert r.exit_code == 0 and "green-channel" in r.stderr  # the bar's label
    assert whole.read_text(encoding="utf-8") == chunked.read_text(encoding="utf-8")


def test_rate_parks_from_json_rows_with_the_star_summary(tmp_path):
    base = example_park().model_dump(mode="json")
    rows = [base, {**base, "name": "乙", "cnc_rate": "40%"}]
    p = tmp_path / "parks.json"
    p.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "rated.csv"
    r = runner.invoke(app, ["batch", "rate-parks", str(p), "-o", str(out), "--as-of", AS_OF])
    assert r.exit_code == 0, r.output
    want = rate_parks(pd.DataFrame(rows), as_of=date.fromisoformat(AS_OF)).frame["stars"].tolist()
    assert pd.read_csv(out)["stars"].tolist() == want
    assert f"{want[0]}★" in r.stdout


def test_plot_ratio_land_share_and_targets_commands(tmp_path):
    parks = tmp_path / "parks.csv"
    pd.DataFrame({"park": ["甲", "乙"], "floor_area": [1.5, 1.0], "land_area": [15, 15]}).to_csv(parks, index=False)
    r = runner.invoke(
        app,
        ["batch", "plot-ratio", str(parks), "--unit", "floor_area=公顷", "--unit", "land_area=亩", "--as-of", AS_OF],
    )
    assert r.exit_code == 0, r.output
    assert [line.split(",")[3] for line in r.stdout.splitlines()[1:]] == ["True", "False"]  # 1.5 公顷 on 15 亩 = 1.5
    years = tmp_path / "years.jsonl"
    years.write_text('{"year": 2024, "industrial_area": "450 公顷", "total_area": "1500 公顷"}\n', encoding="utf-8")
    r = runner.invoke(app, ["batch", "land-share", str(years), "--as-of", AS_OF, "--only-results"])
    assert r.exit_code == 0 and r.stdout.splitlines()[1].startswith("True,"), r.output
    stats = tmp_path / "stats.csv"
    pd.DataFrame(
        [{"region": "杭州", "year": 2024, "indicator": "go.8.4.mountain_industrial_value_added", "value": "2010 亿元"}]
    ).to_csv(stats, index=False)
    out = tmp_path / "assessed.csv"
    r = runner.invoke(app, ["batch", "targets", str(stats), "-o", str(out)])
    assert r.exit_code == 0, r.output
    got = pd.read_csv(out)
    assert set(got["region"]) == {"杭州"} and "go.8.4.mountain_industrial_value_added" in set(got["clause"])
    assert "1 regions" in r.stdout


@pytest.mark.parametrize(
    "make, args",
    [
        (None, ["batch", "green-channel", "{d}/missing.csv"]),
        ("bad.xyz", ["batch", "green-channel", "{d}/bad.xyz"]),
        ("bad.jsonl", ["batch", "green-channel", "{d}/bad.jsonl"]),
        ("bad.parquet", ["batch", "green-channel", "{d}/bad.parquet"]),
        ("ok.csv", ["batch", "green-channel", "{d}/ok.csv", "-o", "{d}/out.xyz"]),
        ("ok.csv", ["batch", "green-channel", "{d}/ok.csv", "--errors", "raise"]),
        ("ok.csv", ["batch", "green-channel", "{d}/ok.csv", "--as-of", "yesterday"]),
        ("ok.csv", ["batch", "green-channel", "{d}/ok.csv", "--override", "go.nope=1"]),
        ("ok.csv", ["batch", "green-channel", "{d}/ok.csv", "--unit", "value_added"]),
        ("ok.csv", ["batch", "green-channel", "{d}/ok.csv", "--as-of", "2019-01-01"]),
    ],
)
def test_bad_files_and_options_are_one_line_and_exit_2(tmp_path, make, args):
    if make == "ok.csv":
        pd.DataFrame(ROWS).to_csv(tmp_path / make, index=False)
    elif make == "bad.jsonl":
        (tmp_path / make).write_text('{"intensity": 0.4}\n[1, 2]\n', encoding="utf-8")
    elif make is not None:
        (tmp_path / make).write_text("not a table", encoding="utf-8")
    r = runner.invoke(app, [a.format(d=tmp_path) for a in args])
    line = one_line_error(r)
    if "raise" in args:
        assert "[3].value_added" in line
    if make == "bad.jsonl":
        assert "line 2" in line
