"""JSON round trips, replay of per-target results, the report, the CLI and the bundled example."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

import zjpolicy
from zjpolicy.audit import ReplayMismatch
from zjpolicy.targets import (
    TargetResult,
    TargetsReport,
    TargetStatus,
    assess_targets,
    covered_clauses,
    example_path,
    load_example,
)
from zjpolicy.targets.cli import register


@pytest.fixture(scope="module")
def example_report() -> TargetsReport:
    return assess_targets(load_example(), year=2024)


def test_example_is_marked_illustrative():
    with open(example_path(), encoding="utf-8") as f:
        text = f.read()
    assert "ILLUSTRATIVE" in text and "NOT real statistics" in text
    assert load_example()["illustrative"] is True


def test_example_exercises_every_status_but_no_deadline(example_report):
    s = example_report.summary()
    for status in ("met", "not met", "not met (aspirational)", "not yet due", "no data"):
        assert s[status] > 0, status
    assert "ILLUSTRATIVE" in example_report.statistics_note
    # the 2020-based energy reduction is derived from the intensity series: (0.70 − 0.605) / 0.70
    e = example_report["go.1.2.energy_intensity_reduction"]
    assert e.status is TargetStatus.not_yet_due and e.cagr_needed < 0
    assert example_report["go.5.1.new_listed_companies"].value == 120  # 680 − 560


def test_every_result_json_round_trips_and_replays(example_report):
    for r in example_report.results:
        back = TargetResult.model_validate_json(r.model_dump_json())
        assert back == r, r.clause
        fresh = zjpolicy.replay(r.model_dump_json())
        assert fresh.model_dump(mode="json") == r.model_dump(mode="json")


def test_replay_with_reading_override():
    r = assess_targets(
        {"go.10.2.manufacturing_loan_share": {2023: "11%", 2024: "11%"}},
        year=2024,
        overrides={"go.stable_share": "increasing"},
    )["go.10.2.manufacturing_loan_share"]
    assert r.status is TargetStatus.not_met_aspirational and r.overrides == {"go.stable_share": "increasing"}
    assert zjpolicy.replay(r.model_dump(mode="json")).status is TargetStatus.not_met_aspirational


def test_replay_detects_a_changed_result():
    r = assess_targets({"go.8.4.mountain_industrial_value_added": {2025: "2169.99 亿元"}}, year=2025)[
        "go.8.4.mountain_industrial_value_added"
    ]
    data = json.loads(r.model_dump_json())
    data["status"] = "met"
    with pytest.raises(ReplayMismatch) as e:
        zjpolicy.replay(data)
    assert "status" in e.value.differences


def test_report_json_round_trip(example_report):
    back = TargetsReport.model_validate_json(example_report.model_dump_json())
    assert back == example_report


def test_report_text_and_html(example_report):
    text = example_report.explain()
    assert "go.8.4.mountain_industrial_value_added" in text and "一（二）" in text
    assert "reading go.stable_share" in text
    assert "<table>" in example_report._repr_html_()
    assert next(h for h, _ in example_report.sections()).startswith("一（二）")


# ---------------------------------------------------------------- CLI


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    a = typer.Typer()

    @a.callback()
    def main() -> None:
        """test app"""

    register(a)
    return a


def test_cli_example_table(app):
    res = CliRunner().invoke(app, ["targets", "--example"], env={"COLUMNS": "220"})
    assert res.exit_code == 0, res.output
    assert "Targets for 2024" in res.output and "ILLUSTRATIVE" in res.output
    assert "not met (aspirational)" in res.output


def test_cli_json_file_and_year(app, tmp_path):
    f = tmp_path / "stats.yaml"
    f.write_text(
        "indicators:\n  go.8.4.mountain_industrial_value_added: {2024: 2000 亿元, 2025: 2170 亿元}\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["targets", str(f), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["year"] == 2025 and len(data["results"]) == len(covered_clauses())
    mv = next(r for r in data["results"] if r["clause"] == "go.8.4.mountain_industrial_value_added")
    assert mv["status"] == "met"
    res = CliRunner().invoke(app, ["targets", str(f), "--year", "2024", "-f", "json"])
    mv = next(r for r in json.loads(res.output)["results"] if r["clause"] == "go.8.4.mountain_industrial_value_added")
    assert mv["status"] == "not yet due" and mv["cagr_needed"] == "0.085000000000"


def test_cli_override_and_csv(app, tmp_path):
    f = tmp_path / "stats.csv"
    f.write_text(
        "indicator,year,value,unit\ngo.10.2.manufacturing_loan_share,2023,11,%\ngo.10.2.manufacturing_loan_share,2024,11,%\n",
        encoding="utf-8",
    )
    res = CliRunner().invoke(app, ["targets", str(f), "-f", "json", "-o", "go.stable_share=increasing"])
    assert res.exit_code == 0, res.output
    r = next(x for x in json.loads(res.output)["results"] if x["clause"] == "go.10.2.manufacturing_loan_share")
    assert r["status"] == "not met (aspirational)" and r["overrides"] == {"go.stable_share": "increasing"}


@pytest.mark.parametrize(
    "args,message",
    [
        (["targets"], "statistics file"),
        (["targets", "/nonexistent/stats.yaml"], "no such file"),
        (["targets", "--example", "--format", "xml"], "table or json"),
        (["targets", "--example", "-o", "nonsense"], "id=value"),
        (["targets", "--example", "-o", "go.stable_share=sometimes"], "not one of"),
    ],
)
def test_cli_errors_exit_2(app, args, message):
    res = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert res.exit_code == 2
    assert message in res.stderr and res.stdout == ""


def test_cli_bad_statistics_exit_2(app, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("year: 2024\nindicators:\n  nonsense_indicator: 5\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["targets", str(f)], env={"COLUMNS": "200"})
    assert res.exit_code == 2 and "unknown indicator" in res.stderr


def test_registered_in_the_main_cli():
    from zjpolicy.cli import app as main_app

    res = CliRunner().invoke(main_app, ["targets", "--example", "-f", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["year"] == 2024
