"""Dated amendments: a parameter with dated `values` (revisions); evaluation applies the value in force on as_of.

Every amendment here is a TEST FIXTURE (tests/core/amended.py): a copy of the bundled rulebook in tmp_path with
an invented revision. The bundled rulebook has none.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

import pytest
from core.amended import FICTIONAL, LABOUR_TARGET, RD_THREE_STAR, revision, write_rulebook
from typer.testing import CliRunner

from zjpolicy import InputError, RulebookError, load_rulebook
from zjpolicy.catalogue import all_rules
from zjpolicy.cli import app
from zjpolicy.rubric import example_park, rate_park
from zjpolicy.rulebook import Rulebook, default_rulebook
from zjpolicy.targets import assess_targets

runner = CliRunner(env={"COLUMNS": "200"})
REVISED = date(2026, 1, 1)


@pytest.fixture(scope="module")
def amended(tmp_path_factory: pytest.TempPathFactory) -> tuple[Rulebook, list[Path]]:
    paths = write_rulebook(
        tmp_path_factory.mktemp("amended"),
        {
            RD_THREE_STAR: [revision(REVISED, "2.5")],
            LABOUR_TARGET: [revision(date(2025, 1, 1), "38"), revision(date(2027, 1, 1), "40", "第二次修订（虚构）")],
        },
    )
    return load_rulebook(paths), paths


def test_the_bundled_rulebook_has_no_dated_values_and_is_its_own_on_any_day():
    rb = default_rulebook()
    assert rb.dated == ()
    assert rb.on(date(2024, 6, 30)) is rb and rb.on(date(1990, 1, 1)) is rb


def test_a_copy_without_amendments_digests_like_the_bundled_rulebook(tmp_path):
    """The fixture's copy is faithful: every rule's digest is the bundled one (so only an amendment changes it)."""
    rb = load_rulebook(write_rulebook(tmp_path))
    bundled = all_rules()
    copied = all_rules(rb)
    assert set(copied) == set(bundled)
    assert {k: r.digest(rb) for k, r in copied.items()} == {k: r.digest(default_rulebook()) for k, r in bundled.items()}


def test_the_value_in_force_is_picked_by_day(amended):
    rb, _ = amended
    assert set(rb.dated) == {LABOUR_TARGET, RD_THREE_STAR}
    p = rb.param(RD_THREE_STAR)
    assert [v.from_ for v in p.values] == [date(2021, 4, 27), REVISED] and p.effective == date(2021, 4, 27)
    assert rb.on(date(2025, 12, 31)).value(RD_THREE_STAR) == Fraction(23, 10)
    assert rb.on(REVISED).value(RD_THREE_STAR) == Fraction(5, 2)
    on = rb.on(date(2030, 1, 1)).param(RD_THREE_STAR)
    assert on.values == () and on.dated is not None and on.dated.reference == FICTIONAL and on.since == REVISED
    periods = rb.param(LABOUR_TARGET).periods()
    assert [(start, end, q.value) for start, end, q in periods] == [
        (date(2022, 8, 30), date(2025, 1, 1), 35),
        (date(2025, 1, 1), date(2027, 1, 1), 38),
        (date(2027, 1, 1), None, 40),
    ]


def test_one_resolved_rulebook_per_period(amended):
    rb, _ = amended
    assert rb.on(date(2026, 3, 1)) is rb.on(date(2026, 11, 30))  # same values in force: one rulebook, its memos
    assert rb.on(date(2024, 3, 1)) is not rb.on(date(2026, 3, 1))
    assert rb.on(date(2026, 3, 1)).on(date(2020, 1, 1)) is rb.on(date(2026, 3, 1))  # resolved: no dated values left


def test_an_unresolved_dated_value_is_never_guessed(amended):
    rb, _ = amended
    with pytest.raises(RulebookError, match=r"dated values.*on\(as_of\)"):
        rb.value(RD_THREE_STAR)
    assert rb.on("2024-06-30") is rb.on(date(2024, 6, 30))  # an ISO day is a day
    with pytest.raises(InputError, match="as_of must be a date"):
        rb.on(datetime(2024, 6, 30, 12))  # a time of day is refused, not truncated


def test_a_rule_applies_the_value_in_force_on_as_of(amended):
    rb, _ = amended
    park = example_park()

    def threshold(as_of: date, rulebook: Rulebook | None) -> Fraction:
        r = rate_park(park, as_of=as_of, rulebook=rulebook)
        return next(c.threshold for c in r.checks if c.parameter == RD_THREE_STAR)

    assert threshold(date(2025, 12, 31), rb) == Fraction(23, 10) == threshold(date(2025, 12, 31), None)
    assert threshold(REVISED, rb) == Fraction(5, 2)


def test_the_digest_covers_the_value_used_only(amended):
    """Before the revision, the digest is the bundled one (adding a revision leaves old decisions standing)."""
    rb, _ = amended
    park = example_park()
    before = date(2024, 6, 30)
    assert (
        rate_park(park, as_of=before, rulebook=rb).parameters_digest == rate_park(park, as_of=before).parameters_digest
    )
    after = date(2026, 6, 30)
    assert rate_park(park, as_of=after, rulebook=rb).parameters_digest != rate_park(park, as_of=after).parameters_digest


def test_assess_targets_applies_the_value_in_force(amended):
    rb, _ = amended
    stats = {"go.1.2.labour_productivity": {2025: "36 万元/人", 2027: "39 万元/人"}}
    cid = "go.1.2.labour_productivity"
    bundled = assess_targets(stats, year=2025, clauses=[cid])[cid]
    revised = assess_targets(stats, year=2025, rulebook=rb, clauses=[cid])[cid]
    assert bundled.status.value == "met" and revised.status.value == "not met"
    assert revised.target == 38 and bundled.target == 35
    early = assess_targets(stats, year=2025, as_of=date(2024, 12, 31), rulebook=rb, clauses=[cid])[cid]
    assert early.target == 35


def test_an_override_of_a_dated_parameter_holds_on_every_day(amended):
    rb, _ = amended
    what_if = rb.with_overrides({RD_THREE_STAR: "2.4"})
    assert RD_THREE_STAR not in what_if.dated
    for day in (date(2024, 1, 1), date(2030, 1, 1)):
        assert what_if.on(day).value(RD_THREE_STAR) == Fraction(12, 5)
    r = rate_park(example_park(), as_of=date(2030, 1, 1), rulebook=rb, overrides={RD_THREE_STAR: "2.4"})
    assert next(c.threshold for c in r.checks if c.parameter == RD_THREE_STAR) == Fraction(12, 5)


def test_in_force_on_says_since_and_until(amended):
    rb, _ = amended
    f = rb.in_force_on(date(2025, 6, 1), (LABOUR_TARGET,))[LABOUR_TARGET]
    assert (f.parameter.value, f.since, f.until, f.reference) == (38, date(2025, 1, 1), date(2027, 1, 1), FICTIONAL)
    assert rb.in_force_on(date(2020, 1, 1), (LABOUR_TARGET,)) == {}  # the document is not in force yet


# ------------------------------------------------------------------ the file format


DOC = """
document: {key: test-doc, prefix: td, title: 测试, issuer: 测试, effective: 2022-08-30, last_reviewed: 2026-11-23, source: x.txt}
clauses:
  - id: td.10.3.green_channel
    section: 十（三）
    title: 绿色通道
    title_en: Green channel
    kind: threshold
    text: 对单位工业增加值能耗低于0.52吨标准煤/万元的新上项目……
    parameters:
      - name: max_intensity
        label: 单位工业增加值能耗
        unit: tce/万元
        comparison: lt
        word: 低于
"""


def load(tmp_path: Path, param_lines: str) -> Rulebook:
    p = tmp_path / "doc.yaml"
    p.write_text(DOC + "".join(f"        {line}\n" for line in param_lines.strip().splitlines()), encoding="utf-8")
    return load_rulebook([p])


def test_values_load_and_effective_defaults_to_the_first_day(tmp_path):
    rb = load(
        tmp_path,
        """
values:
  - {from: 2022-08-30, value: 0.52}
  - {from: 2026-01-01, value: 0.5, reference: 测试修订, note: invented}
""",
    )
    p = rb.param("td.10.3.green_channel.max_intensity")
    assert p.effective == date(2022, 8, 30) and [v.value for v in p.values] == [Fraction(13, 25), Fraction(1, 2)]
    rb = load(tmp_path, "values: [{from: 2023-01-01, value: 0.52}]")
    assert rb.param("td.10.3.green_channel.max_intensity").effective == date(2023, 1, 1)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("value: 0.52\nvalues: [{from: 2022-08-30, value: 0.5}]", "not both"),
        ("values: [{from: 2022-08-30, value: 0.52}, {from: 2022-08-30, value: 0.5}]", "date order"),
        ("values: [{from: 2024-01-01, value: 0.52}, {from: 2023-01-01, value: 0.5}]", "date order"),
        ("effective: 2022-08-30\nvalues: [{from: 2023-01-01, value: 0.52}]", "same day"),
        ("until: 2025-01-01\nvalues: [{from: 2022-08-30, value: 0.52}, {from: 2025-01-01, value: 0.5}]", "until"),
        ("values: [{from: 2022-08-30, value: 0.52}, {from: 2025-01-01}]", "needs a value"),
        ("values: [{from: 2022-08-30, value: 0.52, amount: 3}]", "amount"),
        ("values: [{value: 0.52}]", "from"),
        ("values: []", "needs a value"),
        ("values: 0.52", "values"),
        ("values: [{from: 2022-08-30, value: 1e99}]", "out of range"),
    ],
)
def test_malformed_values_name_the_parameter(tmp_path, lines, message):
    with pytest.raises(RulebookError, match=message) as e:
        load(tmp_path, lines)
    assert "max_intensity" in str(e.value) or "parameter #1" in str(e.value)


# ------------------------------------------------------------------ the command line


def cli(*args: str) -> str:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout


def test_params_lists_what_is_in_force_with_citations(amended):
    _, paths = amended
    files = [a for p in paths for a in ("--rulebook", str(p))]
    out = json.loads(cli("params", "--as-of", "2026-06-30", "--id", "dp.3.2.row06", "-f", "json", *files))
    by_id = {e["id"]: e for e in out["parameters"]}
    e = by_id[RD_THREE_STAR]
    assert (e["value"], e["since"], e["reference"]) == ("2.5", "2026-01-01", FICTIONAL)
    assert e["citation"]["section"] and e["citation"]["clause"] == "dp.3.2.row06_rd_intensity" and e["citation"]["text"]
    assert by_id["dp.3.2.row06_rd_intensity.four_star"]["since"] == "2021-04-27"
    table = cli("params", "--as-of", "2026-06-30", "--id", "dp.3.2.row06", *files)
    assert "2.5 percent" in table and FICTIONAL in table and "3 parameters in force on 2026-06-30" in table
    bundled = json.loads(cli("params", "--as-of", "2026-06-30", "--id", "dp.3.2.row06", "-f", "json"))
    assert {e["id"]: e["value"] for e in bundled["parameters"]}[RD_THREE_STAR] == "2.3"


def test_params_diff_names_what_changed_between_two_days(amended):
    _, paths = amended
    files = [a for p in paths for a in ("--rulebook", str(p))]
    out = json.loads(cli("params", "diff", "2024-06-30", "2027-06-30", "-f", "json", *files))
    changed = {c["id"]: (c["before"]["value"], c["after"]["value"], c["after"]["reference"]) for c in out["changed"]}
    assert changed == {RD_THREE_STAR: ("2.3", "2.5", FICTIONAL), LABOUR_TARGET: ("35", "40", "第二次修订（虚构）")}
    assert out["added"] == out["removed"] == []
    table = cli("params", "diff", "2024-06-30", "2027-06-30", *files)
    assert "2 parameters differ" in table and "2.3 percent" in table and "2.5 percent" in table
    assert "no parameter differs" in cli("params", "diff", "2024-06-30", "2025-06-30", "--id", "dp", *files)
    # the bundled rulebook: parameters come into force with their document, and none is revised
    out = json.loads(cli("params", "diff", "2022-01-01", "2024-01-01", "-f", "json"))
    assert out["changed"] == [] and out["removed"] == [] and out["added"]
    assert all(e["citation"]["document"] == "guiding-opinions-2022" for e in out["added"])


@pytest.mark.parametrize(
    "args",
    [
        ["params", "--as-of", "2024-02-30"],
        ["params", "--doc", "nope"],
        ["params", "diff", "2024-01-01", "yesterday"],
        ["params", "--rulebook", "/nonexistent/rulebook.yaml"],
        ["params", "diff", "2024-01-01", "2025-01-01", "--rulebook", "/nonexistent/rulebook.yaml"],
    ],
)
def test_params_errors_are_one_line(args):
    r = runner.invoke(app, args)
    assert r.exit_code == 2 and r.stdout == ""
    assert len(r.stderr.splitlines()) == 1 and r.stderr.startswith("error: "), r.stderr


def test_a_broken_rulebook_file_is_one_line(tmp_path):
    for text in (
        "clauses: 3\ndocument: {}\n",
        "[1, 2",
        "document: {key: x}\nclauses: []\nreadings: [1]\n",
        "a: 2022-02-30\n",
    ):
        p = tmp_path / "bad.yaml"
        p.write_text(text, encoding="utf-8")
        r = runner.invoke(app, ["params", "--rulebook", str(p)])
        assert r.exit_code == 2 and len(r.stderr.splitlines()) == 1 and "bad.yaml" in r.stderr, (text, r.output)
