"""节能审查绿色通道 (十（三）): boundary examples, unit invariance, monotonicity, round trip, replay."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zjpolicy
from zjpolicy import Q_, InputError, NotInForceError, default_rulebook
from zjpolicy.land_energy import GreenChannelProject, GreenChannelResult, green_channel

pytestmark = pytest.mark.clause("go.10.3.green_channel")

AS_OF = date(2024, 6, 30)
THRESHOLD = default_rulebook().value("go.10.3.green_channel.max_intensity")


def run(**kw):
    base = {"new_project": True, "dual_control": "on-track"}
    return green_channel({**base, **kw}, as_of=AS_OF)


def test_threshold_is_the_law():
    assert Fraction("0.52") == THRESHOLD


@pytest.mark.parametrize(
    ("intensity", "eligible"),
    [("0.52", False), ("0.5199", True), ("0.5201", False), ("0.52 tce/万元", False), ("0.45 tce/万元", True)],
)
def test_intensity_boundary(intensity, eligible):
    r = run(intensity=intensity)
    assert r.eligible is eligible
    assert r.checks[0].met is eligible
    assert ("intensity" in r.failed) is (not eligible)


@pytest.mark.parametrize(
    ("energy", "eligible"),
    [("5200 tce", False), ("5199 tce", True), ("5201 tce", False), ("5199.99 tce", True)],
)
def test_energy_on_one_yi_yuan(energy, eligible):
    r = run(energy_use=energy, value_added="1 亿元")
    assert r.eligible is eligible


def test_5200_tce_on_1_yi_is_exactly_the_threshold_and_not_eligible():
    r = run(energy_use="5200 tce", value_added="1 亿元")
    assert r.intensity == Fraction(13, 25)
    assert r.intensity == THRESHOLD
    assert not r.eligible
    assert r.failed == ["intensity"]
    assert r.checks[0].margin == 0
    assert "strict" in r.outcome


def test_failure_says_which_and_by_how_much():
    r = run(intensity="0.6")
    assert r.failed == ["intensity"]
    assert r.checks[0].margin == Fraction("-0.08")
    assert "over by 0.08" in r.outcome


def test_not_new_project_fails():
    r = run(intensity="0.3", new_project=False)
    assert not r.eligible
    assert r.failed == ["new_project"]
    assert "新上项目" in r.outcome


def test_locality_off_track_fails():
    r = run(intensity="0.3", dual_control="off-track")
    assert not r.eligible
    assert r.failed == ["dual_control"]


def test_all_three_fail():
    r = run(intensity="0.9", new_project=False, dual_control="off_track")
    assert r.failed == ["intensity", "new_project", "dual_control"]
    assert len(r.checks) == 3 and not any(c.met for c in r.checks)


def test_energy_in_other_units():
    # 1 tce = 29.307 GJ (GB/T 2589-2020 calorific equivalent)
    assert run(energy_use="152396.4 GJ", value_added="1 亿元").intensity == Fraction(13, 25)
    assert run(energy_use="5200000 kgce", value_added="100000000 元").intensity == Fraction(13, 25)


def test_citation_and_audit():
    r = run(intensity="0.45")
    assert r.rule == "land_energy.green_channel" and r.rule_version == "1.0.0"
    assert r.citations[0].clause == "go.10.3.green_channel"
    assert "低于0.52吨标准煤/万元" in r.citations[0].text
    assert r.checks[0].parameter == "go.10.3.green_channel.max_intensity"
    assert r.checks[0].word == "低于"


def test_override_threshold():
    r = green_channel(
        {"intensity": "0.51", "new_project": True, "dual_control": "on-track"},
        as_of=AS_OF,
        overrides={"go.10.3.green_channel.max_intensity": "0.50 tce/万元"},
    )
    assert not r.eligible
    assert r.overrides == {"go.10.3.green_channel.max_intensity": "0.5"}


@pytest.mark.parametrize(
    ("inputs", "field"),
    [
        ({"new_project": True, "dual_control": "on-track"}, "intensity"),
        ({"energy_use": "5200 tce", "new_project": True, "dual_control": "on-track"}, "value_added"),
        ({"value_added": "1 亿元", "new_project": True, "dual_control": "on-track"}, "energy_use"),
        (
            {
                "intensity": "0.4",
                "energy_use": "1 tce",
                "value_added": "1",
                "new_project": True,
                "dual_control": "on-track",
            },
            "intensity",
        ),
        (
            {"energy_use": "1 tce", "value_added": "0 万元", "new_project": True, "dual_control": "on-track"},
            "value_added",
        ),
        ({"intensity": "-0.1", "new_project": True, "dual_control": "on-track"}, "intensity"),
        ({"intensity": "0.4", "dual_control": "on-track"}, "new_project"),
        ({"intensity": "0.4", "new_project": True, "dual_control": "maybe"}, "dual_control"),
    ],
)
def test_bad_input_names_the_field(inputs, field):
    with pytest.raises(InputError) as ei:
        green_channel(inputs, as_of=AS_OF)
    assert ei.value.field == field


def test_wrong_unit_is_an_input_error_naming_unit_and_clause():
    with pytest.raises(InputError) as ei:
        run(intensity="0.4 亩")
    assert ei.value.field == "intensity"
    assert "cannot be converted" in str(ei.value)
    assert ei.value.expected_unit == "tce/万元"
    assert ei.value.clause == "go.10.3.green_channel"


def test_not_in_force_before_the_document():
    with pytest.raises(NotInForceError):
        green_channel({"intensity": "0.4", "new_project": True, "dual_control": "on-track"}, as_of=date(2022, 8, 29))


# ----------------------------------------------------------------------------- properties

positive = st.fractions(min_value=Fraction(1, 1000), max_value=10**7, max_denominator=1000)
nonneg = st.fractions(min_value=0, max_value=10**7, max_denominator=1000)
intensities = st.fractions(min_value=0, max_value=2, max_denominator=10000)


@settings(max_examples=80, deadline=None, database=None)
@given(energy=nonneg, value_added=positive)
def test_unit_invariance(energy, value_added):
    """The same project in tce/万元, kgce/亿元, GJ/元 gets the same answer."""
    a = run(energy_use=Q_(energy, "tce"), value_added=Q_(value_added, "万元"))
    b = run(energy_use=Q_(energy * 1000, "kgce"), value_added=Q_(value_added / 10000, "亿元"))
    c = run(energy_use=Q_(energy * Fraction("29.307"), "GJ"), value_added=Q_(value_added * 10000, "元"))
    d = run(intensity=Q_(energy / value_added, "tce/万元"))
    assert a.intensity == b.intensity == c.intensity == d.intensity == energy / value_added
    assert a.eligible == b.eligible == c.eligible == d.eligible == (energy / value_added < THRESHOLD)


@settings(max_examples=80, deadline=None, database=None)
@given(x=intensities, y=intensities)
def test_lower_intensity_never_loses_eligibility(x, y):
    lo, hi = min(x, y), max(x, y)
    if run(intensity=hi).eligible:
        assert run(intensity=lo).eligible


@settings(max_examples=50, deadline=None, database=None)
@given(x=intensities, new=st.booleans(), on=st.booleans(), via_energy=st.booleans())
def test_json_round_trip_and_replay(x, new, on, via_energy):
    inputs = {"new_project": new, "dual_control": "on-track" if on else "off-track"}
    if via_energy:
        inputs |= {"energy_use": Q_(x * 10000, "tce"), "value_added": "1 亿元"}
    else:
        inputs |= {"intensity": x}
    r = green_channel(inputs, as_of=AS_OF)
    assert r.eligible == (x < THRESHOLD and new and on)
    assert GreenChannelResult.model_validate_json(r.model_dump_json()) == r
    assert zjpolicy.replay(r.model_dump_json()) == r


def test_input_model_accepts_model_instance():
    p = GreenChannelProject(intensity="0.5", new_project=True, dual_control="on-track")
    assert green_channel(p, as_of=AS_OF).eligible
