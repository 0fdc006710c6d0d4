"""The star rubric of the 示范园区 plan (demo-park-plan 三、全面评价; 一（二）; 二、; 四（三）).

```python
from datetime import date
from zjpolicy.rubric import ParkIndicators, rate_park, RelaxationPolicy
rating = rate_park(ParkIndicators(...), as_of=date(2024, 6, 30))
```
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from .._lazy import lazy_exports
from ..rulebook import Rulebook
from .inputs import (
    BonusFacts,
    BonusWeights,
    ClearlyAbovePolicy,
    DemonstrationProject,
    GreenIndicator,
    Incident,
    ParkIndicators,
    RelaxationPolicy,
)
from .rating import rate_park
from .results import (
    BonusResult,
    ClearlyAboveLevel,
    Gap,
    IndicatorSummary,
    PolicySupport,
    RelaxedIndicator,
    StarRating,
)
from .table import table

if TYPE_CHECKING:
    from .count import DemonstrationParkCount, ParkStarHistory, count_demonstration_parks
    from .goals import DemonstrationGoals, assess_demonstration_goals
    from .series import SeriesRating, YearRating, rate_park_series

# imported when first used: `zjpolicy rate` and a single rating need none of them
_LATER = {
    "DemonstrationParkCount": "count",
    "ParkStarHistory": "count",
    "count_demonstration_parks": "count",
    "DemonstrationGoals": "goals",
    "assess_demonstration_goals": "goals",
    "SeriesRating": "series",
    "YearRating": "series",
    "rate_park_series": "series",
}


__getattr__, __dir__ = lazy_exports(__name__, _LATER, globals())


__all__ = [
    "BonusFacts",
    "BonusResult",
    "BonusWeights",
    "ClearlyAboveLevel",
    "ClearlyAbovePolicy",
    "DemonstrationGoals",
    "DemonstrationParkCount",
    "DemonstrationProject",
    "Gap",
    "GreenIndicator",
    "Incident",
    "IndicatorSummary",
    "ParkIndicators",
    "ParkStarHistory",
    "PolicySupport",
    "RelaxationPolicy",
    "RelaxedIndicator",
    "SeriesRating",
    "StarRating",
    "YearRating",
    "assess_demonstration_goals",
    "count_demonstration_parks",
    "example_names",
    "example_park",
    "load_park",
    "rate_park",
    "rate_park_series",
    "table",
]


def rules(rulebook: Rulebook) -> list[Any]:
    """This package's rules (see `zjpolicy.catalogue`)."""
    from .count import count_demonstration_parks
    from .goals import assess_demonstration_goals

    return [rate_park, assess_demonstration_goals, count_demonstration_parks]


def example_names() -> list[str]:
    """Names of the bundled, illustrative example parks."""
    return sorted(
        p.name.removesuffix(".yaml")
        for p in resources.files(__package__).joinpath("examples").iterdir()
        if p.name.endswith(".yaml")
    )


def example_park(name: str = "example-park") -> ParkIndicators:
    """A bundled illustrative park (not real statistics)."""
    text = resources.files(__package__).joinpath("examples", f"{name}.yaml").read_text(encoding="utf-8")
    return ParkIndicators.model_validate(_park_data(yaml.safe_load(text)))


def _park_data(data: Any) -> Any:
    if isinstance(data, dict) and "park" in data and isinstance(data["park"], dict):
        return data["park"]
    return data


def load_park(path: str) -> tuple[ParkIndicators, dict[str, Any]]:
    """Load a park from a YAML or JSON file; returns the indicators and the file's `rating:` options."""
    from pathlib import Path

    text = Path(path).read_text(encoding="utf-8")
    data = yaml.safe_load(text)  # JSON is YAML
    opts = data.get("rating", {}) if isinstance(data, dict) else {}
    return ParkIndicators.model_validate(_park_data(data)), opts
