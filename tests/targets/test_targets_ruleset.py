"""Target rules are built per rulebook from declared fields: a clause added or amended in a copy is assessed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from zjpolicy import RulebookError, default_rulebook, load_rulebook
from zjpolicy.errors import UnknownIdError
from zjpolicy.exact import Comparison
from zjpolicy.rulebook import DATA_FILES, Assessment, ClauseKind
from zjpolicy.targets import TargetStatus, assess_targets, covered_clauses, resolve, rules, target_rules
from zjpolicy.targets.ruleset import BODIES

RB = default_rulebook()
GO = "guiding-opinions-2022.yaml"
NEW = "go.4.2.test_new_target"
NEW_CLAUSE = f"""
  - id: {NEW}
    section: 四（二）
    title: 测试用新增目标
    title_en: A target added in a copy of the rulebook (test only)
    kind: target
    text: 到2025年，建设测试工厂7家以上。
    parameters:
      - name: target
        label: 测试工厂数
        value: 7
        unit: 家
        comparison: ge
        word: 建设……以上
        year: 2025
        basis: level
"""


def copy_rulebook(tmp_path: Path, *, add: str = "", amend: tuple[str, str, str] | None = None) -> list[Path]:
    """Both bundled YAML files copied into tmp_path; `add` appended to the guiding opinions' clauses, and
    `amend` = (clause id, old text, new text) replaced once inside that clause."""
    pkg = resources.files("zjpolicy.rulebook")
    paths = []
    for name in DATA_FILES:
        dest = tmp_path / name
        with resources.as_file(pkg.joinpath(name)) as src:
            shutil.copy(src, dest)
        paths.append(dest)
    go = tmp_path / GO
    text = go.read_text(encoding="utf-8")
    if add:
        assert text.count("\nreadings:\n") == 1
        text = text.replace("\nreadings:\n", add + "\nreadings:\n")
    if amend:
        cid, old, new = amend
        start = text.index(f"  - id: {cid}\n")
        end = re.compile(r"\n  - id: |\n  # ──|\nreadings:\n").search(text, start + 1).start()  # type: ignore[union-attr]
        block = text[start:end]
        assert block.count(old) == 1, block
        text = text[:start] + block.replace(old, new) + text[end:]
    go.write_text(text, encoding="utf-8")
    return paths


def one(clause, stats, year, **kw):
    return assess_targets(stats, year=year, clauses=[clause], **kw)[clause]


# ---------------------------------------------------------------- built per rulebook, on demand


def test_importing_the_package_loads_no_rulebook():
    code = (
        "import zjpolicy.targets\n"
        "from zjpolicy.rulebook import default_rulebook\n"
        "assert default_rulebook.cache_info().currsize == 0, 'the bundled rulebook was loaded at import'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_clause_added_in_a_copy_is_assessed_with_no_code_change(tmp_path):
    rb = load_rulebook(copy_rulebook(tmp_path, add=NEW_CLAUSE))
    assert NEW in target_rules(rb) and any(r.id == f"targets.{NEW}" for r in rules(rb))
    met = one(NEW, {NEW: {2025: "7 家"}}, 2025, rulebook=rb)
    short = one(NEW, {NEW: {2025: "6 家"}}, 2025, rulebook=rb)
    early = one(NEW, {NEW: {2024: "5 家"}}, 2024, rulebook=rb)
    assert met.status is TargetStatus.met and met.target == 7 and met.unit == "家" and met.target_year == 2025
    assert short.status is TargetStatus.not_met and short.gap == 1
    assert early.status is TargetStatus.not_yet_due and early.years_left == 1 and early.needed_per_year == 2
    assert met.rule == f"targets.{NEW}" and met.rule_version == BODIES[Assessment.goal].version  # no revision applies
    assert met.citations[0].text == "到2025年，建设测试工厂7家以上。"
    # its slug is an alias, in that rulebook only
    assert resolve("test_new_target", rb).key == NEW
    assert one(NEW, {"test_new_target": {2025: 8}}, 2025, rulebook=rb).status is TargetStatus.met
    # the whole report covers it too, in rulebook order
    assert NEW in [r.clause for r in assess_targets({}, year=2025, rulebook=rb).results]


def test_the_bundled_rulebook_does_not_know_the_added_clause():
    assert NEW not in target_rules()
    with pytest.raises(UnknownIdError, match="target clause"):
        assess_targets({}, year=2025, clauses=[NEW])


@pytest.mark.clause("go.4.2.future_factories")
def test_a_clause_amended_in_a_copy_is_assessed_with_the_new_value(tmp_path):
    c = "go.4.2.future_factories"
    rb = load_rulebook(copy_rulebook(tmp_path, amend=(c, "value: 100\n", "value: 120\n")))
    assert one(c, {c: {2025: "119 家"}}, 2025).status is TargetStatus.met  # the law: 100
    amended = one(c, {c: {2025: "119 家"}}, 2025, rulebook=rb)
    assert amended.status is TargetStatus.not_met and amended.target == 120 and amended.gap == 1
    assert one(c, {c: {2025: "120 家"}}, 2025, rulebook=rb).status is TargetStatus.met
    assert amended.parameters_digest != one(c, {c: {2025: "119 家"}}, 2025).parameters_digest


def test_rules_are_kept_on_their_rulebook():
    c = "go.4.2.future_factories"
    assert target_rules()[c] is target_rules()[c]
    what_if = RB.with_overrides({"go.4.2.future_factories.target": "50 家"})
    assert target_rules(what_if)[c] is target_rules(what_if)[c] is not target_rules()[c]


# ---------------------------------------------------------------- the body is the declared assessment


def test_each_rule_runs_the_body_of_its_declared_assessment():
    for cid, r in target_rules().items():
        assert r.version == BODIES[RB.clause(cid).assessment].version_for(RB.clause(cid))
    assert set(BODIES) == set(Assessment)


def test_what_the_yaml_declares():
    declared = {c.id: c.assessment for c in covered_clauses()}
    assert declared["go.1.2.energy_intensity_reduction"] is Assessment.base_year_reduction
    trends = {cid for cid, a in declared.items() if a is Assessment.trend}
    assert trends == {c.id for c in covered_clauses() if c.kind is ClauseKind.trend}
    coverage = {cid for cid, a in declared.items() if a is Assessment.coverage}
    # every goal the text words 全覆盖 is declared a coverage (the words are checked here, never in the engine)
    assert coverage == {c.id for c in covered_clauses() if "全覆盖" in c.parameters[0].word}


@pytest.mark.clause("go.3.1.rd_activity_coverage")
def test_coverage_is_a_declared_nature_not_a_word(tmp_path):
    c = "go.3.1.rd_activity_coverage"
    assert "coverage" in one(c, {c: {2025: "100%"}}, 2025).nature
    rb = load_rulebook(copy_rulebook(tmp_path, amend=(c, "    assessment: coverage\n", "")))
    r = one(c, {c: {2025: "100%"}}, 2025, rulebook=rb)
    assert "coverage" not in r.nature and r.status is TargetStatus.met  # the word 全覆盖 alone decides nothing


def test_a_trend_clause_must_declare_the_trend_assessment(tmp_path):
    c = "go.5.1.global_500_enterprises"
    rb = load_rulebook(copy_rulebook(tmp_path, amend=(c, "    assessment: trend\n", "")))
    with pytest.raises(RulebookError, match="assessment: trend"):
        target_rules(rb)


def test_a_base_year_reduction_needs_its_base_year(tmp_path):
    clause = NEW_CLAUSE.replace("    kind: target\n", "    kind: target\n    assessment: base_year_reduction\n")
    rb = load_rulebook(copy_rulebook(tmp_path, add=clause))
    with pytest.raises(RulebookError, match="base_year"):
        one(NEW, {NEW: {2025: "7 家"}}, 2025, rulebook=rb)


# ---------------------------------------------------------------- one named reading for a figure with no 以上

BARE = "go.bare_count_is_minimum"


def test_the_bare_count_reading_replaces_the_repeated_note():
    r = RB.reading_def(BARE)
    assert r.kind == "comparison" and r.default == "ge" and set(r.choices) == {"ge", "eq"} and r.rationale
    users = {c.id for c in RB.clauses.values() if BARE in c.readings}
    assert users == set(r.applies_to) and len(users) >= 27
    assert not [p.id for p in RB.parameters.values() if "no 以上 is read as" in (p.note or "")]
    for cid in users:  # only goals whose word has no 以上
        assert all("以上" not in p.word for p in RB.clause(cid).parameters), cid


@pytest.mark.clause("go.4.2.future_factories")
def test_overriding_the_bare_count_reading_to_exactly_changes_the_verdict():
    c = "go.4.2.future_factories"
    at_least = one(c, {c: {2025: "101 家"}}, 2025)
    exactly = one(c, {c: {2025: "101 家"}}, 2025, overrides={BARE: "eq"})
    assert at_least.status is TargetStatus.met and at_least.comparison is Comparison.ge
    assert exactly.status is TargetStatus.not_met and exactly.comparison is Comparison.eq
    assert exactly.checks[0].comparison is Comparison.eq and exactly.checks[0].met is False
    assert exactly.gap == 1  # one more than the figure
    assert [(u.id, u.value, u.is_default) for u in exactly.readings] == [(BARE, "eq", False)]
    assert one(c, {c: {2025: "100 家"}}, 2025, overrides={BARE: "eq"}).status is TargetStatus.met


# ---------------------------------------------------------------- errors and layout


def test_unknown_and_delegated_clauses_are_unknown_ids():
    with pytest.raises(UnknownIdError) as e:
        assess_targets({}, year=2025, clauses=["go.9.9.nothing"])
    assert isinstance(e.value, KeyError)
    with pytest.raises(UnknownIdError, match="rubric"):
        assess_targets({}, year=2025, clauses=["dp.1.2.park_tax_per_mu"])
    with pytest.raises(UnknownIdError, match="result"):
        assess_targets({}, year=2025, clauses=["go.4.2.future_factories"])["go.4.2.smart_factories"]


def test_no_module_of_the_package_is_over_400_lines():
    root = Path(resources.files("zjpolicy.targets"))  # type: ignore[arg-type]
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in root.glob("*.py")}
    assert max(sizes.values()) <= 400, sizes
