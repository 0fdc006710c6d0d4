from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zjpolicy.exact import Comparison, compare, fmt, margin, to_fraction


def test_fmt_is_exact_text():
    assert fmt(Fraction(13, 25)) == "0.52"
    assert fmt(Fraction(1, 3)) == "1/3"
    assert fmt(Fraction(-5, 2)) == "-2.5"
    assert fmt(Fraction(7)) == "7"
    assert fmt(Fraction(1, 1024)) == "0.0009765625"


def test_to_fraction_forms():
    assert to_fraction("0.52") == Fraction(13, 25)
    assert to_fraction("1/3") == Fraction(1, 3)
    assert to_fraction(0.1) == Fraction(1, 10)  # floats are read as written
    assert to_fraction(Decimal("2.30")) == Fraction(23, 10)
    for bad in ("1/0", "abc", float("inf"), True, [1]):
        with pytest.raises((ValueError, TypeError)):
            to_fraction(bad)


@given(st.fractions(max_denominator=10**9))
def test_fmt_round_trips(x):
    assert to_fraction(fmt(x)) == x


def test_approx_and_range_need_their_bounds():
    assert compare(Fraction(34, 100), Comparison.approx, Fraction(1, 3), tolerance=Fraction(1, 100))
    assert not compare(Fraction(35, 100), Comparison.approx, Fraction(1, 3), tolerance=Fraction(1, 100))
    assert compare(Fraction(2), Comparison.range, Fraction(1), upper=Fraction(2))
    assert not compare(Fraction(3), Comparison.range, Fraction(1), upper=Fraction(2))
    with pytest.raises(ValueError):
        compare(Fraction(1), Comparison.approx, Fraction(1))


def test_margin_sign_means_passing_side():
    assert margin(Fraction(5), Comparison.ge, Fraction(3)) == 2
    assert margin(Fraction(5), Comparison.lt, Fraction(3)) == -2
    assert margin(Fraction(5), Comparison.eq, Fraction(3)) is None


@pytest.mark.parametrize("text", ["1e-999999", "1e99999", "9" * 300, "1e64", "1e-70", "1/" + "7" * 300])
def test_numbers_too_long_or_too_far_are_refused_before_any_arithmetic(text):
    # 1e-999999 used to run for minutes building the Fraction; now it is refused from its digits and exponent
    with pytest.raises(ValueError, match="out of range"):
        to_fraction(text)


def test_numbers_within_the_bounds_stay_exact():
    assert to_fraction("1e-64") == Fraction(1, 10**64)
    assert to_fraction("9" * 64) == Fraction(int("9" * 64))
    assert to_fraction(1e63) == Fraction(10**63)
