"""Decisions recorded by zjpolicy 0.1.0 (tests/golden/v0.1.0/*.json) still replay, or say exactly what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import zjpolicy
from zjpolicy.audit import ReplayMismatch, decision

STORED = sorted((Path(__file__).resolve().parent.parent / "golden" / "v0.1.0").glob("*.json"))


@pytest.mark.parametrize("path", STORED, ids=[p.stem for p in STORED])
def test_a_010_decision_replays_or_names_what_changed(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["package_version"] == "0.1.0"
    try:
        fresh = zjpolicy.replay(data)
    except ReplayMismatch as exc:
        # only meaningful differences are reported, each named, never "the JSON differs"
        assert exc.differences and set(exc.differences) <= {
            "rule_version",
            "parameters_digest",
            "checks",
            *decision(data)["answer"],
        }
        assert all(k in str(exc) for k in exc.differences)
        if "rule_version" not in exc.differences:
            pytest.fail(f"{path.stem}: the decision changed under the same rule version: {exc}")
    else:
        assert fresh.rule == data["rule"] and fresh.rule_version == data["rule_version"]
        assert decision(fresh) == decision(data)


def test_tampering_with_the_digest_or_version_is_named():
    data = json.loads((STORED[0]).read_text(encoding="utf-8"))
    for key, value in (("parameters_digest", "sha256:0"), ("rule_version", "0.0.1")):
        with pytest.raises(ReplayMismatch) as e:
            zjpolicy.replay({**data, key: value})
        assert key in e.value.differences
