"""Fuzzing the public entry points: every rule of the catalogue, `assess_targets`, `zjpolicy.batch.rate_parks` and
`zjpolicy.replay`, with hostile input (tests/fuzz/strategies.py: JSON-like data, hostile numerals, full-width
digits, huge and tiny exponents, NaN/inf, wrong units and types, days outside a rule's period, unknown overrides and
overrides of the wrong type). The only outcomes allowed: a valid result (which renders, serializes to JSON and
replays to the same decision) or a `ZjpolicyError`; the known findings in files this work does not own are listed,
and reproduced, in tests/fuzz/support.py and test_fuzz_findings.py. The CLI is fuzzed in test_fuzz_cli.py.

Examples per entry point (`fuzz.support.examples`): 30 in CI and locally (the ``ci`` and ``dev`` profiles, capped
at `CI_EXAMPLES`; about 40 s for tests/fuzz on two cores). Before a release, run the deep profile, 10,000 per entry
point (registered in tests/conftest.py; hours):

    pytest tests/fuzz --hypothesis-profile=deep

``ZJPOLICY_FUZZ_STATS=out.json`` writes, per entry point, the examples run, results, errors (by type), known
findings met, and the slowest single answer with its input.
"""

from __future__ import annotations

import json
import typing
from datetime import date
from functools import cache
from typing import Any

import pandas as pd
import pytest
from fuzz.strategies import (
    dates_around,
    from_schema,
    json_like,
    mutated,
    overrides,
    quantities,
    scalars,
)
from fuzz.support import dump_stats, examples, run, seeds, stored_results
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

import zjpolicy
from zjpolicy.audit import decision
from zjpolicy.batch import rate_parks
from zjpolicy.catalogue import all_rules
from zjpolicy.results import RuleResult
from zjpolicy.rubric import example_park
from zjpolicy.rulebook import default_rulebook
from zjpolicy.targets import TargetsReport, assess_targets, load_example, target_rules

RULES = all_rules()
FUZZ = settings(
    max_examples=examples(),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
)


@pytest.fixture(scope="module", autouse=True)
def _stats() -> Any:
    yield
    dump_stats()


# ---------------------------------------------------------------------------- what is drawn for a rule


def _ids(rule_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The parameter and reading ids a rule depends on (and a few others), and the choices of its readings."""
    rb = default_rulebook()
    r = RULES[rule_id]
    ids = [p.id for cid in r.clauses for p in rb.clause(cid).parameters]
    ids += [rid for cid in r.clauses for rid in rb.clause(cid).readings] + list(r.readings)
    ids += ["go.10.3.green_channel.max_intensity", "dp.row1_scale", "go.approx_tolerance"]
    choices = tuple(c for rid in set(ids) if rid in rb.readings for c in rb.reading_def(rid).choices)
    return tuple(dict.fromkeys(ids)), choices


@cache
def rule_inputs(rule_id: str) -> st.SearchStrategy[Any]:
    model = RULES[rule_id].input_model
    schema = model.model_json_schema()
    some = seeds().get(rule_id, [])[:4]
    valid = st.sampled_from(some)  # the dates, overrides and options do the fuzzing
    gentle = valid.flatmap(lambda s: mutated(s, gentle=True))  # one leaf a plausible number: mostly valid
    rough = valid.flatmap(mutated)
    # weights by repetition: about a third valid, a third gentle, a third hostile
    return st.one_of(valid, gentle, rough, valid, gentle, valid, gentle, rough, from_schema(schema), json_like())


@cache
def rule_overrides(rule_id: str) -> st.SearchStrategy[Any]:
    ids, choices = _ids(rule_id)
    return st.one_of(st.none(), st.none(), st.none(), overrides(ids, choices))


@cache
def rule_options(rule_id: str) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword options (rate_park: relaxation, bonus_weights, clearly_above): shaped by their models, or garbage."""
    import inspect

    fn = RULES[rule_id].fn
    hints = typing.get_type_hints(fn)
    params = list(inspect.signature(fn).parameters)[2:]
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name in params:
        models = [a for a in typing.get_args(hints.get(name)) if isinstance(a, type) and issubclass(a, BaseModel)]
        shaped = [from_schema(m.model_json_schema()) for m in models]
        optional[name] = st.one_of(st.none(), *shaped, json_like(), scalars)
    return st.fixed_dictionaries({}, optional=optional) if optional else st.just({})


def check_result(result: RuleResult, entry: str) -> None:
    """A valid result: renders, serializes to JSON, and replays to the same decision."""
    assert isinstance(result, RuleResult), type(result)
    result.explain()
    text = result.model_dump_json()
    fresh = zjpolicy.replay(text)  # a ReplayMismatch here is a finding: a fresh result that does not replay
    assert decision(fresh) == decision(json.loads(text))


# ---------------------------------------------------------------------------- every rule


@pytest.mark.parametrize("rule_id", sorted(RULES))
@FUZZ
@given(data=st.data())
def test_every_rule_gives_a_result_or_a_zjpolicy_error(rule_id, data):
    r = RULES[rule_id]
    inputs = data.draw(rule_inputs(rule_id), label="inputs")
    as_of = data.draw(dates_around(*r.in_force()), label="as_of")
    ov = data.draw(rule_overrides(rule_id), label="overrides")
    options = data.draw(rule_options(rule_id), label="options")
    result = run(
        rule_id,
        lambda: r(inputs, as_of=as_of, overrides=ov, **options),
        lambda: {"inputs": inputs, "as_of": as_of, "overrides": ov, "options": options},
    )
    if result is not None:
        check_result(result, rule_id)


# ---------------------------------------------------------------------------- assess_targets


def _indicator_keys() -> tuple[str, ...]:
    ex = load_example()
    return tuple(ex.get("indicators", {})) + tuple(target_rules())


def _frames() -> st.SearchStrategy[pd.DataFrame]:
    row = st.fixed_dictionaries(
        {
            "indicator": st.one_of(st.sampled_from(_indicator_keys()), st.text(max_size=6)),
            "year": st.one_of(st.integers(2015, 2030), scalars),
            "value": st.one_of(quantities, scalars),
        },
        optional={"unit": st.one_of(st.sampled_from(("", "亿元", "家", "亩", "km")), scalars)},
    )
    return st.lists(row, max_size=4).map(_frame)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as a DataFrame; text pandas' Arrow strings cannot hold (a lone surrogate) kept as objects."""
    try:
        return pd.DataFrame(rows)
    except UnicodeEncodeError:
        return pd.DataFrame(rows, dtype=object)


STATISTICS = st.one_of(
    mutated(load_example()),
    mutated(load_example()),
    st.dictionaries(
        st.one_of(st.sampled_from(_indicator_keys()), st.text(max_size=6)),
        st.one_of(
            st.dictionaries(
                st.one_of(st.integers(2015, 2030), scalars.filter(lambda x: isinstance(x, str))),
                st.one_of(quantities, json_like()),
                max_size=3,
            ),
            quantities,
            json_like(),
        ),
        max_size=4,
    ),
    st.builds(lambda obs: {"observations": obs}, json_like(("indicator", "year", "value", "unit", "baseline"))),
    _frames(),
    json_like(("indicators", "baselines", "year", "observations")),
)
TARGET_CLAUSES = tuple(target_rules())


@FUZZ
@given(
    statistics=STATISTICS,
    year=st.one_of(st.integers(2015, 2035), st.sampled_from((1, 1900, 9999))),
    as_of=st.one_of(st.none(), dates_around(date(2022, 8, 30))),
    ov=overrides(("go.stable_share", "go.approx_tolerance", "go.1.2.labour_productivity.target"), ("increasing",)),
    clauses=st.one_of(st.none(), st.lists(st.one_of(st.sampled_from(TARGET_CLAUSES), st.text(max_size=8)), max_size=3)),
    pick=st.integers(0, 200),
)
def test_assess_targets_gives_a_report_or_a_zjpolicy_error(statistics, year, as_of, ov, clauses, pick):
    report = run(
        "assess_targets",
        lambda: assess_targets(statistics, year=year, as_of=as_of, overrides=ov, clauses=clauses),
        lambda: {"statistics": statistics, "year": year, "as_of": as_of, "overrides": ov, "clauses": clauses},
    )
    if report is not None:
        assert isinstance(report, TargetsReport)
        json.loads(report.model_dump_json())
        if report.results:  # one of its results replays to the same decision
            check_result(report.results[pick % len(report.results)], "assess_targets")


# ---------------------------------------------------------------------------- zjpolicy.batch.rate_parks


def _park_rows() -> st.SearchStrategy[list[dict[str, Any]]]:
    park = json.loads(example_park().model_dump_json())
    flat = {k: v for k, v in park.items() if not isinstance(v, dict | list)}
    row = st.one_of(
        mutated(flat), mutated(flat), from_schema(RULES["rubric.rate_park"].input_model.model_json_schema())
    )
    return st.lists(row.filter(lambda x: isinstance(x, dict)), min_size=1, max_size=3)


@FUZZ
@given(
    rows=_park_rows(),
    as_of=dates_around(date(2021, 4, 27)),
    ov=rule_overrides("rubric.rate_park"),
    errors=st.sampled_from(("raise", "collect")),
    as_frame=st.booleans(),
)
def test_rate_parks_gives_a_batch_result_or_a_zjpolicy_error(rows, as_of, ov, errors, as_frame):
    parks: Any = rows
    if as_frame:
        try:
            parks = pd.DataFrame(rows)
        except (UnicodeEncodeError, ValueError, TypeError):  # pandas cannot hold it (a lone surrogate …)
            parks = rows

    def call() -> Any:
        return rate_parks(parks, as_of=as_of, overrides=ov, errors=errors)

    result = run("batch.rate_parks", call, lambda: {"rows": rows, "as_of": as_of, "overrides": ov, "errors": errors})
    if result is not None:
        assert len(result.frame) == len(rows)


# ---------------------------------------------------------------------------- zjpolicy.replay


@cache
def _stored() -> st.SearchStrategy[Any]:
    records = stored_results()
    return st.one_of(
        st.sampled_from(records),  # stands
        st.sampled_from(records).flatmap(mutated),
        st.sampled_from(records).flatmap(mutated),
        json_like(("rule", "rule_version", "inputs", "as_of", "overrides", "options", "checks", "parameters_digest")),
        st.fixed_dictionaries(
            {
                "rule": st.one_of(st.sampled_from(sorted(RULES)), scalars),
                "inputs": json_like(),
                "as_of": st.one_of(st.dates().map(str), scalars),
            },
            optional={"overrides": json_like(), "options": json_like(), "checks": json_like()},
        ),
    )


@FUZZ
@given(data=st.data(), as_text=st.booleans())
def test_replay_gives_a_result_or_a_zjpolicy_error(data, as_text):
    stored = data.draw(_stored(), label="stored")

    text: str | None = None
    if as_text:
        try:
            text = json.dumps(stored, default=str)
        except (ValueError, RecursionError):  # not JSON-encodable (an integer too long, a nesting too deep)
            text = None

    def call() -> Any:
        return zjpolicy.replay(text if text is not None else stored)

    fresh = run("replay", call, lambda: stored)
    if fresh is not None:
        assert isinstance(fresh, RuleResult)
        json.loads(fresh.model_dump_json())


def test_every_rule_has_seeds_to_mutate():
    missing = sorted(set(RULES) - {k for k, v in seeds().items() if v})
    assert not missing, f"no valid input to mutate for {missing}"
