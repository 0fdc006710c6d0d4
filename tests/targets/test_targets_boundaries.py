"""Example tests at each target family's boundary, with values from the text (and from the rulebook)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from zjpolicy import default_rulebook
from zjpolicy.targets import TargetStatus, assess_targets

RB = default_rulebook()


def one(clause: str, stats: dict, year: int, **kw):
    return assess_targets(stats, year=year, clauses=[clause], **kw)[clause]


# ---------------------------------------------------------------- 2170 亿元 (八（四）)


@pytest.mark.clause("go.8.4.mountain_industrial_value_added")
class TestMountainValueAdded:
    C = "go.8.4.mountain_industrial_value_added"

    def test_exactly_2170_is_met(self):
        r = one(self.C, {self.C: {2025: "2170 亿元"}}, 2025)
        assert r.status is TargetStatus.met
        assert r.gap == 0 and r.progress == 1
        assert r.checks[0].margin == 0 and r.checks[0].met is True

    def test_2169_99_is_not_met(self):
        r = one(self.C, {self.C: {2025: "2169.99 亿元"}}, 2025)
        assert r.status is TargetStatus.not_met
        assert r.gap == Fraction("0.01")
        assert r.checks[0].margin == Fraction("-0.01")

    def test_just_above(self):
        r = one(self.C, {self.C: {2025: "2170.01 亿元"}}, 2025)
        assert r.status is TargetStatus.met

    def test_other_money_units_are_exact(self):
        # 2170 亿元 = 21,700,000 万元 = 217,000,000,000 元
        assert one(self.C, {self.C: {2025: "21700000 万元"}}, 2025).status is TargetStatus.met
        assert one(self.C, {self.C: {2025: "216999999999 元"}}, 2025).status is TargetStatus.not_met

    def test_threshold_comes_from_rulebook(self):
        t = RB.value(f"{self.C}.target")
        r = one(self.C, {self.C: {2025: t}}, 2025)
        assert r.target == t and r.status is TargetStatus.met and r.target_year == RB.param(f"{self.C}.target").year

    def test_not_yet_due_in_2024_with_growth_needed(self):
        r = one(self.C, {self.C: {2024: "2000 亿元"}}, 2024)
        assert r.status is TargetStatus.not_yet_due
        assert r.years_left == 1 and r.needed_per_year == 170
        assert r.cagr_needed is not None and Fraction(r.cagr_needed) == Fraction(170, 2000)
        assert r.cagr_exact is True

    def test_later_year_is_judged_on_the_target_year(self):
        r = one(self.C, {self.C: {2025: "2100 亿元", 2026: "2300 亿元"}}, 2026)
        assert r.status is TargetStatus.not_met and r.value_year == 2025

    def test_no_data(self):
        r = one(self.C, {self.C: {2024: "2200 亿元"}}, 2025)
        assert r.status is TargetStatus.no_data and r.value is None and r.checks[0].met is None


# ---------------------------------------------------------------- 35 万元/人, 2.5%, 19%, 8000 亿元 (levels)


@pytest.mark.clause("go.1.2.labour_productivity")
def test_labour_productivity_35():
    c = "go.1.2.labour_productivity"
    assert one(c, {c: {2025: "35 万元/人"}}, 2025).status is TargetStatus.met
    assert one(c, {"labour_productivity": {2025: "349999 元/人"}}, 2025).status is TargetStatus.not_met


@pytest.mark.clause("go.1.2.rd_intensity")
def test_rd_intensity_from_parts_at_2_5_percent():
    c = "go.1.2.rd_intensity"
    met = one(c, {"industrial_rd_expenditure": {2025: "250 亿元"}, "industrial_revenue": {2025: "10000 亿元"}}, 2025)
    assert met.status is TargetStatus.met and met.value == Fraction("2.5")
    assert met.derived_from == ["industrial_rd_expenditure[2025]", "industrial_revenue[2025]"]
    short = one(
        c, {"industrial_rd_expenditure": {2025: "249.99 亿元"}, "industrial_revenue": {2025: "10000 亿元"}}, 2025
    )
    assert short.status is TargetStatus.not_met


@pytest.mark.clause("go.1.2.high_tech_manufacturing_share")
def test_high_tech_share_19_percent():
    c = "go.1.2.high_tech_manufacturing_share"
    assert one(c, {c: {2025: "19%"}}, 2025).status is TargetStatus.met
    assert one(c, {c: {2025: "0.1899"}}, 2025).status is TargetStatus.not_met  # a bare 0.1899 is 0.1899 percent
    assert one(c, {c: {2025: "0.19 dimensionless"}}, 2025).status is TargetStatus.met


@pytest.mark.clause("go.1.2.digital_economy_share")
def test_digital_economy_aspirational_shortfall_is_distinguishable():
    c = "go.1.2.digital_economy_share"
    r = one(c, {c: {2025: "14.99%"}}, 2025)
    assert r.status is TargetStatus.not_met_aspirational
    assert r.aspirational and "aspirational" in r.nature and r.met is False
    assert one(c, {c: {2025: "15%"}}, 2025).status is TargetStatus.met


@pytest.mark.clause("go.7.2.manufacturing_investment")
@pytest.mark.clause("go.7.2.manufacturing_investment_share")
def test_investment_8000_and_share_20_percent_from_parts():
    stats = {"manufacturing_investment": {2025: "8000 亿元"}, "fixed_asset_investment": {2025: "40000 亿元"}}
    rep = assess_targets(
        stats, year=2025, clauses=["go.7.2.manufacturing_investment", "go.7.2.manufacturing_investment_share"]
    )
    assert rep["go.7.2.manufacturing_investment"].status is TargetStatus.met
    share = rep["go.7.2.manufacturing_investment_share"]
    assert share.value == 20 and share.status is TargetStatus.met
    stats["fixed_asset_investment"] = {2025: "40000.01 亿元"}
    assert one("go.7.2.manufacturing_investment_share", stats, 2025).status is TargetStatus.not_met


# ---------------------------------------------------------------- 左右: 1/3 ± tolerance


@pytest.mark.clause("go.1.2.manufacturing_share_of_gdp")
class TestShareOfGdpApprox:
    C = "go.1.2.manufacturing_share_of_gdp"

    def tol(self) -> Fraction:
        return RB.reading_number("go.approx_tolerance") / 100  # percentage points → a share

    def test_default_tolerance_is_one_point(self):
        assert self.tol() == Fraction(1, 100)

    def test_upper_edge_exactly_met(self):
        r = one(self.C, {self.C: {2025: Fraction(1, 3) + self.tol()}}, 2025)
        assert r.status is TargetStatus.met and r.gap == 0 and r.tolerance == Fraction(1, 100)

    def test_lower_edge_exactly_met(self):
        assert one(self.C, {self.C: {2025: "97/300"}}, 2025).status is TargetStatus.met  # 1/3 − 1/100

    def test_just_outside_is_not_met(self):
        eps = Fraction(1, 10**9)
        hi = one(self.C, {self.C: {2025: Fraction(1, 3) + self.tol() + eps}}, 2025)
        lo = one(self.C, {self.C: {2025: Fraction(1, 3) - self.tol() - eps}}, 2025)
        assert hi.status is TargetStatus.not_met and hi.gap == eps
        assert lo.status is TargetStatus.not_met and lo.gap == eps

    def test_percent_input_converted_exactly(self):
        # 34.3333…% is not a finite decimal; 103/3 % is the upper edge exactly
        assert one(self.C, {self.C: {2025: "103/3 %"}}, 2025).status is TargetStatus.met
        assert one(self.C, {self.C: {2025: "34.34%"}}, 2025).status is TargetStatus.not_met

    def test_parts(self):
        r = one(self.C, {"manufacturing_value_added": {2025: "1 亿元"}, "gdp": {2025: "3 亿元"}}, 2025)
        assert r.value == Fraction(1, 3) and r.status is TargetStatus.met

    def test_tolerance_reading_override(self):
        v = {self.C: {2025: "0.34"}}
        assert one(self.C, v, 2025).status is TargetStatus.met
        r = one(self.C, v, 2025, overrides={"go.approx_tolerance": "0.5"})
        assert r.status is TargetStatus.not_met and r.tolerance == Fraction(1, 200)
        assert r.readings[0].id == "go.approx_tolerance" and r.readings[0].is_default is False


# ---------------------------------------------------------------- 每年


@pytest.mark.clause("go.1.2.mountain_new_enterprises")
def test_mountain_new_enterprises_500_each_year():
    c = "go.1.2.mountain_new_enterprises"
    stats = {c: {2023: "500 家", 2024: "499 家"}}
    r23 = one(c, stats, 2023)
    r24 = one(c, stats, 2024)
    assert r23.status is TargetStatus.met and r23.each_year and r23.target_year is None
    assert r24.status is TargetStatus.not_met and r24.gap == 1
    assert "per_year" in r24.nature
    # 到2025年: the period ends in 2025 (reading go.per_year_period); 2026 is not assessed, not failed
    r26 = one(c, {c: {2026: "10 家"}}, 2026)
    assert r26.status is TargetStatus.out_of_period and r26.met is None and r26.checks[0].met is None
    assert "outside the period" in r26.outcome or "after the period" in r26.outcome


@pytest.mark.clause("go.7.1.rectify_enterprises")
def test_rectify_5000_each_year():
    c = "go.7.1.rectify_enterprises"
    assert one(c, {c: {2024: 5000}}, 2024).status is TargetStatus.met
    assert one(c, {c: {2024: 4999}}, 2024).status is TargetStatus.not_met
    assert one(c, {c: {2023: 6000}}, 2024).status is TargetStatus.no_data  # each year needs its own figure


@pytest.mark.clause("go.7.1.land_freed")
def test_land_freed_5_wan_mu_in_mu_and_hectares():
    c = "go.7.1.land_freed"
    assert one(c, {c: {2024: "50000 亩"}}, 2024).status is TargetStatus.met
    assert one(c, {c: {2024: "49999 亩"}}, 2024).status is TargetStatus.not_met
    r = one(c, {c: {2024: "3333.34 公顷"}}, 2024)  # 50000.1 亩
    assert r.status is TargetStatus.met and r.value == Fraction("5.00001")


@pytest.mark.clause("go.6.2.energy_saving_projects")
@pytest.mark.clause("go.3.5.excellent_engineer_reserve")
@pytest.mark.clause("go.7.4.pinzibiao_brand_enterprises")
@pytest.mark.clause("go.7.4.zhejiang_made_boutique")
def test_other_per_year_goals_at_their_boundary():
    for c in (
        "go.6.2.energy_saving_projects",
        "go.3.5.excellent_engineer_reserve",
        "go.7.4.pinzibiao_brand_enterprises",
        "go.7.4.zhejiang_made_boutique",
    ):
        t = RB.value(f"{c}.target")
        assert one(c, {c: {2023: t}}, 2023).status is TargetStatus.met, c
        assert one(c, {c: {2023: t - 1}}, 2023).status is TargetStatus.not_met, c


# ---------------------------------------------------------------- 新增 / 累计 / 全覆盖 / counts


@pytest.mark.clause("go.5.1.new_listed_companies")
class TestNewSinceTheDocument:
    C = "go.5.1.new_listed_companies"

    def test_a_total_alone_is_no_data_never_the_count_added(self):
        r = one(self.C, {self.C: {2025: "760 家"}}, 2025)  # 五（一）: 新增上市公司200家以上
        assert r.status is TargetStatus.no_data and r.value is None and r.checks[0].met is None
        assert "baseline" in r.outcome and "added" in r.outcome and "2022-08-30" in r.outcome

    def test_count_added_given_directly(self):
        assert one(self.C, {self.C: {2025: {"value": "200 家", "added": True}}}, 2025).status is TargetStatus.met
        assert one(self.C, {self.C: {2025: {"value": "199 家", "added": True}}}, 2025).status is TargetStatus.not_met

    def test_level_with_baseline(self):
        stats = {"indicators": {self.C: {2025: "760 家"}}, "baselines": {self.C: "560 家"}}
        r = one(self.C, stats, 2025)
        assert r.value == 200 and r.status is TargetStatus.met and "new" in r.nature
        stats = {"indicators": {self.C: {2025: "759 家"}}, "baselines": {self.C: "560 家"}}
        assert one(self.C, stats, 2025).status is TargetStatus.not_met

    def test_baseline_above_level_is_an_error(self):
        from zjpolicy import InputError

        with pytest.raises(InputError, match="negative"):
            one(self.C, {"indicators": {self.C: {2025: "500 家"}}, "baselines": {self.C: "560 家"}}, 2025)


@pytest.mark.clause("go.5.2.hidden_champions")
@pytest.mark.clause("go.3.4.provincial_tech_innovation_centres")
def test_cumulative_counts():
    c = "go.5.2.hidden_champions"
    r = one(c, {c: {2025: 500}}, 2025)
    assert r.status is TargetStatus.met and r.nature == ["cumulative"]
    assert one(c, {c: {2025: 499}}, 2025).status is TargetStatus.not_met
    c2 = "go.3.4.provincial_tech_innovation_centres"
    assert one(c2, {c2: {2025: 10}}, 2025).status is TargetStatus.met


@pytest.mark.clause("go.5.3.high_tech_enterprises")
def test_wan_jia_counts():
    c = "go.5.3.high_tech_enterprises"
    assert one(c, {c: {2025: "35000 家"}}, 2025).status is TargetStatus.met
    assert one(c, {c: {2025: "34999 家"}}, 2025).status is TargetStatus.not_met


@pytest.mark.clause("dp.1.2.demo_park_count")
def test_demo_park_count_10():
    c = "dp.1.2.demo_park_count"
    r = one(c, {c: {2025: "10 个"}}, 2025)
    assert r.status is TargetStatus.met and r.document == "demo-park-plan" and r.nature == ["cumulative"]
    assert one(c, {c: {2025: 9}}, 2025).status is TargetStatus.not_met


@pytest.mark.clause("go.10.5.joint_random_inspection_coverage")
def test_standing_full_coverage():
    # dp.2.2.rd_institution_coverage, the other standing 全覆盖, is a duty of each park: tests/rubric
    for c in ("go.10.5.joint_random_inspection_coverage",):
        r = one(c, {c: {2023: "100%"}}, 2023)
        assert r.status is TargetStatus.met and "coverage" in r.nature and "standing" in r.nature
        assert r.target_year is None
        assert one(c, {c: {2023: "99.99%"}}, 2023).status is TargetStatus.not_met


@pytest.mark.clause("go.3.1.rd_institution_coverage")
@pytest.mark.clause("go.3.1.rd_activity_coverage")
def test_implicit_target_year_reading():
    c = "go.3.1.rd_institution_coverage"
    r = one(c, {c: {2024: "90%"}}, 2024)
    assert r.status is TargetStatus.not_yet_due and r.target_year == 2025
    assert one(c, {c: {2025: "100%"}}, 2025).status is TargetStatus.met
    nd = one(c, {c: {2025: "90%"}}, 2025, overrides={"go.implicit_target_year": "none"})
    assert nd.status is TargetStatus.no_deadline and nd.target_year is None and nd.deadline is False
    assert nd.progress == Fraction(9, 10) and nd.met_now is False and nd.cagr_needed is None
    assert any(x.id == "go.implicit_target_year" and x.value == "none" for x in nd.readings)
    # the park plan's clause of the same slug is a duty of each park (zjpolicy.rubric), not a targets indicator:
    # the slug names this clause alone, and the park plan's full id is refused with where it is assessed
    from zjpolicy import InputError

    by_slug = assess_targets({"rd_institution_coverage": {2025: "90%"}}, year=2025)[c]
    assert by_slug.status is TargetStatus.not_met and by_slug.value == 90
    with pytest.raises(InputError, match=r"zjpolicy\.rubric"):
        assess_targets({"dp.2.2.rd_institution_coverage": {2025: "90%"}}, year=2025)


@pytest.mark.clause("go.2.2.cluster_scale")
def test_per_member_scale_uses_the_smallest():
    c = "go.2.2.cluster_scale"
    r = one(c, {c: {2025: {"items": {"集成电路": "1000 亿元", "高端软件": "1800 亿元"}}}}, 2025)
    assert r.status is TargetStatus.met and r.value == 1000
    r = one(c, {c: {2025: {"items": {"集成电路": "999.9 亿元", "高端软件": "1800 亿元"}}}}, 2025)
    assert r.status is TargetStatus.not_met and any("集成电路" in n for n in r.notes)


@pytest.mark.clause("go.8.4.mountain_industrial_value_added")
def test_as_of_before_the_document_is_skipped():
    rep = assess_targets({"go.8.4.mountain_industrial_value_added": {2021: 1500}}, year=2021, as_of=date(2021, 12, 31))
    assert not any(r.clause.startswith("go.") for r in rep.results)
    assert any(s.clause == "go.8.4.mountain_industrial_value_added" and "not in force" in s.reason for s in rep.skipped)


@pytest.mark.clause("go.7.1.rectify_enterprises")
def test_per_year_goal_before_the_document_is_not_due():
    c = "go.7.1.rectify_enterprises"
    r = one(c, {c: {2021: 100}}, 2021, as_of=date(2023, 1, 1))
    assert r.status is TargetStatus.not_yet_due and "took effect" in r.outcome
