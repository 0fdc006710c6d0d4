"""Record the golden decisions that guard rule versions (tests/golden/decisions.json).

    python scripts/record_golden.py            # record with the zjpolicy on sys.path (this checkout)
    python scripts/record_golden.py --check    # only say which decisions differ, write nothing

The calls are every rule call in the law cases (tests/law/*.yaml) and the bundled example parks. For each call
the file keeps the rule id and version and the *decision*: the rule's answer fields and each check's verdict
(value, threshold, comparison, met, margin), without prose (outcome, notes, labels), so rewording never counts
as a change while any changed verdict does. `tests/core/test_version_guard.py` re-runs each call: a decision
that changed under an unchanged rule version fails, and so does a new version with no CHANGELOG line.
Re-record only after bumping the version and writing the CHANGELOG line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "golden" / "decisions.json"


def calls() -> list[dict]:
    sys.path.insert(0, str(ROOT / "tests" / "law"))
    from lawcases import DOCUMENTS, law, law_clauses

    out = []
    for doc in DOCUMENTS:
        for c in law_clauses(doc):
            for case in c.get("cases") or []:
                if case["call"] in ("targets", "items", "conditions"):
                    continue
                args = dict(case.get("args") or {})
                if "park" in case:
                    args = {**law(doc)["parks"][case["park"]], **(case.get("set") or {})}
                out.append(
                    {
                        "rule": case["call"],
                        "inputs": args,
                        "as_of": str(case.get("as_of") or "2025-06-30"),
                        "overrides": case.get("overrides") or {},
                        "options": case.get("options") or {},
                    }
                )
            for case in c.get("cases") or []:
                if case["call"] == "targets":
                    out.append({"rule": f"targets.{c['clause']}", "targets": case})
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "tests"))
    from golden.guard import decide

    records = []
    for call in calls():
        rule_id, version, decision = decide(call)
        records.append({"rule": rule_id, "rule_version": version, "call": call, "decision": decision})
    if a.check:
        old = json.loads(OUT.read_text(encoding="utf-8"))
        diff = [r["rule"] for r, o in zip(records, old, strict=False) if r["decision"] != o["decision"]]
        print(f"{len(diff)} of {len(records)} decisions differ: {sorted(set(diff))}")
        return 1 if diff else 0
    OUT.write_text(
        json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )
    print(f"wrote {len(records)} decisions to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
