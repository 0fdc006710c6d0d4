"""3000亩 incentive quota and 10亿元以上制造业重大项目 (十（四）)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zjpolicy
from zjpolicy import Q_, InputError, default_rulebook
from zjpolicy.land_energy import LandQuotaResult, MajorProjectResult, land_quota, major_project_priority

AS_OF = date(2025, 1, 15)
POOL = default_rulebook().value("go.10.4.land_quota_incentive.annual_pool")
MIN_INVESTMENT = default_rulebook().value("go.10.4.major_project_priority.min_investment")


def quota(*areas, year=2024):
    return land_quota(
        {"year": year, "allocations": [{"recipient": f"r{i}", "area": a} for i, a in enumerate(areas)]}, as_of=AS_OF
    )


# ----------------------------------------------------------------------------- quota


@pytest.mark.clause("go.10.4.land_quota_incentive")
def test_pool_is_the_law():
    assert POOL == 3000
    assert default_rulebook().param("go.10.4.land_quota_incentive.annual_pool").unit == "亩"


@pytest.mark.clause("go.10.4.land_quota_incentive")
@pytest.mark.parametrize(
    ("areas", "within", "remaining"),
    [
        (("3000 亩",), True, 0),
        (("2999 亩",), True, 1),
        (("3001 亩",), False, -1),
        (("200 公顷",), True, 0),
        (("1000", "1500", "500"), True, 0),
        (("1000", "1500", "500.5"), False, Fraction(-1, 2)),
        (("0.3 万亩",), True, 0),
        ((), True, 3000),
    ],
)
def test_quota_boundary(areas, within, remaining):
    r = quota(*areas)
    assert r.within is within
    assert r.remaining == remaining
    assert r.pool == 3000
    assert r.checks[0].met is within and r.checks[0].margin == remaining


@pytest.mark.clause("go.10.4.land_quota_incentive")
def test_quota_outcome_and_bad_input():
    assert "exceeds the pool of 3000 亩 by 1 亩" in quota("3001").outcome
    with pytest.raises(InputError) as ei:
        quota("-5")
    assert ei.value.clause == "go.10.4.land_quota_incentive"
    with pytest.raises(InputError) as ei:
        land_quota({"year": 2024, "allocations": [{"recipient": "a", "area": "1", "date": "2023-05-01"}]}, as_of=AS_OF)
    assert ei.value.field == "allocations[0].date"


@pytest.mark.clause("go.10.4.land_quota_incentive")
@settings(max_examples=60, deadline=None, database=None)
@given(areas=st.lists(st.fractions(min_value=0, max_value=2000, max_denominator=10), max_size=6), data=st.data())
def test_quota_properties(areas, data):
    r = quota(*[Q_(a, "亩") for a in areas])
    assert r.within == (sum(areas, Fraction(0)) <= POOL)
    assert r.remaining == POOL - sum(areas, Fraction(0))
    shuffled = data.draw(st.permutations(areas))
    in_ha = quota(*[Q_(a / 15, "公顷") for a in shuffled])
    assert (in_ha.within, in_ha.remaining, in_ha.allocated) == (r.within, r.remaining, r.allocated)
    assert LandQuotaResult.model_validate_json(r.model_dump_json()) == r
    assert zjpolicy.replay(r.model_dump_json()) == r


# ----------------------------------------------------------------------------- major projects


def major(investment, manufacturing=True):
    return major_project_priority({"investment": investment, "manufacturing": manufacturing}, as_of=AS_OF)


@pytest.mark.clause("go.10.4.major_project_priority")
def test_threshold_is_the_law():
    assert MIN_INVESTMENT == 10


@pytest.mark.clause("go.10.4.major_project_priority")
@pytest.mark.parametrize(
    ("investment", "priority"),
    [
        ("10 亿元", True),
        ("9.99 亿元", False),
        ("10.01 亿元", True),
        ("100000 万元", True),
        ("99999.99 万元", False),
        ("1000000000 元", True),
        ("999999999 元", False),
        ("10", True),
    ],
)
def test_major_project_boundary(investment, priority):
    r = major(investment)
    assert r.priority is priority
    assert r.checks[0].met is priority


@pytest.mark.clause("go.10.4.major_project_priority")
def test_must_be_manufacturing():
    r = major("50 亿元", manufacturing=False)
    assert not r.priority and r.failed == ["manufacturing"]
    r = major("5 亿元", manufacturing=False)
    assert r.failed == ["investment", "manufacturing"]
    assert "short by 5 亿元" in r.outcome


@pytest.mark.clause("go.10.4.major_project_priority")
def test_major_project_bad_input():
    with pytest.raises(InputError):
        major_project_priority({"investment": "10 亿元"}, as_of=AS_OF)
    with pytest.raises(InputError) as ei:
        major("10 亩")
    assert ei.value.field == "investment" and ei.value.expected_unit == "亿元"


@pytest.mark.clause("go.10.4.major_project_priority")
@settings(max_examples=60, deadline=None, database=None)
@given(x=st.fractions(min_value=0, max_value=100, max_denominator=10000), manufacturing=st.booleans())
def test_major_project_unit_invariance_and_replay(x, manufacturing):
    a = major(Q_(x, "亿元"), manufacturing)
    b = major(Q_(x * 10000, "万元"), manufacturing)
    c = major(Q_(x * 10**8, "元"), manufacturing)
    assert a.priority == b.priority == c.priority == (x >= MIN_INVESTMENT and manufacturing)
    assert MajorProjectResult.model_validate_json(a.model_dump_json()) == a
    assert zjpolicy.replay(a.model_dump_json()) == a
