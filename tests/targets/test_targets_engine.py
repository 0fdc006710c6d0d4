"""Engine-wide tests: every target and trend clause has a rule, statistics keying and adapters, errors."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from zjpolicy import Comparison, InputError, UnitError, default_rulebook
from zjpolicy.rulebook import Basis, ClauseKind
from zjpolicy.rules import all_rules
from zjpolicy.targets import (
    DELEGATED,
    Statistics,
    TargetStatus,
    assess_targets,
    covered_clauses,
    resolve,
    rule_id,
    target_rules,
    to_statistics,
)
from zjpolicy.targets.indicators import goal_parameters

RB = default_rulebook()
LEVEL_GOALS = [c for c in covered_clauses() if c.kind is ClauseKind.target]


def test_every_target_and_trend_clause_is_in_a_rule_or_delegated():
    implemented = {cid for r in all_rules().values() if r.id.startswith("targets.") for cid in r.clauses}
    wanted = {c.id for c in RB.clauses.values() if c.kind in (ClauseKind.target, ClauseKind.trend)}
    assert wanted - set(DELEGATED) == implemented
    # what is delegated is exactly the park-level goals and duties of the plan, and they are target clauses
    assert set(DELEGATED) <= wanted
    assert all(cid.startswith("dp.1.2.park_") for cid in set(DELEGATED) - {"dp.2.2.rd_institution_coverage"})
    assert all(DELEGATED[cid].startswith("zjpolicy.rubric") for cid in DELEGATED)


def test_one_versioned_rule_per_clause():
    rules = target_rules()
    assert len(rules) == len(covered_clauses())
    for cid, r in rules.items():
        assert r.id == rule_id(cid) == f"targets.{cid}" and r.clauses == (cid,)
        assert r.version.count(".") == 2
        assert r.readings == RB.clause(cid).readings


@pytest.mark.parametrize("clause", [pytest.param(c, id=c.id, marks=pytest.mark.clause(c.id)) for c in LEVEL_GOALS])
def test_every_level_goal_at_its_boundary(clause):
    """The engine's generic comparison for each goal (its value is checked against the text in tests/law)."""
    p = goal_parameters(clause)[0]
    year = p.year or 2024
    exact, below = p.value, p.value - Fraction(1, 10**6)
    if p.comparison is Comparison.approx:
        exact = p.value + RB.reading_number("go.approx_tolerance") / 100
        below = exact + Fraction(1, 10**6)

    def given(v: Fraction) -> object:  # a 新增 figure must say it is the count added (a total is no data)
        return {"value": v, "added": True} if p.basis is Basis.new else v

    met = assess_targets({clause.id: {year: given(exact)}}, year=year, clauses=[clause.id])[clause.id]
    short = assess_targets({clause.id: {year: given(below)}}, year=year, clauses=[clause.id])[clause.id]
    assert met.status is TargetStatus.met, met.outcome
    fail = TargetStatus.not_met_aspirational if p.aspirational else TargetStatus.not_met
    assert short.status is fail, short.outcome
    assert met.target == p.value and met.unit == p.unit and met.comparison is p.comparison
    # a 每年 goal under 到2025年 is judged every year of its period (reading go.per_year_period): no single due year
    assert met.target_year == (None if p.basis is Basis.per_year else p.year)
    assert met.each_year is (p.basis is Basis.per_year)
    assert met.citations[0].clause == clause.id and met.citations[0].text == clause.text
    assert met.checks[0].parameter == p.id and met.checks[0].clause == clause.id


@pytest.mark.clause("go.1.2.labour_productivity")
def test_audit_fields():
    r = assess_targets({"go.1.2.labour_productivity": {2025: 35}}, year=2025)["go.1.2.labour_productivity"]
    assert r.rule == "targets.go.1.2.labour_productivity" and r.rule_version == "1.0.0"
    assert r.package_version and r.parameters_digest.startswith("sha256:")
    assert r.as_of == date(2025, 12, 31)
    assert r.inputs["year"] == 2025 and r.inputs["observations"][0]["indicator"] == "go.1.2.labour_productivity"


def test_report_covers_everything_and_skips_the_park_goals():
    rep = assess_targets({}, year=2024)
    assert [r.clause for r in rep.results] == [c.id for c in covered_clauses()]
    assert all(r.status is TargetStatus.no_data for r in rep.results)
    assert {s.clause for s in rep.skipped} == set(DELEGATED)
    assert rep.summary()["no data"] == len(rep.results)


def test_as_of_is_recorded():
    rep = assess_targets({}, year=2024, as_of=date(2025, 6, 30))
    assert rep.as_of == date(2025, 6, 30) and rep.results[0].as_of == date(2025, 6, 30)


# ---------------------------------------------------------------- keying


@pytest.mark.parametrize(
    "alias",
    [
        "go.8.4.mountain_industrial_value_added",
        "mountain_industrial_value_added",
        "go.8.4.mountain_industrial_value_added.target",
        "山区26县规上工业增加值",
    ],
)
@pytest.mark.clause("go.8.4.mountain_industrial_value_added")
def test_aliases(alias):
    assert resolve(alias).key == "go.8.4.mountain_industrial_value_added"
    r = assess_targets({alias: {2025: "2170 亿元"}}, year=2025)["go.8.4.mountain_industrial_value_added"]
    assert r.status is TargetStatus.met


def test_unknown_indicator_is_an_error():
    with pytest.raises(InputError, match="unknown indicator") as e:
        assess_targets({"mountain_value_add": {2025: 1}}, year=2025)
    assert e.value.field == "mountain_value_add"


def test_delegated_indicator_is_an_error():
    with pytest.raises(InputError, match="rubric"):
        assess_targets({"dp.1.2.park_tax_per_mu": {2025: 40}}, year=2025)


def test_wrong_unit_names_field_unit_and_clause():
    with pytest.raises(UnitError) as e:
        assess_targets({"go.8.4.mountain_industrial_value_added": {2025: "2170 亩"}}, year=2025)
    p = e.value.problems[0]
    assert p.field == "go.8.4.mountain_industrial_value_added[2025]" and p.expected_unit == "亿元"
    assert p.clause == "go.8.4.mountain_industrial_value_added"


def test_negative_count_is_an_error():
    with pytest.raises(InputError, match="≥ 0"):
        assess_targets({"go.7.1.rectify_enterprises": {2024: -1}}, year=2024)


def test_same_indicator_and_year_twice_is_an_error():
    with pytest.raises(InputError, match="twice"):
        assess_targets({"go.7.1.land_freed": {2024: "5 万亩"}, "land_freed": {2024: "50000 亩"}}, year=2024)


def test_value_without_year_uses_the_year():
    s = to_statistics({"year": 2024, "indicators": {"land_freed": "5 万亩"}})
    assert s.observations[0].year == 2024 and s.observations[0].value == 5 and s.observations[0].unit == "万亩"
    s = to_statistics({"land_freed": "5 万亩"}, year=2023)
    assert s.observations[0].year == 2023


def test_not_a_number_is_an_error():
    with pytest.raises(InputError) as e:
        assess_targets({"go.7.1.land_freed": {2024: "lots"}}, year=2024)
    assert "statistics" in e.value.field


# ---------------------------------------------------------------- adapters


def _stats_dict():
    return {
        "go.8.4.mountain_industrial_value_added": {2024: "2000 亿元", 2025: "2170 亿元"},
        "manufacturing_value_added": {2025: "30000 亿元"},
        "gdp": {2025: "90000 亿元"},
    }


def test_dict_model_list_and_dataframe_agree():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        [
            {"indicator": "go.8.4.mountain_industrial_value_added", "year": 2024, "value": 2000, "unit": "亿元"},
            {"indicator": "go.8.4.mountain_industrial_value_added", "year": 2025, "value": 21700000, "unit": "万元"},
            {"indicator": "manufacturing_value_added", "year": 2025, "value": "30000 亿元", "unit": None},
            {"indicator": "gdp", "year": 2025, "value": 90000.0, "unit": "亿元"},
        ]
    )
    a = assess_targets(_stats_dict(), year=2025)
    b = assess_targets(frame, year=2025)
    c = assess_targets(to_statistics(_stats_dict()), year=2025)
    d = assess_targets(list(to_statistics(_stats_dict()).observations), year=2025)
    for rep in (b, c, d):
        for x, y in zip(a.results, rep.results, strict=True):
            assert (x.clause, x.status, x.value) == (y.clause, y.status, y.value)
    assert a["go.1.2.manufacturing_share_of_gdp"].value == Fraction(1, 3)


def test_statistics_model_round_trip():
    s = to_statistics(_stats_dict())
    assert Statistics.model_validate_json(s.model_dump_json()) == s


def test_report_to_frame():
    pytest.importorskip("pandas")
    df = assess_targets(_stats_dict(), year=2025).to_frame()
    assert len(df) == len(covered_clauses())
    row = df[df.clause == "go.8.4.mountain_industrial_value_added"].iloc[0]
    assert row.status == "met"
