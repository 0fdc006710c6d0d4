"""The rating decided first, its explanation completed on first use, is the eager rating: equal, the same JSON, the
same decision and replay, whatever is read first; the fields set with the decision never need the explanation."""

from __future__ import annotations

import copy
import importlib
import json
import pickle
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from pydantic_core import PydanticSerializationError
from rubric_parks import TABLE, UNITS, values_at

import zjpolicy
from zjpolicy.audit import decision
from zjpolicy.exact import Comparison
from zjpolicy.results import Check, built, check
from zjpolicy.rubric import StarRating, rate_park
from zjpolicy.rubric.results import Gap, IndicatorSummary
from zjpolicy.rubric.series import YearRating
from zjpolicy.rulebook import default_rulebook

rules = importlib.import_module("zjpolicy.rules")
AS_OF = date(2024, 6, 30)
# mostly on or above the bar (so every level is reached), sometimes a hair or a step below it
STEP = [Fraction(0)] * 6 + [
    Fraction(1, 100),
    Fraction(1, 10**9),
    Fraction(7, 3),
    -Fraction(1, 100),
    -Fraction(1, 10**9),
]
DEFERRED = {"checks", "notes", "gaps_to_next_level", "indicators", "bonus", "inputs"}


def eager(inputs, **kw):
    rules.DEFER = False
    try:
        return rate_park(inputs, **kw)
    finally:
        rules.DEFER = True


@st.composite
def parks(draw: st.DrawFn) -> dict[str, object]:
    """Parks on, just off and between the bars, in the table's units or others, with every optional part."""
    lvl = draw(st.sampled_from([3, 4, 5]))
    base = values_at(lvl)
    out: dict[str, object] = {}
    for f in TABLE:
        v = max(base[f] + draw(st.sampled_from(STEP)), Fraction(0))
        if UNITS[f] == "%":
            v = min(v, Fraction(100))
        form = draw(st.integers(0, 3))
        out[f] = (
            f"{v} {UNITS[f]}".replace(" %", "%")
            if form == 0
            else float(v)
            if form == 1
            else f"{v * 10000} 万元"
            if f == "manufacturing_revenue" and form == 2
            else str(v)
        )
    for f, std in (("energy_per_value_added", "0.5"), ("pollutant_per_value_added", "0.2")):
        kind = draw(st.integers(0, 3))
        s = Fraction(std)
        if kind == 0:
            out[f] = {"below_standard": draw(st.sampled_from([True, True, True, False]))}
        else:
            v = s + draw(st.sampled_from([Fraction(0), Fraction(1, 1000)] + [-Fraction(1, 1000)] * 4))
            unit = {"energy_per_value_added": "tce/万元", "pollutant_per_value_added": "吨/万元"}[f]
            out[f] = (
                {"value": str(v), "standard": str(s), "unit": unit}
                if kind == 1
                else {"value": float(v), "standard": std}
            )
    if draw(st.booleans()):
        out["zone_level"] = draw(st.sampled_from(["national", "provincial", "below_provincial"]))
    if draw(st.booleans()):
        out["integration_completed"] = draw(st.booleans())
    if draw(st.booleans()):
        out["green_park_title"] = True
    if draw(st.booleans()):
        days = draw(st.lists(st.integers(-3 * 366, 30), max_size=3))
        out["major_incidents"] = [
            {"date": date.fromordinal(AS_OF.toordinal() + d).isoformat(), "kind": "safety"} for d in days
        ]
    if draw(st.booleans()):
        out["bonus"] = {
            "global_500": draw(st.integers(0, 3)),
            "projects": [{"investment": f"{x} 亿元"} for x in draw(st.lists(st.integers(1, 80), max_size=3))],
        }
    if draw(st.booleans()):
        out["name"] = "测试园区"
    return out


OVERRIDES = [
    None,
    {"dp.row1_scale": "merged_three_four"},
    {"dp.scope_unstated": "not_rated"},
    {"dp.veto_boundary": "exclusive", "dp.green_title_priority": "meets_green_rows"},
    {"dp.3.2.row02_cnc_rate.four_star": "64.99"},
]


def same(a: StarRating, b: StarRating) -> None:
    assert a == b and b == a
    assert a.model_dump_json() == b.model_dump_json()
    assert a.model_dump() == b.model_dump() and a.model_dump(mode="json") == b.model_dump(mode="json")
    assert repr(a) == repr(b) and str(a) == str(b)
    assert a.model_fields_set == b.model_fields_set
    assert decision(a) == decision(b)


@settings(max_examples=150, deadline=None)
@given(p=parks(), overrides=st.sampled_from(OVERRIDES), weights=st.sampled_from([None, {"global_500": "1/3"}]))
def test_deferred_rating_is_the_eager_rating(p, overrides, weights):
    kw = {"as_of": AS_OF, "overrides": overrides}
    if weights:
        kw["bonus_weights"] = weights
    want = eager(p, **kw)
    got = rate_park(p, **kw)
    assert not got.is_complete and want.is_complete
    # the decision is there before the explanation is made
    for k in ("stars", "strict_stars", "indicator_stars", "next_level", "vetoed", "rated", "level_name", "outcome"):
        assert getattr(got, k) == getattr(want, k), k
    assert not got.is_complete
    same(got, want)
    assert got.is_complete


@settings(max_examples=25, deadline=None)
@given(p=parks(), first=st.sampled_from([*sorted(DEFERRED), "json", "eq", "copy", "pickle", "iter", "nested"]))
def test_any_first_use_completes_it(p, first):
    want = eager(p, as_of=AS_OF)
    got = rate_park(p, as_of=AS_OF)
    if first in DEFERRED:
        assert getattr(got, first) == getattr(want, first)
    elif first == "json":
        assert json.loads(got.model_dump_json()) == json.loads(want.model_dump_json())
    elif first == "eq":
        assert want == got
    elif first == "copy":
        for c in (copy.copy(got), copy.deepcopy(got), got.model_copy(), got.model_copy(update={"park": "x"})):
            assert c.is_complete
        assert got.model_copy(update={"park": "x"}).park == "x"
    elif first == "pickle":
        back = pickle.loads(pickle.dumps(got))
        assert back == want and back.is_complete
    elif first == "iter":
        assert dict(got) == dict(want)
    else:
        y = YearRating(as_of=AS_OF, stars=got.stars, change="new", rating=got)
        assert (
            y.model_dump_json()
            == YearRating(as_of=AS_OF, stars=want.stars, change="new", rating=want).model_dump_json()
        )
        assert TypeAdapter(list[StarRating]).dump_json([rate_park(p, as_of=AS_OF)]) == TypeAdapter(
            list[StarRating]
        ).dump_json([want])
    assert got.is_complete
    same(got, want)


def test_replay_of_a_deferred_rating_stands():
    from rubric_parks import park

    r = rate_park(park(values_at(4)), as_of=AS_OF)
    assert zjpolicy.replay(r.model_dump_json()).stars == r.stars == 4


def test_a_policy_or_a_margin_rates_eagerly():
    from rubric_parks import park

    p = park(values_at(4))
    assert rate_park(p, as_of=AS_OF, relaxation={"max_relaxed": 1, "max_shortfall": 5}).is_complete
    assert rate_park(p, as_of=AS_OF, clearly_above={"margin": 5}).is_complete
    assert not rate_park(p, as_of=AS_OF).is_complete


def test_bad_bonus_weights_are_refused_at_the_call():
    from rubric_parks import park

    from zjpolicy.errors import InputError

    with pytest.raises(InputError) as deferred:
        rate_park(park(), as_of=AS_OF, bonus_weights={"global_500": "many"})
    with pytest.raises(InputError) as eagerly:
        eager(park(), as_of=AS_OF, bonus_weights={"global_500": "many"})
    assert str(deferred.value) == str(eagerly.value)


def test_a_disagreeing_explanation_is_an_error_not_a_result():
    from rubric_parks import park

    r = rate_park(park(values_at(4)), as_of=AS_OF)
    other = eager(park(values_at(3)), as_of=AS_OF)
    forged = StarRating.deferred(dict(r.__dict__), lambda: other)
    with pytest.raises(RuntimeError, match="differs from the eager result"):
        forged.checks  # noqa: B018
    with pytest.raises(PydanticSerializationError, match="differs from the eager result"):
        StarRating.deferred(dict(r.__dict__), lambda: other).model_dump_json()


# -- the Checks and models built without revalidation are the validated ones


@given(
    value=st.none() | st.fractions(max_denominator=10**6),
    limit=st.fractions(max_denominator=1000),
    op=st.sampled_from([Comparison.ge, Comparison.gt, Comparison.lt, Comparison.le, Comparison.eq]),
    level=st.none() | st.integers(3, 5),
    note=st.none() | st.text(max_size=5),
)
def test_check_without_revalidation_equals_the_validated_check(value, limit, op, level, note):
    kw = dict(
        name="cnc_rate@four_star",
        label="装备数控化率",
        indicator="cnc_rate",
        level=level,
        value=value,
        threshold=limit,
        upper=None,
        unit="percent",
        comparison=op,
        word="以上",
        met=None if value is None else value >= limit,
        margin=None if value is None else value - limit,
        clause="dp.3.2.row02_cnc_rate",
        parameter="dp.3.2.row02_cnc_rate.four_star",
        note=note,
    )
    fast, slow = check(**kw), Check(**kw)
    assert fast == slow and repr(fast) == repr(slow) and fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    # a value of another type is validated (converted) as Check(...) would
    assert check(**{**kw, "value": 1.5, "met": True}) == Check(**{**kw, "value": 1.5, "met": True})


def test_summaries_and_gaps_equal_the_validated_models():
    rb = default_rulebook()
    r = eager({**__import__("rubric_parks").park(values_at(3))}, as_of=AS_OF, rulebook=rb)
    assert r.gaps_to_next_level and r.indicators
    for g in r.gaps_to_next_level:
        assert g == Gap(**g.model_dump()) and g.model_dump_json() == Gap(**g.model_dump()).model_dump_json()
    for s in r.indicators:
        assert s == IndicatorSummary(**s.model_dump())
    assert built(IndicatorSummary, dict(r.indicators[0].__dict__)) == r.indicators[0]


def test_deferred_models_keep_their_json_schema():
    from zjpolicy.land_energy.results import GreenChannelResult

    for m in (StarRating, GreenChannelResult):
        ser = m.model_json_schema(mode="serialization")
        assert set(ser["properties"]) == set(m.model_fields)
        assert ser["properties"] == m.model_json_schema(mode="validation")["properties"] or set(
            ser["properties"]
        ) == set(m.model_fields)
