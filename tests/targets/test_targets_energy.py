"""规模以上工业单位增加值能耗较2020年下降16%以上 (一（二）), computed exactly from the base year."""

from __future__ import annotations

from fractions import Fraction

import pytest

from zjpolicy import default_rulebook
from zjpolicy.targets import TargetStatus, assess_targets, compound

pytestmark = pytest.mark.clause("go.1.2.energy_intensity_reduction")

C = "go.1.2.energy_intensity_reduction"
RB = default_rulebook()
BASE = int(RB.value(f"{C}.base_year"))
GOAL = RB.value(f"{C}.reduction")
DUE = RB.param(f"{C}.reduction").year


def one(stats, year, **kw):
    return assess_targets(stats, year=year, clauses=[C], **kw)[C]


def test_rulebook_values_are_the_texts():
    assert (BASE, GOAL, DUE) == (2020, 16, 2025)


def test_exactly_16_percent_is_met():
    # 0.70 → 0.588 tce/万元 is a 16% reduction exactly
    r = one({"industrial_energy_intensity": {2020: "0.70 tce/万元", 2025: "0.588 tce/万元"}}, 2025)
    assert r.value == 16 and r.status is TargetStatus.met and r.gap == 0
    assert r.derived_from == ["industrial_energy_intensity[2020]", "industrial_energy_intensity[2025]"]
    assert "base_year" in r.nature


def test_just_short_is_not_met():
    r = one({"industrial_energy_intensity": {2020: "0.70", 2025: "0.58800001"}}, 2025)
    assert r.status is TargetStatus.not_met
    assert r.value == (Fraction("0.70") - Fraction("0.58800001")) / Fraction("0.70") * 100


def test_reduction_given_directly():
    assert one({C: {2025: "16%"}}, 2025).status is TargetStatus.met
    assert one({C: {2025: "15.99%"}}, 2025).status is TargetStatus.not_met


def test_intensity_from_its_parts_in_other_units():
    # 2020: 1.4 亿 tce over 2000 亿元 = 0.7 tce/万元; 2025: 0.588 tce/万元 as kgce over 元
    stats = {
        "industrial_energy_consumption": {2020: "140000000 tce", 2025: "117600000000 kgce"},
        "industrial_value_added": {2020: "2000 亿元", 2025: "200000000000 元"},
    }
    r = one(stats, 2025)
    assert r.value == 16 and r.status is TargetStatus.met


def test_missing_base_year_is_no_data():
    r = one({"industrial_energy_intensity": {2025: "0.5"}}, 2025)
    assert r.status is TargetStatus.no_data


def test_not_yet_due_growth_of_the_intensity():
    stats = {"industrial_energy_intensity": {2020: "0.70", 2023: "0.63"}}
    r = one(stats, 2023)
    assert r.status is TargetStatus.not_yet_due and r.value == 10 and r.years_left == 2
    assert r.cagr_needed is not None and r.cagr_needed < 0
    # compounding the returned rate from 0.63 reaches 0.588 or lower, and never stays above it
    assert compound(Fraction("0.63"), r.cagr_needed, 2) <= Fraction("0.588")
    assert compound(Fraction("0.63"), Fraction(r.cagr_needed) + Fraction(1, 10**12), 2) > Fraction("0.588")


def test_base_year_override():
    stats = {"industrial_energy_intensity": {2020: "0.70", 2021: "0.80", 2025: "0.672"}}
    assert one(stats, 2025).status is TargetStatus.not_met  # 4% below 2020
    r = one(stats, 2025, overrides={f"{C}.base_year": "2021"})
    assert r.value == 16 and r.status is TargetStatus.met
