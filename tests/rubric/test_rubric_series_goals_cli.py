"""Yearly re-rating (动态调整), the demonstration-park goals of 一（二）, and `zjpolicy rate`."""

import json
from datetime import date
from fractions import Fraction

import pytest
import yaml
from rubric_parks import park, values_at
from typer.testing import CliRunner

from zjpolicy.cli import app
from zjpolicy.rubric import assess_demonstration_goals, example_names, example_park, rate_park, rate_park_series

runner = CliRunner()


@pytest.mark.clause("dp.3.3.dynamic_adjustment")
def test_series_reports_each_years_level_and_change():
    s = rate_park_series(
        {2022: park(values_at(3)), 2023: park(values_at(5)), 2024: park(values_at(4)), 2025: park(values_at(4))}
    )
    assert [(y.as_of.year, y.stars, y.change) for y in s.years] == [
        (2022, 3, "new"),
        (2023, 5, "up"),
        (2024, 4, "down"),
        (2025, 4, "same"),
    ]
    assert "2023-12-31: 5 stars (up)" in s.explain()
    pairs = rate_park_series([(date(2024, 6, 30), park()), (date(2023, 6, 30), park(values_at(3)))])
    assert [y.stars for y in pairs.years] == [3, 5]


GOAL_CLAUSES = (
    "dp.1.2.park_high_tech_share",
    "dp.1.2.park_rd_intensity",
    "dp.1.2.park_tax_per_mu",
    "dp.1.2.park_value_added_per_mu",
    "dp.1.2.park_labour_productivity",
)


@pytest.mark.clause(*GOAL_CLAUSES, "dp.2.1.chain_focus")
def test_demonstration_goals_at_the_boundary():
    # 一（二）: ≥60%, ≥3%, ≥40 and ≥150 万元/亩, ≥35 万元/人·年 — exactly the five-star values
    r = assess_demonstration_goals(park(values_at(5), chains_focused=2), as_of=date(2025, 12, 31))
    assert r.all_met and r.chains_checked and len(r.checks) == 6
    short = values_at(5)
    short["labour_productivity"] = Fraction("34.99")
    r = assess_demonstration_goals(park(short), as_of=date(2025, 12, 31))
    assert not r.all_met and [c.name for c in r.checks if not c.met] == ["labour_productivity"]
    assert "chains_focused not given" in r.notes[0]
    for chains, ok in ((0, False), (1, True), (2, True), (3, False)):
        res = assess_demonstration_goals(park(chains_focused=chains), as_of=date(2025, 12, 31))
        assert next(c for c in res.checks if c.name == "chains_focused").met is ok


@pytest.mark.clause("dp.3.2.row01_manufacturing_revenue", "dp.3.2.bonus")
def test_bundled_examples():
    assert {"example-park", "vetoed-park"} <= set(example_names())
    r = rate_park(example_park(), as_of=date(2024, 6, 30))
    assert r.stars == 4 and r.green_park_priority and r.bonus.counts["project_band_30"] == 1
    v = rate_park(example_park("vetoed-park"), as_of=date(2024, 6, 30))
    assert v.vetoed and v.stars == 0


def test_rate_command_table_and_json(tmp_path):
    r = runner.invoke(app, ["rate", "--example", "example-park", "--as-of", "2024-06-30"])
    assert r.exit_code == 0 and "4 stars" in r.output and "dp.3.2.row08_tax_per_mu" in r.output
    f = tmp_path / "park.yaml"
    f.write_text(
        yaml.safe_dump({"park": park(), "rating": {"as_of": "2024-06-30"}}, allow_unicode=True), encoding="utf-8"
    )
    r = runner.invoke(app, ["rate", str(f), "--format", "json"])
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert data["stars"] == 5 and data["rule"] == "rubric.rate_park" and data["as_of"] == "2024-06-30"
    r = runner.invoke(app, ["rate", str(f), "--set", "dp.3.2.row02_cnc_rate.five_star=71%", "-f", "json"])
    assert json.loads(r.output)["stars"] == 4 and json.loads(r.output)["overrides"]
    jf = tmp_path / "park.json"
    jf.write_text(json.dumps(park(cnc_rate="150%")), encoding="utf-8")
    r = runner.invoke(app, ["rate", str(jf), "--as-of", "2024-06-30"])
    assert r.exit_code == 2 and "cnc_rate" in r.stderr and "≤ 100" in r.stderr
    r = runner.invoke(app, ["rate", str(f), "--relax-max", "1", "--relax-shortfall", "5%", "-f", "json"])
    assert json.loads(r.output)["relaxed_stars"] == 5
