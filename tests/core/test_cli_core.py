import json

from typer.testing import CliRunner

import zjpolicy
from zjpolicy.cli import app
from zjpolicy.rulebook import default_rulebook

runner = CliRunner()


def test_version():
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.strip() == f"zjpolicy {zjpolicy.__version__}"


def test_clauses_json_lists_every_clause_with_traceability():
    r = runner.invoke(app, ["clauses", "--format", "json"])
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert data["count"] == len(default_rulebook().clauses)
    row = next(c for c in data["clauses"] if c["id"] == "dp.3.2.row08_tax_per_mu")
    assert row["status"] == "implemented" and "rubric.rate_park@1.1.0" in row["implemented_by"]
    assert row["parameters"][0]["value"] == "30" and row["parameters"][0]["unit"] == "万元/亩"
    assert row["law_value_checks"] and row["boundary_cases"] and row["independently_checked"] is True
    assert data["excluded"]["guiding-opinions-2022"]


def test_clauses_by_document_and_table():
    r = runner.invoke(app, ["clauses", "--doc", "demo-park-plan", "-f", "json"])
    assert all(c["document"] == "demo-park-plan" for c in json.loads(r.output)["clauses"])
    r = runner.invoke(app, ["clauses", "--doc", "demo-park-plan"])
    assert r.exit_code == 0 and "dp.3.2.row08_tax_per_mu" in r.output
    r = runner.invoke(app, ["clauses", "--doc", "nope"])
    assert r.exit_code == 2 and "unknown document" in r.stderr and r.stdout == ""


def test_schema_is_json_schema():
    import jsonschema

    r = runner.invoke(app, ["schema", "ParkIndicators"])
    schema = json.loads(r.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["tax_per_mu"]["anyOf"]


def test_replay_command(tmp_path):
    out = runner.invoke(app, ["rate", "--example", "example-park", "--as-of", "2024-06-30", "-f", "json"])
    p = tmp_path / "decision.json"
    p.write_text(out.output, encoding="utf-8")
    r = runner.invoke(app, ["replay", str(p)])
    assert r.exit_code == 0 and "same" in r.output
    data = json.loads(out.output)
    data["stars"] = 0
    p.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = runner.invoke(app, ["replay", str(p)])
    assert r.exit_code == 1 and "differs" in r.output
