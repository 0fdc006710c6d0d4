"""Property tests: unit invariance, monotonicity, CAGR reaches the goal, parts vs ratio."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjpolicy import default_rulebook
from zjpolicy.exact import fmt
from zjpolicy.targets import CAGR_PLACES, TargetStatus, assess_targets, compound, needed_rate

RB = default_rulebook()
SETTINGS = settings(max_examples=60, deadline=None)

pos = st.fractions(min_value=Fraction(1, 1000), max_value=Fraction(10**6), max_denominator=10**6)


def one(clause, stats, year, **kw):
    return assess_targets(stats, year=year, clauses=[clause], **kw)[clause]


def same(a, b):
    return (a.status, a.value, a.gap, a.progress, a.cagr_needed) == (
        b.status,
        b.value,
        b.gap,
        b.progress,
        b.cagr_needed,
    )


@pytest.mark.clause("go.8.4.mountain_industrial_value_added")
@SETTINGS
@given(v=st.decimals(min_value=0, max_value=10**5, places=4), year=st.sampled_from([2024, 2025]))
def test_money_unit_invariance(v, year):
    c = "go.8.4.mountain_industrial_value_added"
    a = one(c, {c: {2023: "1500 亿元", year: f"{v} 亿元"}}, year)
    b = one(c, {c: {2023: "15000000 万元", year: f"{v * 10000} 万元"}}, year)
    e = one(c, {c: {2023: "150000000000 元", year: f"{v * 10**8} 元"}}, year)
    assert same(a, b) and same(a, e)


@pytest.mark.clause("go.7.1.land_freed")
@SETTINGS
@given(mu=pos)
def test_land_unit_invariance(mu):
    c = "go.7.1.land_freed"
    a = one(c, {c: {2024: f"{fmt(mu)} 亩"}}, 2024)
    b = one(c, {c: {2024: f"{fmt(mu / 15)} 公顷"}}, 2024)
    w = one(c, {c: {2024: f"{fmt(mu / 10000)} 万亩"}}, 2024)
    assert same(a, b) and same(a, w)
    assert (a.status is TargetStatus.met) == (mu >= RB.value(f"{c}.target") * 10000)


GE_CLAUSES = [
    "go.1.2.labour_productivity",
    "go.5.3.high_tech_enterprises",
    "go.1.2.rd_intensity",
    "go.1.2.mountain_new_enterprises",
    "go.5.1.new_listed_companies",
]


@pytest.mark.clause("go.1.2.labour_productivity")
@pytest.mark.clause("go.5.3.high_tech_enterprises")
@pytest.mark.clause("go.1.2.rd_intensity")
@pytest.mark.clause("go.1.2.mountain_new_enterprises")
@pytest.mark.clause("go.5.1.new_listed_companies")
@SETTINGS
@given(clause=st.sampled_from(GE_CLAUSES), a=pos, b=pos, year=st.sampled_from([2024, 2025]))
def test_monotonicity_more_never_fails_a_ge_target(clause, a, b, year):
    lo, hi = min(a, b), max(a, b)

    def given(v):  # a 新增 figure is the count added only when it says so
        return {"value": v, "added": True} if clause == "go.5.1.new_listed_companies" else v

    r_lo = one(clause, {clause: {year: given(lo)}}, year)
    r_hi = one(clause, {clause: {year: given(hi)}}, year)
    if r_lo.met_now:
        assert r_hi.met_now
    if r_lo.status is TargetStatus.met:
        assert r_hi.status is TargetStatus.met
    assert r_hi.gap <= r_lo.gap
    assert r_hi.progress >= r_lo.progress
    # and the boundary itself always meets
    t = RB.value(f"{clause}.target")
    assert one(clause, {clause: {year: given(t)}}, year).met_now is True


@settings(max_examples=100, deadline=None)
@given(start=pos, goal=pos, years=st.integers(1, 8), rising=st.booleans())
def test_cagr_reaches_the_goal_and_never_falls_short(start, goal, years, rising):
    r, exact = needed_rate(start, goal, years, rising=rising)
    assert isinstance(r, Decimal) and -r.as_tuple().exponent == CAGR_PLACES
    got = compound(start, r, years)
    ulp = Fraction(1, 10**CAGR_PLACES)
    if rising:
        assert got >= goal  # never falls short
        if Fraction(r) - ulp >= -1:
            assert compound(start, Fraction(r) - ulp, years) < goal  # and is the smallest on the grid
    else:
        assert got <= goal
        assert compound(start, Fraction(r) + ulp, years) > goal
    assert exact == (got == goal)
    # within the stated precision: the exact root lies within one ulp
    approx = float(goal / start) ** (1 / years) - 1
    assert abs(float(r) - approx) <= 1e-9 * max(1.0, abs(approx))


def test_cagr_exact_rational_root():
    r, exact = needed_rate(Fraction(100), Fraction(121), 2)
    assert r == Decimal("0.1") and exact


@pytest.mark.clause("go.8.4.mountain_industrial_value_added")
@pytest.mark.clause("go.1.2.labour_productivity")
@SETTINGS
@given(
    v=pos,
    latest=st.integers(2022, 2024),
    clause=st.sampled_from(["go.8.4.mountain_industrial_value_added", "go.1.2.labour_productivity"]),
)
def test_engine_cagr_from_the_latest_year_reaches_the_goal(v, latest, clause):
    r = one(clause, {clause: {latest: v}}, 2024)
    p = RB.param(f"{clause}.target")
    assert r.status is TargetStatus.not_yet_due and r.value_year == latest
    assert r.years_left == p.year - latest
    if v >= p.value:
        assert r.cagr_needed is None and r.met_now
    else:
        assert compound(v, r.cagr_needed, r.years_left) >= p.value
        assert v + r.needed_per_year * r.years_left == p.value


RATIO_CASES = {
    "go.1.2.manufacturing_share_of_gdp": ("manufacturing_value_added", "gdp"),
    "go.1.2.rd_intensity": ("industrial_rd_expenditure", "industrial_revenue"),
    "go.7.2.manufacturing_investment_share": ("manufacturing_investment", "fixed_asset_investment"),
    "go.10.2.manufacturing_loan_share": ("manufacturing_loans", "total_loans"),
}


@pytest.mark.clause("go.1.2.manufacturing_share_of_gdp")
@pytest.mark.clause("go.1.2.rd_intensity")
@pytest.mark.clause("go.7.2.manufacturing_investment_share")
@pytest.mark.clause("go.10.2.manufacturing_loan_share")
@SETTINGS
@given(clause=st.sampled_from(sorted(RATIO_CASES)), num=pos, den=pos, prev=pos, year=st.sampled_from([2024, 2025]))
def test_parts_and_ratio_give_the_same_answer(clause, num, den, prev, year):
    if num > den:
        num, den = den, num
    share = num / den
    n, d = RATIO_CASES[clause]
    parts = {
        n: {year: f"{fmt(num)} 亿元"},
        d: {year: f"{fmt(den * 10000)} 万元"},
        clause: {year - 1: f"{fmt(prev / (prev + 1))} dimensionless"},
    }
    given_ratio = {clause: {year: f"{fmt(share)} dimensionless", year - 1: f"{fmt(prev / (prev + 1))} dimensionless"}}
    in_percent = {clause: {year: f"{fmt(share * 100)}%", year - 1: f"{fmt(prev / (prev + 1) * 100)}%"}}
    a = one(clause, parts, year)
    b = one(clause, given_ratio, year)
    c = one(clause, in_percent, year)
    assert same(a, b) and same(b, c)
    assert a.reference == b.reference
