"""全省每年出让的国有建设用地中工业用地比例不低于30% (十（四）)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zjpolicy
from zjpolicy import Q_, InputError, default_rulebook
from zjpolicy.land_energy import IndustrialLandShareResult, industrial_land_share

pytestmark = pytest.mark.clause("go.10.4.industrial_land_share")

AS_OF = date(2025, 1, 15)
MIN_SHARE = default_rulebook().value("go.10.4.industrial_land_share.min_share")


def run(**kw):
    return industrial_land_share({"year": 2024, **kw}, as_of=AS_OF)


def test_threshold_is_the_law():
    assert MIN_SHARE == 30
    assert default_rulebook().param("go.10.4.industrial_land_share.min_share").unit == "percent"


@pytest.mark.parametrize(
    ("industrial", "total", "meets"),
    [
        ("300 亩", "1000 亩", True),
        ("299.9 亩", "1000 亩", False),
        ("300.1 亩", "1000 亩", True),
        ("20 公顷", "1000 亩", True),
        ("3 公顷", "100 公顷", False),
        ("30 公顷", "100 公顷", True),
        ("200000 m²", "1000 亩", True),
    ],
)
def test_boundary(industrial, total, meets):
    r = run(industrial_area=industrial, total_area=total)
    assert r.meets is meets
    assert r.checks[0].met is meets


def test_exactly_30_percent():
    r = run(industrial_area="300", total_area="1000")
    assert r.share == 30 and r.meets and r.checks[0].margin == 0


def test_shortfall_reported():
    r = run(industrial_area="29", total_area="100")
    assert not r.meets
    assert r.checks[0].margin == -1
    # 29 industrial + 71 other: need i >= 3/7 * 71 = 213/7; 213/7 - 29 = 10/7 more
    assert "10/7 亩 more" in r.outcome and "short by 1 percentage point" in r.outcome


def test_non_industrial_area_alternative():
    r = run(industrial_area="3 公顷", non_industrial_area="105 亩")
    assert r.total_area == 150 and r.share == 30 and r.meets


@pytest.mark.parametrize(
    "kw",
    [
        {"industrial_area": "10"},
        {"industrial_area": "10", "total_area": "100", "non_industrial_area": "90"},
        {"industrial_area": "110", "total_area": "100"},
        {"industrial_area": "0", "total_area": "0"},
        {"industrial_area": "0", "non_industrial_area": "0"},
        {"industrial_area": "-1", "total_area": "10"},
        {"industrial_area": "1 tce", "total_area": "10"},
    ],
)
def test_bad_input(kw):
    with pytest.raises(InputError) as ei:
        run(**kw)
    assert ei.value.clause == "go.10.4.industrial_land_share"


areas = st.fractions(min_value=0, max_value=10**6, max_denominator=100)


@settings(max_examples=80, deadline=None, database=None)
@given(ind=areas, other=areas)
def test_unit_invariance(ind, other):
    if ind + other == 0:
        return
    a = run(industrial_area=Q_(ind, "亩"), non_industrial_area=Q_(other, "亩"))
    b = run(industrial_area=Q_(ind / 15, "公顷"), total_area=Q_((ind + other) / 15, "公顷"))
    c = run(industrial_area=Q_(ind * Fraction(2000, 3), "m**2"), total_area=Q_((ind + other) / 10000, "万亩"))
    assert a.share == b.share == c.share
    assert a.meets == b.meets == c.meets == (ind * 100 >= MIN_SHARE * (ind + other))


@settings(max_examples=80, deadline=None, database=None)
@given(ind=areas, other=areas, extra=areas)
def test_more_industrial_land_never_lowers_the_verdict(ind, other, extra):
    if ind + other == 0:
        return
    before = run(industrial_area=ind, non_industrial_area=other)
    after = run(industrial_area=ind + extra, non_industrial_area=other)
    assert after.share >= before.share
    assert after.meets or not before.meets
    # the same with the total held fixed (industrial land replaces other land)
    moved = min(extra, other)
    fixed = run(industrial_area=ind + moved, total_area=ind + other)
    assert fixed.meets or not before.meets


@settings(max_examples=50, deadline=None, database=None)
@given(ind=areas, other=areas)
def test_json_round_trip_and_replay(ind, other):
    if ind + other == 0:
        return
    r = run(industrial_area=Q_(ind, "亩"), total_area=Q_(ind + other, "亩"))
    assert IndustrialLandShareResult.model_validate_json(r.model_dump_json()) == r
    assert zjpolicy.replay(r.model_dump_json()) == r
