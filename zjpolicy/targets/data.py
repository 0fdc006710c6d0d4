"""The statistics one target rule reads: normalized observations, with ratios and growth rates derived."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from ..errors import input_error
from ..lang import say
from ..rulebook import Rulebook
from ..units import conversion_factor
from .indicators import GROWTHS, RATIOS, Indicator, indicator_table
from .inputs import Observation, Statistics, TargetInput
from .statistics import normalize_statistics

__all__ = ["Data"]


@dataclass
class Data:
    """Normalized observations of one assessment, with derivations (ratios from parts, growth from balances)."""

    obs: dict[str, dict[int, Observation]]
    inds: Mapping[str, Indicator]

    @classmethod
    def of(cls, inputs: TargetInput, rb: Rulebook) -> Data:
        stats = normalize_statistics(Statistics(observations=inputs.observations), rb)
        obs: dict[str, dict[int, Observation]] = {}
        for o in stats.observations:
            obs.setdefault(o.indicator, {})[o.year] = o
        return cls(obs, indicator_table(rb))

    def unit(self, key: str) -> str:
        return self.inds[key].unit

    def raw(self, key: str, year: int) -> Observation | None:
        return self.obs.get(key, {}).get(year)

    def value(self, key: str, year: int) -> tuple[Fraction | None, list[str]]:
        """The value of `key` in `year`: given, or derived from its parts; (None, []) when unavailable."""
        o = self.raw(key, year)
        if o is not None:
            return o.value, [f"{key}[{year}]"]
        if key in RATIOS:
            num, den = RATIOS[key]
            nv, ns = self.value(num, year)
            dv, ds = self.value(den, year)
            if nv is not None and dv is not None:
                if dv == 0:
                    raise input_error(
                        f"{den}[{year}]", say("targets.error.denominator_zero"), clause=self.inds[key].clause
                    )
                f = conversion_factor(f"{self.unit(num)}/{self.unit(den)}", self.unit(key))
                return nv / dv * f, ns + ds
        if key in GROWTHS:
            bal = GROWTHS[key]
            cur, cs = self.value(bal, year)
            prev, ps = self.value(bal, year - 1)
            if cur is not None and prev is not None:
                if prev == 0:
                    raise input_error(
                        f"{bal}[{year - 1}]", say("targets.error.balance_zero"), clause=self.inds[key].clause
                    )
                f = conversion_factor("dimensionless", self.unit(key))
                return (cur - prev) / prev * f, ps + cs
        return None, []

    def years(self, key: str) -> set[int]:
        """Years in which `key` has data or could be derived (a superset; value() decides)."""
        ys = set(self.obs.get(key, {}))
        for part in RATIOS.get(key, ()):
            ys |= self.years(part)
        if key in GROWTHS:
            ys |= {y + 1 for y in self.years(GROWTHS[key])} | self.years(GROWTHS[key])
        return ys
