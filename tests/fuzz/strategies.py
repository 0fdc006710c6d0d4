"""Hypothesis strategies for hostile input: JSON-like data, hostile numerals and units, inputs built from a rule's
input JSON Schema or mutated from a valid input, dates in and out of a rule's period, and bad overrides.

`HOSTILE` is the catalogue of hand-picked hostile values (numerals, units, types); every strategy mixes them in.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

# ---------------------------------------------------------------------------- the catalogue


class _Huge(int):
    """An integer of 5000 digits (printing it raises ValueError: the int/str conversion limit); shown short."""

    def __repr__(self) -> str:
        return "10**5000"


class _Deep(list):  # type: ignore[type-arg]
    """A list nested `depth` deep (recursion in validators and encoders); shown short."""

    depth = 0

    def __repr__(self) -> str:
        return f"<a list nested {self.depth} deep>"


class _Long(str):
    """A long hostile string, shown short (hypothesis prints the strategies and examples that hold it)."""

    shown = ""

    def __repr__(self) -> str:
        return self.shown


def _long(text: str, shown: str) -> _Long:
    out = _Long(text)
    out.shown = shown
    return out


def _nested(depth: int) -> _Deep:
    x: Any = "1"
    for _ in range(depth):
        x = [x]
    out = _Deep(x)
    out.depth = depth
    return out


HOSTILE_NUMERALS: tuple[str, ...] = (
    # huge and tiny exponents, too many digits (the bounds are 64 digits, 1e-64 … 1e64)
    "1e999999",
    "-1e999999",
    "1e-999999",
    "1e64",
    "9.999e63",
    "1e65",
    "1e-64",
    "1e-65",
    "1e" + "9" * 30,
    "9" * 64,
    "9" * 65,
    _long("9" * 5000, "'9' * 5000"),
    _long("0." + "0" * 5000 + "1", "'0.' + '0' * 5000 + '1'"),
    _long("1." + "1" * 300, "'1.' + '1' * 300"),
    _long("1" * 300 + "/" + "3" * 300, "'1' * 300 + '/' + '3' * 300"),
    # not finite, not numbers
    "NaN",
    "nan",
    "-nan",
    "sNaN",
    "inf",
    "-inf",
    "Infinity",
    "1/0",
    "0/0",
    "-0",
    "+0",
    "",
    " ",
    "\t\n",
    "\x00",
    "1\x00",
    "1e",
    "e1",
    ".",
    "-.5",
    "5.",
    "1e+06",
    "1E-3",
    "0x1F",
    "0b101",
    "1_000",
    "1,000",
    "1，000",
    "1 2",
    "2**10",
    "exp(1)",
    "__import__('os').system('true')",
    "{}",
    "[1]",
    # full-width, other scripts, Chinese numerals, typography
    "１２３",
    "１．５",
    "－１",
    "٣٫٥",
    "۱۲",
    "१२",
    "一百",
    "三成",
    "½",
    "²",
    "1\u202e2",
    "1\u200b2",
    "\ufeff1",
    # ratios and signs
    "1/3",
    "-1/3",
    "1 / 3",
    "1/-3",
    "+5",
    "-1",
    "0",
    "0.0000001",
)

HOSTILE_UNITS: tuple[str, ...] = (
    "亩",
    "公顷",
    "万亩",
    "tce/万元",
    "吨标准煤/万元",
    "tce/亿元",
    "万元",
    "亿元",
    "元",
    "万元/亩",
    "万元/人",
    "亿元/亩",
    "%",
    "percent",
    "家",
    "个",
    "人",
    "星",
    "年",
    "dimensionless",
    # wrong or hostile units
    "km",
    "meter ** 2",
    "亩 ** 1000000",
    "亩 ** -1000",
    "万元/亩/亩",
    "/ 亩",
    "kelvin",
    "degC",
    "degF",
    "foo",
    "tce / 0 万元",
    "(亩",
    "亩)",
    "亩 亩",
    "1e999 亩",
    "__class__",
    "",
)

HOSTILE_SCALARS: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1,
    2**63,
    -(2**63),
    10**100,
    _Huge(10**5000),
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    1e308,
    5e-324,
    0.1,
    1e16,
    Decimal("NaN"),
    Decimal("1e999999"),
    Decimal("-0"),
    Fraction(1, 3),
    date(2024, 6, 30),
    _long("x" * 10_000, "'x' * 10_000"),
    "💥",
    "\ud800",  # a lone surrogate: not encodable as UTF-8
    "[red]markup[/red] :warning:",
    "a\nb\r\nc",
    [],
    {},
    [[[]]],
    {"value": "1", "unit": "亩"},
    {"__proto__": {}},
)

HOSTILE_DATES: tuple[Any, ...] = (
    "2024-02-30",
    "2024-13-01",
    "0000-01-01",
    "9999-12-31",
    "10000-01-01",
    "2024/06/30",
    "20240630",
    "2024-06-30T12:00:00",
    "yesterday",
    "",
    20240630,
    None,
)


def hostile_count() -> int:
    """How many hand-picked hostile values the strategies draw from."""
    return len(HOSTILE_NUMERALS) + len(HOSTILE_UNITS) + len(HOSTILE_SCALARS) + len(HOSTILE_DATES)


DEEP = (_nested(50), _nested(3000))  # a deep nesting: recursion in validators and encoders

# ---------------------------------------------------------------------------- strategies

plain_numerals = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**6), max_value=10**6).map(str),
    st.fractions(max_denominator=1000).map(str),
)
numerals = st.one_of(plain_numerals, st.sampled_from(HOSTILE_NUMERALS))
units = st.sampled_from(HOSTILE_UNITS)
quantities = st.one_of(numerals, st.tuples(numerals, units).map(lambda t: f"{t[0]} {t[1]}".strip()))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(HOSTILE_SCALARS),
    quantities,
)


def json_like(keys: tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    """Arbitrary JSON-like data, hostile leaves, and (if given) keys of the model mixed among the garbage."""
    key = st.one_of(st.text(max_size=8), st.sampled_from(keys)) if keys else st.text(max_size=8)
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(key, inner, max_size=5)),
        max_leaves=12,
    )


def dates_around(start: date, end: date | None = None) -> st.SearchStrategy[date]:
    """Days in and out of a rule's period: mostly in it; its first day and the day before, its last, far past
    and future."""
    last = min(end - timedelta(days=1), date(2060, 12, 31)) if end is not None else date(2060, 12, 31)
    edges = [start - timedelta(days=1), start, start + timedelta(days=1)]
    if end is not None:
        edges += [end - timedelta(days=1), end]
    edges += [date.min, date.max, date(1900, 1, 1), date(2100, 12, 31)]
    in_force = st.one_of(st.sampled_from((date(2024, 6, 30), date(2025, 12, 31))), st.dates(start, last))
    return st.one_of(in_force, in_force, st.sampled_from(edges), st.dates(date(1990, 1, 1), date(2060, 12, 31)))


def overrides(ids: tuple[str, ...], choices: tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    """Overrides: none, good ids with hostile values, unknown keys, values and containers of the wrong type."""
    key = st.one_of(
        st.sampled_from(ids),
        st.sampled_from(("", " ", "go.", "go.nope", "dp.row1_scale ", "GO.10.3.GREEN_CHANNEL.MAX_INTENSITY")),
        st.text(max_size=10),
        st.integers(),
    )
    value = st.one_of(quantities, scalars, st.sampled_from(choices) if choices else st.nothing(), json_like())
    return st.one_of(
        st.none(),
        st.dictionaries(st.sampled_from(ids), st.one_of(quantities, st.sampled_from(choices or ("1",))), max_size=2),
        st.dictionaries(key, value, max_size=3),
        st.sampled_from(([("go.x", 1)], "go.x=1", 5, ["dp.row1_scale"], {1: 2})),
    )


# ---------------------------------------------------------------------------- from a JSON Schema


def from_schema(schema: dict[str, Any], defs: dict[str, Any] | None = None, depth: int = 0) -> st.SearchStrategy[Any]:
    """Data shaped like `schema` (a pydantic model's JSON Schema), with hostile values at every leaf."""
    defs = defs if defs is not None else schema.get("$defs", {})
    garbage = json_like(tuple(schema.get("properties", {}))) if depth < 2 else scalars
    if "$ref" in schema:
        return from_schema(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, depth + 1)
    if "anyOf" in schema or "oneOf" in schema:
        return st.one_of(*(from_schema(s, defs, depth) for s in schema.get("anyOf", schema.get("oneOf", []))))
    if "enum" in schema or "const" in schema:
        values = schema.get("enum", [schema.get("const")])
        return st.one_of(st.sampled_from(values), st.sampled_from(values).map(lambda v: f" {v}".upper()), scalars)
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        if depth > 4:
            return st.just({})
        props = {k: from_schema(v, defs, depth + 1) for k, v in schema["properties"].items()}
        required = set(schema.get("required", ()))
        fixed = {k: s for k, s in props.items() if k in required}
        optional = {k: s for k, s in props.items() if k not in required}
        shaped = st.fixed_dictionaries(fixed, optional=optional)
        missing = st.fixed_dictionaries({}, optional=props)  # a required field may be absent
        extra = st.tuples(shaped, st.dictionaries(st.text(max_size=6), scalars, min_size=1, max_size=2)).map(
            lambda t: {**t[1], **t[0]}
        )
        return st.one_of(shaped, shaped, missing, extra, garbage)
    if kind == "object":
        inner = (
            from_schema(schema["additionalProperties"], defs, depth + 1)
            if schema.get("additionalProperties")
            else scalars
        )
        return st.one_of(st.dictionaries(st.text(max_size=10), inner, max_size=3), garbage)
    if kind == "array":
        item = from_schema(schema.get("items", {}), defs, depth + 1) if depth < 5 else scalars
        return st.one_of(st.lists(item, max_size=3), garbage)
    if kind == "string":
        if "format" in schema and schema["format"] == "date":
            return st.one_of(
                st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 1, 1)).map(str),
                st.sampled_from(HOSTILE_DATES),
            )
        if "pattern" in schema:  # an exact number
            return st.one_of(quantities, scalars)
        return st.one_of(st.text(max_size=12), quantities, scalars)
    if kind in ("number", "integer"):
        return st.one_of(
            st.integers(-(10**6), 10**6), st.floats(allow_nan=True, allow_infinity=True), quantities, scalars
        )
    if kind == "boolean":
        return st.one_of(st.booleans(), st.sampled_from(("yes", "no", "true", "0", "1", 2, None)))
    if kind == "null":
        return st.one_of(st.none(), scalars)
    return st.one_of(quantities, garbage)


# ---------------------------------------------------------------------------- mutations of a valid input


def _paths(x: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(x, _Deep):  # a leaf: never walked into
        return out
    if isinstance(x, dict):
        for k, v in x.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            out += _paths(v, (*prefix, i))
    return out


def _get(x: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        x = x[p]
    return x


def _copy(x: Any) -> Any:
    if isinstance(x, _Deep):
        return x
    if isinstance(x, dict):
        return {k: _copy(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_copy(v) for v in x]
    return x


VALID_UNITS = HOSTILE_UNITS[: HOSTILE_UNITS.index("dimensionless") + 1]
plausible = st.one_of(
    plain_numerals, st.tuples(plain_numerals, st.sampled_from(VALID_UNITS)).map(lambda t: f"{t[0]} {t[1]}")
)


@st.composite
def mutated(draw: st.DrawFn, seed: Any, gentle: bool = False) -> Any:
    """A valid input with one to three of its parts replaced, removed, duplicated or given a sibling.

    gentle: one leaf replaced by a plausible number (in a unit the registry knows): mostly still valid input.
    """
    x = _copy(seed)
    if gentle:
        leaves = [p for p in _paths(x) if p and not isinstance(_get(x, p), dict | list)]
        if leaves:
            path = draw(st.sampled_from(leaves))
            _get(x, path[:-1])[path[-1]] = draw(plausible)
        return x
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(x)
        path = draw(st.sampled_from(paths))
        how = draw(st.sampled_from(("replace", "replace", "quantity", "delete", "extra", "deep", "duplicate")))
        if not path:
            if how in ("replace", "deep"):
                x = draw(json_like()) if how == "replace" else draw(st.sampled_from(DEEP))
            continue
        parent, last = _get(x, path[:-1]), path[-1]
        if how == "replace":
            parent[last] = draw(st.one_of(scalars, json_like()))
        elif how == "quantity":
            parent[last] = draw(quantities)
        elif how == "deep":
            parent[last] = draw(st.sampled_from(DEEP))
        elif how == "delete":
            del parent[last]
        elif how == "duplicate" and isinstance(parent, list):
            parent.insert(last, _copy(parent[last]))
        elif how == "extra" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=8))] = draw(scalars)
    return x
