"""`rate_parks`: the star rubric over a whole table, column by column, exact at every boundary.

The kernel is built from the same declarations the scalar `rate_park` uses: the table of rows and levels
(`zjpolicy.rubric.table`), each row's parameter at each level, and the per-mu rows' parts (value_added /
land_area …). Rows the column kernel does not decide by itself — a row with incidents (the veto), a
`RelaxationPolicy` below the top level, or a cell the scalar model would reject — are rated by the scalar
`rate_park`, so batch and scalar cannot disagree, and a bad row is reported, never lost or reordered.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import InputError, ZjpolicyError
from ..rubric import rate_park
from ..rubric.inputs import _DERIVED as DERIVED
from ..rubric.table import Table, table
from ..rulebook import Rulebook, default_rulebook
from .columns import BAND, Column, column, ratio
from .columns import decide as decide_column
from .result import BatchResult, flatten

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
) -> BatchResult:
    """Rate every park (one row each; columns are `ParkIndicators` field names, nested ones as `field.sub`).

    Returns a `BatchResult`: `.frame` has the same index and order as the input, with `stars`, `strict_stars`,
    `vetoed`, `next_level`, one `<field>@<level>` pass/fail column per table cell and `<field>_gap` to the next
    level; `.errors` lists bad rows (index, field, reason) with ``errors="collect"``; `.explain(i)` is row i's
    full, replayable `StarRating`.
    """
    rb = rulebook or default_rulebook()
    if overrides:
        rb = rb.with_overrides(overrides)
    frame = flatten(parks if isinstance(parks, pd.DataFrame) else pd.DataFrame(list(parks)), _NESTED)
    t = table(rb)
    units = dict(units or {})
    cols = _columns(frame, t, units)
    n = len(frame)
    scalar = _needs_scalar(frame, t, cols, relaxation)
    out: dict[str, Any] = {}
    passes = {}
    for r in t.rows:
        for lvl, p in zip(t.levels, r.params, strict=True):
            ok = np.ones(n, bool) if p is None else decide_column(cols[r.field], p.comparison, rb.value(p.id))
            passes[(r.field, lvl)] = ok
    for r in t.green:
        ok = _green(frame, r.field, cols)
        for lvl in t.levels:
            passes[(r.field, lvl)] = ok
    level_ok = {}
    for lvl in t.levels:
        ok = np.ones(n, bool)
        for r in t.all_rows:
            ok &= passes[(r.field, lvl)]
        level_ok[lvl] = ok
    strict = np.zeros(n, dtype="int64")
    reached = np.ones(n, bool)
    for lvl in t.levels:
        reached &= level_ok[lvl]
        strict[reached] = lvl
    out["stars"] = strict.copy()
    out["strict_stars"] = strict.copy()
    out["vetoed"] = np.zeros(n, bool)
    lookup = {s: t.next_level(s) or 0 for s in (0, *t.levels)}
    next_level = np.select([strict == s for s in lookup], list(lookup.values()), 0).astype("int64")
    out["next_level"] = next_level
    for (field, lvl), ok in passes.items():
        out[f"{field}@{lvl}"] = ok
    for r in t.rows:
        gap = np.zeros(n)
        for lvl, p in zip(t.levels, r.params, strict=True):
            if p is None:
                continue
            at = (next_level == lvl) & ~passes[(r.field, lvl)]
            gap[at] = float(rb.value(p.id)) - cols[r.field].approx[at]
        out[f"{r.field}_gap"] = gap
    result = pd.DataFrame({k: _nullable(v) for k, v in out.items()}, index=frame.index, copy=False)
    bad: list[dict[str, Any]] = []
    for pos in map(int, np.flatnonzero(scalar)):
        label = frame.index[pos]
        try:
            one = rate_park(_row(frame, pos), as_of=as_of, rulebook=rb, relaxation=relaxation)
        except ZjpolicyError as exc:
            if errors == "raise":
                raise _at_row(exc, label) from None
            bad.extend({"index": label, "field": p.field, "reason": p.message} for p in _problems(exc))
            result.loc[label, :] = pd.NA
            continue
        _copy_scalar(result, label, one, t)
    return BatchResult(
        frame=result,
        errors=pd.DataFrame(bad, columns=["index", "field", "reason"]),
        rule=rate_park,
        rulebook=rb,
        as_of=as_of,
        inputs=frame,
        options={"relaxation": relaxation} if relaxation is not None else {},
    )


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
        cols[r.field] = column(frame, r.field, r.unit, given_unit=units.get(r.field))
    for target, (num, den) in DERIVED.items():
        direct = cols[target]
        if not direct.missing.any():
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
            cols[name] = column(frame, name, GREEN_UNITS[r.field] or "dimensionless", given_unit=units.get(name))
    return cols


def _either(take: np.ndarray, derived: Column, direct: Column) -> Any:
    """The exact value of a per-mu row: from its parts where it was not given directly."""
    return lambda i: derived.exact(i) if take[i] else direct.exact(i)


def _factor(num_unit: str, den_unit: str, unit: str):  # type: ignore[no-untyped-def]
    from ..units import conversion_factor

    return conversion_factor(f"({num_unit})/({den_unit})", unit)


def _needs_scalar(frame: pd.DataFrame, t: Table, cols: dict[str, Column], relaxation: Any) -> np.ndarray:
    """Rows the column kernel leaves to the scalar rule: bad or missing cells, incidents, relaxation."""
    n = len(frame)
    need = np.zeros(n, bool)
    for r in t.rows:
        c = cols[r.field]
        need |= c.missing
        with np.errstate(invalid="ignore"):
            need |= c.approx < 0
            if r.unit == "percent":
                need |= c.approx > 100
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
        if dot:
            out.setdefault(head, {})[sub] = v
        else:
            out[head] = v
    return out


def _copy_scalar(result: pd.DataFrame, label: Any, one: Any, t: Table) -> None:
    result.loc[label, ["stars", "strict_stars", "vetoed", "next_level"]] = [
        one.stars,
        one.strict_stars,
        one.vetoed,
        one.next_level or 0,
    ]
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
