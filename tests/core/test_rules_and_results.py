"""Versioned rules, explained results: in-force dates, audit fields, JSON round trip and replay."""

import json
from datetime import date
from fractions import Fraction

import pytest
from pydantic import BaseModel

import zjpolicy
from zjpolicy import NotInForceError, default_rulebook
from zjpolicy.audit import ReplayMismatch
from zjpolicy.exact import compare
from zjpolicy.results import Check, RuleResult
from zjpolicy.rules import Context, Rule, all_rules, check_from_param

CLAUSE = "go.10.4.industrial_land_share"


class ShareIn(BaseModel):
    share: Fraction


class ShareOut(RuleResult):
    ok: bool


def _body(inp: ShareIn, ctx: Context) -> ShareOut:
    p = ctx.param(f"{CLAUSE}.min_share")
    ok = compare(inp.share, p.comparison, p.value)
    return ShareOut(**ctx.audit(), ok=ok, outcome=str(ok), checks=[check_from_param(p, inp.share, met=ok)])


# built directly, not registered, so it does not join the traceability matrix
share_rule = Rule(
    id="test.share", version="9.9.9", clauses=(CLAUSE,), input_model=ShareIn, result_model=ShareOut, fn=_body
)


@pytest.mark.clause(CLAUSE)
def test_rule_is_in_force_from_the_documents_date():
    start, end = share_rule.in_force()
    assert start == date(2022, 8, 30) and end is None
    with pytest.raises(NotInForceError, match="2022-08-30"):
        share_rule({"share": 40}, as_of=date(2022, 8, 29))
    assert share_rule({"share": 40}, as_of=date(2022, 8, 30)).ok


@pytest.mark.clause(CLAUSE)
def test_until_ends_a_rule(tmp_path):
    rb = default_rulebook()
    doc = rb.documents["guiding-opinions-2022"]
    clauses = tuple(
        c.model_copy(
            update={"parameters": tuple(p.model_copy(update={"until": date(2030, 1, 1)}) for p in c.parameters)}
        )
        if c.id == CLAUSE
        else c
        for c in doc.clauses
    )
    rb2 = type(rb).from_documents([doc.model_copy(update={"clauses": clauses}), rb.documents["demo-park-plan"]])
    assert share_rule.in_force(rb2) == (date(2022, 8, 30), date(2030, 1, 1))
    with pytest.raises(NotInForceError, match="until 2030-01-01"):
        share_rule({"share": 40}, as_of=date(2030, 1, 1), rulebook=rb2)


@pytest.mark.clause(CLAUSE)
def test_result_carries_audit_fields_and_round_trips():
    r = share_rule({"share": 30}, as_of=date(2024, 1, 1))
    assert r.rule == "test.share" and r.rule_version == "9.9.9" and r.package_version == zjpolicy.__version__
    assert r.parameters_digest.startswith("sha256:") and len(r.parameters_digest) == 71
    assert r.citations[0].section == "十（四）" and "30%" in r.citations[0].text
    c = r.checks[0]
    assert (c.value, c.threshold, c.comparison.value, c.met, c.clause) == (30, 30, "ge", True, CLAUSE)
    back = ShareOut.model_validate_json(r.model_dump_json())
    assert back == r
    assert json.loads(r.model_dump_json())["checks"][0]["threshold"] == "30"


@pytest.mark.clause(CLAUSE)
def test_overrides_are_listed_and_change_the_digest():
    base = share_rule({"share": 28}, as_of=date(2024, 1, 1))
    what_if = share_rule({"share": 28}, as_of=date(2024, 1, 1), overrides={f"{CLAUSE}.min_share": "25%"})
    assert not base.ok and what_if.ok
    assert what_if.overrides == {f"{CLAUSE}.min_share": "25"}
    assert what_if.parameters_digest != base.parameters_digest


def test_renderings_show_each_test():
    r = share_rule({"share": "100/3"}, as_of=date(2024, 1, 1))
    text = r.explain()
    assert "≈33.3333" in text and "≥ 30%" in text and CLAUSE in text and r.parameters_digest[:10] in text
    assert "<table>" in r._repr_html_() and CLAUSE in r._repr_html_()
    assert r.__rich__() is not None


def test_registered_rules_have_ids_versions_and_real_clauses():
    clauses = default_rulebook().clauses
    rules = all_rules()
    assert "rubric.rate_park" in rules
    for r in rules.values():
        assert r.version.count(".") == 2
        assert all(c in clauses for c in r.clauses)


def test_replay_of_a_registered_rule_detects_changes():
    from zjpolicy.rubric import example_park, rate_park

    r = rate_park(example_park(), as_of=date(2024, 6, 30))
    assert zjpolicy.replay(r.model_dump_json()) == r
    tampered = json.loads(r.model_dump_json())
    tampered["stars"] = 5
    with pytest.raises(ReplayMismatch) as e:
        zjpolicy.replay(tampered)
    assert "stars" in e.value.differences


def test_check_describes_itself():
    c = Check(
        name="x",
        label="亩均税收",
        value=Fraction(30),
        threshold=Fraction(35),
        unit="万元/亩",
        comparison="ge",
        met=False,
        margin=Fraction(-5),
        clause="dp.3.2.row08_tax_per_mu",
    )
    assert c.describe() == "亩均税收: 30 ≥ 35 万元/亩 — NOT met"
