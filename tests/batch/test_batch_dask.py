"""Scale-out: the batch functions per partition under Dask equal the single-frame result (local schedulers)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from zjpolicy.batch import green_channels, map_partitions, rate_parks
from zjpolicy.rubric.table import table
from zjpolicy.rulebook import default_rulebook

dd = pytest.importorskip("dask.dataframe")
dask = pytest.importorskip("dask")

AS_OF = date(2024, 6, 30)


def projects(n: int) -> pd.DataFrame:
    forms = [
        {"intensity": "0.52 tce/万元"},
        {"intensity": 0.51},
        {"energy_use": "5200 tce", "value_added": "1 亿元"},
        {"energy_use": 3000.0, "value_added": "8000 万元"},
        {"energy_use": "1200 tce"},
    ]  # the last: a bad row
    rows = [
        {**forms[i % len(forms)], "new_project": i % 3 != 0, "dual_control": ["on-track", "off-track"][i % 7 == 0]}
        for i in range(n)
    ]
    return pd.DataFrame(rows, index=[f"p{i}" for i in range(n)])


@pytest.mark.parametrize("scheduler", ["sync", "threads"])
def test_green_channels_per_partition_equal_the_whole_frame(scheduler):
    df = projects(60)
    whole = green_channels(df, as_of=AS_OF, errors="collect")
    ddf = dd.from_pandas(df, npartitions=4, sort=False)  # sort=True (Dask's default) would sort by label
    assert ddf.npartitions == 4
    with dask.config.set(scheduler=scheduler):
        frame = map_partitions(green_channels, ddf, as_of=AS_OF, errors="collect").compute()
        errors = map_partitions(green_channels, ddf, part="errors", as_of=AS_OF, errors="collect").compute()
    # Dask keeps string cells and labels as Arrow strings (missing = pd.NA): the labels' dtype differs, not them
    pd.testing.assert_frame_equal(frame, whole.frame, check_index_type=False)
    assert list(frame.index) == list(df.index)
    pd.testing.assert_frame_equal(errors.reset_index(drop=True), whole.errors, check_dtype=False)


def test_rate_parks_as_the_issue_writes_it():
    """Flat columns (nested fields as field.sub), as a CSV holds them: Dask turns dict and list cells into text."""
    rb = default_rulebook()
    t = table(rb)
    rows = []
    for i in range(40):
        row: dict[str, object] = {
            r.field: float(sorted(rb.value(p.id) for p in r.params if p is not None)[i % 2]) + (i % 3 - 1) / 100
            for r in t.rows
        }
        row["cnc_rate"] = f"{row['cnc_rate']}%"
        for f in ("energy_per_value_added", "pollutant_per_value_added"):
            row[f"{f}.value"], row[f"{f}.standard"] = 0.4 + (i % 4) / 40, 0.45
        rows.append(row)
    df = pd.DataFrame(rows)
    whole = rate_parks(df, as_of=AS_OF).frame
    meta = rate_parks(df.iloc[:0], as_of=AS_OF).frame
    ddf = dd.from_pandas(df, npartitions=4, sort=False)
    with dask.config.set(scheduler="threads"):
        got = ddf.map_partitions(lambda p: rate_parks(p, as_of=AS_OF).frame, meta=meta).compute()
    pd.testing.assert_frame_equal(got, whole)
    assert whole["stars"].nunique() > 1
