"""Scale-out: a batch function per partition of a Dask DataFrame (rows are independent, so partitions are too).

```python
import dask.dataframe as dd
from zjpolicy.batch import green_channels, map_partitions
ddf = dd.from_pandas(df, npartitions=8, sort=False)  # sort=False: keep the rows' order (Dask sorts by label)
rated = map_partitions(green_channels, ddf, as_of=date(2024, 1, 1), errors="collect")
rated.compute()          # == green_channels(df, ...).frame: same index, same order
```
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from .result import BatchResult

__all__ = ["map_partitions"]


def map_partitions(
    fn: Callable[..., BatchResult], frame: Any, /, *, part: Literal["frame", "errors"] = "frame", **kw: Any
) -> Any:
    """`fn` (``rate_parks``, ``green_channels`` …) over every partition of the Dask DataFrame `frame`, lazily.

    Returns the Dask DataFrame of each partition's ``.frame`` (or ``.errors``, ``part="errors"``, to collect the
    bad rows of ``errors="collect"``); its meta is the result of `fn` on the empty frame. `kw` go to `fn`.
    """
    meta = getattr(fn(frame._meta, **kw), part)  # dask's empty frame of the right columns and dtypes
    return frame.map_partitions(lambda p: getattr(fn(p, **kw), part), meta=meta)
