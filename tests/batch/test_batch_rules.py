"""green_channels, plot_ratios, industrial_land_shares (and batch_rule itself) against their scalar rules.

Every row: values at, just under and just over each threshold (read from the rulebook: parity, not the law's
values), as floats or as strings in several units, given directly or by their parts, plus rows the scalar model
rejects. A row the scalar rule rejects must be a collected error in place; any other row must agree on the
verdict, on every check and on the value.
"""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zjpolicy
from zjpolicy.batch import batch_rule, green_channels, industrial_land_shares, plot_ratios
from zjpolicy.errors import InputError, NotInForceError
from zjpolicy.exact import fmt
from zjpolicy.land_energy import freed_land_use, green_channel, industrial_land_share, plot_ratio
from zjpolicy.rulebook import default_rulebook

AS_OF = date(2024, 6, 30)
RB = default_rulebook()
INTENSITY = RB.value("go.10.3.green_channel.max_intensity")
PLOT = RB.value("go.7.1.plot_ratio.min_plot_ratio")
SHARE = RB.value("go.10.4.industrial_land_share.min_share")  # percent


def near(t: Fraction) -> st.SearchStrategy[Fraction]:
    """At the threshold, one hundredth and one millionth under and over it, far from it, and zero."""
    return st.sampled_from(
        [
            t,
            t - Fraction(1, 100),
            t + Fraction(1, 100),
            t - Fraction(1, 10**6),
            t + Fraction(1, 10**9),
            2 * t,
            t / 2,
            Fraction(0),
        ]
    )


def cell(v: Fraction, units: list[tuple[str, Fraction]]) -> st.SearchStrategy[object]:
    """`v` (in the field's unit) as a float, as an exact string in one of `units` (unit, factor), or as a float
    string with a unit: what a CSV or a hand-made table holds."""

    def text(u: str, f: Fraction) -> object:
        x = v * f
        exact = fmt(x)
        return f"{exact} {u}" if exact and "/" not in exact else f"{float(x)!r} {u}"

    return st.one_of(
        st.just(float(v)),
        st.sampled_from(units).map(lambda uf: text(*uf)),
        st.sampled_from(units).map(lambda uf: f"{float(v * uf[1])!r} {uf[0]}"),
    )


def messy(draw: st.DrawFn, clean: list[Any], odd: list[Any]) -> Any:
    """A clean choice three rows in four (decided column-wise), else an odd one (the scalar rule's)."""
    return draw(st.sampled_from(clean)) if draw(st.integers(0, 3)) else draw(st.sampled_from(odd))


def check_parity(
    batch: Any, scalar: Any, rows: list[dict[str, object]], verdict: str, tests: list[str], **kw: Any
) -> Any:
    labels = [f"r{i}" for i in range(len(rows))][::-1]  # a non-default index, kept in order
    got = batch(pd.DataFrame(rows, index=labels), as_of=AS_OF, errors="collect", **kw)
    assert list(got.frame.index) == labels
    assert got.frame.columns[0] == verdict
    bad = set(got.errors["index"])
    for label, row in zip(labels, rows, strict=True):
        inputs = {k: v for k, v in row.items() if v is not None}
        try:
            want = scalar(inputs, as_of=AS_OF, overrides=kw.get("overrides"))
        except InputError:
            assert label in bad, (row, got.frame.loc[label].to_dict())
            assert got.frame.loc[label].isna().all()
            continue
        assert label not in bad, (row, got.errors)
        line = got.frame.loc[label]
        assert bool(line[verdict]) is bool(getattr(want, verdict)), (row, want.outcome)
        for c in want.checks:
            assert bool(line[f"{c.name}_met"]) is bool(c.met), (c.name, row)
            if c.name in tests:
                assert math.isclose(line[f"{c.name}_value"], float(c.value), rel_tol=1e-12, abs_tol=1e-15), row
    return got


# ----------------------------------------------------------------------------- 节能审查绿色通道

ENERGY = [("tce", Fraction(1)), ("kgce", Fraction(1000)), ("GJ", Fraction(29307, 1000))]
VALUE_ADDED = [("万元", Fraction(1)), ("亿元", Fraction(1, 10000)), ("元", Fraction(10000))]
INTENSITIES = [("tce/万元", Fraction(1)), ("kgce/万元", Fraction(1000)), ("tce/亿元", Fraction(10000))]


@st.composite
def project(draw: st.DrawFn) -> dict[str, object]:
    v = draw(near(INTENSITY))
    row: dict[str, object] = {
        "new_project": messy(draw, [True, True, False], ["yes", "maybe"]),
        "dual_control": messy(draw, ["on-track", "on-track", "off-track"], ["On_Track", "sideways"]),
    }
    how = messy(draw, ["direct", "parts"], ["both", "neither", "zero_value_added", "bad_unit"])
    va = Fraction(draw(st.integers(1, 200_000)))
    if how in ("direct", "both"):
        row["intensity"] = draw(cell(v, INTENSITIES))
    if how in ("parts", "both", "zero_value_added"):
        row["energy_use"] = draw(cell(v * va, ENERGY))
        row["value_added"] = draw(cell(va, VALUE_ADDED)) if how != "zero_value_added" else 0.0
    if how == "bad_unit":
        row["intensity"] = f"{fmt(v)} 亩"
    return row


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(project(), min_size=1, max_size=10))
def test_green_channels_equal_the_scalar_rule_row_by_row(rows):
    check_parity(green_channels, green_channel, rows, "eligible", ["intensity"])


def test_green_channel_at_the_threshold_is_exact():
    """低于 is strict: the threshold itself fails, as a float, as a string, and as 5200 tce over 1 亿元 (floats)."""
    t = float(INTENSITY)
    base = {"new_project": True, "dual_control": "on-track"}
    va = 10000.0
    rows = [
        {**base, "intensity": t},
        {**base, "intensity": f"{fmt(INTENSITY)} tce/万元"},
        {**base, "energy_use": float(INTENSITY * 10000), "value_added": va},
        {**base, "energy_use": f"{fmt(INTENSITY * 10000)} tce", "value_added": "1 亿元"},
        {**base, "intensity": t - 1e-12},
        {**base, "intensity": f"{fmt(INTENSITY * 1000 - Fraction(1, 10**9))} kgce/万元"},
    ]
    got = green_channels(pd.DataFrame(rows), as_of=AS_OF).frame["eligible"].tolist()
    assert got == [
        green_channel({k: v for k, v in r.items() if v is not None and v == v}, as_of=AS_OF).eligible for r in rows
    ]
    assert got == [False, False, False, False, True, True]


def test_green_channel_extra_columns_units_and_numeric_columns():
    df = pd.DataFrame(
        {
            "项目": ["甲", "乙"],
            "energy_use": [5000.0, 5300.0],
            "value_added": [1.0, 1.0],
            "new_project": [True, True],
            "dual_control": ["on-track", "on-track"],
        }
    )
    got = green_channels(df, as_of=AS_OF, units={"value_added": "亿元"})
    assert got.frame["eligible"].tolist() == [INTENSITY > 5000 / 10000, INTENSITY > 5300 / 10000]
    assert got.frame["intensity_value"].tolist() == [0.5, 0.53]
    assert "项目" not in got.inputs.columns  # not a field of the rule: ignored (the rule's model forbids extras)


def test_green_channel_bad_rows_in_place_or_raised_with_their_label():
    good = {"intensity": 0.4, "new_project": True, "dual_control": "on-track"}
    df = pd.DataFrame(
        [good, {**good, "intensity": "0.4 亩"}, {**good, "energy_use": "1 tce"}, good], index=list("abcd")
    )
    got = green_channels(df, as_of=AS_OF, errors="collect")
    assert got.frame["eligible"].tolist() == [True, pd.NA, pd.NA, True]
    assert list(got.errors["index"]) == ["b", "c"] and list(got.errors["field"]) == ["intensity", "intensity"]
    assert got.summary().to_dict() == {"eligible": 2, "errors": 2}
    with pytest.raises(InputError) as e:
        green_channels(df, as_of=AS_OF)
    assert e.value.field == "[b].intensity"


def test_green_channel_explain_decision_and_audit_once():
    df = pd.DataFrame(
        [{"energy_use": "5200 tce", "value_added": "1 亿元", "new_project": True, "dual_control": "on-track"}],
        index=["x"],
    )
    got = green_channels(df, as_of=AS_OF)
    one = got.explain("x")
    assert one.eligible is bool(got.frame.loc["x", "eligible"]) and one.rule == "land_energy.green_channel"
    assert zjpolicy.replay(got.decision("x")).eligible == one.eligible
    assert got.audit["parameters_digest"] == one.parameters_digest and got.audit["rule_version"] == one.rule_version


def test_not_in_force_and_empty_tables_as_the_scalar_rule():
    df = pd.DataFrame([{"intensity": 0.4, "new_project": True, "dual_control": "on-track"}])
    with pytest.raises(NotInForceError):
        green_channels(df, as_of=date(2020, 1, 1))
    with pytest.raises(NotInForceError):
        green_channel(df.iloc[0].to_dict(), as_of=date(2020, 1, 1))
    empty = green_channels(df.iloc[:0], as_of=AS_OF).frame
    assert (
        list(empty.columns) == ["eligible", "intensity_met", "intensity_value", "new_project_met", "dual_control_met"]
        and len(empty) == 0
    )


def test_clean_rows_are_decided_column_wise(monkeypatch):
    """No scalar call for rows the kernel can vouch for (else parity would prove nothing)."""
    import zjpolicy.batch.kernel as kernel

    def no_scalar(*a: Any, **k: Any) -> Any:
        raise AssertionError("a clean row went to the scalar rule")

    monkeypatch.setattr(kernel, "Rows", no_scalar)
    rows = [
        {"intensity": v, "new_project": np, "dual_control": dc}
        for v in (float(INTENSITY), f"{fmt(INTENSITY)} tce/万元", 0.0)
        for np in (True, False)
        for dc in ("on-track", "off-track")
    ]
    rows += [
        {"energy_use": "5200 tce", "value_added": v, "new_project": True, "dual_control": "on-track"}
        for v in ("1 亿元", 10000, "100000000 元")
    ]
    assert len(green_channels(pd.DataFrame(rows), as_of=AS_OF).frame) == len(rows)
    parks = [{"park": "甲", "plot_ratio": 1.2}, {"floor_area": "3 公顷", "land_area": "20000 m²"}]
    assert plot_ratios(pd.DataFrame(parks), as_of=AS_OF).frame["meets"].tolist() == [PLOT <= 1.2, True]
    years = [
        {"year": 2024, "industrial_area": "450 公顷", "total_area": "1500 公顷"},
        {"year": 2023, "industrial_area": 100, "non_industrial_area": 300},
    ]
    assert industrial_land_shares(pd.DataFrame(years), as_of=AS_OF).frame["meets"].tolist() == [True, SHARE <= 25]


# ----------------------------------------------------------------------------- 园区综合容积率

AREAS = [("m²", Fraction(1)), ("公顷", Fraction(1, 10000))]


@st.composite
def park(draw: st.DrawFn) -> dict[str, object]:
    v = draw(near(PLOT))
    how = messy(draw, ["direct", "parts", "parts_mu"], ["both", "floor_only", "zero_land", "bad_unit"])
    land = Fraction(draw(st.integers(1, 10**6)))
    row: dict[str, object] = {"park": draw(st.sampled_from(["甲园", None, "乙园"]))}
    if how in ("direct", "both"):
        row["plot_ratio"] = draw(st.one_of(st.just(float(v)), st.just(fmt(v)), st.just(f"{fmt(v * 100)}%")))
    if how in ("parts", "both", "floor_only", "zero_land"):
        row["floor_area"] = draw(cell(v * land, AREAS))
        if how != "floor_only":
            row["land_area"] = draw(cell(land, AREAS)) if how != "zero_land" else "0 m²"
    if how == "parts_mu":
        row["floor_area"], row["land_area"] = f"{fmt(v * land)} 亩", f"{land} 亩"
    if how == "bad_unit":
        row["plot_ratio"] = "1.6 tce"
    return row


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(park(), min_size=1, max_size=10))
def test_plot_ratios_equal_the_scalar_rule_row_by_row(rows):
    check_parity(plot_ratios, plot_ratio, rows, "meets", ["plot_ratio"])


def test_plot_ratio_at_the_threshold_passes_exactly():
    rows = [
        {"plot_ratio": float(PLOT)},
        {"floor_area": f"{fmt(PLOT * 3)} 亩", "land_area": "2000 m²"},
        {"plot_ratio": float(PLOT) - 1e-12},
    ]
    got = plot_ratios(pd.DataFrame(rows), as_of=AS_OF).frame["meets"].tolist()
    assert got == [True, True, False]


# ----------------------------------------------------------------------------- 工业用地比例


@st.composite
def land_year(draw: st.DrawFn) -> dict[str, object]:
    share = draw(near(SHARE).map(lambda v: min(v, Fraction(100))))  # percent
    total = Fraction(15 * draw(st.integers(1, 20_000)))  # 亩, a multiple of 15 so 公顷 stay decimal
    industrial = share / 100 * total
    mu = [("亩", Fraction(1)), ("公顷", Fraction(1, 15))]
    row: dict[str, object] = {"year": messy(draw, [2024, 2023], [0, None, "2024年"])}
    how = messy(draw, ["total", "rest"], ["both", "over", "parcels", "no_industrial"])
    if how != "no_industrial":
        row["industrial_area"] = draw(cell(industrial if how != "over" else total + 1, mu))
    if how in ("total", "both", "over", "parcels", "no_industrial"):
        row["total_area"] = draw(cell(total, mu))
    if how in ("rest", "both"):
        row["non_industrial_area"] = draw(cell(total - industrial, mu))
    if how == "parcels":
        row["industrial_parcels"], row["total_parcels"] = draw(st.sampled_from([(3, 10), (12, 10)]))
    return row


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(land_year(), min_size=1, max_size=10))
def test_industrial_land_shares_equal_the_scalar_rule_row_by_row(rows):
    check_parity(industrial_land_shares, industrial_land_share, rows, "meets", ["industrial_land_share"])


def test_a_reading_that_takes_the_rule_another_way_sends_every_row_to_the_scalar_rule():
    rows = [
        {"year": 2024, "industrial_parcels": 3, "total_parcels": 10},
        {"year": 2024, "industrial_parcels": 2, "total_parcels": 10, "industrial_area": 30, "total_area": 100},
    ]
    over = {"go.land_share_measure": "parcels"}
    got = check_parity(industrial_land_shares, industrial_land_share, rows, "meets", [], overrides=over)
    assert got.frame["meets"].tolist() == [True, False]  # 30% and 20% by parcels
    assert got.audit["overrides"] == over


# ----------------------------------------------------------------------------- the kernel on any declared rule


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {
                "freed_area": st.sampled_from([100, 100.0, "10 公顷", 0, None]),
                "industrial_area": st.sampled_from([100, 99.99, "150 亩", 120, 0, "abc"]),
                "territory": st.sampled_from(["甲县", None, 7]),
            }
        ),
        min_size=1,
        max_size=8,
    )
)
def test_batch_rule_on_a_rule_with_no_wrapper_validates_its_model(rows):
    """freed_land_use's model checks industrial ≤ freed itself: with no guards declared, the kernel asks it."""

    def run(df: pd.DataFrame, **kw: Any) -> Any:
        return batch_rule(freed_land_use, df, verdict="all_industrial", **kw)

    check_parity(run, freed_land_use, rows, "all_industrial", ["industrial_use_share"])
