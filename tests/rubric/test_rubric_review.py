"""The fidelity review of the plan's rubric: 评价范围, the veto's label, 四（三）'s supports and their conditions,
二（二） per park, the bonus's two top-5 lists, and the readings that replace silent guesses.

Expected values are typed from the plan (shared/seeds/demo-park-plan.txt), quoted beside each test.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rubric_parks import TABLE, park, values_at

import zjpolicy
from zjpolicy import InputError
from zjpolicy.rubric import (
    ClearlyAbovePolicy,
    ParkStarHistory,
    StarRating,
    assess_demonstration_goals,
    count_demonstration_parks,
    rate_park,
    rate_park_series,
)
from zjpolicy.rulebook import default_rulebook

AS_OF = date(2024, 6, 30)
INCIDENT = [{"date": "2024-01-10", "kind": "environmental"}]


def support(r: StarRating) -> dict[str, object]:
    return {p.clause: p for p in r.policy_support}


# ------------------------------------------------------------------ 三、1. 评价范围


@pytest.mark.clause("dp.3.1.evaluation_scope")
@pytest.mark.parametrize(
    "fields, in_scope",
    [
        ({"zone_level": "national"}, True),  # 省级及以上
        ({"zone_level": "provincial"}, True),
        ({"zone_level": "below_provincial"}, False),
        ({"zone_level": "below_provincial", "integration_completed": False}, False),
        ({"zone_level": "below_provincial", "integration_completed": True}, True),  # 已经提前完成整合提升的园区
        ({"integration_completed": True}, True),
        ({"integration_completed": False}, None),  # the level is still not given
        ({}, None),
    ],
)
def test_evaluation_scope(fields, in_scope):
    """在现有的省级及以上各类开发区（园区）和已经提前完成整合提升的园区进行试行。"""
    r = rate_park(park(**fields), as_of=AS_OF)
    check = next(c for c in r.checks if c.name == "evaluation_scope")
    assert r.in_scope is in_scope and check.met is in_scope and check.clause == "dp.3.1.evaluation_scope"
    if in_scope is False:  # not a star rating: no level, no 限期整改, no support, no gaps
        assert (r.stars, r.rated, r.must_rectify, r.next_level, r.gaps_to_next_level) == (0, False, False, None, [])
        assert "不在评价范围" in r.level_name and r.outcome.startswith("not rated")
        assert r.indicator_stars == 5 and not any(p.applies for p in r.policy_support)
    else:  # default dp.scope_unstated=assume_in_scope: rated, and the result says the scope was not checked
        assert r.stars == 5 and r.rated
        assert any("scope not checked" in n for n in r.notes) is (in_scope is None)


@pytest.mark.clause("dp.3.1.evaluation_scope")
def test_scope_not_given_under_not_rated():
    r = rate_park(park(cnc_rate="59%"), as_of=AS_OF, overrides={"dp.scope_unstated": "not_rated"})
    assert (r.stars, r.rated, r.in_scope, r.must_rectify) == (0, False, None, False)
    assert "未确定" in r.level_name and "not known" in r.explain()
    with pytest.raises(InputError) as e:
        rate_park(park(zone_level="county"), as_of=AS_OF)
    assert e.value.field == "zone_level"


# ------------------------------------------------------------------ 三、3. 两年内……不得评定为星级园区


@pytest.mark.clause("dp.3.3.incident_veto", "dp.3.2.rectification")
def test_a_vetoed_park_is_labelled_vetoed_not_short_of_the_standard():
    """达不到三星级评价标准的园区，要限期整改 (三、2.) and 两年内发生……的园区不得评定为星级园区 (三、3.) are two rules."""
    r = rate_park(park(major_incidents=INCIDENT), as_of=AS_OF)
    assert r.vetoed and r.stars == 0 and r.indicator_stars == 5
    assert r.level_name.startswith("一票否决") and "未达" not in r.level_name and "不得评定为星级园区" in r.level_name
    assert not r.must_rectify and r.rectify_by_year is None  # default dp.veto_rectification=by_indicators
    assert "indicators reach 5 stars" in r.explain()
    always = rate_park(park(major_incidents=INCIDENT), as_of=AS_OF, overrides={"dp.veto_rectification": "always"})
    assert always.must_rectify and always.rectify_by_year == 2025
    short = values_at(3)
    short["cnc_rate"] = Fraction(59)
    both = rate_park(park(short, major_incidents=INCIDENT), as_of=AS_OF)
    assert both.must_rectify and both.indicator_stars == 0 and both.level_name.startswith("一票否决")


# ------------------------------------------------------------------ 四（三） 加大政策支持

NEW = {  # clause -> the level the text gives it
    "dp.4.3.land_quota_advance": 3,  # 允许条件成熟的项目提前预支新增建设用地计划指标 (the 星级园区 projects before it)
    "dp.4.3.freed_land_priority": 3,  # 优先用于制造业高质量发展星级园区建设
    "dp.4.3.supervision_incentive": 3,  # 将星级园区创建成效列为……重要因素
    "dp.4.3.industry_fund": 5,  # 支持制造业高质量发展示范园区建立产业投资基金 (示范园区 = 五星级)
}


@pytest.mark.clause(*NEW)
@pytest.mark.parametrize("level", [3, 4, 5])
def test_new_supports_by_level(level):
    s = support(rate_park(park(values_at(level)), as_of=AS_OF))
    for cid, floor in NEW.items():
        assert s[cid].min_stars == floor and s[cid].applies is (level >= floor), cid


@pytest.mark.clause(
    "dp.4.3.land_quota_tilt",
    "dp.4.3.energy_total_relaxation",
    "dp.4.3.land_quota_advance",
    "dp.4.3.major_project_library_priority",
    "dp.4.3.talent_support",
)
def test_conditional_supports_are_never_reported_as_granted():
    """对发展较好、用地集约的星级园区……予以倾斜; 允许条件成熟的项目……; 优先支持星级园区符合条件的项目……"""
    s = support(rate_park(park(), as_of=AS_OF))
    assert s["dp.4.3.land_quota_tilt"].conditions == ["发展较好", "用地集约"]
    assert s["dp.4.3.land_quota_tilt"].status == "conditional"
    assert s["dp.4.3.land_quota_advance"].conditions == ["条件成熟的项目"]
    assert s["dp.4.3.major_project_library_priority"].status == "conditional"
    assert s["dp.4.3.energy_total_relaxation"].status == "discretionary"
    assert s["dp.4.3.talent_support"].status == "applies" and s["dp.4.3.talent_support"].conditions == []
    text = rate_park(park(), as_of=AS_OF).explain()
    assert "新增建设用地指标倾斜（须：发展较好；用地集约）" in text
    none = support(rate_park(park(values_at(3), cnc_rate="59%"), as_of=AS_OF))
    assert {p.status for p in none.values()} == {"not_applicable"}


@pytest.mark.clause(
    "dp.4.3.major_project_library_priority", "dp.4.3.land_quota_advance", "dp.4.3.cluster_competition_priority"
)
def test_the_opening_of_the_sentence_is_a_reading():
    """对评定为五星级、四星级的园区，优先支持申报……，优先支持星级园区符合条件的项目列入省重大产业项目库，允许……"""
    scoped = ("dp.4.3.major_project_library_priority", "dp.4.3.land_quota_advance")
    three = support(rate_park(park(values_at(3)), as_of=AS_OF))
    assert all(three[c].applies and three[c].min_stars == 3 for c in scoped)
    whole = {"dp.policy_opening_scope": "whole_sentence"}
    three_w = support(rate_park(park(values_at(3)), as_of=AS_OF, overrides=whole))
    four_w = support(rate_park(park(values_at(4)), as_of=AS_OF, overrides=whole))
    assert all(not three_w[c].applies and three_w[c].min_stars == 4 and four_w[c].applies for c in scoped)
    # the floor comes from the opening clause's parameter, not from code
    moved = support(
        rate_park(
            park(values_at(4)), as_of=AS_OF, overrides={**whole, "dp.4.3.cluster_competition_priority.min_stars": 5}
        )
    )
    assert not moved["dp.4.3.land_quota_advance"].applies


# ------------------------------------------------------------------ 二（二） per park


@pytest.mark.clause("dp.2.2.rd_institution_coverage")
def test_rd_institution_coverage_is_a_duty_of_each_park():
    """园区要……实现规模以上制造业企业研发机构全覆盖。"""
    full = assess_demonstration_goals(park(rd_institution_coverage="100%"), as_of=AS_OF)
    short = assess_demonstration_goals(park(rd_institution_coverage="99.99%"), as_of=AS_OF)
    c = next(x for x in full.checks if x.name == "rd_institution_coverage")
    assert c.met and c.threshold == 100 and c.clause == "dp.2.2.rd_institution_coverage" and full.all_met
    assert not short.all_met and short.status == "not_met"  # 二、 gives no year: never "not yet due"
    assert not assess_demonstration_goals(park(), as_of=AS_OF).rd_coverage_checked
    with pytest.raises(InputError) as e:
        assess_demonstration_goals(park(rd_institution_coverage="101%"), as_of=AS_OF)
    assert e.value.field == "rd_institution_coverage" and e.value.problems[0].clause == "dp.2.2.rd_institution_coverage"
    # not a star row
    assert all(c.clause != "dp.2.2.rd_institution_coverage" for c in rate_park(park(), as_of=AS_OF).checks)


@pytest.mark.clause("dp.1.2.park_rd_intensity", "dp.1.2.park_labour_productivity")
def test_park_goals_year_and_scope_readings():
    """到2025年，……示范园区……比重达到60%以上，……全员劳动生产率达到35万元/人·年以上"""
    short = values_at(5)
    short["rd_intensity"] = Fraction("2.99")
    early = assess_demonstration_goals(park(short), as_of=date(2024, 12, 31))
    due = assess_demonstration_goals(park(short), as_of=date(2025, 1, 1))
    assert (early.status, early.target_year, due.status) == ("not_yet_due", 2025, "not_met")
    assert "due 2025" in early.outcome
    standing = assess_demonstration_goals(
        park(short), as_of=date(2024, 12, 31), overrides={"dp.park_goals_year": "none"}
    )
    assert standing.status == "not_met" and standing.target_year is None
    together = assess_demonstration_goals(
        park(chains_focused=7), as_of=AS_OF, overrides={"dp.park_goals_scope": "all_parks_together"}
    )
    assert together.all_met and not together.chains_checked and together.outcome.startswith("the demonstration parks")


# ------------------------------------------------------------------ 一（二） 建设形成10个以上


@pytest.mark.clause("dp.1.2.demo_park_count", "dp.3.3.dynamic_adjustment")
def test_demonstration_parks_counted_from_yearly_ratings():
    """到2025年，建设形成10个以上制造业高质量发展示范园区; 每年根据评定结果调整星级等次。"""
    up = rate_park_series({2023: park(), 2024: park(values_at(4)), 2025: park(values_at(4))})
    steady = rate_park_series({2024: park(), 2025: park()})
    history = ParkStarHistory.from_series([up, steady])
    assert history.parks == {"park 1": {2023: 5, 2024: 4, 2025: 4}, "park 2": {2024: 5, 2025: 5}}
    ever = count_demonstration_parks(history, as_of=date(2025, 12, 31))
    now = count_demonstration_parks(history, as_of=date(2025, 12, 31), overrides={"dp.demo_park_count_basis": "level"})
    assert (ever.count, now.count, now.counted) == (2, 1, ["park 2"])
    assert ever.status == "not_met" and ever.checks[0].threshold == 10
    assert count_demonstration_parks(history, as_of=date(2022, 12, 31)).count == 0
    assert zjpolicy.replay(ever.model_dump_json()) == ever


# ------------------------------------------------------------------ 三、2. the table's readings


@pytest.mark.clause("dp.3.2.row01_manufacturing_revenue")
def test_row_one_third_layout():
    """规模以上制造业营业收入｜500 亿元｜1000 亿元 — 1000 merged across 四星/五星."""
    r = rate_park(park(), as_of=AS_OF, overrides={"dp.row1_scale": "merged_four_five"})
    row1 = {c.level: c.threshold for c in r.checks if c.indicator == "manufacturing_revenue"}
    assert row1 == {3: 500, 4: 1000, 5: 1000}


@pytest.mark.clause("dp.3.2.row10_energy_per_value_added", "dp.3.2.row11_pollutant_per_value_added")
def test_green_title_priority_reading():
    """低于全省同行业标准，被评为省级及以上美丽园区、绿色园区优先"""
    at = {"value": "0.45", "standard": "0.45", "unit": "tce/万元"}
    titled = park(green_park_title=True, energy_per_value_added=at)
    assert rate_park(titled, as_of=AS_OF).stars == 0 and rate_park(titled, as_of=AS_OF).green_park_priority
    r = rate_park(titled, as_of=AS_OF, overrides={"dp.green_title_priority": "meets_green_rows"})
    green = [c for c in r.checks if c.clause.startswith(("dp.3.2.row10", "dp.3.2.row11"))]
    assert r.stars == 5 and all(c.met and "title" in (c.note or "") for c in green)
    untitled = rate_park(
        park(energy_per_value_added=at), as_of=AS_OF, overrides={"dp.green_title_priority": "meets_green_rows"}
    )
    assert untitled.stars == 0


@pytest.mark.clause("dp.3.2.rating_rule")
def test_clearly_above_with_a_stated_margin():
    """达到分类评价标准的园区（大部分指标明显高于标准值、个别指标可适当放宽标准）"""
    r = rate_park(park(), as_of=AS_OF, clearly_above=ClearlyAbovePolicy(margin="12.5%"))
    assert (r.stars, r.strict_stars) == (4, 5) and "明显高于" in r.outcome
    assert next(x for x in r.readings if x.id == "dp.clearly_above").value == "stated"
    assert [(x.level, x.of, x.required, x.met) for x in r.clearly_above] == [
        (3, 8, 5, True),
        (4, 9, 5, True),
        (5, 9, 5, False),
    ]
    assert zjpolicy.replay(r.model_dump_json()) == r
    unstated = rate_park(park(), as_of=AS_OF, overrides={"dp.clearly_above": "stated"})
    assert unstated.stars == 5 and any("no ClearlyAbovePolicy" in n for n in unstated.notes)
    with pytest.raises(InputError) as e:
        rate_park(park(), as_of=AS_OF, clearly_above={"margin": "-1%"})
    assert e.value.field == "clearly_above.margin"


@settings(max_examples=40, deadline=None)
@given(level=st.sampled_from([3, 4, 5]), bump=st.integers(0, 1000), margin=st.integers(0, 3000))
@pytest.mark.clause("dp.3.2.rating_rule")
def test_a_margin_never_raises_a_level(level, bump, margin):
    vals = {k: v * (1 + Fraction(bump, 10**4)) for k, v in values_at(level).items()}
    plain = rate_park(park(vals), as_of=AS_OF)
    held = rate_park(park(vals), as_of=AS_OF, clearly_above={"margin": Fraction(margin, 100)})
    assert held.stars <= plain.stars and held.strict_stars == plain.strict_stars


# ------------------------------------------------------------------ 加分项目


@pytest.mark.clause("dp.3.2.bonus")
def test_international_and_domestic_top5_apart_and_the_old_count_still_works():
    """按照世界500强企业、中国500强企业、国际和国内行业前5强企业数量……进行加分"""
    r = rate_park(
        park(bonus={"international_top5": 2, "domestic_top5": 3}),
        as_of=AS_OF,
        bonus_weights={"international_top5": 2, "domestic_top5": 1},
    )
    assert (r.bonus.counts["international_top5"], r.bonus.counts["domestic_top5"], r.bonus.points) == (2, 3, 7)
    assert "industry_top5" not in r.bonus.counts
    old = rate_park(park(bonus={"industry_top5": 3}), as_of=AS_OF, bonus_weights={"industry_top5": 2})
    assert (
        old.bonus.counts["industry_top5"] == 3
        and old.bonus.points == 6
        and "international_top5" not in old.bonus.counts
    )
    with pytest.raises(InputError) as e:
        rate_park(park(bonus={"industry_top5": 3, "domestic_top5": 1}), as_of=AS_OF)
    assert e.value.field == "bonus.industry_top5" and "separate" in str(e.value)


# ------------------------------------------------------------------ every reading can be overridden, and is shown


def test_every_reading_of_the_plan_has_alternatives_and_each_runs():
    rb = default_rulebook()
    readings = [r for r in rb.readings.values() if r.document == "demo-park-plan"]
    assert all(len(r.choices) >= 2 for r in readings), [r.id for r in readings if len(r.choices) < 2]
    used = {x.id for x in rate_park(park(), as_of=AS_OF).readings}
    used |= {x.id for x in assess_demonstration_goals(park(), as_of=AS_OF).readings}
    used |= {x.id for x in count_demonstration_parks({"parks": {}}, as_of=AS_OF).readings}
    assert used == {r.id for r in readings}
    for r in readings:
        for choice in r.choices:
            o = {r.id: choice}
            rated = rate_park(park(major_incidents=INCIDENT), as_of=AS_OF, overrides=o)
            goals = assess_demonstration_goals(park(), as_of=AS_OF, overrides=o)
            shown = {x.id: x.value for x in [*rated.readings, *goals.readings]}
            assert shown.get(r.id, choice) == choice


def test_every_field_of_the_table_is_still_a_row():
    assert {c.indicator for c in rate_park(park(), as_of=AS_OF).checks if c.level} == set(TABLE)
