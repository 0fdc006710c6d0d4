"""The result of a batch call: one table of verdicts, the audit fields once, a row's full explanation on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from ..errors import input_error
from ..rulebook import Rulebook

__all__ = ["BatchResult", "flatten"]


def as_frame(data: Any) -> pd.DataFrame:
    """The table a batch function was given: a DataFrame as it is, else rows (dicts) made into one."""
    if isinstance(data, pd.DataFrame):
        return data
    try:
        return pd.DataFrame(list(data))
    except UnicodeEncodeError as exc:  # pandas' Arrow strings cannot hold a lone surrogate ('\ud800')
        raise input_error(
            "rows",
            f"text with a lone surrogate {exc.object[exc.start : exc.end]!r} is not valid Unicode; "
            "decode the source as UTF-8",
        ) from None


def flatten(frame: pd.DataFrame, nested: Iterable[str]) -> pd.DataFrame:
    """Columns holding dicts (a nested field) become flat `field.sub` columns; other columns are kept."""
    for name in nested:
        if name in frame.columns and frame[name].map(lambda v: isinstance(v, dict)).any():
            parts = pd.DataFrame([v if isinstance(v, dict) else {} for v in frame[name]], index=frame.index)
            parts.columns = [f"{name}.{c}" for c in parts.columns]
            frame = pd.concat([frame.drop(columns=[name]), parts], axis=1)
    return frame


@dataclass
class BatchResult:
    """`frame`: one row per input row (same index, same order); `errors`: the bad rows (index, field, reason).

    `outcome` names the verdict column (``stars`` for `rate_parks`, ``eligible`` / ``meets`` for the rule
    batches); `to_row` turns row `pos` of `inputs` back into the scalar rule's input (default: `rate_parks`').
    """

    frame: pd.DataFrame
    errors: pd.DataFrame
    rule: Any
    rulebook: Rulebook
    as_of: date
    inputs: pd.DataFrame
    options: dict[str, Any] = field(default_factory=dict)
    outcome: str = "stars"
    to_row: Callable[[pd.DataFrame, int], dict[str, Any]] | None = None

    @classmethod
    def concat(cls, parts: Sequence[BatchResult]) -> BatchResult:
        """The results of consecutive chunks of one table as one result (chunks of the same call)."""
        if not parts:
            raise ValueError("BatchResult.concat needs at least one result")
        first = parts[0]
        if len(parts) == 1:
            return first
        return cls(
            frame=pd.concat([p.frame for p in parts]),
            errors=pd.concat([p.errors for p in parts if len(p.errors)] or [first.errors], ignore_index=True),
            rule=first.rule,
            rulebook=first.rulebook,
            as_of=first.as_of,
            inputs=pd.concat([p.inputs for p in parts]),
            options=first.options,
            outcome=first.outcome,
            to_row=first.to_row,
        )

    @property
    def audit(self) -> dict[str, Any]:
        """The audit fields, once for the whole call (rule and package version, digest, readings, overrides)."""
        from .. import __version__

        d = self.rule.derived(self.rulebook)
        return {
            "rule": self.rule.id,
            "rule_version": self.rule.version,
            "package_version": __version__,
            "parameters_digest": d.digest,
            "as_of": self.as_of.isoformat(),
            "overrides": dict(self.rulebook.overrides),
            "readings": [r.model_dump() for r in d.readings],
        }

    def explain(self, label: Any) -> Any:
        """Row `label`'s full result from the scalar rule: every check, explained, replayable."""
        from .parks import _row

        pos = self.inputs.index.get_loc(label)
        if not isinstance(pos, int):
            raise KeyError(f"row label {label!r} is not unique in the input")
        row = (self.to_row or _row)(self.inputs, pos)
        return self.rule(row, as_of=self.as_of, rulebook=self.rulebook, **self.options)

    def decision(self, label: Any) -> dict[str, Any]:
        """Row `label`'s stored decision record (the scalar result as JSON), for `zjpolicy.replay`."""
        import json

        return json.loads(self.explain(label).model_dump_json())

    def summary(self) -> pd.Series:
        """Count of rows per outcome (star level, or the verdict yes/no), and of rows with errors."""
        col = self.frame[self.outcome]
        counts = col.value_counts(dropna=True).sort_index(ascending=not pd.api.types.is_bool_dtype(col))
        if pd.api.types.is_bool_dtype(col):
            counts.index = [self.outcome if k else f"not {self.outcome}" for k in counts.index]
        else:
            counts.index = [f"{int(k)}★" if self.outcome == "stars" else str(k) for k in counts.index]
        counts["errors"] = self.errors["index"].nunique() if len(self.errors) else 0
        return counts.astype("int64")
