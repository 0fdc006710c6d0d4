"""高耗能行业 list (六（一）) and package-wide checks: registry, citations, no law numbers in code."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

import zjpolicy.land_energy as le
from zjpolicy import default_rulebook
from zjpolicy.rules import all_rules, get_rule

PKG = Path(le.__file__).parent


@pytest.mark.clause("go.6.1.carbon_peak_industries")
def test_carbon_peak_industries_from_the_rulebook():
    items = le.carbon_peak_industries()
    assert items == ("钢铁", "建材", "石化", "化工", "造纸", "化纤", "纺织")
    assert items == default_rulebook().clause("go.6.1.carbon_peak_industries").items


@pytest.mark.clause("go.6.1.carbon_peak_industries")
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("钢铁", True),
        ("钢铁行业", True),
        ("造纸业", True),
        (" 化 工 ", True),
        ("化工行业", True),
        ("石化", True),
        ("纺织", True),
        ("化纤工业", True),
        ("集成电路", False),
        ("钢", False),
        ("纺织服装", False),
        ("", False),
    ],
)
def test_is_high_energy_industry(name, expected):
    assert le.is_high_energy_industry(name) is expected


@pytest.mark.clause("go.6.1.carbon_peak_industries")
def test_list_follows_a_custom_rulebook():
    rb = default_rulebook()
    clause = rb.clause("go.6.1.carbon_peak_industries")
    doc = rb.documents["guiding-opinions-2022"]
    new = clause.model_copy(update={"items": (*clause.items, "有色")})
    docs = dict(rb.documents)
    docs["guiding-opinions-2022"] = doc.model_copy(
        update={"clauses": tuple(new if c.id == clause.id else c for c in doc.clauses)}
    )
    rb2 = type(rb)(documents=docs)
    assert le.is_high_energy_industry("有色", rb2) and not le.is_high_energy_industry("有色")


EXPECTED = {
    "land_energy.green_channel": ("go.10.3.green_channel",),
    "land_energy.assessed_energy": ("go.10.3.assessed_energy",),
    "land_energy.industrial_land_share": ("go.10.4.industrial_land_share",),
    "land_energy.gai_yi_bu_yi": ("go.10.4.gai_yi_bu_yi",),
    "land_energy.freed_land_use": ("go.10.4.freed_land_industrial_use",),
    "land_energy.major_project_priority": ("go.10.4.major_project_priority",),
    "land_energy.land_quota": ("go.10.4.land_quota_incentive",),
    "land_energy.plot_ratio": ("go.7.1.plot_ratio",),
    "land_energy.manufacturing_project_share": ("go.7.2.manufacturing_project_share",),
}
# rules whose decisions (or readings) changed since 0.1.0: each is named in CHANGELOG.md
VERSIONS = {
    rid: "1.1.0"
    for rid in (
        "land_energy.industrial_land_share",
        "land_energy.gai_yi_bu_yi",
        "land_energy.major_project_priority",
        "land_energy.land_quota",
        "land_energy.plot_ratio",
        "land_energy.manufacturing_project_share",
    )
}


@pytest.mark.clause(
    "go.10.3.green_channel",
    "go.10.3.assessed_energy",
    "go.10.4.industrial_land_share",
    "go.10.4.gai_yi_bu_yi",
    "go.10.4.freed_land_industrial_use",
    "go.10.4.major_project_priority",
    "go.10.4.land_quota_incentive",
    "go.7.1.plot_ratio",
    "go.7.2.manufacturing_project_share",
)
def test_rules_registered_versioned_and_not_targets():
    rules = {k: v for k, v in all_rules().items() if k.startswith("land_energy.")}
    assert set(rules) == set(EXPECTED)
    rb = default_rulebook()
    for rid, clauses in EXPECTED.items():
        r = get_rule(rid)
        assert r.version == VERSIONS.get(rid, "1.0.0") and r.clauses == clauses
        assert r.__doc__ and any("\u4e00" <= ch <= "\u9fff" for ch in r.__doc__)  # quotes the law in Chinese
        for cid in clauses:
            assert rb.clause(cid).kind != "target", f"{cid} is a target clause (zjpolicy.targets owns it)"
        start, end = r.in_force()
        assert start == date(2022, 8, 30) and end is None
    # each clause is encoded by exactly one land_energy rule
    seen = [c for r in rules.values() for c in r.clauses]
    assert len(seen) == len(set(seen))


@pytest.mark.clause(
    "go.10.3.green_channel",
    "go.10.3.assessed_energy",
    "go.10.4.industrial_land_share",
    "go.10.4.gai_yi_bu_yi",
    "go.10.4.freed_land_industrial_use",
    "go.10.4.major_project_priority",
    "go.10.4.land_quota_incentive",
    "go.7.1.plot_ratio",
    "go.7.2.manufacturing_project_share",
)
def test_no_number_from_the_law_in_code():
    """No parameter value of these clauses appears as a numeric literal in the package's code."""
    rb = default_rulebook()
    law = {p.value for cs in EXPECTED.values() for c in cs for p in rb.clause(c).parameters if p.value is not None}
    law |= {v / 100 for v in law} | {v * 10000 for v in law}  # 30% as 0.3; 10亿元 as 100000 万元
    law -= {0, 1}
    law |= {2020}  # the reading's default base year lives in the rulebook too
    hits = []
    for path in PKG.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            number = (
                isinstance(node, ast.Constant)
                and isinstance(node.value, (int, float))
                and not isinstance(node.value, bool)
            )
            if number and (node.value in law or node.value in {0.52, 0.3, 1.5, 3000, 5000, 1000, 500}):
                hits.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert hits == []


SAMPLES = {
    "land_energy.green_channel": {
        "energy_use": "5200 tce",
        "value_added": "1 亿元",
        "new_project": True,
        "dual_control": "on-track",
    },
    "land_energy.assessed_energy": {
        "year": 2024,
        "total_consumption": "1000",
        "new_renewable": "10",
        "total_cap": "990",
        "renewable_base_year": 2020,
    },
    "land_energy.industrial_land_share": {"year": 2024, "industrial_area": "30 公顷", "total_area": "100 公顷"},
    "land_energy.gai_yi_bu_yi": {"entries": [{"parcel_id": "A", "date": "2024-01-02", "changed_out": "1"}]},
    "land_energy.freed_land_use": {"freed_area": "10", "industrial_area": "10"},
    "land_energy.major_project_priority": {"investment": "10 亿元", "manufacturing": True},
    "land_energy.land_quota": {"year": 2024, "allocations": [{"recipient": "a", "area": "3000"}]},
    "land_energy.plot_ratio": {"floor_area": "15 公顷", "land_area": "10 公顷"},
    "land_energy.manufacturing_project_share": {"year": 2024, "manufacturing_projects": 1, "total_projects": 3},
}


@pytest.mark.clause(
    "go.10.3.green_channel",
    "go.10.3.assessed_energy",
    "go.10.4.industrial_land_share",
    "go.10.4.gai_yi_bu_yi",
    "go.10.4.freed_land_industrial_use",
    "go.10.4.major_project_priority",
    "go.10.4.land_quota_incentive",
    "go.7.1.plot_ratio",
    "go.7.2.manufacturing_project_share",
)
@pytest.mark.parametrize("rule_id", sorted(SAMPLES))
def test_stored_inputs_match_the_input_schema_and_explain(rule_id):
    jsonschema = pytest.importorskip("jsonschema")
    r = get_rule(rule_id)
    result = r(SAMPLES[rule_id], as_of=date(2024, 6, 30))
    jsonschema.validate(result.inputs, r.input_model.model_json_schema())
    assert result.checks and all(c.clause in r.clauses for c in result.checks)
    text = result.explain()
    assert rule_id in text and result.outcome in text
    assert "<table>" in result._repr_html_()
