"""The star rubric and the energy-review green channel as plain OpenFisca models (the benchmarks' peer).

Bench-only: needs ``openfisca-core`` 46 (``pip install -e ".[bench]"``); zjpolicy itself never imports it.

Every number comes from the zjpolicy rulebook at build time, so both engines decide the same law:

* `park_system(rb)`: one person entity ``park``; one input variable per table row 1–9 (the row's field name, in the
  row's unit), ``<field>_value`` / ``<field>_standard`` for the green rows 10–11, one ``meets_<n>_star`` formula
  per level (every row that sets a value at that level, and both green rows) and ``stars`` (the highest level
  reached without skipping one, 0 below the lowest). Parameters ``rubric.<field>.<column>`` are the table's cells
  as `zjpolicy.rubric.table(rb)` reads them; build it with ``ROW1_OVERRIDE`` on the rulebook, so row 1 has a
  500 亿元 three-star bar like a plain encoding of the table (the rulebook's default reading leaves it unset).
* `project_system(rb)`: one person entity ``project``; ``energy_intensity`` (tce/万元), ``new_project``,
  ``dual_control_on_track`` and ``green_channel_eligible`` (intensity below ``go.10.3.green_channel.max_intensity``,
  a new project, dual control on track).

What the peer does not do (zjpolicy's rating does): explanations, citations, units, exact arithmetic (OpenFisca
floats are float32), the evaluation scope, the veto, relaxation, the bonus. Scope is left to zjpolicy's default
reading (rated as if in scope), and the benchmark inputs carry no incidents, so both answer the same question.
"""

from __future__ import annotations

import operator
from datetime import date
from typing import Any

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.model_api import DAY, ParameterNode, Variable
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from zjpolicy.exact import Comparison
from zjpolicy.rubric.table import COLUMNS, table
from zjpolicy.rulebook import Rulebook, default_rulebook

__all__ = [
    "GREEN_CHANNEL_PARAM",
    "ROW1_OVERRIDE",
    "bench_rulebook",
    "green_many",
    "green_one",
    "park_system",
    "project_system",
    "rate_many",
    "rate_one",
]

ROW1_OVERRIDE = {"dp.row1_scale": "merged_three_four"}  # row 1: 500 亿元 for three and four stars, 1000 for five
GREEN_CHANNEL_PARAM = "go.10.3.green_channel.max_intensity"

_OPS = {Comparison.ge: operator.ge, Comparison.gt: operator.gt, Comparison.le: operator.le, Comparison.lt: operator.lt}


def bench_rulebook() -> Rulebook:
    """The default rulebook read with a 500 亿元 three-star bar on row 1 (the plain reading of the table)."""
    return default_rulebook().with_overrides(ROW1_OVERRIDE)


def _dated(value: Any, start: date, until: date | None) -> dict[str, Any]:
    values: dict[str, Any] = {start.isoformat(): {"value": float(value)}}
    if until is not None:
        values[until.isoformat()] = {"value": None}
    return {"values": values}


def _green_name(field: str, sub: str) -> str:
    return f"{field}_{sub}"


def park_system(rb: Rulebook | None = None) -> TaxBenefitSystem:
    """The star rubric of `rb` (default: `bench_rulebook()`) as an OpenFisca TaxBenefitSystem."""
    rb = rb or bench_rulebook()
    t = table(rb)
    park = build_entity(key="park", plural="parks", label="示范园区", is_person=True)
    tbs = TaxBenefitSystem([park])

    data: dict[str, Any] = {}
    for r in t.rows:
        node: dict[str, Any] = {}
        for column, p in zip(COLUMNS, r.params, strict=True):
            if p is not None:
                node[column] = _dated(rb.value(p.id), p.effective, p.until)
        data[r.field] = node
    tbs.parameters = ParameterNode("", data={"rubric": data})

    variables: list[type[Variable]] = []
    for r in (*t.rows,):
        variables.append(
            type(
                r.field,
                (Variable,),
                {"value_type": float, "entity": park, "definition_period": DAY, "label": f"{r.label} ({r.unit})"},
            )
        )
    for r in t.green:
        for sub in ("value", "standard"):
            variables.append(
                type(
                    _green_name(r.field, sub),
                    (Variable,),
                    {"value_type": float, "entity": park, "definition_period": DAY, "label": f"{r.label}: {sub}"},
                )
            )

    green_rows = [(r.field, _OPS[r.comparison]) for r in t.green]

    def green_formula(p: Any, period: Any) -> Any:
        ok = np.ones(p.count, dtype=bool)
        for field, op in green_rows:
            ok &= op(p(_green_name(field, "value"), period), p(_green_name(field, "standard"), period))
        return ok

    variables.append(
        type(
            "green_rows_met",
            (Variable,),
            {
                "value_type": bool,
                "entity": park,
                "definition_period": DAY,
                "label": "rows 10–11: below the standard",
                "formula": green_formula,
            },
        )
    )

    for i, lvl in enumerate(t.levels):
        column = COLUMNS[i]
        cells = [(r.field, _OPS[r.comparison]) for r in t.rows if r.params[i] is not None]

        def level_formula(p: Any, period: Any, parameters: Any, cells: Any = cells, column: str = column) -> Any:
            bars = parameters(period).rubric
            ok = p("green_rows_met", period).copy()
            for field, op in cells:
                ok &= op(p(field, period), bars[field][column])
            return ok

        variables.append(
            type(
                f"meets_{lvl}_star",
                (Variable,),
                {
                    "value_type": bool,
                    "entity": park,
                    "definition_period": DAY,
                    "label": f"meets the {lvl}-star column",
                    "formula": level_formula,
                },
            )
        )

    levels = t.levels

    def stars_formula(p: Any, period: Any) -> Any:
        stars = np.zeros(p.count, dtype=np.int32)
        reached = np.ones(p.count, dtype=bool)
        for lvl in levels:
            reached &= p(f"meets_{lvl}_star", period)
            stars[reached] = lvl
        return stars

    variables.append(
        type(
            "stars",
            (Variable,),
            {
                "value_type": int,
                "entity": park,
                "definition_period": DAY,
                "label": "星级 (0 below the lowest level)",
                "formula": stars_formula,
            },
        )
    )
    tbs.add_variables(*variables)
    return tbs


def project_system(rb: Rulebook | None = None) -> TaxBenefitSystem:
    """The energy-review green channel (十（三）) of `rb` as an OpenFisca TaxBenefitSystem."""
    rb = rb or bench_rulebook()
    p = rb.param(GREEN_CHANNEL_PARAM)
    op = _OPS[p.comparison]
    project = build_entity(key="project", plural="projects", label="项目", is_person=True)
    tbs = TaxBenefitSystem([project])
    tbs.parameters = ParameterNode("", data={"green_channel": {"max_intensity": _dated(p.value, p.effective, p.until)}})

    def eligible(q: Any, period: Any, parameters: Any) -> Any:
        below = op(q("energy_intensity", period), parameters(period).green_channel.max_intensity)
        return below & q("new_project", period) & q("dual_control_on_track", period)

    tbs.add_variables(
        type(
            "energy_intensity",
            (Variable,),
            {
                "value_type": float,
                "entity": project,
                "definition_period": DAY,
                "label": "单位工业增加值能耗 (tce/万元)",
            },
        ),
        type(
            "new_project",
            (Variable,),
            {"value_type": bool, "entity": project, "definition_period": DAY, "label": "新上项目"},
        ),
        type(
            "dual_control_on_track",
            (Variable,),
            {
                "value_type": bool,
                "entity": project,
                "definition_period": DAY,
                "label": "项目所在地确保完成能耗双控目标任务",
            },
        ),
        type(
            "green_channel_eligible",
            (Variable,),
            {
                "value_type": bool,
                "entity": project,
                "definition_period": DAY,
                "label": "节能审查绿色通道",
                "formula": eligible,
            },
        ),
    )
    return tbs


# -- the ways a caller computes: one entity from a situation dict (the documented API), or arrays.


def rate_one(tbs: TaxBenefitSystem, inputs: dict[str, float], day: str) -> int:
    """One park's stars, the documented way: a situation dict through `SimulationBuilder.build_from_entities`."""
    sim = SimulationBuilder().build_from_entities(tbs, {"parks": {"p": {k: {day: v} for k, v in inputs.items()}}})
    return int(sim.calculate("stars", day)[0])


def rate_many(tbs: TaxBenefitSystem, columns: dict[str, np.ndarray], day: str) -> np.ndarray:
    """Stars for every row of `columns` (variable -> array), vectorised over one simulation of len(rows) parks."""
    n = len(next(iter(columns.values())))
    sim = SimulationBuilder().build_default_simulation(tbs, count=n)
    for k, v in columns.items():
        sim.set_input(k, day, v)
    return sim.calculate("stars", day)


def green_one(tbs: TaxBenefitSystem, inputs: dict[str, Any], day: str) -> bool:
    sim = SimulationBuilder().build_from_entities(tbs, {"projects": {"q": {k: {day: v} for k, v in inputs.items()}}})
    return bool(sim.calculate("green_channel_eligible", day)[0])


def green_many(tbs: TaxBenefitSystem, columns: dict[str, np.ndarray], day: str) -> np.ndarray:
    n = len(next(iter(columns.values())))
    sim = SimulationBuilder().build_default_simulation(tbs, count=n)
    for k, v in columns.items():
        sim.set_input(k, day, v)
    return sim.calculate("green_channel_eligible", day)
