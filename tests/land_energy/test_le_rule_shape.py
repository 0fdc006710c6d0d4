"""One rule shape: declared tests, cited checks, the law quoted once, nested error locations, rulebook defects.

Package-wide checks of `zjpolicy.land_energy` (each test names the clauses it evaluates).
"""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest

import zjpolicy.land_energy as le
import zjpolicy.rulebook
from zjpolicy import InputError, RulebookError, UnitError, default_rulebook
from zjpolicy.rulebook import load_rulebook
from zjpolicy.rules import Rule

PKG = Path(le.__file__).parent
BOOK = Path(zjpolicy.rulebook.__file__).parent
AS_OF = date(2025, 1, 15)
RULES = {r.id: r for r in le.rules()}
CLAUSES = sorted({c for r in RULES.values() for c in r.clauses})
every_clause = pytest.mark.clause(*CLAUSES)

# rule -> check name (before any "@group") -> (indicator, parameter); None: a yes/no condition or an input's cap
SHAPES = {
    "land_energy.green_channel": {
        "intensity": ("intensity", "go.10.3.green_channel.max_intensity"),
        "new_project": ("new_project", None),
        "dual_control": ("dual_control", None),
    },
    "land_energy.assessed_energy": {"total_cap": ("assessed_consumption", None)},
    "land_energy.industrial_land_share": {
        "industrial_land_share": ("industrial_land_share", "go.10.4.industrial_land_share.min_share")
    },
    "land_energy.gai_yi_bu_yi": {
        "compensation_ratio": ("compensation_ratio", "go.10.4.gai_yi_bu_yi.compensation_ratio")
    },
    "land_energy.freed_land_use": {
        "industrial_use_share": ("industrial_use_share", "go.10.4.freed_land_industrial_use.industrial_use_share")
    },
    "land_energy.major_project_priority": {
        "investment": ("investment", "go.10.4.major_project_priority.min_investment"),
        "manufacturing": ("manufacturing", None),
    },
    "land_energy.land_quota": {"allocated": ("allocated", "go.10.4.land_quota_incentive.annual_pool")},
    "land_energy.plot_ratio": {"plot_ratio": ("plot_ratio", "go.7.1.plot_ratio.min_plot_ratio")},
    "land_energy.manufacturing_project_share": {
        "manufacturing_project_share": ("manufacturing_project_share", "go.7.2.manufacturing_project_share.min_share")
    },
}

# one passing and one failing call per rule (and the per_project scope of 改一补一)
CASES = [
    ("land_energy.green_channel", {"intensity": "0.4", "new_project": True, "dual_control": "on-track"}, None),
    (
        "land_energy.green_channel",
        {"energy_use": "5200 tce", "value_added": "1 亿元", "new_project": False, "dual_control": "off-track"},
        None,
    ),
    ("land_energy.assessed_energy", {"year": 2024, "total_consumption": "1000", "total_cap": "1000"}, None),
    ("land_energy.assessed_energy", {"year": 2024, "total_consumption": "1000", "total_cap": "999"}, None),
    (
        "land_energy.industrial_land_share",
        {"year": 2024, "industrial_area": "3 公顷", "non_industrial_area": "105 亩"},
        None,
    ),
    ("land_energy.industrial_land_share", {"year": 2024, "industrial_area": "29", "total_area": "100"}, None),
    (
        "land_energy.gai_yi_bu_yi",
        {"entries": [{"parcel_id": "A", "date": "2024-01-02", "changed_out": "1", "compensation": "1"}]},
        None,
    ),
    (
        "land_energy.gai_yi_bu_yi",
        {
            "entries": [
                {"parcel_id": "A", "date": "2024-01-02", "changed_out": "1"},
                {"parcel_id": "B", "date": "2024-01-02", "compensation": "1"},
            ]
        },
        {"go.gai_yi_bu_yi_scope": "per_project"},
    ),
    ("land_energy.freed_land_use", {"freed_area": "10", "industrial_area": "10"}, None),
    ("land_energy.freed_land_use", {"freed_area": "10", "industrial_area": "9"}, None),
    ("land_energy.major_project_priority", {"investment": "10 亿元", "manufacturing": True}, None),
    ("land_energy.major_project_priority", {"investment": "9 亿元", "manufacturing": False}, None),
    ("land_energy.land_quota", {"year": 2024, "allocations": [{"recipient": "a", "area": "200 公顷"}]}, None),
    ("land_energy.land_quota", {"year": 2024, "allocations": [{"recipient": "a", "area": "200.01 公顷"}]}, None),
    ("land_energy.plot_ratio", {"floor_area": "15 公顷", "land_area": "10 公顷"}, None),
    ("land_energy.plot_ratio", {"plot_ratio": "1.49"}, None),
    ("land_energy.manufacturing_project_share", {"year": 2024, "manufacturing_projects": 1, "total_projects": 3}, None),
    (
        "land_energy.manufacturing_project_share",
        {"year": 2024, "projects": [{"name": "a", "manufacturing": False}]},
        None,
    ),
]


@every_clause
def test_the_catalogue_lists_every_rule_once():
    assert set(RULES) == set(SHAPES) and len(le.rules()) == len(RULES)
    assert all(isinstance(r, Rule) for r in le.rules())


@every_clause
@pytest.mark.parametrize(("rule_id", "inputs", "overrides"), CASES, ids=[f"{c[0]}#{i}" for i, c in enumerate(CASES)])
def test_checks_carry_indicator_and_parameter(rule_id, inputs, overrides):
    r = RULES[rule_id]
    result = r(inputs, as_of=AS_OF, overrides=overrides)
    assert result.checks
    shape = {c.name.split("@")[0]: (c.indicator, c.parameter) for c in result.checks}
    assert shape.items() <= SHAPES[rule_id].items()
    for c in result.checks:
        assert c.indicator, f"{rule_id}: check {c.name} has no indicator"
        assert c.clause in r.clauses
        if c.parameter is not None:
            p = default_rulebook().param(c.parameter)
            assert (c.threshold, c.comparison, c.word, c.unit) == (p.value, p.comparison, p.word, p.unit)
    for t in r.tests:  # every declared test is applied, under its own name
        assert t.name in {c.name for c in result.checks}


@every_clause
def test_failing_outcomes_say_which_test_and_by_how_much():
    r = le.green_channel(
        {"energy_use": "5200 tce", "value_added": "1 亿元", "new_project": True, "dual_control": "on-track"},
        as_of=AS_OF,
    )
    assert "not below (低于) 0.52 tce/万元" in r.outcome and "低于 is strict" in r.outcome
    r = le.plot_ratio({"park": "某园区", "plot_ratio": "1.4"}, as_of=AS_OF)
    assert r.outcome.startswith("某园区") and "园区综合容积率 1.4" in r.outcome and "short by 0.1" in r.outcome
    r = le.manufacturing_project_share({"year": 2024, "manufacturing_projects": 1, "total_projects": 4}, as_of=AS_OF)
    assert "short by 1/12" in r.outcome and "1 more needed" in r.outcome
    r = le.major_project_priority({"investment": "12 亿元", "manufacturing": False}, as_of=AS_OF)
    assert "制造业项目" in r.outcome and "投资额" not in r.outcome  # only the failed condition is named


# ----------------------------------------------------------------------------- the law, quoted once


@every_clause
def test_each_rule_quotes_its_sentence_once_as_the_rulebook_holds_it():
    rb = default_rulebook()
    sources = {p.name: p.read_text(encoding="utf-8") for p in PKG.glob("*.py")}
    for rid, r in RULES.items():
        clause = rb.clause(r.clauses[0])
        assert r.__doc__.splitlines()[0] == f"{clause.text} ({clause.section})", rid
        hits = [name for name, text in sources.items() for _ in re.finditer(re.escape(clause.text), text)]
        assert len(hits) == 1, f"{clause.id}: the sentence appears {len(hits)} times ({hits})"
    for name, text in sources.items():
        assert not re.search("[\uff10-\uff19]", text), f"{name}: full-width digits (quote the rulebook's ASCII text)"


# ----------------------------------------------------------------------------- layout


@every_clause
def test_package_layout():
    modules = {p.stem for p in PKG.glob("*.py")}
    assert modules == {
        "__init__",
        "inputs",
        "land_inputs",
        "results",
        "green_channel",
        "energy",
        "land",
        "investment",
        "lists",
        "cli",
    }
    for p in PKG.glob("*.py"):
        assert len(p.read_text(encoding="utf-8").splitlines()) <= 400, f"{p.name} is over 400 lines"
    for stem in ("green_channel", "energy", "land", "investment"):
        tree = ast.parse((PKG / f"{stem}.py").read_text(encoding="utf-8"))
        defs = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
        assert all(
            isinstance(n, ast.FunctionDef)
            and any(isinstance(d, ast.Call) and getattr(d.func, "id", "") == "rule" for d in n.decorator_list)
            for n in defs
        ), stem
    for p in PKG.glob("*.py"):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Assert)], f"{p.name}: assert guards data"
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names
        }
        assert "check_from_param" not in names and "PydanticCustomError" not in names, p.name


@every_clause
def test_public_names_are_those_of_0_1():
    assert sorted(le.__all__) == sorted(
        [
            "Allocation",
            "Deduction",
            "DualControlStatus",
            "EnergyAccount",
            "EnergyAssessmentResult",
            "FreedLand",
            "FreedLandResult",
            "GaiYiBuYiResult",
            "GreenChannelProject",
            "GreenChannelResult",
            "IndustrialLandShareResult",
            "LandLedger",
            "LandQuotaResult",
            "LandSupply",
            "LedgerEntry",
            "MajorProject",
            "MajorProjectResult",
            "ParkPlotRatio",
            "PlotRatioResult",
            "Project",
            "ProjectPortfolio",
            "ProjectShareResult",
            "QuotaAllocations",
            "UnbalancedGroup",
            "assessed_energy",
            "carbon_peak_industries",
            "freed_land_use",
            "gai_yi_bu_yi",
            "green_channel",
            "industrial_land_share",
            "is_high_energy_industry",
            "land_quota",
            "major_project_priority",
            "manufacturing_project_share",
            "plot_ratio",
        ]
    )
    assert all(hasattr(le, n) for n in le.__all__)


# ----------------------------------------------------------------------------- nested locations


def entry(**kw):
    return {"parcel_id": "A", "date": "2024-05-01", **kw}


@pytest.mark.clause("go.10.4.gai_yi_bu_yi")
def test_a_bad_unit_inside_a_ledger_entry_names_the_entry():
    with pytest.raises(UnitError) as ei:
        le.gai_yi_bu_yi({"entries": [entry(changed_out="1 tce")]}, as_of=AS_OF)
    assert ei.value.field == "entries[0].changed_out"
    assert ei.value.expected_unit == "亩" and ei.value.clause == "go.10.4.gai_yi_bu_yi"
    assert "entries[0].changed_out" in str(ei.value)
    with pytest.raises(InputError) as ei:
        le.gai_yi_bu_yi(
            {"entries": [entry(changed_out="1"), entry(parcel_id="B", compensation="-1 公顷")]}, as_of=AS_OF
        )
    assert ei.value.field == "entries[1].compensation"
    with pytest.raises(InputError) as ei:  # a ledger-level check still names the entry
        le.gai_yi_bu_yi(
            {"period_end": "2024-12-31", "entries": [entry(changed_out="1"), entry(date="2025-01-01")]}, as_of=AS_OF
        )
    assert ei.value.field == "entries[1].date"


@pytest.mark.clause("go.10.4.land_quota_incentive")
def test_a_bad_unit_inside_an_allocation_names_the_allocation():
    with pytest.raises(UnitError) as ei:
        le.land_quota(
            {"year": 2024, "allocations": [{"recipient": "a", "area": "1"}, {"recipient": "b", "area": "3 万元"}]},
            as_of=AS_OF,
        )
    assert ei.value.field == "allocations[1].area" and ei.value.expected_unit == "亩"


@pytest.mark.clause("go.7.2.manufacturing_project_share")
def test_a_missing_flag_inside_a_project_list_names_the_project():
    with pytest.raises(InputError) as ei:
        le.manufacturing_project_share(
            {"year": 2024, "projects": [{"name": "a", "manufacturing": True}, {"name": "b"}]}, as_of=AS_OF
        )
    assert ei.value.field == "projects[1].manufacturing"


# ----------------------------------------------------------------------------- a rulebook defect is a RulebookError

WITH_PARAMETER = {rid: shape for rid, shape in SHAPES.items() if any(p for _, p in shape.values())}
SAMPLE = {rid: inputs for rid, inputs, overrides in CASES if overrides is None}  # the last (failing) call per rule


def without_value(tmp_path: Path, clause_id: str) -> object:
    """A copy of the rulebook in which the clause's (first) parameter has no number, only an outside reference."""
    text = (BOOK / "guiding-opinions-2022.yaml").read_text(encoding="utf-8")
    start = text.index(f"  - id: {clause_id}\n")
    m = re.compile(r"^( +)value: .*$", re.M).search(text, start)
    assert m is not None
    copy = tmp_path / "guiding-opinions-2022.yaml"
    copy.write_text(
        text[: m.start()] + f"{m.group(1)}against: 测试用外部参照（无数值）" + text[m.end() :], encoding="utf-8"
    )
    return load_rulebook([copy, BOOK / "demo-park-plan.yaml"])


@every_clause
@pytest.mark.parametrize("rule_id", sorted(WITH_PARAMETER))
def test_a_rulebook_without_a_needed_value_is_a_rulebook_error(tmp_path, rule_id):
    r = RULES[rule_id]
    rb = without_value(tmp_path, r.clauses[0])
    param = next(p for _, p in SHAPES[rule_id].values() if p)
    assert rb.param(param).value is None  # the copy loads: only the number is missing
    with pytest.raises(RulebookError, match=re.escape(param)):
        r(SAMPLE[rule_id], as_of=AS_OF, rulebook=rb)


@every_clause
@pytest.mark.parametrize("rule_id", sorted(rid for rid, r in RULES.items() if r.tests))
def test_a_rulebook_without_a_declared_parameter_is_a_rulebook_error(rule_id):
    r = RULES[rule_id]
    rb = default_rulebook()
    clause = rb.clause(r.clauses[0])
    doc = rb.documents[clause.document]
    bare = clause.model_copy(update={"parameters": ()})
    docs = {
        **rb.documents,
        clause.document: doc.model_copy(
            update={"clauses": tuple(bare if c.id == clause.id else c for c in doc.clauses)}
        ),
    }
    with pytest.raises(RulebookError, match="declares test"):
        r(SAMPLE[rule_id], as_of=AS_OF, rulebook=type(rb)(documents=docs))
