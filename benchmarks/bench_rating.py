"""Median timings of the hot paths (run: python benchmarks/bench_rating.py). Reports medians, never asserts.

Reference points from the project brief: OpenFisca ~0.5 ms for one park's star rating; the goal is an
explained rating at least 10x faster (≤ 50 µs).
"""

from __future__ import annotations

import statistics
import time
from datetime import date

from zjpolicy.land_energy import green_channel
from zjpolicy.rubric import ParkIndicators, example_park, rate_park

OPENFISCA_ONE_RATING_US = 500.0  # from the brief, for the ratio only


def median_us(fn, *, repeat: int = 7, number: int = 2000) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - t) / number * 1e6)
    return statistics.median(runs)


def main() -> None:
    park = example_park()
    raw = park.model_dump(mode="json")
    day = date(2024, 6, 30)
    rate_park(park, as_of=day)
    rows = [
        ("rate_park (validated model in)", median_us(lambda: rate_park(park, as_of=day))),
        ("rate_park (dict in: validate + rate)", median_us(lambda: rate_park(raw, as_of=day), number=500)),
        ("ParkIndicators validation only", median_us(lambda: ParkIndicators.model_validate(raw), number=500)),
        ("rate_park + model_dump_json", median_us(lambda: rate_park(park, as_of=day).model_dump_json(), number=500)),
        ("green_channel (dict in)", median_us(lambda: green_channel(
            {"intensity": "0.45", "new_project": True, "dual_control": "on-track"}, as_of=day), number=1000)),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'path':<{width}}  median µs  vs OpenFisca 0.5 ms")
    for name, us in rows:
        print(f"{name:<{width}}  {us:9.1f}  {OPENFISCA_ONE_RATING_US / us:5.1f}x")


if __name__ == "__main__":
    main()
