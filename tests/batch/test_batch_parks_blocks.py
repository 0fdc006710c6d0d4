"""rate_parks' block kernel (plain float columns: the doubles decide every cell) against the column kernel (exact
band) and the scalar rating: the same frame, bit for bit, at the bars, just off them, with bad cells and ties."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjpolicy.batch import parks as kernel
from zjpolicy.batch import rate_parks
from zjpolicy.rubric import rate_park
from zjpolicy.rubric.table import table
from zjpolicy.rulebook import default_rulebook

AS_OF = date(2024, 6, 30)
RB = default_rulebook()
T = table(RB)
EDGES = {r.field: sorted({RB.value(p.id) for p in r.params if p is not None}) for r in T.rows}
GREEN = ("energy_per_value_added", "pollutant_per_value_added")


def cell(field: str) -> st.SearchStrategy[float]:
    """On a bar, a hair or a cent either side, 0, or (rarely) a cell the scalar model must see."""
    near = st.sampled_from(EDGES[field]).flatmap(
        lambda b: st.sampled_from([float(b), float(b) + 0.01, float(b) - 0.01, np.nextafter(float(b), 0)])
    )
    bad = st.sampled_from([np.nan, -1.0, np.inf, -np.inf, 150.0])
    return st.one_of(near, near, near, near, near, near, near, st.just(0.0), bad)


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    n = draw(st.integers(1, 40))
    cols: dict[str, list[float]] = {r.field: [draw(cell(r.field)) for _ in range(n)] for r in T.rows}
    for f in GREEN:
        std = [draw(st.sampled_from([0.45, 0.5, 0.1 + 0.2])) for _ in range(n)]
        cols[f"{f}.standard"] = std
        cols[f"{f}.value"] = [draw(st.sampled_from([s, s - 0.001, s + 0.001, 0.3])) for s in std]
    return pd.DataFrame(cols)


def by_columns(df: pd.DataFrame, **kw) -> pd.DataFrame:
    saved = kernel._by_blocks
    kernel._by_blocks = lambda *a: False
    try:
        return rate_parks(df, as_of=AS_OF, errors="collect", **kw).frame
    finally:
        kernel._by_blocks = saved


@settings(max_examples=25, deadline=None)
@given(df=tables(), block=st.sampled_from([1, 3, 7, kernel.BLOCK]), cells=st.booleans())
def test_blocks_give_the_column_kernels_frame(df, block, cells):
    saved = kernel.BLOCK
    kernel.BLOCK = block
    try:
        from zjpolicy.batch.parks import DERIVED, _by_blocks, _columns

        # a per-mu row with a missing cell is derived from its parts (no cell's own double): the column kernel
        assert _by_blocks(T, RB, _columns(df, T, {})) is not any(df[f].isna().any() for f in DERIVED)
        got = rate_parks(df, as_of=AS_OF, errors="collect", cells=cells)
    finally:
        kernel.BLOCK = saved
    want = by_columns(df, cells=cells)
    pd.testing.assert_frame_equal(got.frame, want)
    for c in want.columns:
        if c.endswith("_gap"):  # the same doubles, the sign of a zero included
            a, b = got.frame[c].to_numpy(dtype=float), want[c].to_numpy(dtype=float)
            seen = ~np.isnan(b)
            assert np.array_equal(a[seen], b[seen]) and np.array_equal(np.signbit(a[seen]), np.signbit(b[seen]))
    if not cells:
        assert list(want.columns) == ["stars", "strict_stars", "vetoed", "next_level"]


@settings(max_examples=12, deadline=None)
@given(df=tables())
def test_blocks_equal_the_scalar_rating(df):
    got = rate_parks(df, as_of=AS_OF, errors="collect")
    for i in range(len(df)):
        row = {k: v for k, v in df.iloc[i].items()}
        nested: dict[str, object] = {}
        for k, v in row.items():
            head, dot, sub = k.partition(".")
            if dot:
                nested.setdefault(head, {})[sub] = v  # type: ignore[union-attr]
            else:
                nested[k] = v
        try:
            want = rate_park(nested, as_of=AS_OF)
        except Exception:
            assert got.frame.iloc[i].isna().all()
            continue
        assert got.frame.iloc[i]["stars"] == want.stars
        assert got.frame.iloc[i]["next_level"] == (want.next_level or 0)
        gaps = {g.field: g.amount for g in want.gaps_to_next_level}
        for r in T.rows:
            gap = got.frame.iloc[i][f"{r.field}_gap"]
            exact = gaps.get(r.field)
            assert bool(gap == 0) is (exact is None), (r.field, gap, exact)
            if exact is not None:
                assert gap == pytest.approx(float(exact), rel=1e-12, abs=1e-12)


def test_a_derived_or_text_column_takes_the_column_kernel():
    base = {r.field: float(EDGES[r.field][-1]) for r in T.rows}
    base.update({f"{f}.{s}": v for f in GREEN for s, v in (("value", 0.4), ("standard", 0.5))})
    df = pd.DataFrame([base, {**base, "cnc_rate": "70%"}])
    assert not kernel._by_blocks(T, RB, kernel._columns(df, T, {}))
    assert rate_parks(df, as_of=AS_OF).frame["stars"].tolist() == [T.levels[-1]] * 2
    thirds = pd.DataFrame([{**base, "rd_intensity": float(Fraction(10, 3))}])
    assert kernel._by_blocks(T, RB, kernel._columns(thirds, T, {}))  # a cell's own double: still exact
