"""Land and energy rules of the guiding opinions (指导意见 六、七（一）（二）、十（三）（四）).

Every function here is a versioned rule (`@rule`): call it with the inputs (a model or a dict) and
`as_of=`; it returns an explained, cited result. Thresholds live in the rulebook.

Layout: `inputs.py` (input models), `results.py` (result models), `green_channel.py`, `energy.py`, `land.py`,
`investment.py` (the rules: each one's docstring is the law's sentence, its tests declared in `@rule`),
`lists.py` (named lists), `cli.py` (the `zjpolicy check` commands).

| rule id | function | clause |
| --- | --- | --- |
| `land_energy.green_channel` | `green_channel` | `go.10.3.green_channel` |
| `land_energy.assessed_energy` | `assessed_energy` | `go.10.3.assessed_energy` |
| `land_energy.industrial_land_share` | `industrial_land_share` | `go.10.4.industrial_land_share` |
| `land_energy.gai_yi_bu_yi` | `gai_yi_bu_yi` | `go.10.4.gai_yi_bu_yi` |
| `land_energy.freed_land_use` | `freed_land_use` | `go.10.4.freed_land_industrial_use` |
| `land_energy.major_project_priority` | `major_project_priority` | `go.10.4.major_project_priority` |
| `land_energy.land_quota` | `land_quota` | `go.10.4.land_quota_incentive` |
| `land_energy.plot_ratio` | `plot_ratio` | `go.7.1.plot_ratio` |
| `land_energy.manufacturing_project_share` | `manufacturing_project_share` | `go.7.2.manufacturing_project_share` |

Data: `carbon_peak_industries()` and `is_high_energy_industry()` (`go.6.1.carbon_peak_industries`).
The target clauses of these sections (go.6.2.*, go.6.3.*, go.7.1.rectify_enterprises, go.7.1.land_freed,
go.7.2.manufacturing_investment*) belong to `zjpolicy.targets`, not here.
"""

from __future__ import annotations

from typing import Any

from ..rulebook import Rulebook
from ..rules import Rule
from .energy import assessed_energy
from .green_channel import green_channel
from .inputs import DualControlStatus, EnergyAccount, GreenChannelProject, MajorProject, Project, ProjectPortfolio
from .investment import major_project_priority, manufacturing_project_share
from .land import freed_land_use, gai_yi_bu_yi, industrial_land_share, land_quota, plot_ratio
from .land_inputs import Allocation, FreedLand, LandLedger, LandSupply, LedgerEntry, ParkPlotRatio, QuotaAllocations
from .lists import carbon_peak_industries, is_high_energy_industry
from .results import (
    Deduction,
    EnergyAssessmentResult,
    FreedLandResult,
    GaiYiBuYiResult,
    GreenChannelResult,
    IndustrialLandShareResult,
    LandQuotaResult,
    MajorProjectResult,
    PlotRatioResult,
    ProjectShareResult,
    UnbalancedGroup,
)

__all__ = [
    "Allocation",
    "Deduction",
    "DualControlStatus",
    "EnergyAccount",
    "EnergyAssessmentResult",
    "FreedLand",
    "FreedLandResult",
    "GaiYiBuYiResult",
    "GreenChannelProject",
    "GreenChannelResult",
    "IndustrialLandShareResult",
    "LandLedger",
    "LandQuotaResult",
    "LandSupply",
    "LedgerEntry",
    "MajorProject",
    "MajorProjectResult",
    "ParkPlotRatio",
    "PlotRatioResult",
    "Project",
    "ProjectPortfolio",
    "ProjectShareResult",
    "QuotaAllocations",
    "UnbalancedGroup",
    "assessed_energy",
    "carbon_peak_industries",
    "freed_land_use",
    "gai_yi_bu_yi",
    "green_channel",
    "industrial_land_share",
    "is_high_energy_industry",
    "land_quota",
    "major_project_priority",
    "manufacturing_project_share",
    "plot_ratio",
]


def rules(rulebook: Rulebook | None = None) -> list[Rule[Any, Any]]:
    """This package's rules (read by `zjpolicy.catalogue`); the same for every rulebook."""
    return [
        green_channel,
        assessed_energy,
        industrial_land_share,
        gai_yi_bu_yi,
        freed_land_use,
        major_project_priority,
        land_quota,
        plot_ratio,
        manufacturing_project_share,
    ]
