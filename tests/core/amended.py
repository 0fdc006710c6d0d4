"""Test fixtures: a copy of the bundled rulebook with dated values (revisions) written into some parameters.

The amendments are invented for the tests (their `reference` says so); no real revision is encoded.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from zjpolicy.rulebook.load import DATA_FILES, _ExactLoader

FICTIONAL = "测试用修订（虚构，非真实文件）"

RD_THREE_STAR = "dp.3.2.row06_rd_intensity.three_star"  # 研发投入强度 三星级标准 2.3%
LABOUR_TARGET = "go.1.2.labour_productivity.target"  # 规上制造业全员劳动生产率 35万元/人以上


def bundled_data() -> dict[str, dict[str, Any]]:
    """The bundled YAML files as data (numbers kept as text, as the loader reads them)."""
    pkg = resources.files("zjpolicy.rulebook")
    return {name: yaml.load(pkg.joinpath(name).read_text(encoding="utf-8"), Loader=_ExactLoader) for name in DATA_FILES}


def write_rulebook(tmp_path: Path, amendments: dict[str, list[dict[str, Any]]] | None = None) -> list[Path]:
    """Write the bundled files to `tmp_path`, each parameter named in `amendments` given those dated values.

    An amendment is a list of ``{"from": date, "value": …, "reference": …}`` after the first value; the first
    (the law as written, from the parameter's `effective`) is kept. Returns the paths, for `load_rulebook`.
    """
    amendments = dict(amendments or {})
    paths = []
    for name, raw in bundled_data().items():
        effective = raw["document"]["effective"]
        for c in raw["clauses"]:
            for p in c.get("parameters") or []:
                pid = f"{c['id']}.{p['name']}"
                if pid in amendments:
                    first = {"from": p.pop("effective", effective), "value": p.pop("value")}
                    p["values"] = [first, *amendments.pop(pid)]
        path = tmp_path / name
        path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    if amendments:
        raise KeyError(f"no such parameters in the bundled rulebook: {sorted(amendments)}")
    return paths


def revision(day: date, value: str, reference: str = FICTIONAL) -> dict[str, Any]:
    return {"from": day, "value": value, "reference": reference}
