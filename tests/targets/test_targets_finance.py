"""Trend clauses: 稳中有升 (十（二）), 增速高于 (十（二）), 持续增加 (五（一）), 逐步提高 (十（一）)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from zjpolicy import Comparison
from zjpolicy.targets import TargetStatus, assess_targets


def one(clause, stats, year, **kw):
    return assess_targets(stats, year=year, clauses=[clause], **kw)[clause]


@pytest.mark.clause("go.10.2.manufacturing_loan_share")
class TestStableShare:
    C = "go.10.2.manufacturing_loan_share"

    def test_equal_share_met_under_default_reading(self):
        r = one(self.C, {self.C: {2023: "11.5%", 2024: "11.5%"}}, 2024)
        assert r.status is TargetStatus.met and r.comparison is Comparison.nondecreasing
        assert r.reference == Fraction("11.5") and r.readings[0].value == "nondecreasing"

    def test_equal_share_not_met_under_increasing(self):
        r = one(self.C, {self.C: {2023: "11.5%", 2024: "11.5%"}}, 2024, overrides={"go.stable_share": "increasing"})
        assert r.status is TargetStatus.not_met_aspirational  # 力争
        assert r.comparison is Comparison.increasing and r.checks[0].comparison is Comparison.increasing

    def test_a_fall_is_not_met_aspirational(self):
        r = one(self.C, {self.C: {2023: "11.5%", 2024: "11.49%"}}, 2024)
        assert r.status is TargetStatus.not_met_aspirational and r.gap == Fraction("0.01")

    def test_from_balances_exactly(self):
        stats = {
            "manufacturing_loans": {2023: "22000 亿元", 2024: "24000 亿元"},
            "total_loans": {2023: "220000 亿元", 2024: "240000 亿元"},
        }
        r = one(self.C, stats, 2024)
        assert r.value == 10 and r.reference == 10 and r.status is TargetStatus.met

    def test_no_previous_year(self):
        assert one(self.C, {self.C: {2024: "11%"}}, 2024).status is TargetStatus.no_data


@pytest.mark.clause("go.10.2.long_term_loan_growth")
class TestLongTermLoanGrowth:
    C = "go.10.2.long_term_loan_growth"

    def test_strictly_higher(self):
        assert (
            one(self.C, {self.C: {2024: "12%"}, "total_loan_growth": {2024: "11.99%"}}, 2024).status is TargetStatus.met
        )
        eq = one(self.C, {self.C: {2024: "12%"}, "total_loan_growth": {2024: "12%"}}, 2024)
        assert eq.status is TargetStatus.not_met_aspirational and eq.against == "各项贷款增速"

    def test_from_balance_series(self):
        stats = {
            "manufacturing_long_term_loans": {2023: "1000 亿元", 2024: "1150 亿元"},
            "total_loans": {2023: "10000 亿元", 2024: "11000 亿元"},
        }
        r = one(self.C, stats, 2024)
        assert r.value == 15 and r.reference == 10 and r.status is TargetStatus.met
        same = {
            "manufacturing_long_term_loans": {2023: "1000 亿元", 2024: "1100 亿元"},
            "total_loans": {2023: "10000 亿元", 2024: "11000 亿元"},
        }
        assert one(self.C, same, 2024).status is TargetStatus.not_met_aspirational

    def test_negative_growth_allowed(self):
        r = one(self.C, {self.C: {2024: "-1%"}, "total_loan_growth": {2024: "-2%"}}, 2024)
        assert r.status is TargetStatus.met

    def test_missing_reference(self):
        r = one(self.C, {self.C: {2024: "12%"}}, 2024)
        assert r.status is TargetStatus.no_data and "各项贷款增速" in r.outcome


@pytest.mark.clause("go.5.1.global_500_enterprises")
def test_global_500_keeps_increasing():
    c = "go.5.1.global_500_enterprises"
    stats = {c: {2022: 9, 2023: 10, 2024: 10}}
    r = one(c, stats, 2024)
    assert r.status is TargetStatus.not_met  # 持续增加 is strict; not aspirational
    assert [h.year for h in r.history] == [2023] and r.history[0].met is True
    assert one(c, stats, 2023).status is TargetStatus.met


@pytest.mark.clause("go.10.1.soe_first_set_procurement")
def test_soe_procurement_share_rises():
    c = "go.10.1.soe_first_set_procurement"
    # 逐步提高 (reading go.gradual_rise, default over_period): higher than in the document's year, 2022
    assert one(c, {c: {2022: "3%", 2024: "3.1%"}}, 2024).status is TargetStatus.met
    flat = one(c, {c: {2022: "3%", 2023: "3.2%", 2024: "3.2%"}}, 2024)
    assert flat.status is TargetStatus.met and flat.reference == 3  # a flat year in between does not fail it
    assert one(c, {c: {2022: "3%", 2024: "3%"}}, 2024).status is TargetStatus.not_met
    assert one(c, {c: {2023: "3%", 2024: "3.1%"}}, 2024).status is TargetStatus.no_data  # 2022 is the base
    # the strict reading: higher than the previous year, every year
    strict = {"go.gradual_rise": "year_on_year"}
    assert one(c, {c: {2023: "3%", 2024: "3.1%"}}, 2024, overrides=strict).status is TargetStatus.met
    assert one(c, {c: {2023: "3%", 2024: "3%"}}, 2024, overrides=strict).status is TargetStatus.not_met
