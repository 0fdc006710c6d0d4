"""原料用能抵扣与新增可再生能源不纳入能耗总量考核 — energy that counts for the total-energy assessment (十（三）).

    全面落实原料用能抵扣政策，地方新增可再生能源消费量，不纳入能耗总量考核。

assessed = total consumption − energy used as raw material (原料用能) − the locality's new renewable
consumption (新增可再生能源消费量). What "新增" is measured against is the reading
``go.renewable_base_year`` (default: the increase over the base year of the document's energy goal, 一（二）;
alternative: over the previous year).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..exact import Comparison, Exact, compare, margin
from ..fields import quantity
from ..results import Check, RuleResult
from ..rules import Context, rule
from ._common import bad_input, input_error, show

__all__ = ["CLAUSE", "Deduction", "EnergyAccount", "EnergyAssessmentResult", "assessed_energy"]

CLAUSE = "go.10.3.assessed_energy"
READING = "go.renewable_base_year"
_UNIT = "tce"

_Energy = Annotated[Fraction, *quantity(_UNIT, clause=CLAUSE, example="120000 tce")]
_OptEnergy = Annotated[Fraction, *quantity(_UNIT, clause=CLAUSE, example="7600 tce")] | None


class EnergyAccount(BaseModel):
    """A locality's energy consumption for one assessment year (能耗总量考核), with what is deducted.

    New renewable consumption is either given as ``new_renewable`` (with ``renewable_base_year``, the year
    it is an increase over), or computed from ``renewable_consumption`` and ``renewable_consumption_base``
    (the consumption in ``renewable_base_year``). Energy in tce or any energy unit (kgce, GJ, kWh).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    locality: str | None = Field(None, description="地方 (the locality assessed)")
    year: int = Field(description="考核年度 (the assessment year)", ge=1)
    total_consumption: _Energy = Field(description="能源消费总量 (tce)")
    raw_material_use: _Energy = Field(Fraction(0), description="原料用能 (energy used as feedstock, tce)")
    new_renewable: _OptEnergy = Field(None, description="地方新增可再生能源消费量 (tce), over renewable_base_year")
    renewable_consumption: _OptEnergy = Field(None, description="可再生能源消费量 in `year` (tce)")
    renewable_consumption_base: _OptEnergy = Field(
        None, description="可再生能源消费量 in renewable_base_year (tce)"
    )
    renewable_base_year: int | None = Field(None, description="基年: the year 新增 is measured against")
    total_cap: _OptEnergy = Field(None, description="能耗总量控制目标 (the locality's cap, optional, tce)")

    @model_validator(mode="after")
    def _renewables(self) -> EnergyAccount:
        pair = (self.renewable_consumption is not None, self.renewable_consumption_base is not None)
        if self.new_renewable is not None and any(pair):
            raise bad_input(
                "new_renewable",
                "give new_renewable, or renewable_consumption with renewable_consumption_base, not both",
                unit=_UNIT,
                clause=CLAUSE,
            )
        if any(pair) and not all(pair):
            missing = "renewable_consumption_base" if pair[0] else "renewable_consumption"
            raise bad_input(missing, "both renewable_consumption and renewable_consumption_base are needed",
                            unit=_UNIT, clause=CLAUSE)
        has_new = all(pair) or (self.new_renewable is not None and self.new_renewable != 0)
        if has_new and self.renewable_base_year is None:
            raise bad_input(
                "renewable_base_year",
                "new (新增) renewable consumption must state the year it is measured against",
                clause=CLAUSE,
            )
        if self.renewable_base_year is not None and self.renewable_base_year >= self.year:
            raise bad_input("renewable_base_year", f"must be before the assessment year {self.year}", clause=CLAUSE)
        return self


class Deduction(BaseModel):
    """One item deducted from total consumption before the total-energy assessment."""

    model_config = ConfigDict(frozen=True)
    name: str
    label: str
    amount: Exact = Field(description="tce")
    clause: str
    note: str | None = None


class EnergyAssessmentResult(RuleResult):
    """The consumption that counts for the total-energy assessment (纳入能耗总量考核的能耗), itemized."""

    total_consumption: Exact = Field(description="能源消费总量 (tce)")
    deductions: list[Deduction]
    deducted: Exact = Field(description="sum of the deductions (tce)")
    assessed_consumption: Exact = Field(description="纳入能耗总量考核的能耗 (tce)")
    within_cap: bool | None = Field(None, description="assessed ≤ total_cap, when a cap was given")


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

    assessed = total_consumption − raw_material_use − new renewable consumption; the deductions are
    itemized; deductions larger than the total are an InputError.
    """
    reading = ctx.reading(READING)
    expected_base = int(reading) if reading.isdigit() else account.year - 1
    notes = []
    if account.renewable_base_year is not None and account.renewable_base_year != expected_base:
        raise input_error(
            "renewable_base_year",
            f"new renewable consumption is stated over {account.renewable_base_year}, but reading {READING} = "
            f"{reading!r} counts the increase over {expected_base}; restate it, or override the reading",
            clause=CLAUSE,
            value=account.renewable_base_year,
        )
    if account.new_renewable is not None:
        new_renewable = account.new_renewable
        how = None
    elif account.renewable_consumption is not None and account.renewable_consumption_base is not None:
        diff = account.renewable_consumption - account.renewable_consumption_base
        new_renewable = max(diff, Fraction(0))
        how = (
            f"= {show(account.renewable_consumption, _UNIT)} in {account.year} − "
            f"{show(account.renewable_consumption_base, _UNIT)} in {account.renewable_base_year}"
        )
        if diff < 0:
            notes.append(f"renewable consumption fell by {show(-diff, _UNIT)} since the base year: nothing new to deduct")
            how += " (negative: nothing new)"
    else:
        new_renewable = Fraction(0)
        how = "none given"
    deductions = [
        Deduction(name="raw_material_use", label="原料用能", amount=account.raw_material_use, clause=CLAUSE,
                  note="原料用能抵扣"),
        Deduction(
            name="new_renewable",
            label="地方新增可再生能源消费量",
            amount=new_renewable,
            clause=CLAUSE,
            note=(f"over {expected_base} (reading {READING} = {reading})" + (f"; {how}" if how else "")),
        ),
    ]
    deducted = sum((d.amount for d in deductions), Fraction(0))
    if deducted > account.total_consumption:
        raise input_error(
            "total_consumption",
            f"deductions ({show(deducted, _UNIT)}: raw material {show(account.raw_material_use, _UNIT)} + new renewable "
            f"{show(new_renewable, _UNIT)}) exceed total_consumption {show(account.total_consumption, _UNIT)}",
            unit=_UNIT,
            clause=CLAUSE,
            value=str(deducted),
        )
    assessed = account.total_consumption - deducted
    checks: list[Check] = []
    within = None
    if account.total_cap is not None:
        within = compare(assessed, Comparison.le, account.total_cap)
        checks.append(
            Check(
                name="total_cap",
                label="纳入考核的能耗与能耗总量控制目标",
                value=assessed,
                threshold=account.total_cap,
                unit=_UNIT,
                comparison=Comparison.le,
                word="能耗总量考核",
                met=within,
                margin=margin(assessed, Comparison.le, account.total_cap),
                clause=CLAUSE,
                note="the cap is the locality's own target (an input), not a number of this clause",
            )
        )
    outcome = (
        f"assessed consumption {show(assessed, _UNIT)} = {show(account.total_consumption, _UNIT)} − "
        f"{show(account.raw_material_use, _UNIT)} raw material − {show(new_renewable, _UNIT)} new renewable"
    )
    if within is not None:
        outcome += "; within the cap" if within else f"; over the cap by {show(assessed - account.total_cap, _UNIT)}"  # type: ignore[operator]
    return EnergyAssessmentResult(
        **ctx.audit(),
        total_consumption=account.total_consumption,
        deductions=deductions,
        deducted=deducted,
        assessed_consumption=assessed,
        within_cap=within,
        checks=checks,
        notes=notes,
        outcome=outcome,
    )
