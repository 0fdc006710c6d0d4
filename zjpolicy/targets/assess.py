"""assess_targets: every numeric goal of both documents against one year's statistics."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from .. import __version__
from ..errors import NotInForceError
from ..rulebook import Rulebook, default_rulebook
from .engine import TargetInput, target_rules
from .report import Skipped, TargetsReport
from .statistics import DELEGATED, covered_clauses, normalize_statistics, relevant_keys, to_statistics

__all__ = ["assess_targets"]


def assess_targets(
    statistics: Any,
    *,
    year: int,
    as_of: date | None = None,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    clauses: list[str] | None = None,
) -> TargetsReport:
    """Assess every target and trend clause (or only `clauses`) against the statistics of `year`.

    statistics: a `zjpolicy.targets.Statistics`, a dict or a pandas DataFrame (see
    `zjpolicy.targets.to_statistics`); several years per indicator are welcome (trends, growth rates).
    as_of: the date the law is applied as of (default: 31 December of `year`).
    overrides: parameter values or readings to replace, e.g. ``{"go.stable_share": "increasing"}``.
    Each result is a replayable rule result (``zjpolicy.replay(result.model_dump_json())``).
    """
    if isinstance(year, bool) or not isinstance(year, int):
        raise TypeError(f"year must be an int, got {type(year).__name__}")
    rb = rulebook or default_rulebook()
    if overrides:
        rb = rb.with_overrides(overrides)
    as_of = as_of or date(year, 12, 31)
    stats = normalize_statistics(to_statistics(statistics, year=year), rb)
    rules = target_rules(rb)
    wanted = set(clauses) if clauses is not None else None
    if wanted is not None:
        unknown = wanted - {c.id for c in covered_clauses(rb)}
        if unknown:
            raise KeyError(f"not target clauses assessed here: {sorted(unknown)}")
    results = []
    skipped = []
    for c in covered_clauses(rb):
        if wanted is not None and c.id not in wanted:
            continue
        r = rules.get(c.id)
        if r is None:
            skipped.append(Skipped(clause=c.id, reason="no rule registered (clause not in the bundled rulebook)"))
            continue
        keys = relevant_keys(c.id)
        inputs = TargetInput(year=year, observations=tuple(o for o in stats.observations if o.indicator in keys))
        try:
            results.append(r(inputs, as_of=as_of, rulebook=rb))
        except NotInForceError as exc:
            skipped.append(Skipped(clause=c.id, reason=f"not in force: {exc}"))
    if wanted is None:
        skipped.extend(Skipped(clause=cid, reason=why) for cid, why in DELEGATED.items() if cid in rb.clauses)
    return TargetsReport(
        year=year,
        as_of=as_of,
        package_version=__version__,
        overrides=dict(rb.overrides),
        statistics_note=stats.note,
        results=results,
        skipped=skipped,
    )
