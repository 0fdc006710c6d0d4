"""The bundled test index is what the tests say; every implemented clause is exercised by a test."""

from pathlib import Path

from zjpolicy.traceability import bundled_test_index, matrix, scan_tests

TESTS = Path(__file__).resolve().parent.parent


def test_bundled_index_is_fresh():
    assert bundled_test_index() == scan_tests(TESTS), (
        "zjpolicy/_test_index.json is stale: run `python -m zjpolicy.traceability --write`"
    )


def test_every_implemented_clause_has_a_test():
    untested = [r.clause.id for r in matrix() if r.implemented_by and not r.tests]
    assert not untested, f"implemented but never exercised by a marked test: {untested}"
