"""Properties of the rating: monotone, unit-invariant, gaps reach the next level exactly, strict ≤ relaxed."""

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rubric_parks import TABLE, UNITS, park, values_at

import zjpolicy
from zjpolicy.rubric import RelaxationPolicy, StarRating, rate_park

ROWS = pytest.mark.clause(  # every property below rates whole parks, so it evaluates every row
    "dp.3.2.row01_manufacturing_revenue",
    "dp.3.2.row02_cnc_rate",
    "dp.3.2.row03_machine_networking_rate",
    "dp.3.2.row04_industrial_internet_rate",
    "dp.3.2.row05_high_tech_value_added_share",
    "dp.3.2.row06_rd_intensity",
    "dp.3.2.row07_value_added_per_mu",
    "dp.3.2.row08_tax_per_mu",
    "dp.3.2.row09_labour_productivity",
    "dp.3.2.rating_rule",
)
AS_OF = date(2024, 6, 30)
PCT = {k for k, u in UNITS.items() if u == "%"}


def value_for(field):
    """Values spread around the table's thresholds, exact to 1/100."""
    lo = Fraction(0)
    hi = Fraction(1200) if field == "manufacturing_revenue" else Fraction(100) if field in PCT else Fraction(200)
    return st.integers(int(lo * 100), int(hi * 100)).map(lambda n: Fraction(n, 100))


parks = st.fixed_dictionaries({f: value_for(f) for f in TABLE})
# values near the thresholds matter most: start from a level and nudge
near = st.builds(
    lambda level, nudges: {f: max(Fraction(0), v + nudges[i]) for i, (f, v) in enumerate(values_at(level).items())},
    st.sampled_from([3, 4, 5]),
    st.lists(
        st.sampled_from([Fraction(0), Fraction(-1, 100), Fraction(1, 100), Fraction(-3), Fraction(2)]),
        min_size=len(TABLE),
        max_size=len(TABLE),
    ),
)
any_park = st.one_of(parks, near)


@ROWS
@given(vals=any_park, field=st.sampled_from(list(TABLE)), bump=st.integers(1, 5000).map(lambda n: Fraction(n, 100)))
def test_raising_any_indicator_never_lowers_stars(vals, field, bump):
    before = rate_park(park(vals), as_of=AS_OF).stars
    higher = dict(vals)
    higher[field] += bump
    if field in PCT:
        higher[field] = min(higher[field], Fraction(100))
    assert rate_park(park(higher), as_of=AS_OF).stars >= before


@ROWS
@given(vals=any_park)
def test_same_answer_in_yi_or_wan_yuan_and_mu_or_hectare(vals):
    a = rate_park(park(vals), as_of=AS_OF)
    other = park(vals)
    other["manufacturing_revenue"] = f"{vals['manufacturing_revenue'] * 10000} 万元"
    other["value_added_per_mu"] = f"{vals['value_added_per_mu'] * 15} 万元/公顷"
    other["tax_per_mu"] = f"{vals['tax_per_mu'] * 15 * 10000} 元/公顷"
    other["cnc_rate"] = f"{vals['cnc_rate'] / 100} dimensionless"
    b = rate_park(other, as_of=AS_OF)
    assert (a.stars, a.strict_stars) == (b.stars, b.strict_stars)
    assert [c.met for c in a.checks] == [c.met for c in b.checks]


@ROWS
@given(vals=any_park)
def test_gaps_applied_reach_exactly_the_next_level(vals):
    r = rate_park(park(vals), as_of=AS_OF)
    if r.next_level is None:
        assert r.stars == 5
        return
    fixed = dict(vals)
    for g in r.gaps_to_next_level:
        fixed[g.field] += g.amount
    after = rate_park(park(fixed), as_of=AS_OF)
    assert after.stars == r.next_level
    # and exactly: each gap lands on the threshold itself
    assert all(fixed[g.field] == g.threshold for g in r.gaps_to_next_level)


@ROWS
@given(vals=any_park, k=st.integers(0, 3), pct=st.integers(0, 2000).map(lambda n: Fraction(n, 100)))
def test_strict_stars_never_exceed_relaxed_stars(vals, k, pct):
    r = rate_park(park(vals), as_of=AS_OF, relaxation=RelaxationPolicy(max_relaxed=k, max_shortfall=pct))
    assert r.strict_stars <= r.relaxed_stars == r.stars
    assert len(r.relaxed_indicators) <= k
    assert all(x.shortfall_percent <= pct for x in r.relaxed_indicators)


@ROWS
@given(vals=any_park)
def test_json_round_trip_and_replay(vals):
    r = rate_park(park(vals), as_of=AS_OF, relaxation={"max_relaxed": 1, "max_shortfall": "2%"})
    back = StarRating.model_validate_json(r.model_dump_json())
    assert back == r
    assert zjpolicy.replay(r.model_dump_json()) == r
