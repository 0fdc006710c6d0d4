"""Statistics as input: the dict, list and DataFrame forms, and their normalization to canonical units.

Statistics come as a `Statistics` model, a dict (see `to_statistics`) or a pandas DataFrame with one
row per indicator and year (columns ``indicator``, ``year``, ``value`` and optionally ``unit``, ``baseline``,
``added``).
Indicators are named as `zjpolicy.targets.indicators` explains (clause id, slug, Chinese label or a part).
Units are normalized once, here, to each indicator's canonical unit (the target parameter's unit); the rules
then work on plain Fractions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import MAXYEAR, MINYEAR
from typing import Any

from pydantic import ValidationError

from ..errors import InputError, Problem, UnitError, input_error, shown
from ..lang import pick, say
from ..rulebook import Rulebook, default_rulebook
from ..units import conversion_factor, unit_label
from .indicators import resolve
from .inputs import Observation, Statistics

__all__ = ["normalize_statistics", "to_statistics"]


# --------------------------------------------------------------------------- adapters

_RESERVED = {"year", "note", "note_zh", "source", "baselines", "illustrative", "title", "indicators", "observations"}


def to_statistics(data: Any, *, year: int | None = None) -> Statistics:
    """Accept a Statistics, a dict, a list of observation dicts or a pandas DataFrame.

    Dict forms::

        {"observations": [{"indicator": ..., "year": 2024, "value": "2050 亿元"}, ...]}
        {"indicators": {"go.8.4.mountain_industrial_value_added": {2023: "1980 亿元", 2024: "2050 亿元"},
                        "labour_productivity": "31.5 万元/人"},      # a bare value is for `year`
         "baselines": {"new_listed_companies": "560 家"},           # levels at the start of 新增
         "year": 2024, "note": "...", "note_zh": "..."}           # the note, in English and Chinese
        {"go.1.2.labour_productivity": {2024: 31.5}, ...}          # the indicators mapping alone

    A year's entry may itself be a mapping with ``value``, ``unit``, ``baseline``, ``added``, ``items``,
    ``source``. A 新增 goal needs ``baseline`` or ``added: true`` (or, when 新增 starts with a year, the level of
    the year before in the series): a total alone is not taken as the count added.
    """
    if isinstance(data, Statistics):
        return data
    try:
        if _is_dataframe(data):
            return _from_frame(data)
        if isinstance(data, Mapping):
            if "observations" in data:
                return Statistics.model_validate({"observations": data["observations"], "note": _note(data)})
            return _from_mapping(data, year=year)
        if isinstance(data, Iterable) and not isinstance(data, (str, bytes)):
            return Statistics.model_validate({"observations": list(data)})
    except ValidationError as exc:
        raise InputError.from_validation_error(exc, prefix="statistics") from None
    raise input_error("statistics", say("targets.error.statistics_type", kind=type(data).__name__))


def _is_dataframe(obj: Any) -> bool:
    mod = type(obj).__module__
    return mod.startswith("pandas") and type(obj).__name__ == "DataFrame"


def _from_mapping(data: Mapping[str, Any], *, year: int | None) -> Statistics:
    default_year = data.get("year", year)
    inds = data.get("indicators")
    if inds is None:
        inds = {k: v for k, v in data.items() if k not in _RESERVED}
    if not isinstance(inds, Mapping):
        raise input_error("indicators", say("targets.error.indicators_type", kind=type(inds).__name__))
    baselines = data.get("baselines") or {}
    if not isinstance(baselines, Mapping):
        raise input_error("baselines", say("targets.error.baselines_type", kind=type(baselines).__name__))
    note = _note(data)
    if note is None and data.get("illustrative"):
        note = say("targets.illustrative")
    obs: list[dict[str, Any]] = []
    for name, entry in dict(inds).items():
        base = baselines.get(name)
        if isinstance(entry, Mapping) and entry and all(_is_year(k) for k in entry):
            for y, v in entry.items():
                obs.append(_one(name, _year(y, f"{name}.{y}"), v, base))
        else:
            if default_year is None:
                raise input_error(str(name), say("targets.error.no_year", year="year"))
            obs.append(_one(name, _year(default_year, "year"), entry, base))
    unknown_b = set(baselines) - set(inds)
    if unknown_b:
        raise input_error("baselines", say("targets.error.baselines_unknown", names=sorted(unknown_b)))
    return Statistics.model_validate({"observations": obs, "note": note})


def _note(data: Mapping[str, Any]) -> Any:
    """The statistics' note in the language in force (``note_zh`` beside ``note``), None when there is none."""
    zh, en = data.get("note_zh"), data.get("note")
    return None if zh is None and en is None else pick(zh, en)


def _is_year(k: Any) -> bool:
    if isinstance(k, bool):
        return False
    if isinstance(k, int):
        return True
    return isinstance(k, str) and k.strip().isdigit()


def _year(value: Any, field: str) -> int:
    """A statistical year (an int, a digit string or a whole float from a table cell), or an InputError."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= len(str(MAXYEAR)):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not MINYEAR <= value <= MAXYEAR:
        raise input_error(field, say("targets.error.bad_year", first=MINYEAR, last=MAXYEAR), value=shown(value))
    return value


def _one(name: str, y: int, v: Any, base: Any) -> dict[str, Any]:
    if isinstance(v, Mapping):
        d = {"indicator": name, "year": y, **dict(v)}
    else:
        d = {"indicator": name, "year": y, "value": v}
    if base is not None and d.get("baseline") is None:
        d["baseline"] = base
    return d


def _from_frame(df: Any) -> Statistics:
    cols = set(df.columns)
    missing = {"indicator", "year", "value"} - cols
    if missing:
        raise input_error("statistics", say("targets.error.frame_columns", missing=sorted(missing)))
    obs = []
    for row, rec in zip(df.index, df.to_dict(orient="records"), strict=True):
        d: dict[str, Any] = {}
        for k, v in rec.items():
            if _is_missing(v):
                continue
            if k == "year":
                v = _year(v, f"row {row}.year")
            if hasattr(v, "item") and not isinstance(v, (str, bytes)):
                v = v.item()  # numpy scalar → Python
            d[str(k)] = v
        obs.append(d)
    return Statistics.model_validate({"observations": obs})


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    try:
        return bool(v != v)  # NaN
    except Exception:
        return False


# --------------------------------------------------------------------------- normalization (the edge)


def normalize_statistics(stats: Statistics, rb: Rulebook | None = None) -> Statistics:
    """Resolve every indicator to its canonical key and unit, exactly; reject duplicates and bad values."""
    rb = rb or default_rulebook()
    out: list[Observation] = []
    seen: dict[tuple[str, int], str] = {}
    problems: list[Problem] = []
    unit_problems = 0
    for o in stats.observations:
        try:
            ind = resolve(o.indicator, rb)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        field = f"{o.indicator}[{o.year}]"
        src = o.unit or ind.unit
        try:
            f = conversion_factor(src, ind.unit)
        except UnitError as exc:
            problems.append(
                Problem(
                    field=field,
                    message=exc.problems[0].message,
                    expected_unit=unit_label(ind.unit) or "dimensionless",
                    clause=ind.clause,
                )
            )
            unit_problems += 1
            continue
        value = o.value * f
        if not ind.signed and value < 0:
            problems.append(
                Problem(
                    field=field,
                    message=say("error.must_be_at_least", minimum=0, value=o.value),
                    expected_unit=unit_label(ind.unit),
                    clause=ind.clause,
                )
            )
            continue
        key = (ind.key, o.year)
        if key in seen:
            twice = say("targets.error.given_twice", other=repr(seen[key]))
            problems.append(Problem(field=field, message=twice, clause=ind.clause))
            continue
        seen[key] = o.indicator
        out.append(
            Observation(
                indicator=ind.key,
                year=o.year,
                value=value,
                unit=ind.unit,
                baseline=None if o.baseline is None else o.baseline * f,
                added=o.added,
                items=None if o.items is None else {k: v * f for k, v in o.items.items()},
                source=o.source,
            )
        )
    if problems:
        raise (UnitError if unit_problems == len(problems) else InputError)(problems)
    out.sort(key=lambda o: (o.indicator, o.year))
    return Statistics(observations=tuple(out), note=stats.note)
