"""Whole tables at once, exactly: the rules over a DataFrame, column by column (extra ``batch``: pandas, numpy).

```python
from datetime import date
from zjpolicy.batch import green_channels, rate_parks
rated = rate_parks(parks_df, as_of=date(2024, 6, 30), errors="collect")
rated.frame["stars"]; rated.errors; rated.explain(parks_df.index[0])
green_channels(projects_df, as_of=date(2024, 1, 1)).frame["eligible"]
```

`batch_rule(rule, df, ...)` is the kernel behind the rule batches (any rule with declared tests);
`assess_targets_table` assesses many regions' statistics; `map_partitions` runs a batch under Dask; `what_if`
compares a table under the law and under overrides. The names load on first use (pandas only then), so the
command line starts without pandas.

Every batch function takes ``lang=`` ("zh", default, or "en"): the language of the reasons in ``.errors``, of any
error raised and of ``.explain(label)``; ``.labelled_summary()`` names the outcomes for people in it. The frames, and
the keys of ``.summary()``, are the same in both languages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .kernel import Precondition, batch_rule
    from .land import green_channels, industrial_land_shares, plot_ratios
    from .parks import rate_parks
    from .result import BatchResult
    from .scale import map_partitions
    from .targets import TargetsTable, assess_targets_table
    from .whatif import what_if

__all__ = [
    "BatchResult",
    "Precondition",
    "TargetsTable",
    "assess_targets_table",
    "batch_rule",
    "green_channels",
    "industrial_land_shares",
    "map_partitions",
    "plot_ratios",
    "rate_parks",
    "what_if",
]

_WHERE = {
    "BatchResult": "result",
    "Precondition": "kernel",
    "batch_rule": "kernel",
    "green_channels": "land",
    "industrial_land_shares": "land",
    "plot_ratios": "land",
    "rate_parks": "parks",
    "map_partitions": "scale",
    "TargetsTable": "targets",
    "assess_targets_table": "targets",
    "what_if": "whatif",
}


__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())
