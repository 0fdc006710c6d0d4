"""The fidelity review's readings of the guiding opinions, typed from the text: 新增 and its start, the years a goal
is judged in (到2025年……每年, 稳定在), 持续增加 / 逐步提高, and the measures the caller's figures must follow."""

from __future__ import annotations

from fractions import Fraction

import pytest

import zjpolicy
from zjpolicy import InputError, RulebookError, default_rulebook
from zjpolicy.rulebook import Assessment
from zjpolicy.targets import TargetResult, TargetStatus, assess_targets, target_rules
from zjpolicy.targets.plan import SINCE_DOCUMENT, SPAN, TREND_SPAN, listing
from zjpolicy.targets.ruleset import BODIES

RB = default_rulebook()


def one(clause, stats, year, **kw):
    return assess_targets(stats, year=year, clauses=[clause], **kw)[clause]


def reading(r: TargetResult, rid: str) -> str:
    return next(u.value for u in r.readings if u.id == rid)


# ---------------------------------------------------------------- 新增 / 新培育 / 新制修订: never a guessed baseline

NEW = {  # clause → the figure the text sets (typed from the sentence)
    "go.3.1.tech_innovation_demo_enterprises": ("15 家", "14 家"),  # 新培育国家技术创新示范企业15家
    "go.3.1.national_enterprise_tech_centres": ("20 家", "19 家"),  # 国家企业技术中心20家以上
    "go.3.1.provincial_innovation_consortia": ("20 个", "19 个"),  # 省级创新联合体20个以上
    "go.5.1.new_listed_companies": ("200 家", "199 家"),  # 新增上市公司200家以上
    "go.5.2.single_champions": ("130 家", "129 家"),  # 新增制造业单项冠军企业130家
    "go.7.4.international_standards": ("20 项", "19 项"),  # 新制修订国际标准20项
    "go.7.4.national_industry_standards": ("400 项", "399 项"),  # 国家标准和行业标准400项
}
START = "go.new_basis_start"


@pytest.mark.parametrize("clause", [pytest.param(c, id=c, marks=pytest.mark.clause(c)) for c in NEW])
def test_a_total_is_never_taken_as_the_count_added(clause):
    at, below = NEW[clause]
    total = one(clause, {clause: {2025: "100000 " + at.split()[1]}}, 2025)
    assert total.status is TargetStatus.no_data and total.value is None and total.met is None
    assert "baseline" in total.outcome and "added: true" in total.outcome
    assert reading(total, START) == "document_date" and "new" in total.nature
    assert one(clause, {clause: {2025: {"value": at, "added": True}}}, 2025).status is TargetStatus.met
    assert one(clause, {clause: {2025: {"value": below, "added": True}}}, 2025).status is TargetStatus.not_met
    # the level with the level on the document's date as the baseline
    n, unit = at.split()
    r = one(clause, {clause: {2025: {"value": f"{int(n) + 1000} {unit}", "baseline": f"1000 {unit}"}}}, 2025)
    assert r.status is TargetStatus.met and r.value == int(n)
    assert r.rule_version == "1.1.0"


@pytest.mark.clause("go.5.1.new_listed_companies")
class TestStartOfNew:
    C = "go.5.1.new_listed_companies"

    def test_default_counts_from_the_document_date_which_no_yearly_series_gives(self):
        # a 2022 figure is a year-end level, not the level on 2022-08-30: the series is not a baseline
        r = one(self.C, {self.C: {2022: "560 家", 2025: "760 家"}}, 2025)
        assert r.status is TargetStatus.no_data and "2022-08-30" in r.outcome
        assert any("document's date, 2022-08-30" in n for n in r.notes)

    def test_from_the_start_of_2021_the_2020_level_is_the_baseline(self):
        over = {START: "2021"}
        r = one(self.C, {self.C: {2020: "560 家", 2025: "760 家"}}, 2025, overrides=over)
        assert r.status is TargetStatus.met and r.value == 200
        assert r.derived_from == [f"{self.C}[2025]", f"{self.C}[2020]"]
        assert reading(r, START) == "2021" and r.readings[0].is_default is False
        assert (
            one(self.C, {self.C: {2020: "561 家", 2025: "760 家"}}, 2025, overrides=over).status is TargetStatus.not_met
        )
        missing = one(self.C, {self.C: {2025: "760 家"}}, 2025, overrides=over)
        assert missing.status is TargetStatus.no_data and "end of 2020" in missing.outcome
        # a baseline given still wins over the series; a count added is never a baseline
        given = {2020: "500 家", 2025: {"value": "760 家", "baseline": "560 家"}}
        assert one(self.C, {self.C: given}, 2025, overrides=over).value == 200
        added = {2020: {"value": "50 家", "added": True}, 2025: "760 家"}
        assert one(self.C, {self.C: added}, 2025, overrides=over).status is TargetStatus.no_data

    def test_before_due_progress_needs_the_count_added_too(self):
        r = one(self.C, {self.C: {2024: "700 家"}}, 2024)
        assert r.status is TargetStatus.no_data
        r = one(self.C, {self.C: {2024: {"value": "150 家", "added": True}}}, 2024)
        assert r.status is TargetStatus.not_yet_due and r.progress == Fraction(3, 4)

    def test_negative_count_added_is_an_input_error(self):
        with pytest.raises(InputError, match="negative"):
            one(self.C, {self.C: {2025: {"value": "500 家", "baseline": "560 家"}}}, 2025)

    def test_the_reading_is_a_year_reading_and_its_choices_are_checked(self):
        r = RB.reading_def(START)
        assert r.kind == "year" and SINCE_DOCUMENT in r.choices and "2021" in r.choices and r.rationale
        assert set(r.applies_to) == set(NEW) == {c.id for c in RB.clauses.values() if START in c.readings}
        with pytest.raises(zjpolicy.OverrideError):
            one(self.C, {}, 2025, overrides={START: "2019"})

    def test_replay(self):
        r = one(self.C, {self.C: {2025: "760 家"}}, 2025)
        assert zjpolicy.replay(r.model_dump_json()).status is TargetStatus.no_data


# ---------------------------------------------------------------- 到2025年，……山区26县每年共新增……500家以上

MOUNTAIN = "go.1.2.mountain_new_enterprises"
PERIOD = "go.per_year_period"


@pytest.mark.clause(MOUNTAIN)
class TestEveryYearTo2025:
    def test_the_period_is_the_document_year_to_2025(self):
        p = RB.param(f"{MOUNTAIN}.target")
        assert p.year == 2025 and p.value == 500 and p.basis.value == "per_year"
        for y in (2022, 2023, 2024, 2025):  # each year on its own figure
            assert one(MOUNTAIN, {MOUNTAIN: {y: "500 家"}}, y).status is TargetStatus.met, y
            assert one(MOUNTAIN, {MOUNTAIN: {y: "499 家"}}, y).status is TargetStatus.not_met, y

    def test_years_after_2025_are_not_assessed_not_failed(self):
        r = one(MOUNTAIN, {MOUNTAIN: {2026: "10 家"}}, 2026)
        assert r.status is TargetStatus.out_of_period and r.met is None and r.value == 10
        assert r.checks[0].met is None and "2026" in r.outcome and any("outside the period" in n for n in r.notes)
        assert one(MOUNTAIN, {}, 2027).status is TargetStatus.out_of_period  # with or without a figure
        assert r.target_year is None and r.each_year and reading(r, PERIOD) == "each_year_to_target"
        back = zjpolicy.replay(r.model_dump_json())
        assert back.status is TargetStatus.out_of_period and TargetResult.model_validate_json(r.model_dump_json()) == r

    def test_the_rate_reached_in_2025_reading(self):
        only = {PERIOD: "target_year_only"}
        early = one(MOUNTAIN, {MOUNTAIN: {2024: "400 家"}}, 2024, overrides=only)
        assert early.status is TargetStatus.not_yet_due and early.target_year == 2025 and early.years_left == 1
        assert one(MOUNTAIN, {MOUNTAIN: {2024: "499 家"}}, 2024, overrides=only).met is None  # not judged before 2025
        assert one(MOUNTAIN, {MOUNTAIN: {2025: "500 家"}}, 2025, overrides=only).status is TargetStatus.met
        later = one(MOUNTAIN, {MOUNTAIN: {2025: "499 家", 2026: "900 家"}}, 2026, overrides=only)
        assert later.status is TargetStatus.not_met and later.value_year == 2025

    def test_a_span_reading_needs_a_target_year(self):
        rb = RB.with_overrides({})
        clause = rb.clause(MOUNTAIN)
        p = clause.parameters[0].model_copy(update={"year": None})
        bare = clause.model_copy(update={"parameters": (p,)})
        doc = rb.documents[clause.document]
        docs = {
            **rb.documents,
            clause.document: doc.model_copy(
                update={"clauses": tuple(bare if c.id == MOUNTAIN else c for c in doc.clauses)}
            ),
        }
        with pytest.raises(RulebookError, match="no target year"):
            one(MOUNTAIN, {MOUNTAIN: {2024: 500}}, 2024, rulebook=type(rb)(documents=docs))


# ---------------------------------------------------------------- 到2025年，……稳定在1/3左右

SHARE = "go.1.2.manufacturing_share_of_gdp"
STABLE = "go.stable_at_period"


@pytest.mark.clause(SHARE)
def test_stable_at_one_third_the_2025_level_or_every_year():
    r = one(SHARE, {SHARE: {2023: "0.30"}}, 2023)
    assert r.status is TargetStatus.not_yet_due and r.target_year == 2025 and reading(r, STABLE) == "target_year_only"
    every = {STABLE: "each_year_to_target"}
    assert one(SHARE, {SHARE: {2023: "0.3234"}}, 2023, overrides=every).status is TargetStatus.met  # 1/3 − 1 point
    assert one(SHARE, {SHARE: {2023: "0.3233"}}, 2023, overrides=every).status is TargetStatus.not_met
    r = one(SHARE, {SHARE: {2023: "0.3233"}}, 2023, overrides=every)
    assert r.target_year is None and r.each_year and r.tolerance == Fraction(1, 100)
    assert one(SHARE, {SHARE: {2026: "0.30"}}, 2026, overrides=every).status is TargetStatus.out_of_period
    assert one(SHARE, {SHARE: {2025: "0.30", 2026: "1/3"}}, 2026).status is TargetStatus.not_met  # judged on 2025


# ---------------------------------------------------------------- 持续增加 (五（一）) and 逐步提高 (十（一）)

G500, SOE = "go.5.1.global_500_enterprises", "go.10.1.soe_first_set_procurement"


@pytest.mark.clause(G500)
def test_continuous_increase_every_year_by_default_or_over_the_period():
    s = {G500: {2022: "10 家", 2023: "11 家", 2024: "11 家", 2025: "12 家"}}
    assert one(G500, s, 2024).status is TargetStatus.not_met  # 持续: a flat year is not met
    over = {"go.continuous_increase": "over_period"}
    r = one(G500, s, 2024, overrides=over)
    assert r.status is TargetStatus.met and r.reference == 10 and "2022" in r.outcome
    assert [h.year for h in r.history] == [2023]  # years after the base only
    assert one(G500, {G500: {2022: "10 家", 2025: "10 家"}}, 2025, overrides=over).status is TargetStatus.not_met
    base = one(G500, s, 2022, overrides=over)
    assert base.status is TargetStatus.not_yet_due and base.checks[0].met is None and "2023" in base.outcome


@pytest.mark.clause(SOE)
def test_gradual_rise_over_the_period_by_default():
    r = one(SOE, {SOE: {2022: "10%", 2023: "9%", 2025: "10.01%"}}, 2025)
    assert r.status is TargetStatus.met and r.reference == 10 and reading(r, "go.gradual_rise") == "over_period"
    assert one(SOE, {SOE: {2022: "10%", 2025: "10%"}}, 2025).status is TargetStatus.not_met  # 提高: strictly higher
    assert one(SOE, {SOE: {2022: "10%"}}, 2022).status is TargetStatus.not_yet_due


def test_the_span_vocabularies_are_the_readings_choices():
    for rid, vocab in (
        ("go.per_year_period", SPAN),
        ("go.stable_at_period", SPAN),
        ("go.continuous_increase", TREND_SPAN),
        ("go.gradual_rise", TREND_SPAN),
    ):
        r = RB.reading_def(rid)
        assert r.kind == "choice" and frozenset(r.choices) == vocab and r.rationale, rid


# ---------------------------------------------------------------- measures the caller's figure must follow

MEASURES = {
    "go.2.2.cluster_scale": ("go.scale_measure", "revenue", "output_value", {2025: "1000 亿元"}),
    "go.2.3.xinxing_group_scale": ("go.scale_measure", "revenue", "output_value", {2025: "100 亿元"}),
    "go.8.4.ecological_industry_scale": ("go.scale_measure", "revenue", "output_value", {2025: "100 亿元"}),
    "go.4.4.cluster_platform_coverage": ("go.scale_measure", "revenue", "output_value", {2025: "100%"}),
    "go.6.3.green_factories": ("go.green_factory_level", "provincial", "any_level", {2025: "500 家"}),
    "go.3.1.invention_patent_coverage": (
        "go.patent_coverage_measure",
        "holds_valid_patent",
        "has_application",
        {2025: "100%"},
    ),
}


@pytest.mark.parametrize("clause", [pytest.param(c, id=c, marks=pytest.mark.clause(c)) for c in MEASURES])
def test_a_measure_reading_is_reported_and_leaves_the_verdict_to_the_figure(clause):
    rid, default, other, series = MEASURES[clause]
    r = one(clause, {clause: series}, 2025)
    assert r.status is TargetStatus.met and reading(r, rid) == default and r.rule_version == "1.1.0"
    assert any(f"reading {rid}" in n and default in n for n in r.notes)
    alt = one(clause, {clause: series}, 2025, overrides={rid: other})
    assert alt.status is TargetStatus.met and reading(alt, rid) == other
    assert any(other in n for n in alt.notes) and alt.parameters_digest != r.parameters_digest
    assert set(RB.reading_def(rid).choices) == {default, other}


# ---------------------------------------------------------------- versions name decisions, clause by clause


def test_only_the_clauses_a_revision_changed_have_a_new_version():
    revised = {cid for cid, r in target_rules().items() if r.version != "1.0.0"}
    assert revised == set(NEW) | {MOUNTAIN, SHARE, G500, SOE} | set(MEASURES)
    assert target_rules()["go.1.2.labour_productivity"].version == "1.0.0"
    goal = BODIES[Assessment.goal]
    assert goal.version == "1.0.0" and goal.version_for(RB.clause("go.5.1.new_listed_companies")) == "1.1.0"
    assert listing("go.scale_measure")(RB.clause("go.2.2.cluster_scale"))
    assert not listing("go.scale_measure")(RB.clause("go.1.2.labour_productivity"))
