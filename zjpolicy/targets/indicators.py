"""What the target rules assess and how statistics name it: covered clauses, indicators, aliases, derivations.

An *indicator* is keyed by the clause id of the target it measures (``go.8.4.mountain_industrial_value_added``),
or by one of its aliases (the clause slug when unique, ``mountain_industrial_value_added``; the clause title or
the parameter label in Chinese), or by the name of a *part* from which a ratio target is derived
(``manufacturing_value_added`` and ``gdp`` give ``go.1.2.manufacturing_share_of_gdp``).

Everything here is computed per rulebook and kept on it (`Rulebook.memo`), so a clause added or amended in a
custom rulebook is an indicator like a bundled one, and a what-if rulebook takes its tables with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import input_error
from ..exact import Comparison
from ..lang import Lang, say
from ..rulebook import Assessment, Basis, Clause, ClauseKind, Parameter, Rulebook, default_rulebook

__all__ = [
    "BASE_SERIES",
    "DELEGATED",
    "GROWTHS",
    "PARTS",
    "RATIOS",
    "REFERENCES",
    "Indicator",
    "Part",
    "covered_clauses",
    "delegated_reason",
    "goal_parameters",
    "indicator_table",
    "indicators",
    "relevant_keys",
    "resolve",
]


# --------------------------------------------------------------------------- what this package assesses

DELEGATED: Mapping[str, str] = {
    "dp.1.2.park_high_tech_share": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.1.2.park_rd_intensity": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.1.2.park_tax_per_mu": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.1.2.park_value_added_per_mu": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.1.2.park_labour_productivity": "zjpolicy.rubric (a goal for each demonstration park, assessed per park)",
    "dp.2.2.rd_institution_coverage": "zjpolicy.rubric (a duty of each park: rubric.demonstration_goals)",
}
"""Target clauses that another package assesses (park-level goals of the demonstration-park plan), and why, in
English (`delegated_reason` says it in the language in force)."""

_PER_PARK, _PARK_DUTY = "targets.delegated.per_park", "targets.delegated.park_duty"
_DELEGATED_WHY: Mapping[str, str] = {
    "dp.1.2.park_high_tech_share": _PER_PARK,
    "dp.1.2.park_rd_intensity": _PER_PARK,
    "dp.1.2.park_tax_per_mu": _PER_PARK,
    "dp.1.2.park_value_added_per_mu": _PER_PARK,
    "dp.1.2.park_labour_productivity": _PER_PARK,
    "dp.2.2.rd_institution_coverage": _PARK_DUTY,
}
"""The message of each DELEGATED reason (its English is the reason DELEGATED gives; a test checks)."""


def delegated_reason(clause_id: str, lang: Lang | None = None) -> str:
    """Which package assesses a clause of `DELEGATED`, in `lang` (default: the language in force)."""
    return say(_DELEGATED_WHY[clause_id], lang)


TARGET_KINDS = (ClauseKind.target, ClauseKind.trend)
TRENDS = (Comparison.nondecreasing, Comparison.increasing)


def covered_clauses(rb: Rulebook | None = None) -> list[Clause]:
    """Every clause of kind ``target`` or ``trend`` that this package assesses, in rulebook order."""
    rb = rb or default_rulebook()
    return list(
        rb.memo(
            ("targets.covered",),
            lambda: tuple(c for c in rb.clauses.values() if c.kind in TARGET_KINDS and c.id not in DELEGATED),
        )
    )


def goal_parameters(clause: Clause) -> list[Parameter]:
    """The parameters of a clause that are goals (not auxiliary ones such as a base year or a scope).

    A parameter is a goal when it has a target year, is a 每年 goal, is a trend or is compared with an outside
    reference; when no parameter qualifies (a standing requirement with no year), every parameter is.
    """
    goals = [
        p
        for p in clause.parameters
        if p.year is not None or p.basis is Basis.per_year or p.comparison in TRENDS or p.against is not None
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
    "industrial_rd_expenditure": Part(
        "亿元", "规上工业企业研发经费", "R&D spending, industrial enterprises above size"
    ),
    "industrial_revenue": Part("亿元", "规上工业企业营业收入", "revenue, industrial enterprises above size"),
    "fixed_asset_investment": Part("亿元", "固定资产投资", "fixed-asset investment"),
    "manufacturing_loans": Part("亿元", "制造业贷款余额", "outstanding manufacturing loans"),
    "total_loans": Part("亿元", "各项贷款余额", "all outstanding loans"),
    "manufacturing_long_term_loans": Part(
        "亿元", "制造业中长期贷款余额", "outstanding medium/long-term manufacturing loans"
    ),
    "total_loan_growth": Part("percent", "各项贷款增速", "growth of all loans", signed=True),
    "industrial_energy_intensity": Part(
        "tce/万元", "规上工业单位增加值能耗", "energy per unit of industrial value added"
    ),
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
"""Reductions against a base year (``assessment: base_year_reduction``) → the level series they are computed from.
A reduction with no series here is assessed on the reduction given directly."""


# --------------------------------------------------------------------------- indicators and aliases


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
    return dict(indicator_table(rb or default_rulebook()))


def indicator_table(rb: Rulebook) -> Mapping[str, Indicator]:
    """`indicators`, shared and kept on the rulebook (do not change it)."""
    return rb.memo(("targets.indicators",), lambda: _indicators(rb))


def _indicators(rb: Rulebook) -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for c in covered_clauses(rb):
        p = goal_parameters(c)[0]
        # a growth rate or a reduction can be negative; a level, count or share cannot
        signed = c.id in GROWTHS or c.assessment is Assessment.base_year_reduction
        out[c.id] = Indicator(c.id, p.unit, p.label, c.id, signed)
    for k, part in PARTS.items():
        out[k] = Indicator(k, part.unit, part.label, None, part.signed)
    return out


def _aliases(rb: Rulebook) -> dict[str, str | None]:
    """alias → canonical key (None when the alias is ambiguous)."""
    table: dict[str, str | None] = {}

    def add(alias: str, key: str) -> None:
        table[alias] = None if alias in table and table[alias] != key else key

    for c in covered_clauses(rb):
        add(c.id.rsplit(".", 1)[1], c.id)
        add(c.title, c.id)
        for p in goal_parameters(c):
            add(p.id, c.id)
            add(p.label, c.id)
    for k, part in PARTS.items():
        add(part.label, k)
    return table


def resolve(name: str, rb: Rulebook | None = None) -> Indicator:
    """The indicator a key or alias names; InputError if unknown or ambiguous."""
    rb = rb or default_rulebook()
    inds = indicator_table(rb)
    key = str(name).strip()
    if key in inds:
        return inds[key]
    if key in DELEGATED:
        raise input_error(key, say("targets.error.not_here", by=delegated_reason(key)), clause=key)
    target = rb.memo(("targets.aliases",), lambda: _aliases(rb)).get(key, "")
    if target is None:
        options = sorted(c.id for c in covered_clauses(rb) if c.id.endswith("." + key) or c.title == key)
        raise input_error(key, say("targets.error.ambiguous", options=", ".join(options)))
    if not target:
        raise input_error(key, say("targets.error.unknown_indicator", parts=", ".join(PARTS)))
    return inds[target]


def relevant_keys(clause_id: str) -> set[str]:
    """Every indicator key a clause's assessment may read (its own and the parts it can be derived from)."""
    keys = {clause_id}
    todo = [clause_id]
    while todo:
        k = todo.pop()
        new = [*RATIOS.get(k, ())]
        for table in (GROWTHS, REFERENCES, BASE_SERIES):
            if k in table:
                new.append(table[k])
        for n in new:
            if n not in keys:
                keys.add(n)
                todo.append(n)
    return keys
