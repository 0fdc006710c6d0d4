"""Named lists of 六、加快制造业绿色低碳发展, exposed as data from the rulebook.

组织实施钢铁、建材、石化、化工、造纸、化纤、纺织等高耗能行业碳达峰专项行动。 (六（一）)
"""

from __future__ import annotations

from ..rulebook import Rulebook, default_rulebook

__all__ = ["CARBON_PEAK_CLAUSE", "carbon_peak_industries", "is_high_energy_industry"]

CARBON_PEAK_CLAUSE = "go.6.1.carbon_peak_industries"
_SUFFIXES = ("行业", "工业", "业")


def carbon_peak_industries(rulebook: Rulebook | None = None) -> tuple[str, ...]:
    """The high-energy-consuming industries named for carbon-peak special actions (高耗能行业碳达峰专项行动).

    Read from the rulebook (clause go.6.1.carbon_peak_industries). The text ends the list with 等, so it
    may be open: an industry not named here is not thereby cleared.
    """
    return (rulebook or default_rulebook()).clause(CARBON_PEAK_CLAUSE).items


def is_high_energy_industry(name: str, rulebook: Rulebook | None = None) -> bool:
    """True if `name` is one of the named high-energy industries (e.g. "钢铁", "钢铁行业", "造纸业").

    Matching is exact after trimming spaces and a trailing 行业/工业/业; "化工" and "石化" stay distinct.
    False means "not named in 六（一）", not "not energy-intensive" (the list ends with 等).
    """
    items = carbon_peak_industries(rulebook)
    n = "".join(name.split())
    if n in items:
        return True
    return any(n.endswith(suffix) and n[: -len(suffix)] in items for suffix in _SUFFIXES)
