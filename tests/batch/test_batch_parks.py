"""rate_parks against rate_park: every row, at, just under and just over every threshold, in several units."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjpolicy.batch import rate_parks, what_if
from zjpolicy.errors import InputError
from zjpolicy.rubric import rate_park
from zjpolicy.rubric.table import table
from zjpolicy.rulebook import default_rulebook

AS_OF = date(2024, 6, 30)
RB = default_rulebook()
T = table(RB)
# parity, not the law's values: the thresholds come from the rulebook so every row sits on a boundary
EDGES = {r.field: sorted({RB.value(p.id) for p in r.params if p is not None}) for r in T.rows}
STEP = Fraction(1, 100)


def near(field: str) -> st.SearchStrategy[Fraction]:
    return (
        st.sampled_from(EDGES[field])
        .flatmap(
            lambda t: st.sampled_from([t - STEP, t, t + STEP, t - Fraction(1, 10**6), t * 2]).map(
                lambda v: max(v, Fraction(0))
            )
        )
        .map(lambda v: min(v, Fraction(100)) if field.endswith(("rate", "share", "intensity")) else v)
    )


def as_cell(v: Fraction, unit: str, form: int) -> object:
    if form == 0:
        return float(v)  # a float, read through its shortest repr by both
    if form == 1:
        return f"{v.numerator / v.denominator!r} {unit}" if v.denominator != 1 else f"{v.numerator} {unit}"
    return str(float(v))


@st.composite
def park(draw: st.DrawFn) -> dict[str, object]:
    row: dict[str, object] = {}
    for r in T.rows:
        v = draw(near(r.field))
        unit = {"percent": "%"}.get(r.unit, r.unit)
        row[r.field] = as_cell(v, unit, draw(st.integers(0, 2)))
    if draw(st.booleans()):  # 亩均税收 from its parts: tax / land_area, land in 公顷 (15 亩 each)
        land = Fraction(draw(st.integers(1, 4000)))
        tax = Fraction(str(row.pop("tax_per_mu"))) * land if isinstance(row["tax_per_mu"], float) else None
        if tax is not None:
            row["tax"] = float(tax)
            row["land_area"] = float(land)
        else:
            row["tax_per_mu"] = row.get("tax_per_mu", "30 万元/亩")
    for f in ("energy_per_value_added", "pollutant_per_value_added"):
        s = draw(st.sampled_from([Fraction(45, 100), Fraction(1, 2)]))
        v = draw(st.sampled_from([s, s - STEP, s + STEP]))
        row[f"{f}.value"], row[f"{f}.standard"] = float(v), float(s)
    return row


def scalar(row: dict[str, object]):
    nested: dict[str, object] = {}
    for k, v in row.items():
        head, dot, sub = k.partition(".")
        if dot:
            nested.setdefault(head, {})[sub] = v  # type: ignore[union-attr]
        else:
            nested[k] = v
    return rate_park(nested, as_of=AS_OF)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(park(), min_size=1, max_size=12))
def test_every_row_equals_the_scalar_rating(rows):
    df = pd.DataFrame(rows, index=[f"p{i}" for i in range(len(rows))])
    got = rate_parks(df, as_of=AS_OF)
    assert list(got.frame.index) == list(df.index)
    for label, row in zip(df.index, rows, strict=True):
        want = scalar(row)
        assert got.frame.loc[label, "stars"] == want.stars, (row, want.explain())
        assert got.frame.loc[label, "next_level"] == (want.next_level or 0)
        cells = {(c.indicator, c.level): c.met for c in want.checks if c.level is not None}
        for (field, lvl), met in cells.items():
            assert bool(got.frame.loc[label, f"{field}@{lvl}"]) is bool(met), (field, lvl, row)


def test_exactly_at_a_boundary_is_exact():
    """30 万元/亩 as 0.3 亿元 over 1 亩 and as 29.999999999 floats: no float rounding decides."""
    base = {r.field: float(EDGES[r.field][-1]) for r in T.rows}
    base.update(
        {
            "energy_per_value_added.value": 0.4,
            "energy_per_value_added.standard": 0.5,
            "pollutant_per_value_added.value": 0.4,
            "pollutant_per_value_added.standard": 0.5,
        }
    )
    rows = [
        dict(base),
        {**base, "cnc_rate": float(EDGES["cnc_rate"][-1]) - 1e-12},
        {**base, "rd_intensity": "0.03 dimensionless"},
    ]
    got = rate_parks(pd.DataFrame(rows), as_of=AS_OF).frame["stars"].tolist()
    assert got == [scalar(r).stars for r in rows]
    assert got[0] == T.levels[-1] and got[1] < got[0]


def test_bad_rows_are_collected_in_place_or_raised_with_the_row():
    good = {r.field: float(EDGES[r.field][0]) for r in T.rows}
    good.update({"energy_per_value_added.below_standard": True, "pollutant_per_value_added.below_standard": True})
    rows = [good, {**good, "cnc_rate": 150.0}, {**good, "tax_per_mu": "12 亩"}, good]
    df = pd.DataFrame(rows, index=list("abcd"))
    got = rate_parks(df, as_of=AS_OF, errors="collect")
    assert list(got.frame.index) == list("abcd")
    assert got.frame.loc[["a", "d"], "stars"].tolist() == [scalar(good).stars] * 2
    assert got.frame.loc[["b", "c"], "stars"].isna().all()
    assert set(got.errors["index"]) == {"b", "c"} and set(got.errors["field"]) == {"cnc_rate", "tax_per_mu"}
    with pytest.raises(InputError) as e:
        rate_parks(df, as_of=AS_OF)
    assert e.value.field == "[b].cnc_rate"


def test_explain_gives_the_replayable_scalar_result_and_audit_is_once():
    import zjpolicy

    row = {r.field: float(EDGES[r.field][0]) for r in T.rows}
    row.update({"energy_per_value_added.below_standard": True, "pollutant_per_value_added.below_standard": True})
    got = rate_parks(pd.DataFrame([row], index=["x"]), as_of=AS_OF)
    one = got.explain("x")
    assert one.stars == got.frame.loc["x", "stars"]
    assert zjpolicy.replay(got.decision("x")).stars == one.stars
    assert got.audit["parameters_digest"] == one.parameters_digest and got.audit["rule_version"] == one.rule_version


def test_what_if_names_the_override_that_changes_each_row():
    top = {r.field: float(EDGES[r.field][-1]) for r in T.rows}
    top.update({"energy_per_value_added.below_standard": True, "pollutant_per_value_added.below_standard": True})
    df = pd.DataFrame([top, {**top, "cnc_rate": float(EDGES["cnc_rate"][-1]) + 1}], index=["at", "above"])
    cnc_top = next(p.id for p in next(r for r in T.rows if r.field == "cnc_rate").params[::-1] if p is not None)
    out = what_if(
        df, {cnc_top: float(EDGES["cnc_rate"][-1]) + Fraction(1, 2), "dp.veto_boundary": "exclusive"}, as_of=AS_OF
    )
    assert list(out.index) == ["at"] and out.loc["at", "direction"] == "down"
    assert out.loc["at", "because"] == [cnc_top] and out.attrs["changed"] == 1
