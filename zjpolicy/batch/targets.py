"""`assess_targets_table`: every region's statistics assessed against the targets, one row per (region, clause).

Not vectorised: each region is one call of `zjpolicy.targets.assess_targets` (the targets are a few dozen clauses
over a few observations each). The order is kept: regions as they first appear, clauses as the report lists them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import InputError, Problem, ZjpolicyError
from ..lang import Lang, say, use_language
from ..rulebook import Rulebook, default_rulebook

__all__ = ["COLUMNS", "TargetsTable", "assess_targets_table"]

COLUMNS = [
    "region",
    "year",
    "clause",
    "indicator",
    "status",
    "met",
    "value",
    "target",
    "unit",
    "gap",
    "value_year",
    "target_year",
    "aspirational",
]


@dataclass
class TargetsTable:
    """`frame`: one row per (region, clause), in order; `errors`: (index = region, field, reason) per bad region;
    `reports`: each region's full `TargetsReport` (replayable results, skipped clauses); `lang`: the language of
    the call (of the results' outcomes, the reasons in `errors`, and `labelled_summary` by default)."""

    frame: pd.DataFrame
    errors: pd.DataFrame
    reports: dict[Any, Any] = field(default_factory=dict)
    outcome: str = "status"
    lang: Lang = "zh"

    def explain(self, region: Any, clause: str) -> Any:
        """The region's full `TargetResult` for `clause`."""
        return self.reports[region][clause]

    def summary(self) -> pd.Series:
        """Count of (region, clause) rows per status, and of regions with errors (keys: the status values and
        ``errors``, in every language; `labelled_summary` names them for people)."""
        with use_language("en"):
            return self._counts()

    def labelled_summary(self, lang: Lang | None = None) -> pd.Series:
        """`summary` with its keys for people, in `lang` (default: the language of the call): 达到, 未到期, 出错 …"""
        with use_language(lang or self.lang):
            return self._counts()

    def _counts(self) -> pd.Series:
        from ..targets import TargetStatus

        counts = self.frame["status"].value_counts(dropna=True)
        counts.index = pd.Index([TargetStatus(k).label() for k in counts.index], name=counts.index.name)
        counts[say("batch.summary.errors")] = self.errors["index"].nunique() if len(self.errors) else 0
        return counts.astype("int64")


def assess_targets_table(
    statistics: pd.DataFrame,
    *,
    year: int | None = None,
    as_of: date | None = None,
    rulebook: Rulebook | None = None,
    overrides: Mapping[str, Any] | None = None,
    clauses: list[str] | None = None,
    errors: Literal["raise", "collect"] = "raise",
    lang: Lang | None = None,
) -> TargetsTable:
    """Assess each region's statistics (columns region, year, indicator, value[, unit, baseline, added, source]).

    year: the statistical year to assess, for every region (default: each region's latest year). as_of, rulebook,
    overrides and clauses as for `assess_targets`. With ``errors="collect"`` a region whose statistics are bad keeps
    one row (its region and year, nothing assessed) and its problems are listed in ``.errors``. `lang`: the language
    of the results' outcomes and notes, of the reasons in ``.errors`` and of any error raised ("zh", default, or
    "en"); the frame is the same in both.
    """
    with use_language(lang) as chosen:
        return _assess_table(statistics, year, as_of, rulebook, overrides, clauses, errors, chosen)


def _assess_table(
    statistics: pd.DataFrame,
    year: int | None,
    as_of: date | None,
    rulebook: Rulebook | None,
    overrides: Mapping[str, Any] | None,
    clauses: list[str] | None,
    errors: Literal["raise", "collect"],
    lang: Lang,
) -> TargetsTable:
    from ..targets import assess_targets

    if errors not in ("raise", "collect"):
        raise ValueError(say("batch.error.errors_mode", got=repr(errors)))
    if "region" not in statistics.columns:
        raise InputError(Problem(field="region", message=say("batch.error.no_region_column")))
    rb = rulebook or default_rulebook()
    if overrides:
        rb = rb.with_overrides(overrides)
    rows: list[dict[str, Any]] = []
    bad: list[dict[str, Any]] = []
    reports: dict[Any, Any] = {}
    for region, part in statistics.groupby("region", sort=False, dropna=False):
        y: Any = year
        try:
            if pd.isna(region):
                raise InputError(Problem(field="region", message=say("batch.error.no_region")))
            if y is None:
                years = pd.to_numeric(part["year"], errors="coerce") if "year" in part.columns else pd.Series([np.nan])
                if years.isna().any():
                    raise InputError(Problem(field="year", message=say("batch.error.no_year")))
                y = int(years.max())
            report = assess_targets(
                part.drop(columns="region"), year=y, as_of=as_of, rulebook=rb, clauses=clauses, lang=lang
            )
        except ZjpolicyError as exc:
            if errors == "raise":
                raise _in_region(exc, region) from None
            problems = exc.problems if isinstance(exc, InputError) else [Problem(field="region", message=str(exc))]
            bad.extend({"index": region, "field": p.field, "reason": p.message} for p in problems)
            rows.append({"region": region, "year": y})
            continue
        reports[region] = {r.clause: r for r in report.results}
        rows.extend(_row(region, y, r) for r in report.results)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["met"] = frame["met"].astype("boolean")
    frame["aspirational"] = frame["aspirational"].astype("boolean")
    for c in ("year", "value_year", "target_year"):
        frame[c] = frame[c].astype("Int64")
    for c in ("value", "target", "gap"):
        frame[c] = frame[c].astype("float64")
    return TargetsTable(
        frame=frame, errors=pd.DataFrame(bad, columns=["index", "field", "reason"]), reports=reports, lang=lang
    )


def _row(region: Any, year: int, r: Any) -> dict[str, Any]:
    num = lambda x: None if x is None else float(x)  # noqa: E731
    return {
        "region": region,
        "year": year,
        "clause": r.clause,
        "indicator": r.indicator,
        "status": r.status.value,
        "met": r.met,
        "value": num(r.value),
        "target": num(r.target),
        "unit": r.unit,
        "gap": num(r.gap),
        "value_year": r.value_year,
        "target_year": r.target_year,
        "aspirational": r.aspirational,
    }


def _in_region(exc: ZjpolicyError, region: Any) -> ZjpolicyError:
    if isinstance(exc, InputError):
        return type(exc)(
            [
                Problem(
                    field=f"[{region}].{p.field}",
                    message=p.message,
                    expected_unit=p.expected_unit,
                    clause=p.clause,
                    value=p.value,
                )
                for p in exc.problems
            ]
        )
    return exc
