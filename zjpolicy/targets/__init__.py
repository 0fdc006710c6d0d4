"""Targets: assess progress against every numeric goal of both documents.

>>> from zjpolicy.targets import assess_targets
>>> report = assess_targets({"go.8.4.mountain_industrial_value_added": {2025: "2170 亿元"}}, year=2025)
>>> report["go.8.4.mountain_industrial_value_added"].status.value
'met'

One versioned rule per target clause (``targets.<clause id>``), generated from the rulebook: each reads the
goal's value, unit, comparison, year, basis (水平/累计/新增/每年), aspirational flag (力争) and readings
(左右 tolerance, 稳中有升, implicit target year). See `zjpolicy.targets.statistics` for how statistics are keyed.
"""

from __future__ import annotations

from . import energy as _energy  # noqa: F401  (registers the base-year family before the rules are built)
from . import finance as _finance  # noqa: F401  (registers the trend family)
from .assess import assess_targets
from .cagr import CAGR_PLACES, compound, needed_rate
from .engine import NATURE, TargetInput, TargetResult, TargetStatus, YearOnYear, rule_id, target_rules
from .report import Skipped, TargetsReport
from .statistics import (
    DELEGATED,
    PARTS,
    RATIOS,
    Observation,
    Statistics,
    covered_clauses,
    resolve,
    to_statistics,
)

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
    "target_rules",
    "to_statistics",
]

target_rules()  # register one rule per target clause


def example_path() -> str:
    """Path of the bundled, illustrative (not real) statistics file."""
    from importlib import resources

    return str(resources.files(__package__).joinpath("examples", "illustrative-2024.yaml"))


def load_example() -> dict:  # type: ignore[type-arg]
    """The bundled illustrative statistics (invented figures, NOT real statistics) as a dict."""
    import yaml

    with open(example_path(), encoding="utf-8") as f:
        return yaml.safe_load(f)
