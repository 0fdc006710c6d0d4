"""The rulebook: both documents load, malformed files fail with their path and entry, overrides copy."""

import ast
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

import zjpolicy
from zjpolicy import OverrideError, RulebookError, load_rulebook
from zjpolicy.rulebook import default_rulebook, normalize_section

GOOD_DOC = """
document: {key: test-doc, prefix: td, title: 测试, issuer: 测试, effective: 2022-08-30, last_reviewed: 2026-11-23, source: x.txt}
clauses:
  - id: td.10.3.green_channel
    section: 十（三）
    title: 绿色通道
    title_en: Green channel
    kind: threshold
    text: 对单位工业增加值能耗低于0.52吨标准煤/万元的新上项目……
    parameters:
      - {name: max_intensity, label: 单位工业增加值能耗, value: 0.52, unit: tce/万元, comparison: lt, word: 低于}
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "doc.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_both_documents_load_with_every_clause():
    rb = default_rulebook()
    assert set(rb.documents) == {"guiding-opinions-2022", "demo-park-plan"}
    by_doc = {k: len(d.clauses) for k, d in rb.documents.items()}
    assert by_doc["demo-park-plan"] >= 30 and by_doc["guiding-opinions-2022"] >= 75
    assert len(rb.clauses) == sum(by_doc.values())


@pytest.mark.clause("go.10.3.green_channel")
def test_numbers_are_exact_after_loading():
    rb = default_rulebook()
    assert rb.value("go.10.3.green_channel.max_intensity") == Fraction(13, 25)
    assert rb.value("go.7.2.manufacturing_project_share.min_share") == Fraction(1, 3)
    assert rb.value("dp.3.2.row06_rd_intensity.three_star") == Fraction(23, 10)


def test_named_lists_are_data():
    rb = default_rulebook()
    assert len(rb.clause("go.2.2.characteristic_clusters").items) == 15
    assert len(rb.clause("go.2.1.world_class_groups").items) == 4
    assert rb.clause("go.6.1.carbon_peak_industries").items == ("钢铁", "建材", "石化", "化工", "造纸", "化纤", "纺织")
    rows = [c for c in rb.clauses.values() if c.kind == "rubric"]
    assert [c.table_row for c in rows] == list(range(1, 12))


def test_every_clause_cites_its_sentence_and_section():
    for c in default_rulebook().clauses.values():
        assert c.text and c.section and c.section_normalized
        assert c.id.startswith(("go.", "dp.")) and c.section_normalized in c.id
        for p in c.parameters:
            assert p.word and p.effective and p.last_reviewed


@pytest.mark.parametrize(
    "written, normalized",
    [("十（四）", "10.4"), ("一（二）", "1.2"), ("三、2.", "3.2"), ("四", "4"), ("十二（十一）", "12.11")],
)
def test_section_normalization(written, normalized):
    assert normalize_section(written) == normalized


def test_good_file_loads(tmp_path):
    rb = load_rulebook([write(tmp_path, GOOD_DOC)])
    assert rb.value("td.10.3.green_channel.max_intensity") == Fraction(13, 25)


@pytest.mark.parametrize(
    "change, message",
    [
        (("comparison: lt", "comparison: below"), "comparison"),
        (("unit: tce/万元", "unit: blorbs/万元"), "unknown unit"),
        (("value: 0.52, ", ""), "needs a value"),
        (("id: td.10.3.green_channel", "id: td.9.3.green_channel"), "id must look like td.10.3."),
        (("section: 十（三）", "section: 第十条"), "cannot normalize section"),
        (("kind: threshold", "kind: threshold\n    colour: red"), "colour"),
        (("    title_en: Green channel\n", ""), "title_en"),
    ],
)
def test_malformed_file_names_path_and_entry(tmp_path, change, message):
    p = write(tmp_path, GOOD_DOC.replace(*change))
    with pytest.raises(RulebookError) as e:
        load_rulebook([p])
    assert str(p) in str(e.value) and message in str(e.value)
    assert "td.10.3.green_channel" in str(e.value) or "td.9.3.green_channel" in str(e.value)


def test_not_yaml_and_duplicates(tmp_path):
    with pytest.raises(RulebookError, match="not valid YAML"):
        load_rulebook([write(tmp_path, "document: [unclosed")])
    p2 = tmp_path / "b.yaml"
    p2.write_text(GOOD_DOC.replace("test-doc", "test-doc-2"), encoding="utf-8")
    with pytest.raises(RulebookError, match="duplicate clause id"):
        load_rulebook([write(tmp_path, GOOD_DOC), p2])


@pytest.mark.clause("go.10.3.green_channel")
def test_overrides_make_a_new_rulebook_and_never_mutate():
    rb = default_rulebook()
    pid = "go.10.3.green_channel.max_intensity"
    d0 = rb.digest((pid,))
    rb2 = rb.with_overrides({pid: "0.50 tce/万元"})
    assert rb2.value(pid) == Fraction(1, 2) and rb.value(pid) == Fraction(13, 25)
    assert rb2.overrides == {pid: "0.5"} and rb.overrides == {}
    assert rb2.digest((pid,)) != d0 and rb.digest((pid,)) == d0
    assert default_rulebook() is rb


def test_override_errors():
    rb = default_rulebook()
    with pytest.raises(OverrideError, match="neither a parameter nor a reading"):
        rb.with_overrides({"go.nope": 1})
    with pytest.raises(OverrideError, match="not one of"):
        rb.with_overrides({"dp.row1_scale": "half"})
    with pytest.raises(OverrideError, match="cannot be converted"):
        rb.with_overrides({"go.10.3.green_channel.max_intensity": "0.5 万元"})


def test_readings_have_defaults_and_rationale():
    rb = default_rulebook()
    assert rb.reading("dp.row1_scale") == "three_star_unset"
    for r in rb.readings.values():
        assert r.rationale and r.applies_to
    assert rb.with_overrides({"dp.row1_scale": "merged_three_four"}).reading("dp.row1_scale") == "merged_three_four"


def test_parameters_carry_freshness():
    p = default_rulebook().param("go.10.4.industrial_land_share.min_share")
    assert p.last_reviewed == date(2026, 11, 23) and p.effective == date(2022, 8, 30)


# the law's numbers must not be typed into code: every rulebook value that is not a trivial
# small integer must be absent from the package's numeric literals
TRIVIAL = {Fraction(n) for n in range(0, 11)} | {Fraction(100)}


def test_no_number_from_the_law_in_code():
    law = {p.value for p in default_rulebook().parameters.values() if p.value is not None} - TRIVIAL
    law |= {Fraction(d.document.effective.year) for d in default_rulebook().documents.values()}
    offenders = []
    for path in Path(zjpolicy.__file__).parent.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            is_number = isinstance(node, ast.Constant) and type(node.value) in (int, float)
            # a number that only happens to equal one of the law's says so where it stands (a TCP port)
            declared = is_number and "# not the law's:" in lines[node.lineno - 1]
            if is_number and not declared and Fraction(str(node.value)) in law:
                offenders.append(f"{path.name}:{node.lineno}: {node.value}")
    assert not offenders, "numbers from the law belong in the rulebook:\n" + "\n".join(offenders)


def test_what_if_rulebooks_are_reused_and_bounded():
    import gc
    import weakref

    from zjpolicy.rulebook import WHAT_IF_CACHE, load_rulebook

    rb = load_rulebook()
    key = "go.10.3.green_channel.max_intensity"
    a = rb.with_overrides({key: "0.5"})
    assert rb.with_overrides({key: "0.5"}) is a  # the same what-if is not rebuilt
    assert rb.with_overrides({key: "0.4"}) is not a
    refs = [weakref.ref(rb.with_overrides({key: f"0.{i:03d}"})) for i in range(1, 200)]
    gc.collect()
    alive = sum(r() is not None for r in refs)
    assert alive <= WHAT_IF_CACHE  # the rest were dropped: memory stays bounded under many what-ifs
