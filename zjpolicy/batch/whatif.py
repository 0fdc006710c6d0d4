"""What-if on a dataset: the same table under the rulebook and under overrides; who changes, and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from ..lang import Lang

__all__ = ["what_if"]


def what_if(
    parks: pd.DataFrame,
    overrides: Mapping[str, Any],
    *,
    as_of: date,
    engine: Callable[..., Any] | None = None,
    outcome: str | None = None,
    lang: Lang | None = None,
    **kw: Any,
) -> pd.DataFrame:
    """Run `engine` on `parks` as the law stands and under `overrides`; one row per row whose outcome changes.

    `engine`: any batch function (default `rate_parks`; `green_channels`, `plot_ratios`, `industrial_land_shares`
    …); `outcome`: the column compared (default: the engine's verdict, ``stars`` or ``eligible`` / ``meets``).
    Columns: `before`, `after`, `direction` (up: more stars, or the verdict became true; down) and `because`:
    the single overrides that alone change that row (each override is also tried on its own). The table's
    ``attrs`` hold the counts. `lang` goes to the engine (the language of its errors; the table is the same in
    both).
    """
    from .parks import rate_parks

    run = engine or rate_parks
    if lang is not None:
        kw["lang"] = lang
    first = run(parks, as_of=as_of, **kw)
    col = outcome or getattr(first, "outcome", "stars")
    base = first.frame[col]
    after = run(parks, as_of=as_of, overrides=overrides, **kw).frame[col]
    singles = {k: run(parks, as_of=as_of, overrides={k: v}, **kw).frame[col] for k, v in overrides.items()}
    changed = base.ne(after) & base.notna() & after.notna()
    out = pd.DataFrame({"before": base[changed], "after": after[changed]})
    out["direction"] = ["up" if a > b else "down" for b, a in zip(out["before"], out["after"], strict=True)]
    out["because"] = [[k for k, s in singles.items() if s[label] != base[label]] for label in out.index]
    out.attrs.update(
        rows=len(parks),
        changed=int(changed.sum()),
        up=int((out["direction"] == "up").sum()),
        down=int((out["direction"] == "down").sum()),
        overrides=dict(overrides),
        outcome=col,
    )
    return out
