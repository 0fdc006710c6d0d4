"""Targets: assess progress against every numeric goal of both documents.

>>> from zjpolicy.targets import assess_targets
>>> report = assess_targets({"go.8.4.mountain_industrial_value_added": {2025: "2170 亿元"}}, year=2025)
>>> report["go.8.4.mountain_industrial_value_added"].status.value
'met'

One versioned rule per target clause (``targets.<clause id>``), built from the rulebook it is asked for
(`rules`, `target_rules`): each reads the goal's value, unit, comparison, year, basis (水平/累计/新增/每年),
aspirational flag (力争) and readings (左右 tolerance, 稳中有升, implicit target year, a figure with no 以上, when
新增 starts, the years a goal is judged in, 持续增加/逐步提高, the measure a figure must follow), and is assessed by
the body of the clause's declared ``assessment`` (goal, coverage, base_year_reduction, trend). A 新增 goal needs
the count added (a ``baseline`` or ``added: true``): a total alone is ``no data``, never the count added.

Outcomes, notes, the report and errors are in Chinese by default (the law's own words: 达到, 未达到, 力争, 差距,
年均增长) and in English with ``lang="en"`` (``assess_targets(..., lang="en")``); statuses, numbers and JSON keys
are the same in both.

Modules: `inputs` (input models), `results` (TargetResult, TargetsReport), `indicators` (what is assessed and
how statistics name it), `statistics` (dict/DataFrame adapters, normalization), `plan` (a goal with its
readings applied), the bodies `goal`, `reduction` and `trend`, `ruleset` (the rules of a rulebook), `assess`
(`assess_targets`), `cagr` and `cli`.
"""

from __future__ import annotations

from typing import Any

from ..rulebook import Rulebook
from .assess import assess_targets
from .cagr import CAGR_PLACES, compound, needed_rate
from .indicators import DELEGATED, PARTS, RATIOS, covered_clauses, resolve
from .inputs import Observation, Statistics, TargetInput
from .results import NATURE, Skipped, TargetResult, TargetsReport, TargetStatus, YearOnYear
from .ruleset import rule_id, target_rules
from .statistics import to_statistics

__all__ = [
    "CAGR_PLACES",
    "DELEGATED",
    "NATURE",
    "PARTS",
    "RATIOS",
    "Observation",
    "Skipped",
    "Statistics",
    "TargetInput",
    "TargetResult",
    "TargetStatus",
    "TargetsReport",
    "YearOnYear",
    "assess_targets",
    "compound",
    "covered_clauses",
    "example_path",
    "load_example",
    "needed_rate",
    "resolve",
    "rule_id",
    "rules",
    "target_rules",
    "to_statistics",
]


def rules(rulebook: Rulebook) -> list[Any]:
    """This package's rules for `rulebook` (see `zjpolicy.catalogue`): one per target or trend clause."""
    return list(target_rules(rulebook).values())


def example_path() -> str:
    """Path of the bundled, illustrative (not real) statistics file."""
    from importlib import resources

    return str(resources.files(__package__).joinpath("examples", "illustrative-2024.yaml"))


def load_example() -> dict[str, Any]:
    """The bundled illustrative statistics (invented figures, NOT real statistics) as a dict."""
    import yaml

    with open(example_path(), encoding="utf-8") as f:
        data: dict[str, Any] = yaml.safe_load(f)
    return data
