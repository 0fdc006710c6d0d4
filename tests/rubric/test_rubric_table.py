"""The star table (三、2.) at and around every threshold, the readings, the green rows and the veto."""

from datetime import date
from fractions import Fraction

import pytest
from rubric_parks import LEVELS, TABLE, park, values_at

from zjpolicy import InputError, NotInForceError
from zjpolicy.rubric import ParkIndicators, RelaxationPolicy, rate_park

AS_OF = date(2024, 6, 30)
ROW_CLAUSE = {
    "manufacturing_revenue": "dp.3.2.row01_manufacturing_revenue",
    "cnc_rate": "dp.3.2.row02_cnc_rate",
    "machine_networking_rate": "dp.3.2.row03_machine_networking_rate",
    "industrial_internet_rate": "dp.3.2.row04_industrial_internet_rate",
    "high_tech_value_added_share": "dp.3.2.row05_high_tech_value_added_share",
    "rd_intensity": "dp.3.2.row06_rd_intensity",
    "value_added_per_mu": "dp.3.2.row07_value_added_per_mu",
    "tax_per_mu": "dp.3.2.row08_tax_per_mu",
    "labour_productivity": "dp.3.2.row09_labour_productivity",
}
ALL_ROWS = pytest.mark.clause(*ROW_CLAUSE.values(), "dp.3.2.rating_rule")
CENT = Fraction(1, 100)


def stars(data, **kw):
    return rate_park(data, as_of=kw.pop("as_of", AS_OF), **kw).stars


@ALL_ROWS
@pytest.mark.clause("dp.3.2.demonstration_park")
def test_a_park_at_exactly_every_five_star_value_is_five_star():
    r = rate_park(park(zone_level="provincial"), as_of=AS_OF)  # a 省级 zone: in the evaluation scope (三、1.)
    assert r.stars == 5 and r.is_demonstration_park and not r.must_rectify and r.next_level is None
    assert all(c.met for c in r.checks)
    assert r.level_name == "五星级园区"


@ALL_ROWS
@pytest.mark.parametrize("field", list(TABLE))
def test_one_indicator_a_hundredth_short_drops_a_level(field):
    vals = values_at(5)
    vals[field] -= CENT
    r = rate_park(park(vals), as_of=AS_OF)
    assert r.stars == 4
    assert [g.field for g in r.gaps_to_next_level] == [field]
    assert r.gaps_to_next_level[0].amount == CENT


@ALL_ROWS
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("field", list(TABLE))
def test_each_threshold_at_just_below_and_just_above(field, level):
    i = LEVELS.index(level)
    if TABLE[field][i] is None:  # row 1 sets nothing for three stars (reading three_star_unset)
        vals = values_at(level)
        vals[field] = Fraction(0)
        assert stars(park(vals)) == level
        return
    at = values_at(level)
    assert stars(park(at)) == level
    below = dict(at, **{field: at[field] - CENT})
    assert stars(park(below)) == (LEVELS[i - 1] if i else 0)
    above = dict(at, **{field: at[field] + CENT})
    assert stars(park(above)) == level


@pytest.mark.clause("dp.3.2.row01_manufacturing_revenue")
def test_row_one_readings():
    """A park at three-star values with 400 亿元: three-star unless 500 亿元 also applies to three stars."""
    vals = values_at(3)
    vals["manufacturing_revenue"] = Fraction(400)
    r = rate_park(park(vals), as_of=AS_OF)
    assert r.stars == 3
    assert next(x for x in r.readings if x.id == "dp.row1_scale").value == "three_star_unset"
    merged = rate_park(park(vals), as_of=AS_OF, overrides={"dp.row1_scale": "merged_three_four"})
    assert merged.stars == 0 and merged.must_rectify
    used = next(x for x in merged.readings if x.id == "dp.row1_scale")
    assert used.value == "merged_three_four" and not used.is_default
    vals["manufacturing_revenue"] = Fraction(500)
    assert stars(park(vals), overrides={"dp.row1_scale": "merged_three_four"}) == 3


@pytest.mark.clause("dp.3.2.row10_energy_per_value_added", "dp.3.2.row11_pollutant_per_value_added")
def test_green_rows_are_strict_and_apply_at_every_level():
    equal = park(energy_per_value_added={"value": "0.45 tce/万元", "standard": "0.45 tce/万元"})
    r = rate_park(equal, as_of=AS_OF)
    assert r.stars == 0, "低于 is strict: equal to the standard is not below it"
    below = park(energy_per_value_added={"value": "0.4499 tce/万元", "standard": "450 kgce/万元"})
    assert stars(below) == 5
    assert stars(park(pollutant_per_value_added={"below_standard": False})) == 0
    g = rate_park(park(pollutant_per_value_added={"value": "1.2 吨/万元", "standard": "1.1 吨/万元"}), as_of=AS_OF)
    gap = next(x for x in g.gaps_to_next_level if x.field == "pollutant_per_value_added")
    assert gap.strict and gap.amount == Fraction(1, 10)


@pytest.mark.clause("dp.3.2.row10_energy_per_value_added")
def test_missing_green_data_is_an_error_not_a_pass():
    data = park()
    del data["energy_per_value_added"]
    with pytest.raises(InputError) as e:
        rate_park(data, as_of=AS_OF)
    assert "energy_per_value_added" in str(e.value)
    with pytest.raises(InputError, match="missing green data"):
        rate_park(park(energy_per_value_added={"value": "0.4 tce/万元"}), as_of=AS_OF)
    with pytest.raises(InputError, match="not both"):
        rate_park(park(energy_per_value_added={"value": 1, "standard": 2, "below_standard": True}), as_of=AS_OF)


@pytest.mark.clause("dp.3.3.incident_veto")
def test_a_veto_beats_a_perfect_park():
    r = rate_park(park(major_incidents=[{"date": "2024-06-01", "kind": "environmental"}]), as_of=AS_OF)
    assert r.stars == 0 and r.vetoed and r.strict_stars == 0 and not r.is_demonstration_park
    assert "dp.3.3.incident_veto" in r.veto_reason and r.veto_clears_on == date(2026, 6, 2)


@pytest.mark.clause("dp.3.3.incident_veto")
@pytest.mark.parametrize(
    "incident, reading, vetoed",
    [
        ("2022-06-30", "inclusive", True),  # exactly two years before as_of: inside 两年内 (以内 counts 本数)
        ("2022-06-30", "exclusive", False),
        ("2022-06-29", "inclusive", False),  # a day earlier: outside
        ("2022-07-01", "exclusive", True),
        ("2024-06-30", "inclusive", True),  # on the rating day
        ("2024-07-01", "inclusive", False),  # after as_of: not yet known
    ],
)
def test_veto_window_boundary(incident, reading, vetoed):
    r = rate_park(
        park(major_incidents=[{"date": incident, "kind": "safety"}]),
        as_of=AS_OF,
        overrides={"dp.veto_boundary": reading},
    )
    assert r.vetoed is vetoed
    if vetoed:  # the day it clears is the first day it is outside the window
        after = rate_park(
            park(major_incidents=[{"date": incident, "kind": "safety"}]),
            as_of=r.veto_clears_on,
            overrides={"dp.veto_boundary": reading},
        )
        assert not after.vetoed and after.stars == 5


@pytest.mark.clause("dp.3.3.incident_veto")
def test_veto_on_29_february():
    p = park(major_incidents=[{"date": "2020-02-29", "kind": "safety"}])
    assert rate_park(p, as_of=date(2022, 2, 28)).vetoed
    assert not rate_park(p, as_of=date(2022, 3, 1)).vetoed
    assert rate_park(p, as_of=date(2022, 2, 28)).veto_clears_on == date(2022, 3, 1)


@pytest.mark.clause("dp.3.2.rectification", "dp.3.2.rating_rule")
def test_below_three_stars_must_rectify_by_2025():
    vals = values_at(3)
    vals["cnc_rate"] = Fraction(59)
    r = rate_park(park(vals), as_of=AS_OF)
    assert r.stars == 0 and r.must_rectify and r.rectify_by_year == 2025 and r.next_level == 3
    assert r.level_name == "未达三星级评价标准"
    assert [g.field for g in r.gaps_to_next_level] == ["cnc_rate"]


@pytest.mark.clause(
    "dp.4.3.cluster_competition_priority",
    "dp.4.3.regional_project_list_funding",
    "dp.4.3.major_project_library_priority",
    "dp.4.3.land_quota_tilt",
    "dp.4.3.energy_total_relaxation",
    "dp.4.3.talent_support",
)
def test_policy_support_by_level():
    def applying(level):
        r = rate_park(park(values_at(level)), as_of=AS_OF)
        return {p.clause for p in r.policy_support if p.applies}

    four_plus = {"dp.4.3.cluster_competition_priority", "dp.4.3.regional_project_list_funding"}
    assert four_plus <= applying(4) and four_plus <= applying(5)
    assert not four_plus & applying(3)
    assert "dp.4.3.major_project_library_priority" in applying(3)
    vals = values_at(3)
    vals["rd_intensity"] = Fraction(2)
    assert applying_none(vals)


def applying_none(vals):
    r = rate_park(park(vals), as_of=AS_OF)
    return r.stars == 0 and not any(p.applies for p in r.policy_support)


@pytest.mark.clause("dp.3.2.rating_rule")
def test_relaxation_is_stated_never_silent():
    vals = values_at(5)
    vals["tax_per_mu"] = Fraction("39.8")  # 0.5% short of 40
    strict = rate_park(park(vals), as_of=AS_OF)
    assert strict.stars == 4 and strict.relaxed_stars is None and not strict.relaxed_indicators
    policy = RelaxationPolicy(max_relaxed=1, max_shortfall="0.5%")
    r = rate_park(park(vals), as_of=AS_OF, relaxation=policy)
    assert (r.strict_stars, r.relaxed_stars, r.stars) == (4, 5, 5)
    [rel] = r.relaxed_indicators
    assert rel.field == "tax_per_mu" and rel.shortfall == Fraction(1, 5) and rel.shortfall_percent == Fraction(1, 2)
    reading = next(x for x in r.readings if x.id == "dp.relaxation")
    assert reading.value == "stated" and not reading.is_default
    assert "strict reading: 4 stars" in r.outcome
    # beyond the stated shortfall, or more indicators than allowed: no relaxation
    assert (
        rate_park(park(vals), as_of=AS_OF, relaxation=RelaxationPolicy(max_relaxed=1, max_shortfall="0.49%")).stars == 4
    )
    vals["cnc_rate"] = Fraction("69.9")
    assert rate_park(park(vals), as_of=AS_OF, relaxation=policy).stars == 4
    # green rows are not relaxed unless allowed
    g = park(energy_per_value_added={"value": "0.4501", "standard": "0.45", "unit": "tce/万元"})
    assert rate_park(g, as_of=AS_OF, relaxation=RelaxationPolicy(max_relaxed=1, max_shortfall="1%")).stars == 0
    assert (
        rate_park(
            g, as_of=AS_OF, relaxation=RelaxationPolicy(max_relaxed=1, max_shortfall="1%", allow_green=True)
        ).stars
        == 5
    )


@pytest.mark.clause("dp.3.2.bonus")
def test_bonus_counts_projects_in_their_highest_band_and_points_need_weights():
    projects = [{"investment": f"{x} 亿元"} for x in ("9.99", "10", "29.99", "30", "50", "120")]
    bonus = {"global_500": 1, "china_500": 2, "industry_top5": 3, "projects": projects}
    r = rate_park(park(bonus=bonus), as_of=AS_OF)
    assert r.bonus.counts == {
        "global_500": 1,
        "china_500": 2,
        "industry_top5": 3,
        "project_band_10": 2,
        "project_band_30": 1,
        "project_band_50": 2,
    }
    assert r.bonus.points is None
    every = rate_park(park(bonus=bonus), as_of=AS_OF, overrides={"dp.bonus_bands": "every_band"})
    assert every.bonus.counts["project_band_10"] == 5 and every.bonus.counts["project_band_50"] == 2
    w = rate_park(park(bonus=bonus), as_of=AS_OF, bonus_weights={"global_500": 2, "project_band_50": "0.5"})
    assert w.bonus.points == 3 and w.stars == 5


def test_totals_derive_per_mu_values_and_must_agree():
    vals = values_at(4)
    data = park(vals)
    for k in ("value_added_per_mu", "tax_per_mu", "labour_productivity"):
        del data[k]
    data.update(value_added="135000 万元", tax="35000 万元", land_area="1000 亩", employees="4500 人")
    r = rate_park(data, as_of=AS_OF)
    assert r.stars == 4 and r.inputs["labour_productivity"] == "30"
    with pytest.raises(InputError, match="differ"):
        rate_park(dict(data, tax_per_mu="36"), as_of=AS_OF)
    del data["tax"]
    with pytest.raises(InputError, match="tax_per_mu"):
        rate_park(data, as_of=AS_OF)


def test_bad_input_names_field_unit_and_clause():
    with pytest.raises(InputError) as e:
        rate_park(park(cnc_rate="150%"), as_of=AS_OF)
    assert e.value.field == "cnc_rate" and "≤ 100" in str(e.value)
    with pytest.raises(InputError) as e:
        rate_park(park(tax_per_mu="40 万元/人"), as_of=AS_OF)
    p = e.value.problems[0]
    assert (p.field, p.expected_unit, p.clause) == ("tax_per_mu", "万元/亩", "dp.3.2.row08_tax_per_mu")
    with pytest.raises(InputError, match="land_area"):
        rate_park(dict(park(), value_added_per_mu=None, value_added=1, land_area=-5), as_of=AS_OF)


def test_not_in_force_before_the_first_star_list():
    with pytest.raises(NotInForceError, match="2021-04-27"):
        rate_park(park(), as_of=date(2021, 4, 26))


def test_field_units_match_the_rulebook():
    from zjpolicy.rubric import table
    from zjpolicy.rulebook import default_rulebook

    for row in table(default_rulebook()).rows:
        schema = ParkIndicators.model_json_schema()["properties"][row.field]
        unit = schema.get("x-unit") or next(s.get("x-unit") for s in schema.get("anyOf", []) if "x-unit" in s)
        assert unit == row.unit, row.field


def test_green_row_units_match_the_rulebook():
    from zjpolicy.rubric import table
    from zjpolicy.rubric.inputs import GREEN_UNITS
    from zjpolicy.rulebook import default_rulebook

    for row in table(default_rulebook()).green:  # row 11 states no unit: the caller's standard sets it
        assert GREEN_UNITS[row.field] == (None if row.unit == "dimensionless" else row.unit), row.field
