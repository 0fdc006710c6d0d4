"""`rate_parks`: the star rubric over a whole table, column by column, exact at every boundary.

The kernel is built from the same declarations the scalar `rate_park` uses: the table of rows and levels
(`zjpolicy.rubric.table`), each row's parameter at each level, and the per-mu rows' parts (value_added /
land_area …). Rows the column kernel does not decide by itself — a row with incidents (the veto), a
`RelaxationPolicy` below the top level, or a cell the scalar model would reject — are rated by the scalar
`rate_park`, so batch and scalar cannot disagree, and a bad row is reported, never lost or reordered.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import InputError, ZjpolicyError, input_error
from ..exact import FLOAT_TOO_BIG, FLOAT_TOO_SMALL, Comparison
from ..lang import Lang, say, use_language
from ..rubric import rate_park
from ..rubric.inputs import _DERIVED as DERIVED
from ..rubric.table import Row, Table, table
from ..rulebook import Rulebook, default_rulebook
from .columns import BAND, Column, column, floats_decide, out_of_range, ratio
from .columns import decide as decide_column
from .result import BatchResult, as_frame, flatten

__all__ = ["rate_parks"]

_NESTED = ("energy_per_value_added", "pollutant_per_value_added")


def rate_parks(
    parks: pd.DataFrame | list[Mapping[str, Any]],
    *,
    as_of: date,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    relaxation: Any = None,
    units: Mapping[str, str] | None = None,
    errors: Literal["raise", "collect"] = "raise",
    cells: bool = True,
    lang: Lang | None = None,
) -> BatchResult:
    """Rate every park (one row each; columns are `ParkIndicators` field names, nested ones as `field.sub`).

    Returns a `BatchResult`: `.frame` has the same index and order as the input, with `stars`, `strict_stars`,
    `vetoed`, `next_level` and (by default, ``cells=True``) one `<field>@<level>` pass/fail column per table cell
    and `<field>_gap` to the next level for rows 1–9 (0 where the row meets it, or at the top); ``cells=False``
    gives the four verdict columns only, a narrower table computed faster. `.errors` lists bad rows (index,
    field, reason) with ``errors="collect"``; `.explain(i)` is row i's full, replayable `StarRating`.
    `lang`: the language of the reasons in `.errors`, of any error raised and of `.explain` ("zh", default, or
    "en"); the frame is the same in both.
    """
    with use_language(lang) as chosen:
        return _rate_parks(parks, as_of, rulebook, overrides, relaxation, units, errors, cells, chosen)


def _rate_parks(
    parks: pd.DataFrame | list[Mapping[str, Any]],
    as_of: date,
    rulebook: Rulebook | None,
    overrides: Mapping[str, Any] | None,
    relaxation: Any,
    units: Mapping[str, str] | None,
    errors: Literal["raise", "collect"],
    cells: bool,
    lang: Lang,
) -> BatchResult:
    rb = rulebook or default_rulebook()
    if overrides:
        rb = rb.with_overrides(overrides)
    frame = flatten(as_frame(parks), _NESTED)
    t = table(rb)
    units = dict(units or {})
    cols = _columns(frame, t, units)
    n = len(frame)
    blocks = _by_blocks(t, rb, cols)
    scalar = _needs_scalar(frame, t, cols, relaxation, rows=not blocks)  # blocks: checked block by block
    green = [_green(frame, r.field, cols) for r in t.green]
    green_ok = np.ones(n, bool) if not green else green[0].copy() if len(green) == 1 else np.logical_and(*green[:2])
    for ok in green[2:]:
        np.logical_and(green_ok, ok, out=green_ok)
    strict, next_level, passes, gaps = (_blocks if blocks else _whole)(t, rb, cols, green_ok, scalar, cells)
    out: dict[str, Any] = {
        "stars": strict,
        "strict_stars": strict.copy(),
        "vetoed": np.zeros(n, bool),
        "next_level": next_level,
    }
    if cells:
        for r, ok in zip(t.green, green, strict=True):
            for lvl in t.levels:
                passes[(r.field, lvl)] = ok
        for r in t.all_rows:
            for lvl in t.levels:
                cell = passes[(r.field, lvl)]
                out[f"{r.field}@{lvl}"] = np.ones(n, bool) if cell is None else cell
        for r in t.rows:
            out[f"{r.field}_gap"] = gaps[r.field]
    result = pd.DataFrame({name: _nullable(v) for name, v in out.items()}, index=frame.index, copy=False)
    bad: list[dict[str, Any]] = []
    for pos in map(int, np.flatnonzero(scalar)):
        label = frame.index[pos]
        try:
            one = rate_park(_row(frame, pos), as_of=as_of, rulebook=rb, relaxation=relaxation, lang=lang)
        except ZjpolicyError as exc:
            if errors == "raise":
                raise _at_row(exc, label) from None
            bad.extend({"index": label, "field": p.field, "reason": p.message} for p in _problems(exc))
            result.loc[label, :] = pd.NA
            continue
        _copy_scalar(result, label, one, t, cells)
    return BatchResult(
        frame=result,
        errors=pd.DataFrame(bad, columns=["index", "field", "reason"]),
        rule=rate_park,
        rulebook=rb,
        as_of=as_of,
        inputs=frame,
        options={"relaxation": relaxation} if relaxation is not None else {},
        lang=lang,
    )


Passes = dict[tuple[str, int], np.ndarray | None]
BLOCK = 65_536  # rows per block: a block of every column stays in the CPU's cache while all its cells are decided
_UFUNC = {Comparison.ge: np.greater_equal, Comparison.gt: np.greater}


def _whole(
    t: Table, rb: Rulebook, cols: dict[str, Column], green_ok: np.ndarray, scalar: np.ndarray, cells: bool
) -> tuple[np.ndarray, np.ndarray, Passes, dict[str, np.ndarray]]:
    """The cells decided column by column (`columns.decide`: exact at every boundary), each park's stars and next
    level, and the gaps. A level is reached when it and every level below it pass."""
    n = len(green_ok)
    reached = green_ok.copy()
    k = np.zeros(n, dtype=np.intp)
    passes: Passes = {}
    by_floats: dict[tuple[str, int], bool] = {}
    buf = None if cells else np.empty(n, bool)  # cells=False: the verdicts are not kept, one buffer serves all
    for i, lvl in enumerate(t.levels):
        for r in t.rows:
            p = r.params[i]
            if p is None:
                passes[(r.field, lvl)] = None
                continue
            bar = rb.value(p.id)
            ok = passes[(r.field, lvl)] = decide_column(cols[r.field], p.comparison, bar, out=buf)
            by_floats[(r.field, lvl)] = floats_decide(cols[r.field], bar)
            np.logical_and(reached, ok, out=reached)
        k += reached
    gaps: dict[str, np.ndarray] = {}
    if cells:
        at: list[np.ndarray] = []  # at[i]: the rows whose next level is levels[i] (made when a gap needs it)
        with np.errstate(invalid="ignore"):  # a bad cell (inf, NaN) is the scalar rating's, which replaces its row
            for r in t.rows:
                gaps[r.field] = _gap(r, rb, t, passes, by_floats, cols[r.field].approx, k, at)
    stars, nxt = _level_tables(t)  # `k` counts the levels each park reaches: its stars and next level
    return stars.take(k, mode="clip"), nxt.take(k, mode="clip"), passes, gaps


def _level_tables(t: Table) -> tuple[np.ndarray, np.ndarray]:
    """By the count k of levels reached (0 … len(levels)): the stars, (0, *levels)[k], and the next level,
    levels[k] (0: none)."""
    return np.array((0, *t.levels), dtype="int64"), np.array([*t.levels, 0], dtype="int64")


def _by_blocks(t: Table, rb: Rulebook, cols: dict[str, Column]) -> bool:
    """Can `_blocks` decide the table? Every row 1–9 column holds its cells' own doubles, and every cell is a ≥
    or > against a decimal of ≤ 15 digits: comparing doubles decides each cell exactly (see `columns.decide`)."""
    for r in t.rows:
        c = cols[r.field]
        if not c.floats_exact or f"{r.field}:parts" in cols:
            return False
        for p in r.params:
            if p is not None and (p.comparison not in _UFUNC or not floats_decide(c, rb.value(p.id))):
                return False
    return True


def _blocks(
    t: Table, rb: Rulebook, cols: dict[str, Column], green_ok: np.ndarray, scalar: np.ndarray, cells: bool
) -> tuple[np.ndarray, np.ndarray, Passes, dict[str, np.ndarray]]:
    """What `_whole` computes, block by block of rows (each column is read from memory once), for a table
    `_by_blocks` accepts; it also marks in `scalar` the rows whose row 1–9 cells the scalar model must see
    (missing, negative, infinite, a percent above 100), as `_needs_scalar` does for `_whole`."""
    n, m = len(green_ok), len(t.levels)
    plan = []
    for r in t.rows:
        top = 100.0 if r.unit == "percent" else np.nextafter(FLOAT_TOO_BIG, 0)  # to_fraction's range (inf too)
        tests = [(i, _UFUNC[p.comparison], float(rb.value(p.id))) for i, p in enumerate(r.params) if p is not None]
        bars = np.full(m + 1, -np.inf)  # -inf: no bar at that level, or no next level -> gap 0
        for i, _, bar in tests:
            bars[i] = bar
        plan.append((r, cols[r.field].approx, top, tests, bars))
    stars, nxt = _level_tables(t)
    strict, next_level = np.empty(n, dtype="int64"), np.empty(n, dtype="int64")
    kbuf = np.empty(min(BLOCK, n), dtype=np.intp)  # levels reached, per park of the block
    passes: Passes = {(r.field, lvl): None for r in t.rows for lvl in t.levels}
    gaps: dict[str, np.ndarray] = {}
    if cells:
        for r, _, _, tests, _ in plan:
            for i, _, _ in tests:
                passes[(r.field, t.levels[i])] = np.empty(n, bool)
            gaps[r.field] = np.empty(n)
    size = min(BLOCK, n)
    level_ok = [np.empty(size, bool) for _ in t.levels]
    buf, valid = np.empty(size, bool), np.empty(size, bool)
    with np.errstate(invalid="ignore"):
        for a in range(0, n, BLOCK):
            b = min(a + BLOCK, n)
            w = b - a
            acc = [x[:w] for x in level_ok]
            for x in acc:
                x[...] = green_ok[a:b]
            need = scalar[a:b]
            for r, approx, top, tests, _ in plan:
                x = approx[a:b]
                lo = x.min()
                if not (lo >= FLOAT_TOO_SMALL and x.max() <= top):  # NaN makes both NaN: then cell by cell
                    ok = valid[:w]
                    np.greater_equal(x, 0, out=ok)  # NaN and negatives fail
                    np.logical_and(ok, np.less_equal(x, top, out=buf[:w]), out=ok)
                    if not lo >= FLOAT_TOO_SMALL:  # zeros pass; 0 < x < 1e-64 is out of to_fraction's range
                        np.logical_and(ok, (x == 0) | (x >= FLOAT_TOO_SMALL), out=ok)
                    np.logical_or(need, np.logical_not(ok, out=ok), out=need)
                for i, op, bar in tests:
                    got = passes[(r.field, t.levels[i])]
                    dest = buf[:w] if got is None else got[a:b]
                    op(x, bar, out=dest)
                    np.logical_and(acc[i], dest, out=acc[i])
            kb = kbuf[:w]
            kb[...] = acc[0]
            for i in range(1, m):  # reached at level i: every level up to i passes
                np.logical_and(acc[i - 1], acc[i], out=acc[i])
                kb += acc[i]
            stars.take(kb, out=strict[a:b], mode="clip")  # (mode "raise" buffers `out`: slow)
            nxt.take(kb, out=next_level[a:b], mode="clip")
            if cells:  # ≥/> cells decided on the doubles: failing is exactly bar - value > 0
                for r, approx, _, _, bars in plan:
                    g = gaps[r.field][a:b]
                    bars.take(kb, out=g, mode="clip")
                    np.subtract(g, approx[a:b], out=g)
                    np.maximum(g, 0.0, out=g)
    return strict, next_level, passes, gaps


def _gap(
    r: Row,
    rb: Rulebook,
    t: Table,
    passes: Mapping[tuple[str, int], np.ndarray | None],
    by_floats: Mapping[tuple[str, int], bool],
    approx: np.ndarray,
    k: np.ndarray,
    at: list[np.ndarray],
) -> np.ndarray:
    """Row `r`'s gap to each park's next level: ``float(bar) - value`` where the park fails the row there, else 0.

    `k[i]` indexes park i's next level in `t.levels` (``len(t.levels)``: none). When the float view decides every
    cell of a ≥/> row, failing is exactly ``bar - value > 0``, so the gap is ``max(bar - value, 0)``.
    """
    m = len(t.levels)
    cells = [((r.field, lvl), p) for lvl, p in zip(t.levels, r.params, strict=True) if p is not None]
    if all(p.comparison in _UFUNC and by_floats[c] for c, p in cells):
        bars = np.full(m + 1, -np.inf)  # -inf: no bar at that level, or no next level -> gap 0
        for i, p in enumerate(r.params):
            if p is not None:
                bars[i] = float(rb.value(p.id))
        gap = bars.take(k)
        np.subtract(gap, approx, out=gap)
        return np.maximum(gap, 0.0, out=gap)
    if not at:
        at.extend(k == i for i in range(m))
    bars = np.zeros(m + 1)
    fail = np.zeros(len(k), bool)
    for i, (lvl, p) in enumerate(zip(t.levels, r.params, strict=True)):
        ok = passes[(r.field, lvl)]
        if p is None or ok is None:
            continue
        bars[i] = float(rb.value(p.id))
        fail |= at[i] & ~ok
    gap = bars.take(k)
    np.subtract(gap, approx, out=gap)
    gap *= fail
    gap += 0.0  # -0.0 (a passing row's bar - value, times 0) is 0
    return gap


def _nullable(v: np.ndarray) -> Any:
    """Nullable arrays (a bad row under errors="collect" stays in place, with missing verdicts)."""
    no = np.zeros(len(v), bool)
    if v.dtype.kind == "b":
        return pd.arrays.BooleanArray(v, no)
    if v.dtype.kind == "i":
        return pd.arrays.IntegerArray(v, no)
    return v


def _columns(frame: pd.DataFrame, t: Table, units: dict[str, str]) -> dict[str, Column]:
    from ..quantities import field_unit
    from ..rubric.inputs import ParkIndicators

    cols: dict[str, Column] = {}
    for r in t.rows:
        cols[r.field] = column(
            frame, r.field, r.unit, given_unit=units.get(r.field), writable=False, finite_check=False
        )
    for target, (num, den) in DERIVED.items():
        direct = cols[target]
        if not direct.any_missing():
            continue
        parts = [column(frame, f, field_unit(ParkIndicators, f), given_unit=units.get(f)) for f in (num, den)]
        factor = _factor(parts[0].unit, parts[1].unit, direct.unit)
        derived = ratio(parts[0], parts[1], factor, target, direct.unit)
        take = direct.missing
        approx = np.where(take, derived.approx, direct.approx)
        cols[target] = Column(
            target, direct.unit, approx, _either(take, derived, direct), {**direct.bad, **derived.bad}
        )
        cols[f"{target}:parts"] = Column(target, direct.unit, derived.approx, derived.exact, {})
    from ..rubric.inputs import GREEN_UNITS

    for r in t.green:  # value and standard in the row's unit (row 11: the caller's, given as plain numbers)
        for sub in ("value", "standard"):
            name = f"{r.field}.{sub}"
            cols[name] = column(
                frame, name, GREEN_UNITS[r.field] or "dimensionless", given_unit=units.get(name), writable=False
            )
    return cols


def _either(take: np.ndarray, derived: Column, direct: Column) -> Any:
    """The exact value of a per-mu row: from its parts where it was not given directly."""
    return lambda i: derived.exact(i) if take[i] else direct.exact(i)


def _factor(num_unit: str, den_unit: str, unit: str):  # type: ignore[no-untyped-def]
    from ..units import conversion_factor

    return conversion_factor(f"({num_unit})/({den_unit})", unit)


def _needs_scalar(
    frame: pd.DataFrame, t: Table, cols: dict[str, Column], relaxation: Any, rows: bool = True
) -> np.ndarray:
    """Rows the column kernel leaves to the scalar rule: bad or missing cells, incidents, relaxation (``rows=False``:
    not the row 1–9 cells' numbers, which `_blocks` checks)."""
    n = len(frame)
    need = np.zeros(n, bool)
    for r in t.rows if rows else ():
        c = cols[r.field]
        top = 100.0 if r.unit == "percent" else sys.float_info.max
        with np.errstate(invalid="ignore"):
            need |= ~((c.approx >= 0) & (c.approx <= top))  # missing (NaN), negative, infinite, over 100%
        need |= out_of_range(c.approx)  # after conversion too, as the scalar model checks
        if c.bad:
            need[list(c.bad)] = True
        parts = cols.get(f"{r.field}:parts")
        if parts is not None:  # given directly and as parts: the scalar model checks that they agree
            need |= ~np.isnan(parts.approx) & ~c.missing
    for f in _NESTED:
        for sub in ("value", "standard"):
            c = cols[f"{f}.{sub}"]
            need[list(c.bad)] = True
        has_pair = f"{f}.value" in frame.columns and f"{f}.standard" in frame.columns
        has_flag = f"{f}.below_standard" in frame.columns
        if not (has_pair or has_flag):
            need[:] = True
    if "major_incidents" in frame.columns:
        need |= (
            frame["major_incidents"]
            .map(lambda v: bool(v) if isinstance(v, list | tuple) else False)
            .to_numpy(dtype=bool)
        )
    if relaxation is not None:
        need[:] = True
    return need


def _green(frame: pd.DataFrame, field: str, cols: dict[str, Column]) -> np.ndarray:
    """低于全省同行业标准: value < standard, exactly (rows with the caller's below_standard take it)."""
    n = len(frame)
    ok = np.zeros(n, bool)
    if f"{field}.value" in frame.columns and f"{field}.standard" in frame.columns:
        v, s = cols[f"{field}.value"], cols[f"{field}.standard"]
        with np.errstate(invalid="ignore"):
            ok = v.approx < s.approx
        if not (v.floats_exact and s.floats_exact):
            # two doubles are in the order of their shortest reprs (rounding to nearest is monotonic), so two
            # columns of the cells' own doubles are compared exactly as floats; other columns: the band, exactly
            with np.errstate(invalid="ignore"):
                band = np.abs(v.approx - s.approx) <= BAND * np.maximum(np.abs(v.approx), np.abs(s.approx))
            for i in np.flatnonzero(band):
                a, b = v.exact(int(i)), s.exact(int(i))
                ok[i] = a is not None and b is not None and a < b
    flag = f"{field}.below_standard"
    if flag in frame.columns:
        stated = frame[flag]
        ok = np.where(stated.notna().to_numpy(), stated.fillna(False).astype(bool).to_numpy(), ok)
    return ok


def _row(frame: pd.DataFrame, pos: int) -> dict[str, Any]:
    """Row `pos` as the scalar model's input (flat `field.sub` columns nested again; missing cells dropped)."""
    out: dict[str, Any] = {}
    for k, v in frame.iloc[pos].items():
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            continue
        if hasattr(v, "item") and not isinstance(v, str | list | tuple | dict):
            v = v.item()
        head, dot, sub = str(k).partition(".")
        whole = out.get(head)
        if (dot and head in out and not isinstance(whole, dict)) or (not dot and isinstance(whole, dict)):
            raise input_error(head, say("batch.error.whole_and_parts", field=head))
        if dot:
            out.setdefault(head, {})[sub] = v
        else:
            out[head] = v
    return out


def _copy_scalar(result: pd.DataFrame, label: Any, one: Any, t: Table, cells: bool = True) -> None:
    result.loc[label, ["stars", "strict_stars", "vetoed", "next_level"]] = [
        one.stars,
        one.strict_stars,
        one.vetoed,
        one.next_level or 0,
    ]
    if not cells:
        return
    by = {(c.indicator, c.level): c.met for c in one.checks if c.indicator is not None}
    for r in t.all_rows:
        for lvl in t.levels:
            met = by.get((r.field, lvl), by.get((r.field, None)))
            result.loc[label, f"{r.field}@{lvl}"] = True if met is None else bool(met)
    gaps = {g.field: g.amount for g in one.gaps_to_next_level}
    for r in t.rows:
        result.loc[label, f"{r.field}_gap"] = float(gaps[r.field]) if gaps.get(r.field) is not None else 0.0


def _problems(exc: ZjpolicyError) -> list[Any]:
    from ..errors import Problem

    return exc.problems if isinstance(exc, InputError) else [Problem(field="row", message=str(exc))]


def _at_row(exc: ZjpolicyError, label: Any) -> ZjpolicyError:
    if isinstance(exc, InputError):
        from ..errors import Problem

        return type(exc)(
            [
                Problem(
                    field=f"[{label}].{p.field}",
                    message=p.message,
                    expected_unit=p.expected_unit,
                    clause=p.clause,
                    value=p.value,
                )
                for p in exc.problems
            ]
        )
    return exc
