"""Whole tables at once, exactly: the rules over a DataFrame, column by column (extra ``batch``: pandas, numpy).

```python
from datetime import date
from zjpolicy.batch import rate_parks
rated = rate_parks(parks_df, as_of=date(2024, 6, 30), errors="collect")
rated.frame["stars"]; rated.errors; rated.explain(parks_df.index[0])
```
"""

from __future__ import annotations

from .parks import rate_parks
from .result import BatchResult
from .whatif import what_if

__all__ = ["BatchResult", "rate_parks", "what_if"]
