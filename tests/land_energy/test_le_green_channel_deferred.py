"""The green channel decided first, its checks, outcome and inputs completed on first use, is the eager result."""

from __future__ import annotations

import importlib
import pickle
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjpolicy.audit import decision
from zjpolicy.land_energy import green_channel
from zjpolicy.rules import condition

pytestmark = pytest.mark.clause("go.10.3.green_channel")

rules = importlib.import_module("zjpolicy.rules")
AS_OF = date(2024, 6, 30)
BAR = Fraction(52, 100)


def eager(inputs, **kw):
    rules.DEFER = False
    try:
        return green_channel(inputs, **kw)
    finally:
        rules.DEFER = True


near = st.sampled_from([Fraction(0), Fraction(1, 10**6), -Fraction(1, 10**6), Fraction(1, 100), -Fraction(1, 100)])


@st.composite
def projects(draw: st.DrawFn) -> dict[str, object]:
    v = BAR + draw(near)
    out: dict[str, object] = {
        "new_project": draw(st.booleans()),
        "dual_control": draw(st.sampled_from(["on-track", "off-track", "ON_TRACK"])),
    }
    form = draw(st.integers(0, 3))
    if form == 0:
        out["intensity"] = str(v)
    elif form == 1:
        out["intensity"] = float(v)
    elif form == 2:
        out["intensity"] = f"{v * 1000} kgce/万元"
    else:  # from its parts: energy_use / value_added
        out["value_added"] = f"{draw(st.integers(1, 500))} 亿元"
        va = Fraction(str(out["value_added"]).split()[0]) * 10000
        out["energy_use"] = f"{v * va} tce"
    return out


@settings(max_examples=120, deadline=None)
@given(
    p=projects(),
    overrides=st.sampled_from([None, {"go.10.3.green_channel.max_intensity": "0.5"}]),
    first=st.sampled_from(["checks", "outcome", "inputs", "json", "eq", "pickle"]),
)
def test_deferred_green_channel_is_the_eager_result(p, overrides, first):
    want = eager(p, as_of=AS_OF, overrides=overrides)
    got = green_channel(p, as_of=AS_OF, overrides=overrides)
    assert not got.is_complete
    assert (got.eligible, got.intensity, got.failed) == (want.eligible, want.intensity, want.failed)
    assert not got.is_complete
    if first == "pickle":
        assert pickle.loads(pickle.dumps(got)) == want
    elif first == "json":
        assert got.model_dump_json() == want.model_dump_json()
    elif first == "eq":
        assert got == want
    else:
        assert getattr(got, first) == getattr(want, first)
    assert got.is_complete
    assert got == want and repr(got) == repr(want) and str(got) == str(want)
    assert got.model_dump_json() == want.model_dump_json() and got.model_fields_set == want.model_fields_set
    assert decision(got) == decision(want)


def test_a_condition_built_without_revalidation_is_the_validated_one():
    from zjpolicy.results import Check

    for met in (True, False):
        fast = condition("new_project", "新上项目", met, clause="go.10.3.green_channel", word="新上项目")
        slow = Check(
            name="new_project",
            label="新上项目",
            indicator="new_project",
            value=Fraction(int(met)),
            threshold=Fraction(1),
            comparison="eq",
            word="新上项目",
            met=met,
            clause="go.10.3.green_channel",
            note="1 = yes, 0 = no",
        )
        assert fast == slow and repr(fast) == repr(slow) and fast.model_dump_json() == slow.model_dump_json()
        assert fast.model_fields_set == slow.model_fields_set
