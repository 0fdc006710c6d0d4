"""`batch_rule`: any rule's declared tests over a whole table, column by column, exact at every boundary.

The kernel reads what the rule declares (`rule.tests`: each `Test(name, param, quantity)` with `Field`, `Ratio`,
`FirstOf` or a registered quantity) and the yes/no preconditions it is given, computes each quantity column-wise
(`columns.column` / `columns.ratio`, in the field's unit, then exactly in the parameter's) and decides it with
`columns.decide` (floats first, the band near the threshold again in Fractions). The verdict is every test and
every precondition met.

A row the kernel cannot vouch for goes to the scalar rule, so batch and scalar cannot disagree: a cell the scalar
model would reject or might read otherwise (not a number in a compatible unit, outside the field's bounds as its
own validator reports them, a required field missing, a value its type does not accept), a quantity given both
directly and by its parts, an undecided precondition, a row a rule-specific guard names. Bad rows are reported
(``errors="collect"``) or raised with their label, never lost or reordered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel

from ..errors import ZjpolicyError, as_of_date
from ..exact import Comparison
from ..lang import Lang, say, use_language
from ..quantities import Test
from ..rulebook import Rulebook, default_rulebook
from ..rules import Rule, not_in_force
from .columns import decide
from .parks import _at_row, _problems
from .result import BatchResult, as_frame
from .table import (
    Rows,
    Table,
    bounds,
    missing,
    out_of_bounds,
    quantity_column,
    quantity_unit,
    register_quantity,
    rejected,
    row_of,
    valid_cells,
)

__all__ = [
    "Guard",
    "Precondition",
    "Table",
    "batch_rule",
    "choice",
    "flag",
    "present",
    "register_quantity",
    "row_of",
]

Guard = Callable[["Table"], np.ndarray]
"""Rows (a boolean mask) a rule's own cross-field checks may reject: the kernel leaves them to the scalar rule."""

_DECIDED = (Comparison.ge, Comparison.gt, Comparison.le, Comparison.lt)


@dataclass(frozen=True)
class Precondition:
    """A yes/no condition of the law read from one column (新上项目, 在……前提下).

    `name` is both the input column and the name of the rule's condition check; `truth(cell)` says True or False
    for the cells it is sure of, None for any other (that row goes to the scalar rule).
    """

    name: str
    truth: Callable[[Any], bool | None]


def flag(v: Any) -> bool | None:
    """A boolean cell (True/False); anything else ("yes", 1) is left to the scalar model."""
    return bool(v) if isinstance(v, bool | np.bool_) else None


def choice(yes: Any, *, no: Sequence[Any] = ()) -> Callable[[Any], bool | None]:
    """A cell that is exactly `yes` (True) or one of `no` (False), e.g. a `StrEnum` value; else undecided."""
    known = {str(yes): True, **{str(v): False for v in no}}
    return lambda v: known.get(v) if isinstance(v, str) else None


def present(*names: str) -> Guard:
    """A guard: rows where any of `names` is given (fields whose presence takes the rule another way)."""

    def guard(t: Table) -> np.ndarray:
        out = np.zeros(t.n, bool)
        for name in names:
            out |= t.present(name)
        return out

    return guard


def _truth(t: Table, p: Precondition) -> tuple[np.ndarray, np.ndarray]:
    """(met, decided) of a precondition per row; asked once per distinct cell."""
    met, decided = np.zeros(t.n, bool), np.zeros(t.n, bool)
    if p.name not in t.frame.columns:
        return met, decided
    seen: dict[tuple[type, Any], bool | None] = {}
    for i, v in enumerate(t.frame[p.name].to_numpy(dtype=object)):
        if missing(v):
            continue
        try:
            key = (type(v), v)
            answer = seen[key] if key in seen else seen.setdefault(key, p.truth(v))
        except TypeError:
            answer = p.truth(v)
        if answer is not None:
            met[i], decided[i] = answer, True
    return met, decided


# ----------------------------------------------------------------------------- the kernel


def batch_rule(
    rule: Rule[Any, Any],
    data: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    as_of: date | str,
    verdict: str,
    preconditions: Sequence[Precondition] = (),
    guards: Sequence[Guard] | None = None,
    scalar_when: Callable[[Rulebook], bool] | None = None,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    units: Mapping[str, str] | None = None,
    errors: Literal["raise", "collect"] = "raise",
    lang: Lang | None = None,
    **options: Any,
) -> BatchResult:
    """Apply `rule` to every row of `data` (columns: the rule's input fields; other columns are ignored).

    `verdict` names the result field that is "every test and precondition met" (``eligible``, ``meets``); it is
    the first column of ``.frame``, then ``<test>_met`` and ``<test>_value`` (the float view of the value, in the
    parameter's unit) per declared test and ``<precondition>_met`` per precondition.

    `guards` name the rows the input model's cross-field checks (its model validators) may reject, beyond what the
    kernel sees itself (bad cells, bounds, required fields, a quantity given both directly and by its parts);
    passing them (even ``[]``) says they cover those checks. Left None, a model with model validators has each row
    the kernel decides validated by the model first (about 15 µs a row), so no declaration is trusted blindly.
    `scalar_when(rulebook)` true (a reading that takes the rule another way)
    or any `options` send every row to the scalar rule. `units={column: unit}`: a numeric column in another unit.
    `lang`: the language of the reasons in ``.errors``, of any error raised and of ``.explain`` ("zh", default, or
    "en"); the frame is the same in both.
    """
    with use_language(lang) as chosen:
        return _batch_rule(
            rule,
            data,
            as_of,
            verdict,
            preconditions,
            guards,
            scalar_when,
            rulebook,
            overrides,
            units,
            errors,
            chosen,
            options,
        )


def _batch_rule(
    rule: Rule[Any, Any],
    data: pd.DataFrame | Sequence[Mapping[str, Any]],
    as_of: date | str,
    verdict: str,
    preconditions: Sequence[Precondition],
    guards: Sequence[Guard] | None,
    scalar_when: Callable[[Rulebook], bool] | None,
    rulebook: Rulebook | None,
    overrides: Mapping[str, Any] | None,
    units: Mapping[str, str] | None,
    errors: Literal["raise", "collect"],
    lang: Lang,
    options: dict[str, Any],
) -> BatchResult:
    if errors not in ("raise", "collect"):
        raise ValueError(say("batch.error.errors_mode", got=repr(errors)))
    as_of = as_of_date(as_of)
    rb = rulebook or default_rulebook()
    if overrides:
        rb = rb.with_overrides(overrides)
    _check_in_force(rule, rb, as_of)
    raw = as_frame(data)
    model: type[BaseModel] = rule.input_model
    frame = raw[[c for c in raw.columns if str(c).partition(".")[0] in model.model_fields]]
    t = Table(frame, model, units or {})
    n = t.n
    names = [verdict, *(x.name for x in rule.tests), *(p.name for p in preconditions)]
    if len(set(names)) != len(names):
        raise ValueError(say("batch.error.distinct_names", rule=rule.id, names=names))

    need = np.zeros(n, bool)
    if (scalar_when is not None and scalar_when(rb)) or any(v is not None for v in options.values()):
        need[:] = True
    quantities = {name for name in model.model_fields if quantity_unit(model, name) is not None}
    conditions = {p.name for p in preconditions}
    for name, info in model.model_fields.items():
        given = t.present(name)
        if info.is_required():
            need |= ~given
        if name not in frame.columns:
            continue
        if name in quantities:
            c = t.field(name)
            need[list(c.bad)] = True
            need |= out_of_bounds(c, bounds(model, name), given)
        elif name not in conditions:
            need |= given & ~valid_cells(t, name)
    if any("." in str(c) for c in frame.columns):  # nested fields: the scalar model reads them
        need[:] = True
    for g in guards or ():
        need |= np.asarray(g(t), dtype=bool)
    if guards is None and model.__pydantic_decorators__.model_validators:
        need |= rejected(frame, model, ~need)

    ok = np.ones(n, bool)
    out: dict[str, np.ndarray] = {}
    for test in rule.tests:
        met, value = _decide(test, rule, rb, t)
        if met is None:
            need[:] = True
            met, value = np.zeros(n, bool), np.full(n, np.nan)
        need |= np.isnan(value)
        ok &= met
        out[f"{test.name}_met"], out[f"{test.name}_value"] = met, value
    for p in preconditions:
        met, decided = _truth(t, p)
        need |= ~decided
        ok &= met
        out[f"{p.name}_met"] = met
    out = {verdict: ok, **out}
    na = np.zeros(n, bool)

    bad: list[dict[str, Any]] = []
    scalar = np.flatnonzero(need)
    if len(scalar):
        rows = Rows(frame)
        for pos in map(int, scalar):
            label = frame.index[pos]
            try:
                one = rule(rows(pos), as_of=as_of, rulebook=rb, lang=lang, **options)
            except ZjpolicyError as exc:
                if errors == "raise":
                    raise _at_row(exc, label) from None
                bad.extend({"index": label, "field": p.field, "reason": p.message} for p in _problems(exc))
                na[pos] = True
                continue
            _copy(out, pos, one, verdict, rule.tests)
    frame_out = pd.DataFrame({k: _column(v, na) for k, v in out.items()}, index=frame.index, copy=False)
    return BatchResult(
        frame=frame_out,
        errors=pd.DataFrame(bad, columns=["index", "field", "reason"]),
        rule=rule,
        rulebook=rb,
        as_of=as_of,
        inputs=frame,
        options={k: v for k, v in options.items() if v is not None},
        outcome=verdict,
        to_row=row_of,
        lang=lang,
    )


def _decide(test: Test, rule: Rule[Any, Any], rb: Rulebook, t: Table) -> tuple[np.ndarray | None, np.ndarray]:
    """(met, value) of a declared test over the rows; met None when the kernel cannot decide it column-wise."""
    p = rb.param(test.param if "." in test.param else f"{rule.clauses[0]}.{test.param}")
    threshold = rb.value(p.id)  # no value: a RulebookError, for the whole call (a defect of the rulebook)
    col = quantity_column(test.value, t, p.unit)
    if col is None or p.comparison not in _DECIDED:
        return None, np.full(t.n, np.nan)
    return decide(col, p.comparison, threshold), col.approx


def _copy(out: dict[str, np.ndarray], pos: int, one: Any, verdict: str, tests: Sequence[Test]) -> None:
    """Row `pos` from the scalar result: the verdict, each check's met, each test's value."""
    out[verdict][pos] = bool(getattr(one, verdict))
    values = {t.name for t in tests}
    for c in one.checks:
        if f"{c.name}_met" in out:
            out[f"{c.name}_met"][pos] = bool(c.met)
        if c.name in values:
            out[f"{c.name}_value"][pos] = np.nan if c.value is None else float(c.value)


def _column(v: np.ndarray, na: np.ndarray) -> Any:
    if v.dtype.kind == "b":
        return pd.arrays.BooleanArray(v, na.copy())
    v = v.astype("float64", copy=True)
    v[na] = np.nan
    return v


def _check_in_force(rule: Rule[Any, Any], rb: Rulebook, as_of: date) -> None:
    """As the scalar rule does on every call: outside the period its clauses are in force, nothing is decided."""
    start, end = rule.in_force(rb)
    if as_of < start or (end is not None and as_of >= end):
        raise not_in_force(rule, start, end, as_of)
