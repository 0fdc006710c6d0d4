"""What the fuzzing found, each by its smallest input, now a regression test: a typed error naming the field.

Each finding escaped as a bare Python exception (TokenError, TypeError, RecursionError, a serialization error…);
each is now a `ZjpolicyError` whose message names the field it is about.
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from typing import Any

import pandas as pd
import pytest

from zjpolicy.batch import rate_parks
from zjpolicy.catalogue import get_rule
from zjpolicy.errors import ZjpolicyError
from zjpolicy.land_energy import green_channel
from zjpolicy.rubric import example_park, rate_park
from zjpolicy.targets import assess_targets

ON = date(2024, 6, 30)
GREEN = {"dual_control": "on-track", "new_project": True}


def labour(observation: dict[str, Any]) -> Any:
    rule = get_rule("targets.go.1.2.labour_productivity")
    obs = {"indicator": "go.1.2.labour_productivity", "year": 2025, "value": "36", **observation}
    return rule({"year": 2025, "observations": [obs]}, as_of=date(2025, 12, 31))


def park(**changes: Any) -> dict[str, Any]:
    return {**json.loads(example_park().model_dump_json()), **changes}


def flat_park(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in park(**changes).items() if not isinstance(v, dict | list)}


REPRODUCTIONS = {
    "units-parser": lambda: green_channel({**GREEN, "intensity": "0.4 tce / 0 万元"}, as_of=ON),
    "exact-type": lambda: labour({"value": True}),
    "target-items": lambda: labour({"items": 5}),
    "exact-huge-exponent": lambda: green_channel({**GREEN, "intensity": "1e" + "9" * 30}, as_of=ON),
    "unit-not-text": lambda: rate_park(
        park(energy_per_value_added={"value": "1", "standard": "2", "unit": 1.5}), as_of=ON
    ),
    "target-year-digits": lambda: get_rule("targets.go.7.4.zhejiang_made_boutique")(
        {"year": 10**5000, "observations": []}, as_of=date(2025, 12, 31)
    ),
    "statistics-shape": lambda: assess_targets({"indicators": "x"}, year=2024),
    "statistics-frame-year": lambda: assess_targets(
        pd.DataFrame([{"indicator": "gdp", "year": "abc", "value": "1"}]), year=2024
    ),
    "targets-year-range": lambda: assess_targets({}, year=10000),
    "green-unit-type": lambda: rate_park(
        park(energy_per_value_added={"value": "1", "standard": "2", "unit": ["x"]}), as_of=ON
    ),
    "result-surrogates": lambda: rate_park(park(name="\ud800"), as_of=ON).model_dump_json(),
    "batch-surrogates": lambda: rate_parks([flat_park(name="\ud800")], as_of=ON),
    "cli-deep-file": lambda: _deep_file(),
}


def _deep_file() -> None:
    import tempfile
    from pathlib import Path

    from zjpolicy._cli_util import load_data

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "deep.yaml"
        p.write_text("[" * 3000 + "1" + "]" * 3000, encoding="utf-8")
        load_data(p)


FIELD = {
    "units-parser": "intensity",
    "exact-type": "observations[0].value",
    "target-items": "observations[0].items",
    "exact-huge-exponent": "intensity",
    "unit-not-text": "energy_per_value_added.unit",
    "target-year-digits": "year",
    "statistics-shape": "indicators",
    "statistics-frame-year": "row 0.year",
    "targets-year-range": "year",
    "green-unit-type": "energy_per_value_added.unit",
    "result-surrogates": "name",
    "batch-surrogates": "rows",
    "cli-deep-file": "nested too deeply",
}
"""What each error must name: the field (full path), or for the file, why it is refused."""


@pytest.mark.parametrize("finding", sorted(REPRODUCTIONS))
def test_a_finding_of_the_fuzzing_is_a_typed_error_naming_the_field(finding):
    with pytest.raises(ZjpolicyError) as caught:
        REPRODUCTIONS[finding]()
    assert FIELD[finding] in str(caught.value), str(caught.value)


def test_every_finding_names_what_it_is_about():
    assert set(REPRODUCTIONS) == set(FIELD)


def test_a_veto_window_reaching_before_year_one_holds_every_incident():
    """Deep profile: a what-if window of 2024 years put the window's start in year 0 (a bare ValueError)."""
    window = {"dp.3.3.incident_veto.window": "2024"}
    assert not rate_park(park(), as_of=ON, overrides=window).vetoed
    ancient = park(major_incidents=[{"date": "0001-01-01", "kind": "safety"}])
    assert rate_park(ancient, as_of=ON, overrides=window).vetoed


def test_a_share_of_the_star_table_cites_its_row():
    with pytest.raises(ZjpolicyError) as caught:
        rate_park(park(cnc_rate="150%"), as_of=ON, lang="en")
    assert caught.value.clause == "dp.3.2.row02_cnc_rate"  # type: ignore[attr-defined]


def test_a_lone_surrogate_in_a_nested_batch_cell_is_that_row_s_error():
    bad = park(energy_per_value_added={"value": "\ud800", "standard": "0.45"})
    result = rate_parks([bad, park()], as_of=ON, errors="collect", lang="en")
    assert result.frame["stars"].isna().tolist() == [True, False]
    assert result.errors["field"].tolist() == ["energy_per_value_added.value"]


def test_a_huge_decimal_year_is_refused_before_it_is_built():
    """bench_hostile: int(Decimal('1E+999999')) took 0.3 s before the year's bounds were checked."""
    from decimal import Decimal

    with pytest.raises(ZjpolicyError, match="year"):
        labour({"year": Decimal("1E+999999")})


def test_a_row_giving_a_field_whole_and_in_parts_is_that_row_s_error():
    """Deep profile: a column `energy_per_value_added` (True) beside `energy_per_value_added.value` crashed."""
    row = {**flat_park(), "energy_per_value_added": True, "energy_per_value_added.value": "0.4"}
    result = rate_parks([row, flat_park()], as_of=ON, errors="collect", lang="en")
    first = result.errors[result.errors["index"] == 0]
    assert first["field"].tolist() == ["energy_per_value_added"]
    assert "given both whole and as its parts" in first["reason"].iloc[0]


def test_a_year_past_the_str_limit_is_named_by_its_size():
    with pytest.raises(ZjpolicyError, match=r"row 0\.year") as caught:
        assess_targets(pd.DataFrame([{"indicator": "gdp", "year": 10**5000, "value": "1"}], dtype=object), year=2024)
    assert caught.value.problems[0].value == "<an integer of 16610 bits>"  # type: ignore[attr-defined]


@pytest.mark.parametrize("kernel", ["blocks", "columns"])  # plain float tables go block by block
def test_a_batch_cell_at_the_edge_of_the_number_range_is_decided_as_the_scalar_rating_decides(kernel):
    """Deep profile: 5e-324 in a per-mu column reached to_fraction in the kernel (a bare ValueError), and 1e300
    was rated by the block kernel where the scalar rating refuses it."""
    import math

    from zjpolicy.exact import FLOAT_TOO_BIG, FLOAT_TOO_SMALL

    edges = [FLOAT_TOO_BIG, math.nextafter(FLOAT_TOO_BIG, 0), FLOAT_TOO_SMALL, math.nextafter(FLOAT_TOO_SMALL, 0)]
    edges += [5e-324, 0.0, 1e300, 150.0]
    scalar = {k: v for k, v in park().items() if k not in ("value_added", "tax", "land_area", "employees")}
    base = {k: v for k, v in scalar.items() if not isinstance(v, dict | list)}
    base |= {"energy_per_value_added.value": 0.4, "energy_per_value_added.standard": 0.45}
    base |= {"pollutant_per_value_added.below_standard": True}
    frame = pd.DataFrame([base] * len(edges))
    numeric = ("manufacturing_revenue", "cnc_rate", "machine_networking_rate", "industrial_internet_rate")
    numeric += ("high_tech_value_added_share", "rd_intensity", "tax_per_mu", "labour_productivity")
    for col in numeric:
        frame[col] = [float(Fraction(v)) for v in frame[col]]
    if kernel == "columns":
        frame["tax_per_mu"] = [f"{v} 万元/亩" for v in frame["tax_per_mu"]]
    frame["value_added_per_mu"] = edges
    result = rate_parks(frame, as_of=ON, errors="collect", lang="en")
    bad = set(result.errors["index"])
    for i, value in enumerate(edges):
        try:
            expected = rate_park({**scalar, "value_added_per_mu": value}, as_of=ON).stars
        except ZjpolicyError:
            assert i in bad, f"{value!r}: the scalar rating refuses it, the batch did not"
            continue
        assert i not in bad and result.frame["stars"].iloc[i] == expected, repr(value)


def test_a_huge_decimal_count_is_refused_before_it_is_built():
    """bench_hostile: chains_focused=Decimal('1E+999999') took 0.17 s to become an integer before any check."""
    from decimal import Decimal

    with pytest.raises(ZjpolicyError, match="chains_focused"):
        rate_park(park(chains_focused=Decimal("1E+999999")), as_of=ON)
