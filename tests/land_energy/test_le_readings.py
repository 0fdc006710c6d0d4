"""The fidelity review's readings of 七（一）（二） and 十（四）, typed from the text: 每年安排3000亩 (a cap or the amount),
工业用地比例 by area or parcels, 改一补一 in area or parcels, 10亿元 as which investment, 园区综合容积率 per park or
together, 1/3 of the 省市县长项目工程 pooled or per list."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import ClassVar

import pytest

import zjpolicy
from zjpolicy import InputError, default_rulebook
from zjpolicy.exact import Comparison
from zjpolicy.land_energy import (
    gai_yi_bu_yi,
    industrial_land_share,
    land_quota,
    major_project_priority,
    manufacturing_project_share,
    plot_ratio,
)

AS_OF = date(2025, 1, 15)
RB = default_rulebook()


def reading(r, rid):
    return next(u.value for u in r.readings if u.id == rid)


def choices(rid):
    r = RB.reading_def(rid)
    assert r.kind == "choice" and r.rationale and len(r.choices) >= 2
    return set(r.choices)


# ----------------------------------------------------------------------------- 省级每年安排3000亩


@pytest.mark.clause("go.10.4.land_quota_incentive")
class TestQuotaMeaning:
    R = "go.land_quota_meaning"

    def quota(self, *areas, **kw):
        allocs = [{"recipient": f"r{i}", "area": a} for i, a in enumerate(areas)]
        return land_quota({"year": 2024, "allocations": allocs}, as_of=AS_OF, **kw)

    def test_a_cap_by_default_nothing_awarded_does_not_breach_it(self):
        assert choices(self.R) == {"cap", "amount"}
        r = self.quota()
        assert r.complies and r.within and r.remaining == 3000 and r.meaning == "cap" and reading(r, self.R) == "cap"
        assert r.checks[0].comparison is Comparison.le
        assert not self.quota("3000.01 亩").complies

    def test_the_amount_to_arrange_must_be_met_exactly(self):
        amount = {self.R: "amount"}
        full = self.quota("1000 亩", "2000 亩", overrides=amount)
        assert full.complies and full.meaning == "amount" and full.checks[0].comparison is Comparison.eq
        assert full.remaining == 0 and "whole pool" in full.outcome
        short = self.quota("1000 亩", "1999.99 亩", overrides=amount)
        assert not short.complies and short.within and short.remaining == Fraction("0.01")
        assert "not arranged" in short.outcome
        over = self.quota("3000.01 亩", overrides=amount)
        assert not over.complies and not over.within and "exceeds" in over.outcome
        assert not self.quota(overrides=amount).complies  # nothing awarded: the pool was not arranged
        assert zjpolicy.replay(short.model_dump_json()) == short


# ----------------------------------------------------------------------------- 工业用地比例不低于30%


@pytest.mark.clause("go.10.4.industrial_land_share")
class TestLandShareMeasure:
    R = "go.land_share_measure"

    def run(self, **kw):
        overrides = kw.pop("overrides", None)
        return industrial_land_share({"year": 2024, **kw}, as_of=AS_OF, overrides=overrides)

    def test_by_area_by_default(self):
        assert choices(self.R) == {"area", "parcels"}
        r = self.run(industrial_area="300 亩", total_area="1000 亩", industrial_parcels=1, total_parcels=10)
        assert r.meets and r.measure == "area" and r.share == 30 and reading(r, self.R) == "area"
        assert "by area" in r.outcome

    def test_by_parcels(self):
        parcels = {self.R: "parcels"}
        r = self.run(industrial_parcels=3, total_parcels=10, overrides=parcels)
        assert r.meets and r.share == 30 and r.measure == "parcels" and r.industrial_area is None
        short = self.run(industrial_parcels=299, total_parcels=1000, overrides=parcels)
        assert not short.meets and short.checks[0].margin == Fraction(-1, 10)
        # 299 + x of 1000 with the others held fixed: (299 + x) / (1000 + x) ≥ 30% → x ≥ 10/7 → 2 more parcels
        assert "2 宗 more industrial parcels needed" in short.outcome
        # the same land by area meets: the reading decides, and the result says which
        both = dict(industrial_area="300 亩", total_area="1000 亩", industrial_parcels=299, total_parcels=1000)
        assert self.run(**both).meets and not self.run(**both, overrides=parcels).meets
        assert zjpolicy.replay(short.model_dump_json()) == short

    @pytest.mark.parametrize(
        ("kw", "overrides", "field"),
        [
            ({"industrial_parcels": 3, "total_parcels": 10}, None, "industrial_area"),  # area reading, counts only
            ({"industrial_area": "3", "total_area": "10"}, {"go.land_share_measure": "parcels"}, "industrial_parcels"),
            ({"industrial_parcels": 3}, None, "industrial_parcels"),
            ({"industrial_parcels": 11, "total_parcels": 10}, None, "industrial_parcels"),
            ({"industrial_parcels": 1, "total_parcels": 0}, None, "total_parcels"),
        ],
    )
    def test_the_figures_the_reading_needs(self, kw, overrides, field):
        with pytest.raises(InputError) as ei:
            self.run(**kw, overrides=overrides)
        assert ei.value.field == field and ei.value.clause in (None, "go.10.4.industrial_land_share")


# ----------------------------------------------------------------------------- 改一补一


def entry(parcel, **kw):
    return {"parcel_id": parcel, "date": "2024-05-01", **kw}


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
class TestGaiYiBuYiMeasure:
    R = "go.gai_yi_bu_yi_measure"
    # one parcel of 10 亩 changed out, one parcel of 8 亩 brought in
    LEDGER: ClassVar[dict] = {"entries": [entry("A", changed_out="10 亩"), entry("B", compensation="8 亩")]}

    def test_in_area_by_default(self):
        assert choices(self.R) == {"area", "parcels"}
        r = gai_yi_bu_yi(self.LEDGER, as_of=AS_OF)
        assert not r.balanced and r.measure == "area" and r.net_balance == -2 and "short by 2 亩" in r.outcome

    def test_in_parcels_one_for_one(self):
        parcels = {self.R: "parcels"}
        r = gai_yi_bu_yi(self.LEDGER, as_of=AS_OF, overrides=parcels)
        assert r.balanced and r.measure == "parcels" and r.net_balance == 0 and reading(r, self.R) == "parcels"
        assert (r.changed_out_total, r.compensation_total) == (10, 8)  # the areas are still reported
        two_out = {"entries": [entry("A", changed_out="1"), entry("C", changed_out="1"), entry("B", compensation="50")]}
        short = gai_yi_bu_yi(two_out, as_of=AS_OF, overrides=parcels)
        assert not short.balanced and short.net_balance == -1 and "short by 1 宗" in short.outcome
        assert gai_yi_bu_yi(two_out, as_of=AS_OF).balanced  # 50 亩 for 2 亩 in area
        per = gai_yi_bu_yi(two_out, as_of=AS_OF, overrides={**parcels, "go.gai_yi_bu_yi_scope": "per_project"})
        assert not per.balanced and {u.group for u in per.unbalanced} == {"A", "C"}
        assert all(u.shortfall == 1 for u in per.unbalanced)
        assert zjpolicy.replay(short.model_dump_json()) == short


# ----------------------------------------------------------------------------- 10亿元以上制造业重大项目


@pytest.mark.clause("go.10.4.major_project_priority")
def test_major_project_investment_measure_is_reported():
    rid = "go.major_project_investment"
    assert choices(rid) == {"total_investment", "fixed_asset_investment"}
    r = major_project_priority({"investment": "10 亿元", "manufacturing": True}, as_of=AS_OF)
    assert r.priority and reading(r, rid) == "total_investment" and "总投资" in r.notes[0]
    fixed = major_project_priority(
        {"investment": "9.99 亿元", "manufacturing": True}, as_of=AS_OF, overrides={rid: "fixed_asset_investment"}
    )
    assert not fixed.priority and "固定资产投资" in fixed.notes[0] and "fixed_asset_investment" in fixed.outcome


# ----------------------------------------------------------------------------- 园区综合容积率达到1.5以上


@pytest.mark.clause("go.7.1.plot_ratio")
def test_plot_ratio_scope_is_reported():
    rid = "go.plot_ratio_scope"
    assert choices(rid) == {"each_park", "all_parks"}
    r = plot_ratio({"park": "某园区", "plot_ratio": "1.5"}, as_of=AS_OF)
    assert r.meets and reading(r, rid) == "each_park" and r.outcome.startswith("某园区:")
    together = plot_ratio({"floor_area": "150 m²", "land_area": "100 m²"}, as_of=AS_OF, overrides={rid: "all_parks"})
    assert together.meets and "all parks together" in together.outcome and "all_parks" in together.notes[0]
    assert not plot_ratio({"plot_ratio": "1.49"}, as_of=AS_OF, overrides={rid: "all_parks"}).meets


# ----------------------------------------------------------------------------- 制造业项目数不低于三分之一


def projects(*lists):
    """(programme, manufacturing, total) → the project list."""
    out = []
    for name, m, n in lists:
        out += [{"name": f"{name}{i}", "manufacturing": i < m, "programme": name} for i in range(n)]
    return out


@pytest.mark.clause("go.7.2.manufacturing_project_share")
class TestProjectShareScope:
    R = "go.project_share_scope"

    def run(self, items, **kw):
        return manufacturing_project_share({"year": 2024, "projects": items}, as_of=AS_OF, **kw)

    def test_pooled_by_default(self):
        assert choices(self.R) == {"pooled", "per_list"}
        r = self.run(projects(("省长项目工程", 3, 3), ("杭州市市长项目工程", 0, 3)))
        assert r.meets and r.scope == "pooled" and r.share == Fraction(1, 2) and r.programmes == []

    def test_per_list_each_list_on_its_own(self):
        per = {self.R: "per_list"}
        r = self.run(projects(("省长项目工程", 3, 3), ("杭州市市长项目工程", 0, 3)), overrides=per)
        assert not r.meets and r.scope == "per_list" and r.share == 0 and r.more_needed == 1
        assert [(p.programme, p.meets, p.more_needed) for p in r.programmes] == [
            ("杭州市市长项目工程", False, 1),
            ("省长项目工程", True, 0),
        ]
        assert "杭州市市长项目工程" in r.outcome and len(r.checks) == 2
        ok = self.run(projects(("省长项目工程", 1, 3), ("余杭区区长项目工程", 34, 100)), overrides=per)
        assert ok.meets and ok.share == Fraction(1, 3) and ok.more_needed == 0  # 1 of 3 passes exactly
        edge = self.run(projects(("省长项目工程", 1, 3), ("余杭区区长项目工程", 33, 100)), overrides=per)
        assert not edge.meets and edge.more_needed == 1
        assert zjpolicy.replay(edge.model_dump_json()) == edge

    def test_per_list_needs_each_projects_programme(self):
        per = {self.R: "per_list"}
        with pytest.raises(InputError, match="programme"):
            manufacturing_project_share(
                {"year": 2024, "manufacturing_projects": 1, "total_projects": 3}, as_of=AS_OF, overrides=per
            )
        with pytest.raises(InputError, match="programme"):
            self.run([{"name": "a", "manufacturing": True}], overrides=per)
