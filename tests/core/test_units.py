"""Units are real: conversions are exact, compatible units give the same answer, others are errors."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjpolicy import Q_, InputError, UnitError, normalize
from zjpolicy.exact import Comparison, compare
from zjpolicy.units import conversion_factor, parse_quantity


def test_yi_yuan_is_ten_thousand_wan_yuan():
    assert normalize("1 亿元", "万元", field="x") == 10000
    assert conversion_factor("亿元", "元") == 100_000_000


def test_hectare_is_fifteen_mu():
    assert normalize("1 公顷", "亩", field="x") == 15
    assert normalize("15 亩", "公顷", field="x") == 1


def test_5200_tce_over_one_yi_yuan_is_exactly_0_52():
    intensity = normalize("5200 tce/亿元", "tce/万元", field="x")
    assert intensity == Fraction(52, 100)
    assert not intensity < Fraction("0.52")  # 低于0.52 is strict: not below


def test_chinese_and_fullwidth_spellings():
    assert normalize("０．５２ 吨标准煤／万元", "tce/万元", field="x") == Fraction(13, 25)
    assert normalize("3.5万家", "家", field="x") == 35000
    assert normalize("62.5％", "percent", field="x") == Fraction(125, 2)
    assert normalize("0.625", "dimensionless", field="x") == Fraction(5, 8)
    assert normalize("62.5%", "dimensionless", field="x") == Fraction(5, 8)
    assert normalize("1,850,000 万元", "亿元", field="x") == 185


def test_pint_quantity_and_bare_numbers():
    assert normalize(Q_("1.5 亿元"), "万元", field="x") == 15000
    assert normalize(Q_(2, "公顷"), "亩", field="x") == 30
    assert normalize(12, "亩", field="x") == 12
    assert normalize("1/3", "dimensionless", field="x") == Fraction(1, 3)


def test_people_and_enterprises_do_not_mix():
    with pytest.raises(UnitError) as e:
        normalize("35 万元/家", "万元/人", field="labour_productivity", clause="dp.3.2.row09_labour_productivity")
    assert e.value.field == "labour_productivity"
    assert e.value.expected_unit == "万元/人"
    assert e.value.clause == "dp.3.2.row09_labour_productivity"


@pytest.mark.parametrize(
    "bad, message",
    [
        ("12 万元", "cannot be converted"),
        (float("nan"), "not a finite number"),
        ("nan", "not a number"),
        (-3, "must be ≥ 0"),
        (None, "required"),
        (True, "boolean"),
        ("12 furlongs of joy", "unknown unit"),
    ],
)
def test_bad_input_is_a_clear_error(bad, message):
    with pytest.raises(InputError) as e:
        normalize(bad, "亩", field="land_area", clause="go.7.1.plot_ratio")
    assert message in str(e.value)
    assert e.value.field == "land_area" and e.value.clause == "go.7.1.plot_ratio" and e.value.expected_unit == "亩"


def test_bounds():
    with pytest.raises(InputError, match="≤ 100"):
        normalize("150%", "percent", field="cnc_rate", maximum=100)
    with pytest.raises(InputError, match="> 0"):
        normalize(0, "亩", field="land_area", strict_minimum=True)


def test_parse_quantity():
    assert parse_quantity("150 万元/亩") == (150, "万元/亩")
    assert parse_quantity("2.5%") == (Fraction(5, 2), "%")
    with pytest.raises(ValueError):
        parse_quantity("about twelve")


# -- properties: unit invariance and exact boundaries

money = st.fractions(min_value=0, max_value=10**6, max_denominator=10**4)
# how many of each unit make one 万元
PER_WAN = {"元": Fraction(10**4), "万元": Fraction(1), "亿元": Fraction(1, 10**4)}


@given(v=money, threshold=money, unit=st.sampled_from(sorted(PER_WAN)), op=st.sampled_from(list(Comparison)[:4]))
def test_comparison_is_unit_invariant_for_money(v, threshold, unit, op):
    """The same amount written in 元, 万元 or 亿元 compares the same way against a 万元 threshold."""
    as_wan = normalize(Q_(v * PER_WAN[unit], unit), "万元", field="x")
    assert as_wan == v
    assert compare(as_wan, op, threshold) == compare(v, op, threshold)


@given(v=st.fractions(min_value=0, max_value=10**5, max_denominator=1000))
def test_area_unit_invariance(v):
    assert normalize(Q_(v, "公顷"), "亩", field="x") == v * 15
    assert normalize(Q_(v * 15, "亩"), "公顷", field="x") == v


@given(t=st.fractions(min_value=0, max_value=1000, max_denominator=10**6))
def test_exact_boundaries(t):
    """At the threshold: ≥ holds, > and < do not; one ten-thousandth below, ≥ fails."""
    assert compare(t, Comparison.ge, t) and not compare(t, Comparison.gt, t) and not compare(t, Comparison.lt, t)
    assert not compare(t - Fraction(1, 10**4), Comparison.ge, t)


def test_unit_errors_keep_their_type_through_input_models():
    from datetime import date

    from zjpolicy.rubric import example_park, rate_park

    data = example_park().model_dump(mode="json")
    with pytest.raises(UnitError) as e:
        rate_park(dict(data, tax_per_mu="40 万元/人"), as_of=date(2024, 6, 30))
    assert e.value.problems[0].clause == "dp.3.2.row08_tax_per_mu"


def test_small_numbers_render_without_false_zero():
    from zjpolicy.results import _num

    assert _num(Fraction(-1, 3 * 10**6)) == "≈-3.3e-07"
    assert _num(Fraction(1, 3)) == "≈0.3333"


@pytest.mark.parametrize(
    ("chinese", "plain", "factor"),
    [("万m²", "m²", 10**4), ("亿m³", "m**3", 10**8), ("万km**2", "km²", 10**4), ("万 m^2", "m²", 10**4)],
)
def test_wan_before_a_squared_unit_multiplies_it_once(chinese, plain, factor):
    """万m² is 10⁴ m² in Chinese usage; pint alone reads a prefix under a power as (万m)² = 10⁸ m²."""
    assert conversion_factor(chinese, plain) == factor
    assert conversion_factor(plain, chinese) == Fraction(1, factor)
    assert conversion_factor("万元", "元") == 10**4  # the Chinese units keep their own 万


def test_a_plot_ratio_from_wan_square_metres():
    from datetime import date

    from zjpolicy.land_energy import plot_ratio

    on = date(2024, 6, 30)
    wan = plot_ratio({"floor_area": "120 万m²", "land_area": "80 万m²"}, as_of=on)
    plain = plot_ratio({"floor_area": "1200000 m²", "land_area": "800000 m²"}, as_of=on)
    assert wan.plot_ratio == plain.plot_ratio == Fraction(3, 2)
