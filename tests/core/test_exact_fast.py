"""The integer-only `fmt` and the digit-reading float path of `to_fraction` give what the Fraction/Decimal
arithmetic they replace gives, for every input (errors included)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from zjpolicy.exact import _bounded, _float_fraction, fmt


def fmt_by_fractions(x: Fraction) -> str:
    """`fmt` as it was written with Fraction arithmetic."""
    if x.denominator == 1:
        return str(x.numerator)
    d, twos, fives = x.denominator, 0, 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return f"{x.numerator}/{x.denominator}"
    places = max(twos, fives)
    scaled = x * 10**places
    s = f"{abs(scaled.numerator):0{places + 1}d}"
    return f"{'-' if x < 0 else ''}{s[:-places]}.{s[-places:]}"


decimals = st.builds(
    lambda n, a, b, k: Fraction(n, 2**a * 5**b * k),
    st.integers(-(10**30), 10**30),
    st.integers(0, 40),
    st.integers(0, 40),
    st.sampled_from([1, 1, 1, 3, 7, 11]),
)


@settings(max_examples=3000)
@given(x=decimals)
def test_fmt_in_integers_is_fmt_in_fractions(x):
    assert fmt(x) == fmt_by_fractions(x)


def by_decimal(x: float) -> object:
    try:
        return Fraction(_bounded(Decimal(repr(x)), x))
    except ValueError as exc:
        return ("error", str(exc))


def by_digits(x: float) -> object:
    try:
        return _float_fraction(x)
    except ValueError as exc:
        return ("error", str(exc))


@settings(max_examples=3000)
@given(x=st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from([0.0, -0.0, 1e-64, 1e-65, 1e64, 0.1]))
def test_a_float_reads_as_its_shortest_repr_either_way(x):
    assert by_digits(x) == by_decimal(x)


def to_fraction_by_decimal(x: object) -> object:
    """`to_fraction` as it was written, every number through `Decimal`."""
    from decimal import InvalidOperation

    from zjpolicy.exact import _NUMBER, _RATIO, MAX_DIGITS

    try:
        if isinstance(x, Fraction):
            return x
        if isinstance(x, float):
            return Fraction(_bounded(Decimal(repr(x)), x))
        if isinstance(x, str):
            s = x.strip().replace("，", "").replace(",", "").replace("_", "")
            if len(s) > 4 * MAX_DIGITS:
                raise ValueError(f"a number of {len(s)} characters is out of range (at most {MAX_DIGITS} digits)")
            if _NUMBER.match(s):
                try:
                    return Fraction(_bounded(Decimal(s), x))
                except InvalidOperation:
                    pass
            if _RATIO.match(s):
                num, den = s.split("/")
                if int(den) == 0:
                    raise ValueError(f"{x!r} divides by zero")
                return Fraction(int(num), int(den))
            raise ValueError(f"{x!r} is not a number")
    except ValueError as exc:
        return ("error", str(exc))
    raise AssertionError(x)


def by_to_fraction(x: object) -> object:
    from zjpolicy.exact import to_fraction

    try:
        return to_fraction(x)
    except ValueError as exc:
        return ("error", str(exc))


numerals = st.from_regex(r"\A\s?[+-]?(\d{0,70}(\.\d{0,70})?|\.\d{1,70})([eE][+-]?\d{1,3})?\s?\Z").filter(
    lambda s: any(c.isdigit() for c in s.split("e")[0].split("E")[0])
)


@settings(max_examples=1000)
@given(
    x=numerals | st.sampled_from(["0.52", "1,234.5", "1_000", "１２", "00012.50", "-0", "+.5e-3", "1/3", "x", "1e65"])
)
def test_a_numeral_reads_as_by_decimal(x):
    assert by_to_fraction(x) == to_fraction_by_decimal(x)
