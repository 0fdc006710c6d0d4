"""The compound annual growth rate needed to reach a goal, exactly verified.

``(goal / start) ** (1 / years) - 1`` is irrational in general. We estimate it with `decimal`, round it to
``places`` decimal places *in the safe direction* and then verify with exact Fraction arithmetic (integer powers
only) that compounding the returned rate from ``start`` reaches ``goal`` and that one unit less
(``10**-places``) would not. So the returned rate never falls short, and it is the smallest such rate on the
``places``-decimal grid (the largest, for a goal that must be reached from above, such as an intensity that must
fall). ``exact`` says whether compounding it lands on the goal exactly (a rational root, e.g. 1.21 over 2 years).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from fractions import Fraction

from ..lang import say

__all__ = ["CAGR_PLACES", "compound", "needed_rate"]

CAGR_PLACES = 12
"""Decimal places of a returned rate (as a fraction per year: 0.05 = 5 % a year); 1e-12 is far below any statistic."""


def compound(start: Fraction, rate: Decimal | Fraction, years: int) -> Fraction:
    """start × (1 + rate) ** years, exactly."""
    return start * (1 + Fraction(rate)) ** years


def needed_rate(
    start: Fraction, goal: Fraction, years: int, *, rising: bool = True, places: int = CAGR_PLACES
) -> tuple[Decimal, bool]:
    """The rate r (a Decimal with `places` decimals) such that start·(1+r)^years reaches goal.

    rising=True: the smallest r with start·(1+r)^years ≥ goal (a goal to reach from below: ≥).
    rising=False: the largest r with start·(1+r)^years ≤ goal (a goal to reach from above: ≤, e.g. intensity).
    Needs start > 0, goal ≥ 0 and years ≥ 1. Returns (rate, exact) where exact means the compounded value equals
    the goal exactly.
    """
    if start <= 0:
        raise ValueError(say("targets.error.cagr_start"))
    if goal < 0:
        raise ValueError(say("targets.error.cagr_goal"))
    if years < 1:
        raise ValueError(say("targets.error.cagr_years"))
    q = Decimal(1).scaleb(-places)
    ratio = Fraction(goal) / Fraction(start)
    with localcontext() as ctx:
        ctx.prec = 2 * places + 6  # guard digits: the estimate is rounded and then verified exactly
        if ratio == 0:
            est = Decimal(-1)
        else:
            est = (Decimal(ratio.numerator) / Decimal(ratio.denominator)) ** (Decimal(1) / Decimal(years)) - 1
        r = est.quantize(q, rounding=ROUND_CEILING if rising else ROUND_FLOOR)
        minus_one = Decimal(-1)

        def reaches(rate: Decimal) -> bool:
            v = compound(start, rate, years)
            return v >= goal if rising else v <= goal

        if rising:
            while not reaches(r):
                r += q
            while r - q >= minus_one and reaches(r - q):
                r -= q
        else:
            while not reaches(r):
                r -= q
            while reaches(r + q):
                r += q
        r = r.quantize(q)
    return r, compound(start, r, years) == goal
