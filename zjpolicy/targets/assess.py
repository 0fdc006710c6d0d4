"""assess_targets: every numeric goal of both documents against one year's statistics."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import MAXYEAR, MINYEAR, date
from typing import Any

from .. import __version__
from ..errors import NotInForceError, UnknownIdError, input_error
from ..lang import Lang, say, use_language
from ..rulebook import Rulebook, default_rulebook
from .indicators import DELEGATED, delegated_reason, relevant_keys
from .inputs import TargetInput
from .results import Skipped, TargetsReport
from .ruleset import target_rules
from .statistics import normalize_statistics, to_statistics

__all__ = ["assess_targets"]


def assess_targets(
    statistics: Any,
    *,
    year: int,
    as_of: date | None = None,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    clauses: list[str] | None = None,
    lang: Lang | None = None,
) -> TargetsReport:
    """Assess every target and trend clause (or only `clauses`) against the statistics of `year`.

    statistics: a `zjpolicy.targets.Statistics`, a dict or a pandas DataFrame (see
    `zjpolicy.targets.to_statistics`); several years per indicator are welcome (trends, growth rates).
    as_of: the date the law is applied as of (default: 31 December of `year`).
    rulebook: the rulebook to apply (default: the bundled one); a clause added or amended in a custom rulebook
    (`zjpolicy.load_rulebook`) is assessed like a bundled one.
    overrides: parameter values or readings to replace, e.g. ``{"go.stable_share": "increasing"}``.
    lang: the language of the outcomes, notes, report and errors ("zh", default, or "en"); prose only: the
    statuses, numbers and JSON keys are the same in both.
    Each result is a replayable rule result (``zjpolicy.replay(result.model_dump_json())``).
    """
    with use_language(lang) as chosen:
        return _assess(statistics, year, as_of, rulebook, overrides, clauses, chosen)


def _assess(
    statistics: Any,
    year: int,
    as_of: date | None,
    rulebook: Rulebook | None,
    overrides: Mapping[str, Any] | None,
    clauses: list[str] | None,
    lang: Lang,
) -> TargetsReport:
    if isinstance(year, bool) or not isinstance(year, int) or not MINYEAR <= year <= MAXYEAR:
        raise input_error("year", say("targets.error.year", first=MINYEAR, last=MAXYEAR, got=repr(year)), value=year)
    rb = rulebook or default_rulebook()
    if overrides:
        rb = rb.with_overrides(overrides)
    as_of = as_of or date(year, 12, 31)
    rb = rb.on(as_of)  # dated parameters (revisions): the values in force on as_of
    stats = normalize_statistics(to_statistics(statistics, year=year), rb)
    rules = target_rules(rb)
    wanted = set(clauses) if clauses is not None else None
    if wanted is not None:
        unknown = sorted(wanted - set(rules))
        if unknown:
            delegated = [cid for cid in unknown if cid in DELEGATED]
            hint = (
                say("targets.error.assessed_by", clause=delegated[0], by=delegated_reason(delegated[0]))
                if delegated
                else None
            )
            raise UnknownIdError("target clause", ", ".join(unknown), list(rules), hint=hint)
    results = []
    skipped = []
    for cid, r in rules.items():
        if wanted is not None and cid not in wanted:
            continue
        keys = relevant_keys(cid)
        inputs = TargetInput(year=year, observations=tuple(o for o in stats.observations if o.indicator in keys))
        try:
            results.append(r(inputs, as_of=as_of, rulebook=rb, lang=lang))
        except NotInForceError as exc:
            skipped.append(Skipped(clause=cid, reason=say("targets.skipped.not_in_force", reason=exc)))
    if wanted is None:
        skipped.extend(Skipped(clause=cid, reason=delegated_reason(cid)) for cid in DELEGATED if cid in rb.clauses)
    return TargetsReport(
        year=year,
        as_of=as_of,
        package_version=__version__,
        lang=lang,
        overrides=dict(rb.overrides),
        statistics_note=stats.note,
        results=results,
        skipped=skipped,
    )
