"""An example request for every rule (and the other endpoints), shown in the OpenAPI document and run by the tests.

The figures are the library's illustrative examples (invented, not real statistics): the bundled example park, the
docs' example projects and ledgers, and, for each target clause, the bundled illustrative statistics it reads.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..rulebook import Rulebook, default_rulebook

__all__ = ["example_park_data", "example_statistics", "rule_example", "rule_examples", "targets_example"]

PARK_AS_OF, YEAR_END = "2024-06-30", "2024-12-31"

# inputs and as_of of the rules that are not target clauses (the docs' examples, docs/rules/examples/)
_FIXED: dict[str, tuple[dict[str, Any], str]] = {
    "rubric.demonstration_park_count": (
        {"parks": {"甲园区": {"2023": 5, "2024": 5}, "乙园区": {"2023": 5, "2024": 4}, "丙园区": {"2024": 4}}},
        YEAR_END,
    ),
    "land_energy.green_channel": (
        {"energy_use": "5200 tce", "value_added": "1.2 亿元", "new_project": True, "dual_control": "on-track"},
        "2024-01-01",
    ),
    "land_energy.assessed_energy": (
        {
            "locality": "某市（虚构）",
            "year": 2024,
            "total_consumption": "3200 万tce",
            "raw_material_use": "180 万tce",
            "renewable_consumption": "420 万tce",
            "renewable_consumption_base": "300 万tce",
        },
        YEAR_END,
    ),
    "land_energy.industrial_land_share": (
        {"year": 2024, "industrial_area": "52000 亩", "total_area": "9800 公顷"},
        YEAR_END,
    ),
    "land_energy.gai_yi_bu_yi": (
        {
            "territory": "某县（虚构）",
            "entries": [
                {"parcel_id": "A-01", "date": "2023-05-10", "changed_out": "40 亩", "project": "甲"},
                {"parcel_id": "B-07", "date": "2023-09-01", "compensation": "25 亩", "project": "甲"},
                {"parcel_id": "C-03", "date": "2023-11-20", "compensation": "1 公顷", "project": "乙"},
            ],
        },
        "2024-01-01",
    ),
    "land_energy.freed_land_use": (
        {"territory": "某县（虚构）", "freed_area": "860 亩", "industrial_area": "800 亩"},
        YEAR_END,
    ),
    "land_energy.major_project_priority": (
        {"name": "某智能装备基地（虚构）", "investment": "35 亿元", "manufacturing": True},
        PARK_AS_OF,
    ),
    "land_energy.land_quota": (
        {
            "year": 2024,
            "allocations": [
                {"recipient": "甲市（虚构）", "area": "1200 亩"},
                {"recipient": "乙市（虚构）", "area": "50 公顷"},
            ],
        },
        YEAR_END,
    ),
    "land_energy.plot_ratio": (
        {"park": "某园区（虚构）", "floor_area": "1500000 m²", "land_area": "1200 亩"},
        YEAR_END,
    ),
    "land_energy.manufacturing_project_share": (
        {"year": 2024, "manufacturing_projects": 118, "total_projects": 240},
        YEAR_END,
    ),
}
_PARK_RULES = ("rubric.rate_park", "rubric.demonstration_goals")


@cache
def example_park_data(name: str = "example-park") -> dict[str, Any]:
    """A bundled example park as written in its file (values with their units), JSON-ready."""
    from ..rubric import example_names

    if name not in example_names():
        raise KeyError(f"no example park {name!r}; the bundled ones are {', '.join(example_names())}")
    text = resources.files("zjpolicy.rubric").joinpath("examples", f"{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    park = data["park"] if isinstance(data, dict) and isinstance(data.get("park"), dict) else data
    return json.loads(json.dumps(park, ensure_ascii=False, default=str))


@cache
def example_statistics() -> dict[str, Any]:
    """The bundled illustrative statistics (invented figures), JSON-ready (years as text keys)."""
    from ..targets import load_example

    return json.loads(json.dumps(load_example(), ensure_ascii=False, default=str))


def targets_example() -> dict[str, Any]:
    """The body of an example ``POST /targets``."""
    return {"statistics": example_statistics(), "year": 2024}


def _target_inputs(rb: Rulebook) -> dict[str, dict[str, Any]]:
    """Each target clause's input: the observations of the illustrative statistics it reads (as assess_targets)."""
    from ..targets.indicators import relevant_keys
    from ..targets.inputs import TargetInput
    from ..targets.ruleset import target_rules
    from ..targets.statistics import normalize_statistics, to_statistics

    stats = normalize_statistics(to_statistics(example_statistics(), year=2024), rb)
    out = {}
    for cid, r in target_rules(rb).items():
        keys = relevant_keys(cid)
        inputs = TargetInput(year=2024, observations=tuple(o for o in stats.observations if o.indicator in keys))
        out[r.id] = inputs.model_dump(mode="json", exclude_none=True)
    return out


def rule_examples(rulebook: Rulebook | None = None) -> dict[str, dict[str, Any]]:
    """rule id -> an example request body (``inputs``, ``as_of``) for every rule of the catalogue."""
    rb = rulebook or default_rulebook()
    return rb.memo(("api.examples",), lambda: _examples(rb))


def _examples(rb: Rulebook) -> dict[str, dict[str, Any]]:
    from ..catalogue import all_rules

    targets = _target_inputs(rb)
    out = {}
    for rid in all_rules(rb):
        if rid in _PARK_RULES:
            out[rid] = {"inputs": example_park_data(), "as_of": PARK_AS_OF}
        elif rid in _FIXED:
            inputs, as_of = _FIXED[rid]
            if rid == "land_energy.assessed_energy":  # the base year the reading go.renewable_base_year takes
                inputs = inputs | {"renewable_base_year": int(rb.reading("go.renewable_base_year"))}
            out[rid] = {"inputs": inputs, "as_of": as_of}
        elif rid in targets:
            out[rid] = {"inputs": targets[rid], "as_of": YEAR_END}
    return out


def rule_example(rule_id: str) -> dict[str, Any]:
    return rule_examples()[rule_id]
