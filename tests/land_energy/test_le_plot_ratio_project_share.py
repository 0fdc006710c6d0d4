"""园区综合容积率达到1.5以上 (七（一）) and 制造业项目数不低于三分之一 (七（二）)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zjpolicy
from zjpolicy import Q_, InputError, default_rulebook
from zjpolicy.land_energy import PlotRatioResult, ProjectShareResult, manufacturing_project_share, plot_ratio

AS_OF = date(2025, 1, 15)
MIN_RATIO = default_rulebook().value("go.7.1.plot_ratio.min_plot_ratio")
MIN_SHARE = default_rulebook().value("go.7.2.manufacturing_project_share.min_share")


# ----------------------------------------------------------------------------- plot ratio


@pytest.mark.clause("go.7.1.plot_ratio")
def test_plot_ratio_threshold_is_the_law():
    assert Fraction(3, 2) == MIN_RATIO


@pytest.mark.clause("go.7.1.plot_ratio")
@pytest.mark.parametrize(("ratio", "meets"), [("1.5", True), ("1.49", False), ("1.51", True), ("1.4999", False)])
def test_plot_ratio_boundary(ratio, meets):
    r = plot_ratio({"plot_ratio": ratio}, as_of=AS_OF)
    assert r.meets is meets and r.checks[0].met is meets


@pytest.mark.clause("go.7.1.plot_ratio")
@pytest.mark.parametrize(
    ("floor", "land", "meets"),
    [
        ("15 公顷", "10 公顷", True),
        ("149999 m²", "10 公顷", False),
        ("150001 m²", "10 公顷", True),
        ("225 亩", "10 公顷", True),
        ("1500000 m²", "1500 亩", True),
    ],
)
def test_plot_ratio_from_areas(floor, land, meets):
    r = plot_ratio({"park": "示范园区", "floor_area": floor, "land_area": land}, as_of=AS_OF)
    assert r.meets is meets
    assert r.outcome.startswith("示范园区")


@pytest.mark.clause("go.7.1.plot_ratio")
@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({}, "plot_ratio"),
        ({"floor_area": "10 公顷"}, "land_area"),
        ({"land_area": "10 公顷"}, "floor_area"),
        ({"plot_ratio": "2", "floor_area": "1", "land_area": "1"}, "plot_ratio"),
        ({"floor_area": "10 公顷", "land_area": "0 m²"}, "land_area"),
        ({"plot_ratio": "-1"}, "plot_ratio"),
        ({"floor_area": "10 tce", "land_area": "1 公顷"}, "floor_area"),
    ],
)
def test_plot_ratio_bad_input(kw, field):
    with pytest.raises(InputError) as ei:
        plot_ratio(kw, as_of=AS_OF)
    assert ei.value.field == field
    assert ei.value.clause == "go.7.1.plot_ratio"


positive = st.fractions(min_value=Fraction(1, 100), max_value=10**6, max_denominator=100)


@pytest.mark.clause("go.7.1.plot_ratio")
@settings(max_examples=60, deadline=None, database=None)
@given(floor=st.fractions(min_value=0, max_value=10**6, max_denominator=100), land=positive)
def test_plot_ratio_unit_invariance_and_replay(floor, land):
    a = plot_ratio({"floor_area": Q_(floor, "m**2"), "land_area": Q_(land, "m**2")}, as_of=AS_OF)
    b = plot_ratio({"floor_area": Q_(floor / 10000, "公顷"), "land_area": Q_(land * 15 / 10000, "亩")}, as_of=AS_OF)
    c = plot_ratio({"plot_ratio": floor / land}, as_of=AS_OF)
    assert a.plot_ratio == b.plot_ratio == c.plot_ratio == floor / land
    assert a.meets == b.meets == c.meets == (floor / land >= MIN_RATIO)
    assert PlotRatioResult.model_validate_json(a.model_dump_json()) == a
    assert zjpolicy.replay(a.model_dump_json()) == a


# ----------------------------------------------------------------------------- project share


def share(m, n, year=2024):
    return manufacturing_project_share({"year": year, "manufacturing_projects": m, "total_projects": n}, as_of=AS_OF)


@pytest.mark.clause("go.7.2.manufacturing_project_share")
def test_share_threshold_is_exactly_one_third():
    assert Fraction(1, 3) == MIN_SHARE


@pytest.mark.clause("go.7.2.manufacturing_project_share")
@pytest.mark.parametrize(
    ("m", "n", "meets", "more"),
    [
        (1, 3, True, 0),
        (333, 1000, False, 1),
        (334, 1000, True, 0),
        (100, 300, True, 0),
        (99, 300, False, 1),
        (101, 300, True, 0),
        (0, 1, False, 1),
        (3, 10, False, 1),
        (2, 12, False, 2),
    ],
)
def test_share_boundary(m, n, meets, more):
    r = share(m, n)
    assert r.meets is meets
    assert r.more_needed == more
    assert r.checks[0].met is meets


@pytest.mark.clause("go.7.2.manufacturing_project_share")
def test_exactly_one_of_three_passes_exactly():
    r = share(1, 3)
    assert r.share == Fraction(1, 3) and r.checks[0].margin == 0
    assert '"1/3"' in r.model_dump_json()


@pytest.mark.clause("go.7.2.manufacturing_project_share")
def test_share_from_project_list():
    projects = [{"name": f"p{i}", "manufacturing": i % 3 == 0} for i in range(9)]
    r = manufacturing_project_share({"year": 2024, "projects": projects}, as_of=AS_OF)
    assert (r.manufacturing_projects, r.total_projects, r.meets) == (3, 9, True)
    projects[0]["manufacturing"] = False
    r = manufacturing_project_share({"year": 2024, "projects": projects}, as_of=AS_OF)
    assert not r.meets and r.more_needed == 1


@pytest.mark.clause("go.7.2.manufacturing_project_share")
@pytest.mark.parametrize(
    "kw",
    [
        {"manufacturing_projects": 4, "total_projects": 3},
        {"manufacturing_projects": 1},
        {"total_projects": 0, "manufacturing_projects": 0},
        {"projects": []},
        {"projects": [{"name": "a", "manufacturing": True}], "total_projects": 1},
        {"manufacturing_projects": -1, "total_projects": 3},
    ],
)
def test_share_bad_input(kw):
    with pytest.raises(InputError):
        manufacturing_project_share({"year": 2024, **kw}, as_of=AS_OF)


@pytest.mark.clause("go.7.2.manufacturing_project_share")
@settings(max_examples=80, deadline=None, database=None)
@given(n=st.integers(min_value=1, max_value=500), data=st.data())
def test_share_exact_thirds_and_replay(n, data):
    m = data.draw(st.integers(min_value=0, max_value=n))
    r = share(m, n)
    assert r.meets == (3 * m >= n)
    if not r.meets:
        assert share(m + r.more_needed, n).meets
        assert not share(m + r.more_needed - 1, n).meets
    if m < n and r.meets:
        assert share(m + 1, n).meets  # monotone in the manufacturing count
    assert ProjectShareResult.model_validate_json(r.model_dump_json()) == r
    assert zjpolicy.replay(r.model_dump_json()) == r
