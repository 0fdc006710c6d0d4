"""Shared test set-up: clause markers must name real rulebook clauses; hypothesis profile for CI."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, settings

# The suite's wording tests were written against the English texts (lang="en"); the Chinese default is tested
# where it is named (tests/core/test_lang.py and each package's test_*_lang.py), in-process with use_language("zh")
# and in a fresh process without ZJPOLICY_LANG.
os.environ.setdefault("ZJPOLICY_LANG", "en")

from zjpolicy.rulebook import default_rulebook

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
# pytest tests/fuzz --hypothesis-profile=deep: 10,000 examples per fuzzed entry point (hours; see tests/fuzz)
settings.register_profile(
    "deep",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clause-index", default=None, help="write {clause id: [test ids]} of the collected tests to PATH"
    )


CHECK_KINDS = ("law_value", "boundary")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Check clause markers and, with --clause-index, write which tests check which clause.

    A test is credited to a clause only by a marker on the test itself (or a module marker naming one
    clause): a module-wide list over many clauses would credit generic tests to clauses they never
    evaluate. ``check="law_value"`` / ``check="boundary"`` mark the independent checks of tests/law.
    """
    clauses = default_rulebook().clauses
    bad = []
    index: dict[str, dict[str, set[str]]] = {}
    for item in items:
        module_marks = getattr(getattr(item, "module", None), "pytestmark", [])
        module_marks = module_marks if isinstance(module_marks, list) else [module_marks]
        named = {cid for m in module_marks if m.name == "clause" for cid in m.args}
        if len(named) > 1:
            bad.append(f"{item.nodeid}: a module-wide clause marker names {len(named)} clauses; mark each test instead")
        for mark in item.iter_markers("clause"):
            check = mark.kwargs.get("check", "tests")
            if check not in (*CHECK_KINDS, "tests"):
                bad.append(f"{item.nodeid}: unknown check kind {check!r}")
            for cid in mark.args:
                if cid not in clauses:
                    bad.append(f"{item.nodeid}: unknown clause {cid!r}")
                # independent checks keep their case id; other tests count once, not once per case
                node = item.nodeid if check in CHECK_KINDS else item.nodeid.split("[", 1)[0]
                index.setdefault(cid, {}).setdefault(check, set()).add(node)
    if bad:
        raise pytest.UsageError("bad clause markers:\n" + "\n".join(sorted(set(bad))))
    out = config.getoption("--clause-index")
    if out:
        data = {cid: {k: sorted(v) for k, v in sorted(kinds.items())} for cid, kinds in sorted(index.items())}
        with open(out, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
