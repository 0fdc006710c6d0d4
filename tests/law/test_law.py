"""The law typed a second time (from shared/seeds/*.txt) against the rulebook, and its boundary cases.

Each test is credited to the one clause it checks: ``check="law_value"`` for the typed values,
``check="boundary"`` for a literal case through the public function (see zjpolicy.traceability).
"""

from __future__ import annotations

from typing import Any

import pytest
from lawcases import (
    DOCUMENTS,
    law,
    law_clauses,
    matches,
    normalize_text,
    number_shown,
    quote_in,
    quote_runs,
    resolve_path,
    run_case,
    seed_text,
)

from zjpolicy.exact import fmt
from zjpolicy.rulebook import default_rulebook
from zjpolicy.units import conversion_factor, parse_quantity

RB = default_rulebook()
COMPARED = ("comparison", "word", "year", "basis", "aspirational", "against")


def _entries() -> list[tuple[str, dict[str, Any]]]:
    return [(doc, c) for doc in DOCUMENTS for c in law_clauses(doc)]


def _value_params() -> list[Any]:
    out = []
    for doc, c in _entries():
        for name, typed in (c.get("values") or {}).items():
            out.append(
                pytest.param(
                    doc,
                    c,
                    name,
                    typed,
                    id=f"{c['clause']}.{name}",
                    marks=pytest.mark.clause(c["clause"], check="law_value"),
                )
            )
    return out


def _case_params() -> list[Any]:
    out = []
    for doc, c in _entries():
        for i, case in enumerate(c.get("cases") or []):
            out.append(
                pytest.param(
                    doc, c, case, id=f"{c['clause']}#{i + 1}", marks=pytest.mark.clause(c["clause"], check="boundary")
                )
            )
    return out


def _exact(text: Any, unit: str, where: str) -> Any:
    """A typed quantity ("35 万元/人", "1/3", 30) as an exact number in `unit`."""
    if text is None:
        return None
    if isinstance(text, str):
        num, u = parse_quantity(text)
        return num * conversion_factor(u or unit, unit)
    from zjpolicy.exact import to_fraction

    return to_fraction(text)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_clause_and_parameter_is_typed(document):
    typed = [c["clause"] for c in law_clauses(document)]
    ours = [c.id for c in RB.clauses.values() if c.document == document]
    assert sorted(typed) == sorted(ours), (
        f"{document}: clauses in the rulebook but not typed: {sorted(set(ours) - set(typed))}; "
        f"typed but not in the rulebook: {sorted(set(typed) - set(ours))}"
    )
    assert typed == ours, f"{document}: the law file is not in the rulebook's (section) order"
    for c in law_clauses(document):
        names = {p.name for p in RB.clause(c["clause"]).parameters}
        assert set(c.get("values") or {}) == names, (
            f"{c['clause']}: typed {sorted(c.get('values') or {})}, rulebook {sorted(names)}"
        )


@pytest.mark.parametrize(("document", "entry", "name", "typed"), _value_params())
def test_law_value(document, entry, name, typed):
    clause = RB.clause(entry["clause"])
    p = clause.param(name)
    where = f"{p.id} ({clause.section}: {clause.text})"
    problems = []
    if "value" in typed:
        want = _exact(typed["value"], p.unit, where)
        if want != p.value:
            problems.append(
                f"value: the law says {typed['value']} = {fmt(want)} {p.unit}, the rulebook has {fmt(p.value)} {p.unit}"
            )
    if "upper" in typed:
        want = _exact(typed["upper"], p.unit, where)
        if want != p.upper:
            problems.append(f"upper: the law says {typed['upper']}, the rulebook has {fmt(p.upper)} {p.unit}")
    for key in COMPARED:
        if key in typed:
            ours = getattr(p, key)
            ours = getattr(ours, "value", ours)
            if ours != typed[key]:
                problems.append(f"{key}: the law says {typed[key]!r}, the rulebook has {ours!r}")
    assert not problems, f"{where}\n  " + "\n  ".join(problems)


@pytest.mark.parametrize(("document", "entry"), [pytest.param(d, c, id=c["clause"]) for d, c in _entries()])
def test_the_quote_is_the_seed_and_shows_the_numbers(document, entry):
    quote = entry["quote"]
    assert quote_in(seed_text(document), quote), f"{entry['clause']}: quote not found in the seed text: {quote}"
    shown = normalize_text(quote)
    clause = RB.clause(entry["clause"])
    for name, typed in (entry.get("values") or {}).items():
        for key in ("value", "upper"):
            if typed.get(key) is None:
                continue
            unit = clause.param(name).unit
            if isinstance(typed[key], str):
                num, u = parse_quantity(typed[key])
                unit = {"%": "percent", "": unit}.get(u, u)
            else:
                num = _exact(typed[key], unit, entry["clause"])
            assert number_shown(shown, num, unit), (
                f"{entry['clause']}.{name}: {typed[key]} is not in the quote {quote!r}"
            )


@pytest.mark.parametrize("clause", [pytest.param(c, id=c.id) for c in RB.clauses.values()])
def test_the_rulebook_sentence_shows_every_value(clause):
    """A parameter's value and the sentence quoted beside it cannot drift apart."""
    text = normalize_text(clause.text)
    for p in clause.parameters:
        for v in (p.value, p.upper):
            if v is not None:
                shown = number_shown(text, v, p.unit) or (
                    # 万家, 万亩 in the unit: the text writes 3.5万家
                    p.unit.startswith(("万", "亿")) and number_shown(text, v, p.unit[1:])
                )
                assert shown, f"{p.id} = {fmt(v)} {p.unit} does not appear in its clause's text: {clause.text}"


@pytest.mark.parametrize(("document", "entry", "case"), _case_params())
def test_boundary_case(document, entry, case):
    result = run_case(document, entry["clause"], case)
    wrong = []
    for path, want in case["expect"].items():
        got = resolve_path(result, path)
        if not matches(got, want):
            wrong.append(f"{path}: expected {want!r}, got {got!r}")
    assert not wrong, f"{entry['clause']} ({entry.get('section')}: {entry.get('quote')}) case {case}\n  " + "\n  ".join(
        wrong
    )


@pytest.mark.parametrize("document", DOCUMENTS)
def test_reading_defaults_are_stated_with_a_reason(document):
    """Changing a reading's default is a visible, reviewed change: the law file states each one."""
    typed = law(document).get("readings") or {}
    ours = {r.id: r for r in RB.readings.values() if r.document == document}
    assert set(typed) == set(ours), (
        f"readings not stated: {sorted(set(ours) - set(typed))}; unknown: {sorted(set(typed) - set(ours))}"
    )
    for rid, t in typed.items():
        assert str(t["default"]) == ours[rid].default, (
            f"{rid}: the law file states default {t['default']!r}, the rulebook {ours[rid].default!r}"
        )
        assert t.get("why"), f"{rid}: say why the default was chosen"


@pytest.mark.parametrize(
    "clause",
    [pytest.param(c, id=c.id, marks=pytest.mark.clause(c.id, check="law_value")) for c in RB.clauses.values()],
)
def test_the_rulebook_quotes_the_seed(clause):
    """Every run of the clause's `text` (between …… elisions) is the seed's own words, in order."""
    doc = clause.document
    assert quote_in(seed_text(doc), clause.text), (
        f"{clause.id}: the rulebook text is not the seed's words: {clause.text!r}; runs not found: "
        f"{[r for r in quote_runs(clause.text) if r not in seed_text(doc)]}"
    )
