"""what_if with any batch function: a green-channel threshold of 0.50 instead of the law's: who changes."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pandas as pd

from zjpolicy.batch import green_channels, plot_ratios, what_if
from zjpolicy.rulebook import default_rulebook

AS_OF = date(2024, 6, 30)
MAX = "go.10.3.green_channel.max_intensity"


def test_a_lower_green_channel_threshold_closes_it_to_the_projects_between():
    law = default_rulebook().value(MAX)
    new = Fraction(1, 2)
    assert new < law  # the what-if is a stricter threshold
    intensities = {
        "below_both": new - Fraction(1, 100),
        "at_new": new,
        "between": (new + law) / 2,
        "at_law": law,
        "above": law + Fraction(1, 100),
    }
    df = pd.DataFrame(
        [{"intensity": f"{v} tce/万元", "new_project": True, "dual_control": "on-track"} for v in intensities.values()],
        index=list(intensities),
    )
    out = what_if(df, {MAX: "0.50"}, as_of=AS_OF, engine=green_channels)
    assert list(out.index) == ["at_new", "between"]  # eligible under the law, not under 0.50 (低于 is strict)
    assert out["before"].tolist() == [True, True] and out["after"].tolist() == [False, False]
    assert set(out["direction"]) == {"down"} and out["because"].tolist() == [[MAX], [MAX]]
    assert out.attrs["changed"] == 2 and out.attrs["down"] == 2 and out.attrs["outcome"] == "eligible"


def test_what_if_reads_the_verdict_of_the_engine_and_projects_already_out_stay_out():
    df = pd.DataFrame(
        [
            {"intensity": 0.3, "new_project": False, "dual_control": "on-track"},
            {"intensity": 0.3, "new_project": True, "dual_control": "on-track"},
        ]
    )
    assert what_if(df, {MAX: "0.2"}, as_of=AS_OF, engine=green_channels).index.tolist() == [1]
    parks = pd.DataFrame([{"plot_ratio": 1.3}, {"plot_ratio": 2.0}])
    up = what_if(parks, {"go.7.1.plot_ratio.min_plot_ratio": "1.2"}, as_of=AS_OF, engine=plot_ratios)
    assert up.index.tolist() == [0] and up.loc[0, "direction"] == "up"
