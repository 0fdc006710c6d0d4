"""assess_targets_table: one row per (region, clause), in order, equal to assess_targets region by region."""

from __future__ import annotations

import pandas as pd
import pytest

from zjpolicy.batch import assess_targets_table
from zjpolicy.errors import InputError
from zjpolicy.targets import assess_targets

MOUNTAIN = "go.8.4.mountain_industrial_value_added"
ROWS = [
    {"region": "杭州", "year": 2023, "indicator": MOUNTAIN, "value": "1905 亿元"},
    {"region": "杭州", "year": 2024, "indicator": MOUNTAIN, "value": "2010 亿元"},
    {"region": "宁波", "year": 2025, "indicator": MOUNTAIN, "value": 2200, "unit": "亿元"},
    {"region": "宁波", "year": 2025, "indicator": "labour_productivity", "value": "32 万元/人"},
    {"region": "衢州", "year": 2025, "indicator": MOUNTAIN, "value": "21700000 万元"},
]


def test_every_region_as_assess_targets_says_in_order():
    df = pd.DataFrame(ROWS)
    got = assess_targets_table(df)
    assert list(pd.unique(got.frame["region"])) == ["杭州", "宁波", "衢州"]
    for region, part in df.groupby("region", sort=False):
        year = int(part["year"].max())
        want = assess_targets(part.drop(columns="region"), year=year)
        mine = got.frame[got.frame["region"] == region]
        assert list(mine["clause"]) == [r.clause for r in want.results]
        assert list(mine["status"]) == [r.status.value for r in want.results]
        assert (mine["year"] == year).all()
        assert got.explain(region, MOUNTAIN) == want[MOUNTAIN]
    by = got.frame.set_index(["region", "clause"])
    assert by.loc[("宁波", MOUNTAIN), "value"] == 2200.0 and by.loc[("宁波", MOUNTAIN), "unit"] == "亿元"
    assert by.loc[("衢州", MOUNTAIN), "met"] == (
        assess_targets(df.iloc[[4]].drop(columns="region"), year=2025)[MOUNTAIN].met
    )


def test_one_year_for_every_region_and_bad_regions_collected_or_raised():
    bad = [*ROWS, {"region": "温州", "year": 2024, "indicator": "labour_productivity", "value": "12 亩"}]
    got = assess_targets_table(pd.DataFrame(bad), year=2024, errors="collect")
    assert set(got.frame["year"]) == {2024}
    assert list(pd.unique(got.frame["region"])) == ["杭州", "宁波", "衢州", "温州"]
    wz = got.frame[got.frame["region"] == "温州"]
    assert len(wz) == 1 and wz["clause"].isna().all()
    assert list(got.errors["index"]) == ["温州"] and got.summary()["errors"] == 1
    with pytest.raises(InputError) as e:
        assess_targets_table(pd.DataFrame(bad), year=2024)
    assert e.value.field.startswith("[温州].")


def test_a_table_without_regions_is_an_input_error():
    with pytest.raises(InputError, match="region"):
        assess_targets_table(pd.DataFrame(ROWS).drop(columns="region"))
