"""The input table as the batch kernel sees it: each quantity field once, in its unit, exactly; the declared
quantities (`Field`, `Ratio`, `FirstOf`, and any registered one) column by column; what each field's own validator
accepts; and rows back as the scalar rule's input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Annotated, Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, TypeAdapter, ValidationError

from ..lang import say
from ..quantities import Field, FirstOf, Quantity, Ratio, field_unit
from ..units import conversion_factor
from .columns import BAND, Column, column, ratio

__all__ = [
    "Bounds",
    "Rows",
    "Table",
    "bounds",
    "missing",
    "out_of_bounds",
    "quantity_column",
    "quantity_unit",
    "register_quantity",
    "rejected",
    "row_of",
    "scaled",
    "valid_cells",
]


class Table:
    """The input table as the kernel sees it: the model's columns, each quantity field once in its own unit."""

    def __init__(self, frame: pd.DataFrame, model: type[BaseModel], units: Mapping[str, str]):
        self.frame, self.model, self.units, self.n = frame, model, dict(units), len(frame)
        self._fields: dict[str, Column] = {}
        self._present: dict[str, np.ndarray] = {}

    def present(self, name: str) -> np.ndarray:
        """Rows where the cell is given (not None / NaN / NA)."""
        if name not in self._present:
            given = self.frame[name].notna().to_numpy() if name in self.frame.columns else np.zeros(self.n, bool)
            self._present[name] = np.asarray(given, dtype=bool)
        return self._present[name]

    def field(self, name: str) -> Column:
        """Quantity field `name` in the field's unit (a bare number in ``units[name]``, else the field's unit)."""
        if name not in self._fields:
            unit = quantity_unit(self.model, name)
            if unit is None:
                raise TypeError(say("batch.error.not_quantity", model=self.model.__name__, name=name))
            self._fields[name] = column(self.frame, name, unit, given_unit=self.units.get(name))
        return self._fields[name]


# ----------------------------------------------------------------------------- declared quantities, column-wise

QuantityKernel = Callable[[Any, Table, str], "Column | None"]
_KERNELS: dict[type, QuantityKernel] = {}


def register_quantity(kind: type[Quantity]) -> Callable[[QuantityKernel], QuantityKernel]:
    """Teach the kernel a `Quantity` subclass: ``fn(quantity, table, unit) -> Column`` (None: not column-wise)."""

    def deco(fn: QuantityKernel) -> QuantityKernel:
        _KERNELS[kind] = fn
        return fn

    return deco


def quantity_column(q: Quantity, t: Table, unit: str) -> Column | None:
    """The value of `q` per row in `unit`, exact on demand; None when the kernel cannot compute it column-wise."""
    for kind in type(q).__mro__:
        if kind in _KERNELS:
            return _KERNELS[kind](q, t, unit)
    return None


def scaled(c: Column, factor: Fraction, unit: str) -> Column:
    """`c` × factor (a unit conversion), exact on demand."""
    if factor == 1:
        return Column(c.name, unit, c.approx, c.exact, c.bad, floats_exact=c.floats_exact)

    def exact(i: int) -> Fraction | None:
        v = c.exact(i)
        return None if v is None else v * factor

    return Column(c.name, unit, c.approx * float(factor), exact, c.bad)


@register_quantity(Field)
def _field(q: Field, t: Table, unit: str) -> Column | None:
    if quantity_unit(t.model, q.path) is None:
        return None
    c = t.field(q.path)
    return scaled(c, conversion_factor(c.unit, unit), unit)


@register_quantity(Ratio)
def _ratio(q: Ratio, t: Table, unit: str) -> Column | None:
    if quantity_unit(t.model, q.num) is None or quantity_unit(t.model, q.den) is None:
        return None
    return ratio(t.field(q.num), t.field(q.den), q.factor(t.model, unit), f"{q.num}/{q.den}", unit)


@register_quantity(FirstOf)
def _first_of(q: FirstOf, t: Table, unit: str) -> Column | None:
    """Per row, the first alternative whose fields are all given; a row giving fields of another alternative too
    (which the scalar model may reject or check for agreement) is marked undecided (NaN) for the scalar rule."""
    found = [quantity_column(o, t, unit) for o in q.options]
    opts = [o for o in found if o is not None]
    if len(opts) != len(found):
        return None
    chosen = np.full(t.n, -1)
    for k in reversed(range(len(q.options))):
        given = np.ones(t.n, bool)
        for f in q.options[k].fields():
            given &= t.present(f)
        chosen[given] = k
    approx = np.full(t.n, np.nan)
    bad: dict[int, str] = {}
    for k, o in enumerate(opts):
        extra = np.zeros(t.n, bool)
        for f in set(q.fields()) - set(q.options[k].fields()):
            extra |= t.present(f)
        take = (chosen == k) & ~extra
        approx[take] = o.approx[take]
        bad.update(o.bad)

    def exact(i: int) -> Fraction | None:
        return opts[chosen[i]].exact(i) if chosen[i] >= 0 and not np.isnan(approx[i]) else None

    return Column(" | ".join(o.name for o in opts), unit, approx, exact, bad)


# ----------------------------------------------------------------------------- the fields, as their validators say


def quantity_unit(model: type[BaseModel], name: str) -> str | None:
    """The declared unit of a quantity field, or None for any other field (or a nested path)."""
    if "." in name or name not in model.model_fields:
        return None
    try:
        return field_unit(model, name)
    except TypeError:  # not a quantity field
        return None


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The field's own type and validators (bounds included), to ask it about a value."""
    info = model.model_fields[name]
    kind: Any = Annotated[info.annotation, *info.metadata] if info.metadata else info.annotation
    return TypeAdapter(kind)


def _accepts(model: type[BaseModel], name: str, value: Any) -> bool:
    try:
        _adapter(model, name).validate_python(value)
    except Exception:  # any rejection: the scalar rule will report it
        return False
    return True


@dataclass(frozen=True)
class Bounds:
    """What a quantity field's validator accepts, as probed: ≥ 0 or > 0 (or unbounded below), ≤ 100 or unbounded."""

    low: Literal["none", "ge0", "gt0", "unknown"]
    high: Literal["none", "le100", "unknown"]


_FAR = Fraction(10) ** 32  # a probe far beyond any input (and no number of the law)


@cache
def bounds(model: type[BaseModel], name: str) -> Bounds:
    """Ask the field's validator (the truth) at the edges; a shape not recognised is "unknown" (rows go scalar)."""
    tiny = 1 / _FAR
    ok = lambda v: _accepts(model, name, v)  # noqa: E731
    low: Literal["none", "ge0", "gt0", "unknown"] = (
        "none" if ok(-_FAR) else "ge0" if ok(0) and not ok(-tiny) else "gt0" if ok(tiny) and not ok(0) else "unknown"
    )
    high: Literal["none", "le100", "unknown"] = (
        "none" if ok(_FAR) else "le100" if ok(100) and not ok(100 + tiny) else "unknown"
    )
    return Bounds(low, high)


def out_of_bounds(c: Column, b: Bounds, given: np.ndarray) -> np.ndarray:
    """Given cells the validator may reject: outside the bounds, or in the float band at one (decided exactly)."""
    a = c.approx
    out = np.zeros(len(a), bool)
    if b.low == "unknown" or b.high == "unknown":
        return given.copy()
    edges = ([Fraction(0)] if b.low != "none" else []) + ([Fraction(100)] if b.high != "none" else [])
    with np.errstate(invalid="ignore"):
        if b.low == "ge0":
            out |= a < 0
        elif b.low == "gt0":
            out |= a <= 0
        if b.high == "le100":
            out |= a > 100
        near = np.zeros(len(a), bool)
        for e in edges:  # at 0: a float 0.0 may be a tiny negative Fraction
            near |= np.abs(a - float(e)) <= (BAND * abs(float(e)) if e else 1e-300)
    for i in np.flatnonzero(near & given & ~out):
        v = c.exact(int(i))
        if v is None or (b.low == "ge0" and v < 0) or (b.low == "gt0" and v <= 0) or (b.high == "le100" and v > 100):
            out[i] = True
    return out & given


def valid_cells(t: Table, name: str) -> np.ndarray:
    """Cells of a non-quantity field its type accepts (asked once per distinct value); missing cells count as valid."""
    s = t.frame[name]
    info = t.model.model_fields[name]
    if info.annotation in (str, str | None) and not info.metadata and pd.api.types.is_string_dtype(s):
        return np.ones(t.n, bool)  # names, labels: every string is one
    cells = s.to_numpy(dtype=object)
    seen: dict[tuple[type, Any], bool] = {}
    ok = np.ones(len(cells), bool)
    for i, v in enumerate(cells):
        if missing(v):
            continue
        v = _plain(v)
        try:
            key = (type(v), v)
            verdict = seen.get(key)
            if verdict is None:
                verdict = seen[key] = _accepts(t.model, name, v)
        except TypeError:  # unhashable: a list or dict cell
            verdict = _accepts(t.model, name, v)
        ok[i] = verdict
    return ok


# ----------------------------------------------------------------------------- rows for the scalar rule


def missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and v != v


def _plain(v: Any) -> Any:
    """A numpy scalar as the Python value the scalar model reads."""
    if hasattr(v, "item") and not isinstance(v, str | bytes | list | tuple | dict):
        return v.item()
    return v


class Rows:
    """Rows of a frame as the scalar model's input: missing cells dropped, `a.b` columns nested again."""

    def __init__(self, frame: pd.DataFrame):
        self.names = [str(c) for c in frame.columns]
        self.cells = [frame.iloc[:, j].to_numpy(dtype=object) for j in range(frame.shape[1])]

    def __call__(self, pos: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, cells in zip(self.names, self.cells, strict=True):
            v = cells[pos]
            if missing(v):
                continue
            head, dot, sub = name.partition(".")
            if dot:
                out.setdefault(head, {})[sub] = _plain(v)
            else:
                out[head] = _plain(v)
        return out


def rejected(frame: pd.DataFrame, model: type[BaseModel], rows: np.ndarray) -> np.ndarray:
    """Rows (of those given) the input model rejects as a whole: its cross-field checks, row by row."""
    out = np.zeros(len(frame), bool)
    if rows.any():
        read = Rows(frame)
        for pos in map(int, np.flatnonzero(rows)):
            try:
                model.model_validate(read(pos))
            except ValidationError:
                out[pos] = True
    return out


def row_of(frame: pd.DataFrame, pos: int) -> dict[str, Any]:
    """Row `pos` of `frame` as the scalar rule's input (what `BatchResult.explain` passes)."""
    return Rows(frame.iloc[[pos]])(0)
