"""原料用能抵扣与新增可再生能源不纳入能耗总量考核: the energy that counts for the total-energy assessment (十（三）).

The clause has no number. What "新增" is measured against is the reading ``go.renewable_base_year`` (default: the
base year of the document's energy goal, 一（二）; alternative: the previous year).
"""

from __future__ import annotations

from fractions import Fraction

from ..errors import input_error
from ..exact import Comparison, compare, margin
from ..lang import say
from ..results import Check
from ..results import show_quantity as show
from ..rules import Context, rule
from .inputs import ASSESSED_ENERGY_CLAUSE as CLAUSE
from .inputs import RENEWABLE_BASE_READING as READING
from .inputs import EnergyAccount
from .results import Deduction, EnergyAssessmentResult

__all__ = ["assessed_energy"]

TCE = "tce"


@rule(
    id="land_energy.assessed_energy",
    version="1.0.0",
    clauses=[CLAUSE],
    input_model=EnergyAccount,
    result_model=EnergyAssessmentResult,
    readings=[READING],
)
def assessed_energy(account: EnergyAccount, ctx: Context) -> EnergyAssessmentResult:
    """全面落实原料用能抵扣政策，地方新增可再生能源消费量，不纳入能耗总量考核。 (十（三）)

    assessed = total_consumption − raw_material_use − new renewable consumption (a fall in renewable consumption
    adds nothing new); deductions larger than the total are an InputError.
    """
    a, reading = account, ctx.reading(READING)  # the reading: a year, or "previous_year"
    base = reading if isinstance(reading, int) else a.year - 1
    if a.renewable_base_year not in (None, base):
        raise input_error(
            "renewable_base_year",
            say(
                "land_energy.assessed_energy.base_year_mismatch",
                given=a.renewable_base_year,
                reading=READING,
                value=repr(reading),
                base=base,
            ),
            clause=CLAUSE,
            value=a.renewable_base_year,
        )
    now, then = a.renewable_consumption, a.renewable_consumption_base
    how: str | None
    if now is not None and then is not None:  # 新增: the rise since the base year; a fall adds nothing
        new = max(now - then, Fraction(0))
        how = say(
            "land_energy.assessed_energy.rise",
            now=show(now, TCE),
            year=a.year,
            then=show(then, TCE),
            base_year=a.renewable_base_year,
        ) + (say("land_energy.assessed_energy.negative") if now < then else "")
        notes = [say("land_energy.assessed_energy.fell", fall=show(then - now, TCE))] if now < then else []
    else:
        given = a.new_renewable is not None
        new, how, notes = (
            a.new_renewable or Fraction(0),
            None if given else say("land_energy.assessed_energy.none_given"),
            [],
        )
    deductions = [
        Deduction(
            name="raw_material_use", label="原料用能", amount=a.raw_material_use, clause=CLAUSE, note="原料用能抵扣"
        ),
        Deduction(
            name="new_renewable",
            label="地方新增可再生能源消费量",
            amount=new,
            clause=CLAUSE,
            note=say("land_energy.assessed_energy.over_base", base=base, reading=READING, value=reading)
            + (say("land_energy.assessed_energy.how", how=how) if how else ""),
        ),
    ]
    deducted = a.raw_material_use + new
    if deducted > a.total_consumption:
        raise input_error(
            "total_consumption",
            say(
                "land_energy.assessed_energy.exceed",
                deducted=show(deducted, TCE),
                raw=show(a.raw_material_use, TCE),
                new=show(new, TCE),
                total=show(a.total_consumption, TCE),
            ),
            unit=TCE,
            clause=CLAUSE,
            value=str(deducted),
        )
    assessed = a.total_consumption - deducted
    outcome = say(
        "land_energy.assessed_energy.outcome",
        assessed=show(assessed, TCE),
        total=show(a.total_consumption, TCE),
        raw=show(a.raw_material_use, TCE),
        new=show(new, TCE),
    )
    checks = []
    if a.total_cap is not None:  # the locality's own cap (an input): no parameter of the law to test against
        checks.append(
            Check(
                name="total_cap",
                label="纳入考核的能耗与能耗总量控制目标",
                indicator="assessed_consumption",
                value=assessed,
                threshold=a.total_cap,
                unit=TCE,
                comparison=Comparison.le,
                word="能耗总量考核",
                met=compare(assessed, Comparison.le, a.total_cap),
                margin=margin(assessed, Comparison.le, a.total_cap),
                clause=CLAUSE,
                note=say("land_energy.assessed_energy.cap_note"),
            )
        )
        over = assessed - a.total_cap
        outcome += (
            say("land_energy.assessed_energy.over_cap", over=show(over, TCE))
            if over > 0
            else say("land_energy.assessed_energy.within_cap")
        )
    return ctx.result(
        checks=checks,
        outcome=outcome,
        notes=notes,
        total_consumption=a.total_consumption,
        deductions=deductions,
        deducted=deducted,
        assessed_consumption=assessed,
        within_cap=checks[0].met if checks else None,
    )
