"""工业用地“改一补一”占补平衡 and 腾出存量工业用地全部用于工业 (十（四）)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import zjpolicy
from zjpolicy import Q_, InputError
from zjpolicy.land_energy import FreedLandResult, GaiYiBuYiResult, freed_land_use, gai_yi_bu_yi

AS_OF = date(2025, 1, 15)
PER_PROJECT = {"go.gai_yi_bu_yi_scope": "per_project"}


def entry(pid, out=0, comp=0, project=None, d="2024-05-01"):
    e = {"parcel_id": pid, "date": d, "changed_out": out, "compensation": comp}
    if project:
        e["project"] = project
    return e


def run(entries, overrides=None, **kw):
    return gai_yi_bu_yi({"entries": entries, **kw}, as_of=AS_OF, overrides=overrides)


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
@pytest.mark.parametrize(
    ("comp", "balanced"),
    [("10 亩", True), ("9.99 亩", False), ("10.01 亩", True), ("6667 m²", True), ("6666 m²", False)],
)
def test_one_for_one_boundary(comp, balanced):
    r = run([entry("A", out="10 亩"), entry("B", comp=comp)])
    assert r.balanced is balanced
    assert r.checks[0].met is balanced
    assert (r.net_balance >= 0) is balanced


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
def test_default_scope_nets_over_the_ledger():
    r = run(
        [entry("A", out=10), entry("B", comp=12), entry("C", out=15, comp=10)],
        territory="某县",
        period_start="2024-01-01",
        period_end="2024-12-31",
    )
    assert r.scope == "per_territory_period"
    assert r.readings[0].id == "go.gai_yi_bu_yi_scope" and r.readings[0].is_default
    assert r.changed_out_total == 25 and r.compensation_total == 22
    assert r.net_balance == -3 and not r.balanced
    assert [u.group for u in r.unbalanced] == ["A", "C"]
    assert "short by 3 亩" in r.outcome


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
def test_default_scope_offsets_parcels_but_per_project_does_not():
    ledger = [entry("A", out=10), entry("B", comp=10)]
    r = run(ledger)
    assert r.balanced and r.net_balance == 0
    assert [u.group for u in r.unbalanced] == ["A"]  # short on its own, offset by B
    assert r.notes
    p = run(ledger, overrides=PER_PROJECT)
    assert p.scope == "per_project" and not p.balanced
    assert [(u.group, u.shortfall) for u in p.unbalanced] == [("A", 10)]
    assert not p.readings[0].is_default


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
def test_per_project_groups_by_project():
    ledger = [entry("A1", out=10, project="P"), entry("A2", comp=10, project="P"), entry("B", out=5, comp=5)]
    p = run(ledger, overrides=PER_PROJECT)
    assert p.balanced and p.unbalanced == []
    assert {c.name for c in p.checks} == {"compensation_ratio@P", "compensation_ratio@B"}


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
def test_compensation_ratio_override():
    r = run([entry("A", out=10, comp=10)], overrides={"go.10.4.gai_yi_bu_yi.compensation_ratio": "1.2"})
    assert not r.balanced and r.net_balance == -2


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
def test_bad_ledgers():
    with pytest.raises(InputError):
        run([])
    with pytest.raises(InputError) as ei:
        run([entry("A", out=1, d="2023-12-31")], period_start="2024-01-01")
    assert ei.value.field == "entries[0].date"
    with pytest.raises(InputError) as ei:
        run([entry("A", out="-1")])
    assert ei.value.clause == "go.10.4.gai_yi_bu_yi"
    with pytest.raises(InputError):
        run([entry("A", out="1 tce")])
    with pytest.raises(InputError):
        run([entry("", out=1)])


# ----------------------------------------------------------------------------- properties

amount = st.fractions(min_value=0, max_value=1000, max_denominator=20)
entries_st = st.lists(
    st.builds(
        lambda pid, out, comp, proj: entry(pid, out=out, comp=comp, project=proj),
        st.sampled_from(["A", "B", "C", "D", "E"]),
        amount,
        amount,
        st.one_of(st.none(), st.sampled_from(["P1", "P2"])),
    ),
    min_size=1,
    max_size=8,
)
scopes = st.sampled_from([None, PER_PROJECT])


def verdict(r):
    return r.balanced, r.net_balance, r.changed_out_total, r.compensation_total, r.unbalanced


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
@settings(max_examples=80, deadline=None, database=None)
@given(entries=entries_st, scope=scopes, data=st.data())
def test_order_of_entries_does_not_matter(entries, scope, data):
    shuffled = data.draw(st.permutations(entries))
    assert verdict(run(entries, scope)) == verdict(run(shuffled, scope))


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
@settings(max_examples=80, deadline=None, database=None)
@given(
    entries=entries_st,
    scope=scopes,
    pid=st.sampled_from(["A", "B", "Z"]),
    proj=st.one_of(st.none(), st.sampled_from(["P1", "P3"])),
    comp=st.fractions(min_value=Fraction(1, 20), max_value=1000, max_denominator=20),
)
def test_adding_compensation_never_breaks_a_balance(entries, scope, pid, proj, comp):
    before = run(entries, scope)
    after = run([*entries, entry(pid, comp=comp, project=proj)], scope)
    assert after.net_balance > before.net_balance
    assert after.balanced or not before.balanced
    assert len(after.unbalanced) <= len(before.unbalanced)


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
@settings(max_examples=60, deadline=None, database=None)
@given(entries=entries_st, scope=scopes)
def test_per_project_is_never_looser_and_units_do_not_matter(entries, scope):
    r = run(entries, scope)
    if run(entries, PER_PROJECT).balanced:
        assert run(entries).balanced
    in_ha = [
        {
            **e,
            "changed_out": Q_(Fraction(e["changed_out"]) / 15, "公顷"),
            "compensation": Q_(Fraction(e["compensation"]) * Fraction(2000, 3), "m**2"),
        }
        for e in entries
    ]
    assert verdict(run(in_ha, scope)) == verdict(r)
    assert GaiYiBuYiResult.model_validate_json(r.model_dump_json()) == r
    assert zjpolicy.replay(r.model_dump_json()) == r


# ----------------------------------------------------------------------------- freed land


@pytest.mark.clause("go.10.4.freed_land_industrial_use")
@pytest.mark.parametrize(("industrial", "ok"), [("100", True), ("99.99", False), ("15 公顷", True)])
def test_freed_land_all_industrial(industrial, ok):
    r = (
        freed_land_use({"freed_area": "225 亩", "industrial_area": industrial}, as_of=AS_OF)
        if "公顷" in industrial
        else freed_land_use({"freed_area": "100", "industrial_area": industrial}, as_of=AS_OF)
    )
    assert r.all_industrial is ok
    assert (r.changed_use_area == 0) is ok
    if not ok:
        assert "改一补一" in r.outcome


@pytest.mark.clause("go.10.4.freed_land_industrial_use")
def test_freed_land_bad_input_and_replay():
    with pytest.raises(InputError):
        freed_land_use({"freed_area": "10", "industrial_area": "11"}, as_of=AS_OF)
    with pytest.raises(InputError):
        freed_land_use({"freed_area": "0", "industrial_area": "0"}, as_of=AS_OF)
    r = freed_land_use({"freed_area": "10 公顷", "industrial_area": "140 亩"}, as_of=AS_OF)
    assert r.share == Fraction(280, 3) and r.changed_use_area == 10
    assert FreedLandResult.model_validate_json(r.model_dump_json()) == r
    assert zjpolicy.replay(r.model_dump_json()) == r
