"""Statistics as input: observed values of indicators, by year, with units.

An *indicator* is keyed by the clause id of the target it measures (``go.8.4.mountain_industrial_value_added``),
or by one of its aliases (the clause slug when unique, ``mountain_industrial_value_added``; the clause title or
the parameter label in Chinese), or by the name of a *part* from which a ratio target is derived
(``manufacturing_value_added`` and ``gdp`` give ``go.1.2.manufacturing_share_of_gdp``).

Statistics come as a `Statistics` model, a dict (see `to_statistics`) or a pandas DataFrame with one
row per indicator and year (columns ``indicator``, ``year``, ``value`` and optionally ``unit``, ``baseline``).
Units are normalized once, here, to each indicator's canonical unit (the target parameter's unit); the engine
then works on plain Fractions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import InputError, Problem, UnitError
from ..exact import Exact, to_fraction
from ..rulebook import Clause, ClauseKind, Rulebook, default_rulebook
from ..units import conversion_factor, parse_quantity, unit_label

__all__ = [
    "DELEGATED",
    "GROWTHS",
    "PARTS",
    "RATIOS",
    "Indicator",
    "Observation",
    "Statistics",
    "covered_clauses",
    "goal_parameters",
    "indicators",
    "relevant_keys",
    "resolve",
    "to_statistics",
]


# --------------------------------------------------------------------------- what this package assesses

DELEGATED: Mapping[str, str] = {
    "dp.1.2.park_high_tech_share": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.1.2.park_rd_intensity": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.1.2.park_tax_per_mu": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.1.2.park_value_added_per_mu": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.1.2.park_labour_productivity": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
}
"""Target clauses that another package assesses (park-level goals of the demonstration-park plan)."""

TARGET_KINDS = (ClauseKind.target, ClauseKind.trend)


def covered_clauses(rb: Rulebook | None = None) -> list[Clause]:
    """Every clause of kind ``target`` or ``trend`` that this package assesses, in rulebook order."""
    rb = rb or default_rulebook()
    return [c for c in rb.clauses.values() if c.kind in TARGET_KINDS and c.id not in DELEGATED]


def goal_parameters(clause: Clause) -> list[Any]:
    """The parameters of a clause that are goals (not auxiliary ones such as a base year or a scope).

    A parameter is a goal when it has a target year, is a 每年 goal, or is a trend; when no parameter
    qualifies (a standing requirement with no year), every parameter is. Auxiliary: the others.
    """
    from ..exact import Comparison
    from ..rulebook import Basis

    trend = (Comparison.nondecreasing, Comparison.increasing)
    goals = [
        p
        for p in clause.parameters
        if p.year is not None or p.basis is Basis.per_year or p.comparison in trend or p.against is not None
    ]
    return goals or list(clause.parameters)


# --------------------------------------------------------------------------- parts and derivations


@dataclass(frozen=True)
class Part:
    unit: str
    label: str
    label_en: str
    signed: bool = False


PARTS: Mapping[str, Part] = {
    "gdp": Part("亿元", "全省生产总值", "provincial GDP"),
    "manufacturing_value_added": Part("亿元", "制造业增加值", "manufacturing value added"),
    "digital_economy_core_value_added": Part("亿元", "数字经济核心产业增加值", "core digital-economy value added"),
    "industrial_value_added": Part("亿元", "规模以上工业增加值", "industrial value added above designated size"),
    "high_tech_manufacturing_value_added": Part("亿元", "高技术制造业增加值", "high-tech manufacturing value added"),
    "industrial_rd_expenditure": Part("亿元", "规上工业企业研发经费", "R&D spending, industrial enterprises above size"),
    "industrial_revenue": Part("亿元", "规上工业企业营业收入", "revenue, industrial enterprises above size"),
    "fixed_asset_investment": Part("亿元", "固定资产投资", "fixed-asset investment"),
    "manufacturing_loans": Part("亿元", "制造业贷款余额", "outstanding manufacturing loans"),
    "total_loans": Part("亿元", "各项贷款余额", "all outstanding loans"),
    "manufacturing_long_term_loans": Part("亿元", "制造业中长期贷款余额", "outstanding medium/long-term manufacturing loans"),
    "total_loan_growth": Part("percent", "各项贷款增速", "growth of all loans", signed=True),
    "industrial_energy_intensity": Part("tce/万元", "规上工业单位增加值能耗", "energy per unit of industrial value added"),
    "industrial_energy_consumption": Part("tce", "规上工业能耗", "energy consumption, industry above size"),
}
"""Indicators that are not targets themselves but from which targets are derived (name → canonical unit)."""

RATIOS: Mapping[str, tuple[str, str]] = {
    "go.1.2.manufacturing_share_of_gdp": ("manufacturing_value_added", "gdp"),
    "go.1.2.digital_economy_share": ("digital_economy_core_value_added", "gdp"),
    "go.1.2.high_tech_manufacturing_share": ("high_tech_manufacturing_value_added", "industrial_value_added"),
    "go.1.2.rd_intensity": ("industrial_rd_expenditure", "industrial_revenue"),
    "go.7.2.manufacturing_investment_share": ("go.7.2.manufacturing_investment", "fixed_asset_investment"),
    "go.10.2.manufacturing_loan_share": ("manufacturing_loans", "total_loans"),
    "industrial_energy_intensity": ("industrial_energy_consumption", "industrial_value_added"),
}
"""Ratio indicators derivable from (numerator, denominator) of the same year when not given directly."""

GROWTHS: Mapping[str, str] = {
    "go.10.2.long_term_loan_growth": "manufacturing_long_term_loans",
    "total_loan_growth": "total_loans",
}
"""Growth-rate indicators (percent, year on year) derivable from a balance series when not given directly."""

REFERENCES: Mapping[str, str] = {"go.10.2.long_term_loan_growth": "total_loan_growth"}
"""Trend clauses compared with an outside reference (against:) → the indicator that supplies it."""

BASE_SERIES: Mapping[str, str] = {"go.1.2.energy_intensity_reduction": "industrial_energy_intensity"}
"""Reductions against a base year (clauses with a `base_year` parameter) → the level series they are computed from."""


@dataclass(frozen=True)
class Indicator:
    """A key statistics may use: canonical unit, label, and the clause it belongs to (None for a part)."""

    key: str
    unit: str
    label: str
    clause: str | None
    signed: bool = False


def indicators(rb: Rulebook | None = None) -> dict[str, Indicator]:
    """Every canonical indicator key: the covered clauses, then the parts."""
    rb = rb or default_rulebook()
    out: dict[str, Indicator] = {}
    for c in covered_clauses(rb):
        p = goal_parameters(c)[0]
        signed = c.id in GROWTHS or c.id in BASE_SERIES
        out[c.id] = Indicator(c.id, p.unit, p.label, c.id, signed)
    for k, part in PARTS.items():
        out[k] = Indicator(k, part.unit, part.label, None, part.signed)
    return out


def _aliases(rb: Rulebook) -> dict[str, str | None]:
    """alias → canonical key (None when the alias is ambiguous)."""
    table: dict[str, str | None] = {}

    def add(alias: str, key: str) -> None:
        if alias in table and table[alias] != key:
            table[alias] = None
        else:
            table[alias] = key

    for c in covered_clauses(rb):
        slug = c.id.rsplit(".", 1)[1]
        add(slug, c.id)
        add(c.title, c.id)
        for p in goal_parameters(c):
            add(p.id, c.id)
            add(p.label, c.id)
    for k, part in PARTS.items():
        add(part.label, k)
    return table


_CACHE_SIZE = 64
_ALIAS_CACHE: dict[int, tuple[Rulebook, dict[str, str | None], dict[str, Indicator]]] = {}


def _tables(rb: Rulebook) -> tuple[dict[str, str | None], dict[str, Indicator]]:
    hit = _ALIAS_CACHE.get(id(rb))
    if hit is None or hit[0] is not rb:
        if len(_ALIAS_CACHE) > _CACHE_SIZE:  # what-if rulebooks come and go; keep the cache small
            _ALIAS_CACHE.clear()
        hit = (rb, _aliases(rb), indicators(rb))
        _ALIAS_CACHE[id(rb)] = hit
    return hit[1], hit[2]


def resolve(name: str, rb: Rulebook | None = None) -> Indicator:
    """The indicator a key or alias names; InputError if unknown or ambiguous."""
    rb = rb or default_rulebook()
    aliases, inds = _tables(rb)
    key = str(name).strip()
    if key in inds:
        return inds[key]
    if key in DELEGATED:
        raise InputError(Problem(field=key, message=f"assessed by {DELEGATED[key]}, not by zjpolicy.targets", clause=key))
    target = aliases.get(key, "")
    if target is None:
        options = sorted(c.id for c in covered_clauses(rb) if c.id.endswith("." + key) or c.title == key)
        raise InputError(Problem(field=key, message=f"ambiguous indicator; use one of {', '.join(options)}"))
    if not target:
        raise InputError(
            Problem(
                field=key,
                message="unknown indicator; use a target clause id (see `zjpolicy clauses`), its slug, "
                f"or a part ({', '.join(PARTS)})",
            )
        )
    return inds[target]


def relevant_keys(clause_id: str) -> set[str]:
    """Every indicator key a clause's assessment may read (its own and the parts it can be derived from)."""
    keys = {clause_id}
    todo = [clause_id]
    while todo:
        k = todo.pop()
        new: list[str] = []
        if k in RATIOS:
            new.extend(RATIOS[k])
        if k in GROWTHS:
            new.append(GROWTHS[k])
        if k in REFERENCES:
            new.append(REFERENCES[k])
        if k in BASE_SERIES:
            new.append(BASE_SERIES[k])
        for n in new:
            if n not in keys:
                keys.add(n)
                todo.append(n)
    return keys


# --------------------------------------------------------------------------- input models


def _split(raw: Any, unit: str, field: str) -> tuple[Fraction, str]:
    """(number, unit) from "2170 亿元" / 2170 / Fraction; the unit defaults to `unit`."""
    try:
        if isinstance(raw, str):
            num, u = parse_quantity(raw)
            return num, (u.strip() or unit)
        return to_fraction(raw), unit
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{field}: {exc}") from None


class Observation(BaseModel):
    """One statistic: an indicator's value in a year (with its unit)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    indicator: str = Field(description="clause id, alias or part name, e.g. go.8.4.mountain_industrial_value_added")
    year: int = Field(description="the statistical year the value belongs to")
    value: Exact = Field(description="the value, exact; in `unit`")
    unit: str = Field("", description="unit of value/baseline/items; '' means the indicator's own unit")
    baseline: Exact | None = Field(
        None,
        description="for 新增 (new) targets given as a level: the level at the document's date; "
        "the count added since is value − baseline",
    )
    items: dict[str, Exact] | None = Field(
        None, description="per-member values (e.g. each cluster's scale); value is then their minimum"
    )
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse_units(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        d = dict(data)
        unit = str(d.get("unit") or "").strip()
        items = d.get("items")
        if d.get("value") is None and items:
            d["value"] = None
        raw_value = d.get("value")
        if isinstance(raw_value, str):
            num, u = _split(raw_value, unit, "value")
            if unit and u != unit:
                num *= conversion_factor(u, unit)
            unit = unit or u
            d["value"] = num
        if items:
            parsed = {}
            for name, raw in dict(items).items():
                num, u = _split(raw, unit, f"items.{name}")
                if unit and u != unit:
                    num *= conversion_factor(u, unit)
                unit = unit or u
                parsed[str(name)] = num
            d["items"] = parsed
            if d.get("value") is None:
                d["value"] = min(parsed.values())
        b = d.get("baseline")
        if isinstance(b, str):
            num, u = _split(b, unit, "baseline")
            if unit and u != unit:
                num *= conversion_factor(u, unit)
            unit = unit or u
            d["baseline"] = num
        d["unit"] = unit
        return d


class Statistics(BaseModel):
    """A set of observations (one per indicator and year)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    observations: tuple[Observation, ...] = ()
    note: str | None = Field(None, description="e.g. the source, or that the figures are illustrative")

    def years(self) -> list[int]:
        return sorted({o.year for o in self.observations})


# --------------------------------------------------------------------------- adapters

_RESERVED = {"year", "note", "source", "baselines", "illustrative", "title", "indicators", "observations"}


def to_statistics(data: Any, *, year: int | None = None) -> Statistics:
    """Accept a Statistics, a dict, a list of observation dicts or a pandas DataFrame.

    Dict forms::

        {"observations": [{"indicator": ..., "year": 2024, "value": "2050 亿元"}, ...]}
        {"indicators": {"go.8.4.mountain_industrial_value_added": {2023: "1980 亿元", 2024: "2050 亿元"},
                        "labour_productivity": "31.5 万元/人"},      # a bare value is for `year`
         "baselines": {"new_listed_companies": "560 家"},           # levels at the document's date
         "year": 2024, "note": "..."}
        {"go.1.2.labour_productivity": {2024: 31.5}, ...}          # the indicators mapping alone

    A year's entry may itself be a mapping with ``value``, ``unit``, ``baseline``, ``items``, ``source``.
    """
    if isinstance(data, Statistics):
        return data
    try:
        if _is_dataframe(data):
            return _from_frame(data)
        if isinstance(data, Mapping):
            if "observations" in data:
                return Statistics.model_validate(
                    {"observations": data["observations"], "note": data.get("note")}
                )
            return _from_mapping(data, year=year)
        if isinstance(data, Iterable) and not isinstance(data, (str, bytes)):
            return Statistics.model_validate({"observations": list(data)})
    except ValidationError as exc:
        raise InputError.from_validation_error(exc, prefix="statistics") from None
    except UnitError as exc:
        raise exc
    raise InputError(
        Problem(field="statistics", message=f"expected a Statistics, a dict or a DataFrame, got {type(data).__name__}")
    )


def _is_dataframe(obj: Any) -> bool:
    mod = type(obj).__module__
    return mod.startswith("pandas") and type(obj).__name__ == "DataFrame"


def _from_mapping(data: Mapping[str, Any], *, year: int | None) -> Statistics:
    default_year = data.get("year", year)
    if year is not None:
        default_year = data.get("year", year)
    inds = data.get("indicators")
    if inds is None:
        inds = {k: v for k, v in data.items() if k not in _RESERVED}
    baselines = dict(data.get("baselines") or {})
    note = data.get("note")
    if note is None and data.get("illustrative"):
        note = "illustrative figures, not real statistics"
    obs: list[dict[str, Any]] = []
    for name, entry in dict(inds).items():
        base = baselines.get(name)
        if isinstance(entry, Mapping) and entry and all(_is_year(k) for k in entry):
            for y, v in entry.items():
                obs.append(_one(name, int(y), v, base))
        else:
            if default_year is None:
                raise InputError(
                    Problem(field=str(name), message="a value without a year: give {year: value} or a top-level `year`")
                )
            obs.append(_one(name, int(default_year), entry, base))
    unknown_b = set(baselines) - set(inds)
    if unknown_b:
        raise InputError(Problem(field="baselines", message=f"baselines for indicators with no values: {sorted(unknown_b)}"))
    return Statistics.model_validate({"observations": obs, "note": note})


def _is_year(k: Any) -> bool:
    if isinstance(k, bool):
        return False
    if isinstance(k, int):
        return True
    return isinstance(k, str) and k.strip().isdigit()


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
        raise InputError(
            Problem(field="statistics", message=f"DataFrame needs columns indicator, year, value (missing {sorted(missing)})")
        )
    obs = []
    for rec in df.to_dict(orient="records"):
        d: dict[str, Any] = {}
        for k, v in rec.items():
            if _is_missing(v):
                continue
            if k == "year":
                v = int(v)
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
                Problem(field=field, message=exc.problems[0].message, expected_unit=unit_label(ind.unit) or "dimensionless", clause=ind.clause)
            )
            unit_problems += 1
            continue
        value = o.value * f
        if not ind.signed and value < 0:
            problems.append(
                Problem(field=field, message=f"must be ≥ 0, got {o.value}", expected_unit=unit_label(ind.unit), clause=ind.clause)
            )
            continue
        key = (ind.key, o.year)
        if key in seen:
            problems.append(
                Problem(field=field, message=f"given twice (also as {seen[key]!r})", clause=ind.clause)
            )
            continue
        seen[key] = o.indicator
        out.append(
            Observation(
                indicator=ind.key,
                year=o.year,
                value=value,
                unit=ind.unit,
                baseline=None if o.baseline is None else o.baseline * f,
                items=None if o.items is None else {k: v * f for k, v in o.items.items()},
                source=o.source,
            )
        )
    if problems:
        raise (UnitError if unit_problems == len(problems) else InputError)(problems)
    out.sort(key=lambda o: (o.indicator, o.year))
    return Statistics(observations=tuple(out), note=stats.note)
