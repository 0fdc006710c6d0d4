"""Replay depends on versions meaning something: a changed decision needs a new rule version and a CHANGELOG line.

The golden decisions (tests/golden/decisions.json, recorded by scripts/record_golden.py) are re-run here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from golden.guard import decide

ROOT = Path(__file__).resolve().parent.parent.parent
RECORDS = json.loads((ROOT / "tests" / "golden" / "decisions.json").read_text(encoding="utf-8"))
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("record", RECORDS, ids=[f"{r['rule']}#{i}" for i, r in enumerate(RECORDS)])
def test_same_version_same_decision(record):
    rule_id, version, decision = decide(record["call"])
    if version == record["rule_version"]:
        assert decision == record["decision"], (
            f"{rule_id} v{version}: the decision changed but the rule version did not. Bump the version in the "
            f"rule's @rule(...), add a CHANGELOG line naming `{rule_id}` and the new version, then run "
            f"scripts/record_golden.py"
        )
    else:
        assert re.search(rf"`?{re.escape(rule_id)}`?[^\n]*{re.escape(version)}", CHANGELOG), (
            f"{rule_id} is now v{version} (recorded v{record['rule_version']}): say so in CHANGELOG.md "
            f"(a line naming `{rule_id}` and {version}), then run scripts/record_golden.py"
        )
