"""The bundled test index is what the tests say; every implemented clause is exercised by a test."""

from pathlib import Path

from zjpolicy.traceability import bundled_test_index, matrix, scan_tests

TESTS = Path(__file__).resolve().parent.parent


def test_bundled_index_is_fresh():
    assert bundled_test_index() == scan_tests(TESTS), (
        "zjpolicy/_test_index.json is stale: run `python -m zjpolicy.traceability --write`"
    )


def test_every_clause_has_an_independent_check():
    """Each clause's values are typed from the text (tests/law), and a literal case runs its function."""
    rows = matrix()
    no_values = [r.clause.id for r in rows if r.clause.parameters and not r.law_value]
    no_case = [r.clause.id for r in rows if r.implemented_by and not r.boundary]
    assert not no_values, f"clauses whose values are not typed from the text in tests/law: {no_values}"
    assert not no_case, f"implemented clauses with no literal boundary case in tests/law: {no_case}"
    assert all(r.independently_checked for r in rows)


def test_a_law_check_is_credited_only_to_its_clause():
    for r in matrix():
        for t in r.law_value + r.boundary:
            assert t.startswith("tests/law/") and f"[{r.clause.id}" in t, (r.clause.id, t)
