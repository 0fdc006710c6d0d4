"""原料用能抵扣与新增可再生能源不纳入能耗总量考核 (十（三）) — assessed energy consumption."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zjpolicy
from zjpolicy import Q_, InputError
from zjpolicy.land_energy import EnergyAssessmentResult, assessed_energy

pytestmark = pytest.mark.clause("go.10.3.assessed_energy")

AS_OF = date(2025, 3, 1)


def run(overrides=None, **kw):
    return assessed_energy({"year": 2024, **kw}, as_of=AS_OF, overrides=overrides)


def test_deductions_itemized():
    r = run(
        total_consumption="120000 tce", raw_material_use="10000 tce", new_renewable="5000 tce", renewable_base_year=2020
    )
    assert r.assessed_consumption == 105000
    assert [(d.name, d.amount) for d in r.deductions] == [("raw_material_use", 10000), ("new_renewable", 5000)]
    assert r.deducted == 15000
    assert r.readings[0].id == "go.renewable_base_year" and r.readings[0].value == "2020"
    assert r.readings[0].is_default
    assert r.within_cap is None and r.checks == []


def test_no_deductions():
    r = run(total_consumption="1000")
    assert r.assessed_consumption == 1000 and r.deducted == 0


def test_deductions_equal_to_total_leave_zero():
    r = run(total_consumption="100", raw_material_use="60", new_renewable="40", renewable_base_year=2020)
    assert r.assessed_consumption == 0


def test_deductions_larger_than_total_are_an_input_error():
    with pytest.raises(InputError) as ei:
        run(total_consumption="100", raw_material_use="60", new_renewable="41", renewable_base_year=2020)
    assert ei.value.clause == "go.10.3.assessed_energy"
    assert "exceed" in str(ei.value)


def test_renewable_from_consumption_and_base():
    r = run(
        total_consumption="1000",
        renewable_consumption="300",
        renewable_consumption_base="120",
        renewable_base_year=2020,
    )
    assert r.deductions[1].amount == 180 and r.assessed_consumption == 820


def test_renewable_fell_means_nothing_new():
    r = run(
        total_consumption="1000",
        renewable_consumption="100",
        renewable_consumption_base="120",
        renewable_base_year=2020,
    )
    assert r.deductions[1].amount == 0 and r.assessed_consumption == 1000
    assert any("fell" in n for n in r.notes)


def test_base_year_must_match_the_reading():
    with pytest.raises(InputError) as ei:
        run(total_consumption="1000", new_renewable="10", renewable_base_year=2023)
    assert ei.value.field == "renewable_base_year"
    r = run(
        total_consumption="1000",
        new_renewable="10",
        renewable_base_year=2023,
        overrides={"go.renewable_base_year": "previous_year"},
    )
    assert r.assessed_consumption == 990
    assert r.readings[0].value == "previous_year" and not r.readings[0].is_default
    with pytest.raises(InputError):
        run(
            total_consumption="1000",
            new_renewable="10",
            renewable_base_year=2020,
            overrides={"go.renewable_base_year": "previous_year"},
        )


def test_new_renewable_needs_a_base_year():
    with pytest.raises(InputError) as ei:
        run(total_consumption="1000", new_renewable="10")
    assert ei.value.field == "renewable_base_year"


def test_cap_check():
    r = run(total_consumption="1000", raw_material_use="100", total_cap="900")
    assert r.within_cap is True and r.checks[0].margin == 0
    r = run(total_consumption="1000", raw_material_use="99", total_cap="900")
    assert r.within_cap is False and r.checks[0].margin == -1
    assert "over the cap by 1" in r.outcome


def test_energy_units():
    r = run(total_consumption="29307 GJ", raw_material_use="100000 kgce")
    assert r.total_consumption == 1000 and r.assessed_consumption == 900


def test_bad_inputs():
    with pytest.raises(InputError):
        run(total_consumption="-1")
    with pytest.raises(InputError):
        run(total_consumption="10 亩")
    with pytest.raises(InputError):
        run(
            total_consumption="10",
            new_renewable="1",
            renewable_consumption="3",
            renewable_consumption_base="1",
            renewable_base_year=2020,
        )


amounts = st.fractions(min_value=0, max_value=10**6, max_denominator=100)


@settings(max_examples=60, deadline=None, database=None)
@given(total=amounts, raw=amounts, new=amounts)
def test_assessed_is_total_minus_deductions_in_any_unit(total, raw, new):
    kw = dict(raw_material_use=raw, new_renewable=new, renewable_base_year=2020)
    if raw + new > total:
        with pytest.raises(InputError):
            run(total_consumption=total, **kw)
        return
    r = run(total_consumption=total, **kw)
    assert r.assessed_consumption == total - raw - new >= 0
    r2 = run(
        total_consumption=Q_(total * 1000, "kgce"),
        raw_material_use=Q_(raw * 1000, "kgce"),
        new_renewable=Q_(new * Fraction("29.307"), "GJ"),
        renewable_base_year=2020,
    )
    assert r2.assessed_consumption == r.assessed_consumption
    assert EnergyAssessmentResult.model_validate_json(r.model_dump_json()) == r
    assert zjpolicy.replay(r.model_dump_json()) == r
