"""`zjpolicy check …` commands, through typer's CliRunner."""

from __future__ import annotations

import json

import pytest
import typer
import yaml
from typer.testing import CliRunner

import zjpolicy
from zjpolicy.land_energy.cli import register

runner = CliRunner(env={"COLUMNS": "200"})  # wide enough that rich does not truncate cells


def make_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """test root"""

    register(app)
    return app


APP = make_app()


def invoke(*args: str):
    return runner.invoke(APP, ["check", *args])


def as_json(*args: str) -> dict:
    res = invoke(*args, "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


@pytest.mark.clause("go.10.3.green_channel")
def test_green_channel_table_and_json():
    res = invoke("green-channel", "--intensity", "0.45 tce/万元", "--dual-control", "on-track")
    assert res.exit_code == 0, res.output
    assert "eligible" in res.output and "go.10.3.green_channel" in res.output and "0.45 tce/万元" in res.output
    assert res.output.count("✓") == 3
    data = as_json(
        "green-channel", "--intensity", "0.45 tce/万元", "--dual-control", "on-track", "--as-of", "2024-06-30"
    )
    assert data["eligible"] is True and data["as_of"] == "2024-06-30"
    assert zjpolicy.replay(data).eligible is True


@pytest.mark.clause("go.10.3.green_channel")
@pytest.mark.parametrize(
    ("args", "eligible", "failed"),
    [
        (["--energy", "5200 tce", "--value-added", "1 亿元", "--dual-control", "on-track"], False, ["intensity"]),
        (["--energy", "5199 tce", "--value-added", "1 亿元", "--dual-control", "on-track"], True, []),
        (["--intensity", "0.4", "--not-new", "--dual-control", "on-track"], False, ["new_project"]),
        (["--intensity", "0.4", "--new", "--dual-control", "off-track"], False, ["dual_control"]),
    ],
)
def test_green_channel_variants(args, eligible, failed):
    data = as_json("green-channel", *args)
    assert data["eligible"] is eligible and data["failed"] == failed


@pytest.mark.clause("go.10.3.green_channel")
def test_green_channel_errors_exit_2():
    res = invoke("green-channel", "--dual-control", "on-track")
    assert res.exit_code == 2 and "intensity" in res.stderr
    res = invoke("green-channel", "--intensity", "0.4 亩", "--dual-control", "on-track")
    assert res.exit_code == 2 and "cannot be converted" in res.stderr
    res = invoke("green-channel", "--intensity", "0.4", "--dual-control", "on-track", "--as-of", "2022-01-01")
    assert res.exit_code == 2 and "in force" in res.stderr
    res = invoke("green-channel", "--intensity", "0.4", "--dual-control", "on-track", "--as-of", "yesterday")
    assert res.exit_code == 2
    res = invoke("green-channel", "--intensity", "0.4", "--dual-control", "on-track", "--override", "nope=1")
    assert res.exit_code == 2 and "nope" in res.stderr


@pytest.mark.clause("go.10.3.green_channel")
def test_dual_control_choices_are_the_library_enum():
    import zjpolicy.land_energy.cli as cli
    from zjpolicy.land_energy import DualControlStatus

    assert not hasattr(cli, "DualControl")  # no second enum: the option takes DualControlStatus itself
    res = invoke("green-channel", "--help")
    assert all(s.value in res.stdout for s in DualControlStatus)
    res = invoke("green-channel", "--intensity", "0.4", "--dual-control", "sometimes")
    assert res.exit_code == 2 and "on-track" in res.stderr and res.stdout == ""


@pytest.mark.clause("go.10.3.green_channel")
def test_green_channel_override():
    data = as_json(
        "green-channel",
        "--intensity",
        "0.51",
        "--dual-control",
        "on-track",
        "--override",
        "go.10.3.green_channel.max_intensity=0.50",
    )
    assert data["eligible"] is False and data["overrides"] == {"go.10.3.green_channel.max_intensity": "0.5"}


@pytest.mark.clause("go.10.4.industrial_land_share")
@pytest.mark.parametrize(("industrial", "meets"), [("30 公顷", True), ("29.99 公顷", False), ("450.15 亩", True)])
def test_land_share(industrial, meets):
    data = as_json("land-share", "--year", "2024", "--industrial", industrial, "--total", "100 公顷")
    assert data["meets"] is meets
    data = as_json("land-share", "--year", "2024", "--industrial", "300", "--non-industrial", "700")
    assert data["share"] == "30" and data["meets"]
    assert invoke("land-share", "--year", "2024", "--industrial", "300").exit_code == 2


@pytest.mark.clause("go.7.1.plot_ratio")
def test_plot_ratio():
    assert as_json("plot-ratio", "--plot-ratio", "1.5")["meets"] is True
    assert as_json("plot-ratio", "--plot-ratio", "1.49")["meets"] is False
    data = as_json("plot-ratio", "--floor-area", "15 公顷", "--land-area", "10 公顷", "--park", "某园区")
    assert data["plot_ratio"] == "1.5" and data["meets"]
    res = invoke("plot-ratio", "--floor-area", "15 公顷")
    assert res.exit_code == 2 and "land_area" in res.stderr


@pytest.mark.clause("go.7.2.manufacturing_project_share")
def test_project_share(tmp_path):
    assert as_json("project-share", "--year", "2024", "--manufacturing", "1", "--total", "3")["meets"] is True
    data = as_json("project-share", "--year", "2024", "--manufacturing", "333", "--total", "1000")
    assert data["meets"] is False and data["more_needed"] == 1
    f = tmp_path / "projects.yaml"
    f.write_text(
        yaml.safe_dump(
            {"year": 2024, "projects": [{"name": "a", "manufacturing": True}, {"name": "b", "manufacturing": False}]},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    assert as_json("project-share", "--file", str(f))["meets"] is True
    assert invoke("project-share", "--year", "2024", "--manufacturing", "4", "--total", "3").exit_code == 2


@pytest.mark.clause("go.10.4.major_project_priority")
def test_major_project():
    assert as_json("major-project", "--investment", "10 亿元", "--manufacturing")["priority"] is True
    assert as_json("major-project", "--investment", "99999 万元", "--manufacturing")["priority"] is False
    assert as_json("major-project", "--investment", "12 亿元", "--not-manufacturing")["failed"] == ["manufacturing"]
    res = invoke("major-project", "--investment", "12 亿元")
    assert res.exit_code == 2 and "manufacturing" in res.stderr


@pytest.mark.clause("go.10.4.land_quota_incentive")
def test_land_quota(tmp_path):
    data = as_json("land-quota", "--year", "2024", "-a", "杭州=2000 亩", "-a", "宁波=1000 亩")
    assert data["within"] is True and data["remaining"] == "0"
    data = as_json("land-quota", "--year", "2024", "-a", "杭州=200 公顷", "-a", "宁波=1")
    assert data["within"] is False and data["remaining"] == "-1"
    f = tmp_path / "quota.json"
    f.write_text(json.dumps({"year": 2024, "allocations": [{"recipient": "温州", "area": "2999"}]}), encoding="utf-8")
    assert as_json("land-quota", "--file", str(f))["remaining"] == "1"
    assert invoke("land-quota", "--year", "2024", "-a", "no-equals-sign").exit_code == 2


LEDGER = {
    "territory": "某县",
    "period_start": "2024-01-01",
    "period_end": "2024-12-31",
    "entries": [
        {"parcel_id": "A", "date": "2024-03-01", "changed_out": "10 亩"},
        {"parcel_id": "B", "date": "2024-06-01", "compensation": "10 亩"},
    ],
}


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
def test_gai_yi_bu_yi_file_and_scope(tmp_path):
    f = tmp_path / "ledger.yaml"
    f.write_text(yaml.safe_dump(LEDGER, allow_unicode=True), encoding="utf-8")
    data = as_json("gai-yi-bu-yi", str(f))
    assert data["balanced"] is True and data["scope"] == "per_territory_period"
    data = as_json("gai-yi-bu-yi", str(f), "--scope", "per_project")
    assert data["balanced"] is False and data["unbalanced"][0]["group"] == "A"
    assert zjpolicy.replay(data)
    res = invoke("gai-yi-bu-yi", str(f))
    assert res.exit_code == 0 and "balanced" in res.output
    res = invoke("gai-yi-bu-yi", str(f), "--scope", "per_project")
    assert res.exit_code == 0 and "[compensation_ratio@A]" in res.output  # the group is named in the table
    lst = tmp_path / "entries.json"
    lst.write_text(json.dumps(LEDGER["entries"]), encoding="utf-8")
    assert as_json("gai-yi-bu-yi", str(lst))["balanced"] is True
    assert invoke("gai-yi-bu-yi", str(f), "--scope", "sometimes").exit_code == 2
    assert invoke("gai-yi-bu-yi", str(tmp_path / "missing.yaml")).exit_code == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries: [\n", encoding="utf-8")
    assert invoke("gai-yi-bu-yi", str(bad)).exit_code == 2


@pytest.mark.clause("go.10.4.freed_land_industrial_use")
def test_freed_land():
    assert as_json("freed-land", "--freed", "10 公顷", "--industrial", "150 亩")["all_industrial"] is True
    assert as_json("freed-land", "--freed", "10 公顷", "--industrial", "149 亩")["changed_use_area"] == "1"


@pytest.mark.clause("go.10.3.assessed_energy")
def test_assessed_energy(tmp_path):
    f = tmp_path / "energy.yaml"
    f.write_text(
        yaml.safe_dump(
            {
                "year": 2024,
                "total_consumption": "120000 tce",
                "raw_material_use": "10000 tce",
                "new_renewable": "5000 tce",
                "renewable_base_year": 2020,
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    data = as_json("assessed-energy", str(f))
    assert data["assessed_consumption"] == "105000"
    assert [d["amount"] for d in data["deductions"]] == ["10000", "5000"]
    res = invoke("assessed-energy", str(f), "--override", "go.renewable_base_year=previous_year")
    assert res.exit_code == 2 and "renewable_base_year" in res.stderr
    f.write_text(yaml.safe_dump({"year": 2024, "total_consumption": 10, "raw_material_use": 11}), encoding="utf-8")
    res = invoke("assessed-energy", str(f))
    assert res.exit_code == 2 and "exceed" in res.stderr


def test_mounted_on_the_main_app():
    """zjpolicy.cli mounts this group through register() (from the catalogue)."""
    from zjpolicy.cli import app

    res = runner.invoke(
        app,
        ["check", "green-channel", "--intensity", "0.45 tce/万元", "--dual-control", "on-track", "--format", "json"],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["eligible"] is True
