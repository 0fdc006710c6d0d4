"""Median timings of the one-entity hot paths, against OpenFisca measured in this run (python benchmarks/bench_rating.py).

Reports medians, never asserts. The peer is `openfisca_model` (the same rubric and green channel, built from the
zjpolicy rulebook), timed here in the same process on the same inputs — never a figure typed in. Without
``openfisca-core`` installed (``pip install -e ".[bench]"``) the zjpolicy medians are printed with no ratio.
Both sides read the rulebook with ``dp.row1_scale=merged_three_four`` (see openfisca_model.ROW1_OVERRIDE).
For every row of the speed table in one run, see bench_peers.py.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from zjpolicy.land_energy import green_channel
from zjpolicy.rubric import ParkIndicators, example_park, rate_park
from zjpolicy.rubric.table import table
from zjpolicy.rulebook import default_rulebook

ROW1_OVERRIDE = {"dp.row1_scale": "merged_three_four"}


def median_us(fn: Callable[[], Any], *, repeat: int = 7, number: int = 2000) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t) / number * 1e6)
    return statistics.median(runs)


def main() -> None:
    rb = default_rulebook().with_overrides(ROW1_OVERRIDE)
    day = date(2024, 6, 30)
    # the example park, with row 11 as numbers (the example states it as a yes/no, which OpenFisca has no input for)
    raw = example_park().model_dump(mode="json")
    raw["pollutant_per_value_added"] = {"value": "0.12", "standard": "0.2"}
    park = ParkIndicators.model_validate(raw)
    project = {"intensity": "0.45", "new_project": True, "dual_control": "on-track"}
    stars = rate_park(park, as_of=day, rulebook=rb).stars

    rows = [
        ("rate_park (validated model in)", "park", median_us(lambda: rate_park(park, as_of=day, rulebook=rb))),
        (
            "rate_park (dict in: validate + rate)",
            "park",
            median_us(lambda: rate_park(raw, as_of=day, rulebook=rb), number=500),
        ),
        (
            "ParkIndicators validation only (a part)",
            "",
            median_us(lambda: ParkIndicators.model_validate(raw), number=500),
        ),
        (
            "rate_park + model_dump_json",
            "park",
            median_us(lambda: rate_park(park, as_of=day, rulebook=rb).model_dump_json(), number=500),
        ),
        (
            "green_channel (dict in)",
            "project",
            median_us(lambda: green_channel(project, as_of=day, rulebook=rb), number=1000),
        ),
    ]

    peers: dict[str, float] = {}
    try:
        import numpy as np
        from openfisca_model import green_many, green_one, park_system, project_system, rate_many, rate_one

        iso = day.isoformat()
        tbs_park, tbs_project = park_system(rb), project_system(rb)
        of_park = {r.field: np.array([float(getattr(park, r.field))]) for r in table(rb).rows}
        for f in ("energy_per_value_added", "pollutant_per_value_added"):
            gi = getattr(park, f)
            of_park[f"{f}_value"], of_park[f"{f}_standard"] = (
                np.array([float(gi.value)]),
                np.array([float(gi.standard)]),
            )
        of_project = {
            "energy_intensity": np.array([0.45]),
            "new_project": np.array([True]),
            "dual_control_on_track": np.array([True]),
        }
        got = int(rate_many(tbs_park, of_park, iso)[0])
        if got != stars or not bool(green_many(tbs_project, of_project, iso)[0]):
            raise SystemExit(f"OpenFisca disagrees: {got} stars vs rate_park {stars}")
        # the peer's two one-entity paths: the documented situation dict, and arrays into a one-entity simulation
        park_in = {k: float(v[0]) for k, v in of_park.items()}
        project_in = {k: v[0].item() for k, v in of_project.items()}
        peers["park"] = median_us(lambda: rate_one(tbs_park, park_in, iso), number=500)
        peers["project"] = median_us(lambda: green_one(tbs_project, project_in, iso), number=1000)
        peers["park arrays"] = median_us(lambda: rate_many(tbs_park, of_park, iso), number=500)
        peers["project arrays"] = median_us(lambda: green_many(tbs_project, of_project, iso), number=1000)
    except ImportError as exc:
        print(f"peer not measured ({exc.name} not installed: pip install -e '.[bench]'); no ratios\n")

    width = max(len(r[0]) for r in rows)
    head = "  OpenFisca µs: dict  arrays   ratio: dict  arrays" if peers else ""
    print(f"{'path':<{width}}  median µs{head}")
    for name, kind, us in rows:
        d, a = (peers[kind], peers[f"{kind} arrays"]) if peers and kind else (0.0, 0.0)
        tail = f"  {d:17.1f}  {a:6.1f}  {d / us:10.2f}×  {a / us:5.2f}×" if peers and kind else ""
        print(f"{name:<{width}}  {us:9.1f}{tail}")
    if peers:
        print(
            "\nOpenFisca: dict = situation dict through SimulationBuilder.build_from_entities; arrays = set_input on a"
            " one-entity simulation. ratio = OpenFisca / zjpolicy (> 1: zjpolicy faster)"
        )
    print(f"\n{stars} stars on both engines; medians of 7 repeats, measured in this process")


if __name__ == "__main__":
    main()
