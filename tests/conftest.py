"""Shared test set-up: clause markers must name real rulebook clauses; hypothesis profile for CI."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, settings

from zjpolicy.rulebook import default_rulebook

settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--clause-index", default=None, help="write {clause id: [test ids]} of the collected tests to PATH")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    clauses = default_rulebook().clauses
    bad = []
    index: dict[str, set[str]] = {}
    for item in items:
        for mark in item.iter_markers("clause"):
            for cid in mark.args:
                if cid not in clauses:
                    bad.append(f"{item.nodeid}: unknown clause {cid!r}")
                index.setdefault(cid, set()).add(item.nodeid.split("[", 1)[0])  # one entry per test, not per case
    if bad:
        raise pytest.UsageError("clause markers name clauses the rulebook does not have:\n" + "\n".join(bad))
    out = config.getoption("--clause-index")
    if out:
        with open(out, "w", encoding="utf-8") as f:
            json.dump({k: sorted(v) for k, v in sorted(index.items())}, f, ensure_ascii=False, indent=1, sort_keys=True)
