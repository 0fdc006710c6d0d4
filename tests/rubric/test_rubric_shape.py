"""The rule's shape: structured checks, the green pair's unit errors, caches that die with their rulebook,
meaning read from the rulebook (discretionary, the veto window, the relaxation reading)."""

from __future__ import annotations

import gc
import sys
from datetime import date
from fractions import Fraction

import pytest
from rubric_parks import LEVELS, TABLE, park, values_at

import zjpolicy
from zjpolicy import InputError, RulebookError, UnitError
from zjpolicy.rubric import Gap, RelaxationPolicy, RelaxedIndicator, rate_park, table
from zjpolicy.rubric.results import IndicatorAtLevel
from zjpolicy.rubric.veto import shift_years
from zjpolicy.rulebook import Rulebook, default_rulebook

AS_OF = date(2024, 6, 30)
GREEN = ("energy_per_value_added", "pollutant_per_value_added")


@pytest.mark.clause("dp.3.2.row02_cnc_rate", "dp.3.2.row10_energy_per_value_added", "dp.3.3.incident_veto")
def test_checks_carry_indicator_and_level():
    r = rate_park(park(), as_of=AS_OF)
    rows = [c for c in r.checks if c.level is not None]
    # rows 1–9 at each level; row 1 has no three-star bar under the default reading dp.row1_scale
    assert {(c.indicator, c.level) for c in rows} == {
        (f, lvl) for f, vals in TABLE.items() for lvl, v in zip(LEVELS, vals, strict=True) if v is not None
    }
    four = next(c for c in rows if (c.indicator, c.level) == ("cnc_rate", 4))
    assert (
        four.name == "cnc_rate@four_star"
        and four.threshold == 65
        and four.parameter == "dp.3.2.row02_cnc_rate.four_star"
    )
    assert four.label == "重点制造业企业装备数控化率"  # the indicator's name; the level is a field, not a suffix
    green = [c for c in r.checks if c.indicator in GREEN]
    assert [c.name for c in green] == list(GREEN) and all(c.level is None for c in green)  # one cell, every level
    veto = r.checks[-1]
    assert (veto.name, veto.indicator, veto.level, veto.met) == ("incident_veto", "major_incidents", None, True)


@pytest.mark.clause("dp.3.2.row01_manufacturing_revenue")
def test_row_one_levels_follow_the_reading():
    merged = rate_park(park(), as_of=AS_OF, overrides={"dp.row1_scale": "merged_three_four"})
    row1 = {c.level: c for c in merged.checks if c.indicator == "manufacturing_revenue"}
    assert sorted(row1) == [3, 4, 5] and row1[3].threshold == row1[4].threshold == 500 and row1[5].threshold == 1000
    assert row1[3].name == "manufacturing_revenue@three_star" and row1[3].parameter.endswith("value_500")
    t = table(default_rulebook())
    assert t.rows[0].params[0] is None and t.rows[0].params[1].name == "value_500"


@pytest.mark.clause("dp.3.2.row10_energy_per_value_added")
@pytest.mark.parametrize(
    "given, field",
    [
        ({"value": "0.4 亩", "standard": "0.5 tce/万元"}, "energy_per_value_added.value"),  # the review's case
        ({"value": "0.4 tce/万元", "standard": "0.5 亩"}, "energy_per_value_added.standard"),
        ({"value": "0.4 亩", "standard": "0.5 亩"}, "energy_per_value_added.value"),  # a consistent pair, wrong unit
        ({"value": "0.4", "standard": "0.5", "unit": "亩"}, "energy_per_value_added.unit"),
    ],
)
def test_green_pair_in_the_wrong_unit_names_the_field_and_the_rows_unit_once(given, field):
    with pytest.raises(UnitError) as e:
        rate_park(park(energy_per_value_added=given), as_of=AS_OF)
    [p] = e.value.problems
    assert (p.field, p.expected_unit, p.clause) == (field, "tce/万元", "dp.3.2.row10_energy_per_value_added")
    text = str(e.value)
    assert text.count("expected unit") == 1 and text.count(field) == 1


@pytest.mark.clause("dp.3.2.row11_pollutant_per_value_added")
def test_green_row_eleven_takes_the_standards_unit():
    with pytest.raises(UnitError) as e:
        rate_park(park(pollutant_per_value_added={"value": "0.4 tce/万元", "standard": "1.1 kgce/亩"}), as_of=AS_OF)
    assert (e.value.field, e.value.expected_unit) == ("pollutant_per_value_added.value", "kgce/亩")


@pytest.mark.clause("dp.3.2.row10_energy_per_value_added")
@pytest.mark.parametrize(
    "given, field",
    [
        ({"value": "0.4 tce/万元"}, "energy_per_value_added.standard"),
        ({"standard": "0.4 tce/万元"}, "energy_per_value_added.value"),
        ({}, "energy_per_value_added"),
        ({"value": 1, "standard": 2, "below_standard": True}, "energy_per_value_added.below_standard"),
    ],
)
def test_missing_or_conflicting_green_data_names_its_real_field(given, field):
    with pytest.raises(InputError) as e:
        rate_park(park(energy_per_value_added=given), as_of=AS_OF)
    assert e.value.field == field and "green indicator" not in str(e.value)


@pytest.mark.clause("dp.3.2.row10_energy_per_value_added")
def test_green_numbers_in_a_compatible_unit_are_kept_as_written():
    r = rate_park(park(energy_per_value_added={"value": "0.4499 tce/万元", "standard": "450 kgce/万元"}), as_of=AS_OF)
    c = next(c for c in r.checks if c.indicator == "energy_per_value_added")
    assert (c.value, c.threshold, c.unit, c.met) == (Fraction("0.4499"), Fraction("0.45"), "tce/万元", True)
    bare = rate_park(park(energy_per_value_added={"value": "0.4", "standard": "0.5"}), as_of=AS_OF)
    assert bare.inputs["energy_per_value_added"]["unit"] == "tce/万元"  # bare numbers are in the row's unit


def _module_caches() -> dict[str, int]:
    """Sizes of every module-level container and functools cache in zjpolicy."""
    sizes = {}
    for name, mod in list(sys.modules.items()):
        if not name.startswith("zjpolicy") or mod is None:
            continue
        for attr, v in vars(mod).items():
            if isinstance(v, dict | list | set):
                sizes[f"{name}.{attr}"] = len(v)
            elif hasattr(v, "cache_info"):
                sizes[f"{name}.{attr}"] = v.cache_info().currsize
    return sizes


def _rulebooks() -> int:
    gc.collect()
    return sum(isinstance(o, Rulebook) for o in gc.get_objects())


@pytest.mark.clause("dp.3.2.row02_cnc_rate")
def test_what_if_calls_leave_no_cache_behind():
    p = park()
    rate_park(
        p,
        as_of=AS_OF,
        overrides={"dp.3.2.row02_cnc_rate.five_star": "70%"},
        relaxation={"max_relaxed": 0, "max_shortfall": 0},
    )
    before, books = _module_caches(), _rulebooks()
    for i in range(300):
        what_if = {"dp.3.2.row02_cnc_rate.five_star": f"{60 + Fraction(i, 30)}%"}
        r = rate_park(
            p, as_of=AS_OF, overrides=what_if, relaxation=None if i % 2 else {"max_relaxed": 1, "max_shortfall": "1%"}
        )
        assert r.overrides["dp.3.2.row02_cnc_rate.five_star"]
    after = _module_caches()
    grew = {k: (before.get(k), n) for k, n in after.items() if n > before.get(k, 0)}
    assert not grew, f"module-level caches grew with what-if calls: {grew}"
    # the last WHAT_IF_CACHE what-ifs are kept for reuse (each with its relaxation variant); the other 268 are freed
    from zjpolicy.rulebook import WHAT_IF_CACHE

    assert _rulebooks() <= books + 2 * WHAT_IF_CACHE + 2, "what-if rulebooks are kept alive"


def test_the_table_lives_on_its_rulebook():
    rb = default_rulebook()
    assert table(rb) is table(rb)
    what_if = rb.with_overrides({"dp.3.2.row02_cnc_rate.five_star": "71%"})
    assert table(what_if) is not table(rb) and table(what_if).rows[1].params[2].value == 71


@pytest.mark.clause("dp.4.3.energy_total_relaxation", "dp.4.3.talent_support")
def test_discretionary_is_the_clauses_field_not_its_wording():
    rb = default_rulebook()
    assert rb.clause("dp.4.3.energy_total_relaxation").discretionary
    flipped = Rulebook(
        documents={
            k: d.model_copy(
                update={
                    "clauses": tuple(
                        c.model_copy(update={"discretionary": c.id == "dp.4.3.talent_support"}) for c in d.clauses
                    )
                }
            )
            for k, d in rb.documents.items()
        }
    )
    support = {s.clause: s.discretionary for s in rate_park(park(), as_of=AS_OF, rulebook=flipped).policy_support}
    assert support["dp.4.3.talent_support"] and not support["dp.4.3.energy_total_relaxation"]


@pytest.mark.clause("dp.3.3.incident_veto")
def test_the_veto_window_comes_from_the_rulebook():
    incident = park(major_incidents=[{"date": "2021-12-31", "kind": "safety"}])  # 2½ years before AS_OF
    assert not rate_park(incident, as_of=AS_OF).vetoed
    longer = rate_park(incident, as_of=AS_OF, overrides={"dp.3.3.incident_veto.window": 3})
    assert longer.vetoed and longer.veto_clears_on == date(2025, 1, 1)
    assert "3 年" in longer.veto_reason and "[2021-06-30, 2024-06-30]" in longer.checks[-1].note
    with pytest.raises(RulebookError, match="whole number"):
        rate_park(incident, as_of=AS_OF, overrides={"dp.3.3.incident_veto.window": "1.5"})


def test_shift_years_moves_forward_and_back_and_maps_29_february():
    assert shift_years(date(2024, 6, 30), -2) == date(2022, 6, 30)
    assert shift_years(date(2020, 2, 29), 2) == date(2022, 2, 28)
    assert shift_years(date(2024, 2, 29), -2) == date(2022, 2, 28)


@pytest.mark.clause("dp.3.2.rating_rule")
def test_a_stated_relaxation_is_the_reading_in_force():
    vals = values_at(5)
    vals["tax_per_mu"] = Fraction("39.8")
    policy = RelaxationPolicy(max_relaxed=1, max_shortfall="0.5%")
    r = rate_park(park(vals), as_of=AS_OF, relaxation=policy)
    explicit = rate_park(park(vals), as_of=AS_OF, relaxation=policy, overrides={"dp.relaxation": "stated"})
    assert r.overrides == {"dp.relaxation": "stated"} and r.parameters_digest == explicit.parameters_digest
    assert zjpolicy.replay(r.model_dump_json()) == r
    unstated = rate_park(park(vals), as_of=AS_OF, overrides={"dp.relaxation": "stated"})
    assert unstated.stars == 4 and any("no RelaxationPolicy" in n for n in unstated.notes)
    with pytest.raises(InputError) as e:
        rate_park(park(vals), as_of=AS_OF, relaxation={"max_relaxed": -1, "max_shortfall": "1%"})
    assert e.value.field == "relaxation.max_relaxed"


def test_gap_and_relaxed_indicator_share_one_base():
    assert issubclass(Gap, IndicatorAtLevel) and issubclass(RelaxedIndicator, IndicatorAtLevel)
    shared = set(IndicatorAtLevel.model_fields)
    assert shared == {"field", "label", "level", "value", "threshold", "unit", "clause"}
    assert not (set(Gap.model_fields) - shared) & (set(RelaxedIndicator.model_fields) - shared)


def test_the_rendered_table_has_one_row_per_indicator_and_a_column_per_level():
    r = rate_park(park(), as_of=AS_OF)
    lines = r.explain().splitlines()
    assert lines[2] == "best | indicator | value | 三星级 | 四星级 | 五星级 | clause"
    body = lines[3 : 3 + 1 + len(TABLE) + len(GREEN) + 1]  # 评价范围, the rows, the veto
    assert [x.split(" | ")[-1] for x in body][:3] == [
        "dp.3.1.evaluation_scope",
        "dp.3.2.row01_manufacturing_revenue",
        "dp.3.2.row02_cnc_rate",
    ]
    assert body[0].split(" | ")[0] == "?"  # the scope is not given: not checked
    assert body[1].split(" | ")[3] == "—" and body[-1].split(" | ")[-1] == "dp.3.3.incident_veto"
    html = r._repr_html_()
    assert html.count("<tr>") == 1 + len(body) and "五星级" in html
