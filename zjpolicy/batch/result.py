"""The result of a batch call: one table of verdicts, the audit fields once, a row's full explanation on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from ..errors import input_error
from ..lang import Lang, catalogue, say, use_language
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
            "rows", say("batch.error.lone_surrogate", char=repr(exc.object[exc.start : exc.end]))
        ) from None


def flatten(frame: pd.DataFrame, nested: Iterable[str]) -> pd.DataFrame:
    """Columns holding dicts (a nested field) become flat `field.sub` columns; other columns are kept."""
    for name in nested:
        if name in frame.columns and frame[name].map(lambda v: isinstance(v, dict)).any():
            dicts = [v if isinstance(v, dict) else {} for v in frame[name]]
            try:
                parts = pd.DataFrame(dicts, index=frame.index)
            except UnicodeEncodeError:  # a lone surrogate Arrow strings cannot hold: as objects, for the row's error
                parts = pd.DataFrame(dicts, index=frame.index, dtype=object)
            parts.columns = [f"{name}.{c}" for c in parts.columns]
            frame = pd.concat([frame.drop(columns=[name]), parts], axis=1)
    return frame


@dataclass
class BatchResult:
    """`frame`: one row per input row (same index, same order); `errors`: the bad rows (index, field, reason).

    `outcome` names the verdict column (``stars`` for `rate_parks`, ``eligible`` / ``meets`` for the rule
    batches); `to_row` turns row `pos` of `inputs` back into the scalar rule's input (default: `rate_parks`');
    `lang` is the language of the call: of the reasons in `errors`, and the default of `explain` and
    `labelled_summary` (prose only: the frame's columns and values are the same in both).
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
    lang: Lang = "zh"

    @classmethod
    def concat(cls, parts: Sequence[BatchResult]) -> BatchResult:
        """The results of consecutive chunks of one table as one result (chunks of the same call)."""
        if not parts:
            raise ValueError(say("batch.error.concat_empty"))
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
            lang=first.lang,
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

    def explain(self, label: Any, lang: Lang | None = None) -> Any:
        """Row `label`'s full result from the scalar rule: every check, explained, replayable; its outcome and
        explanation in `lang` (default: the language of the batch call)."""
        from .parks import _row

        pos = self.inputs.index.get_loc(label)
        if not isinstance(pos, int):
            raise KeyError(say("batch.error.label_not_unique", label=repr(label)))
        row = (self.to_row or _row)(self.inputs, pos)
        return self.rule(row, as_of=self.as_of, rulebook=self.rulebook, lang=lang or self.lang, **self.options)

    def decision(self, label: Any) -> dict[str, Any]:
        """Row `label`'s stored decision record (the scalar result as JSON), for `zjpolicy.replay`."""
        import json

        return json.loads(self.explain(label).model_dump_json())

    def summary(self) -> pd.Series:
        """Count of rows per outcome (star level, or the verdict yes/no), and of rows with errors.

        The keys are the same in every language (``4★``, ``eligible`` / ``not eligible``, ``errors``: the keys of the
        JSON summary of a batch upload); `labelled_summary` names them for people."""
        with use_language("en"):
            return self._counts()

    def labelled_summary(self, lang: Lang | None = None) -> pd.Series:
        """`summary` with its keys for people, in `lang` (default: the language of the call): 符合条件 / 不符合条件,
        4★, 出错."""
        with use_language(lang or self.lang):
            return self._counts()

    def _counts(self) -> pd.Series:
        col = self.frame[self.outcome]
        counts = col.value_counts(dropna=True).sort_index(ascending=not pd.api.types.is_bool_dtype(col))
        if pd.api.types.is_bool_dtype(col):
            counts.index = [verdict_label(self.outcome, bool(k)) for k in counts.index]
        else:
            counts.index = [
                say("batch.summary.stars", stars=int(k)) if self.outcome == "stars" else str(k) for k in counts.index
            ]
        counts[say("batch.summary.errors")] = self.errors["index"].nunique() if len(self.errors) else 0
        return counts.astype("int64")


def verdict_label(outcome: str, yes: bool) -> str:
    """A yes/no verdict column's value for people, in the language in force (``eligible`` → 符合条件 / 不符合条件;
    a verdict the catalogue does not name: ``<outcome>：是 / 否``)."""
    key = f"batch.summary.{outcome}.{'yes' if yes else 'no'}"
    if key in catalogue():
        return say(key)
    return say(f"batch.summary.{'yes' if yes else 'no'}", outcome=outcome)
