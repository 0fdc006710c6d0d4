"""Targets, the clause inventory, parameters in force on a date, input schemas, and replay of a stored decision."""

from __future__ import annotations

import copy
from typing import Any

import pytest

pytest.importorskip("fastapi")

from zjpolicy.api.examples import rule_examples, targets_example
from zjpolicy.catalogue import all_rules
from zjpolicy.rubric import ParkIndicators
from zjpolicy.rulebook import default_rulebook
from zjpolicy.targets import assess_targets
from zjpolicy.traceability import matrix


def test_health(client: Any) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["rules"] == len(all_rules())


def test_rules_list_their_routes_and_schemas(client: Any) -> None:
    body = client.get("/rules").json()
    assert body["count"] == len(all_rules())
    park = next(r for r in body["rules"] if r["id"] == "rubric.rate_park")
    assert park["path"] == "/rules/rubric.rate_park" and park["schema_path"] == "/schemas/rubric.rate_park"
    assert park["input_model"] == "ParkIndicators" and park["in_force_from"] == "2021-04-27"


def test_targets_is_assess_targets(client: Any) -> None:
    body = client.post("/targets", json=targets_example()).json()
    lib = assess_targets(targets_example()["statistics"], year=2024)
    assert [r["clause"] for r in body["report"]["results"]] == [r.clause for r in lib.results]
    assert body["report"]["year"] == 2024
    one = client.post("/targets", json=targets_example() | {"clauses": ["go.8.4.mountain_industrial_value_added"]})
    status = lib["go.8.4.mountain_industrial_value_added"].status.value
    assert [r["status"] for r in one.json()["report"]["results"]] == [status]
    assert client.post("/targets", json=targets_example() | {"clauses": ["go.99.nothing"]}).status_code == 404
    assert client.post("/targets", json=targets_example() | {"year": "last"}).status_code == 422
    what_if = client.post("/targets", json=targets_example() | {"overrides": {"go.stable_share": "increasing"}})
    assert what_if.status_code == 200 and what_if.json()["digest"] != body["digest"]


def test_the_clause_inventory_is_the_traceability_matrix(client: Any) -> None:
    body = client.get("/clauses").json()
    rows = matrix()
    assert body["count"] == len(rows) == len(body["clauses"])
    assert [c["id"] for c in body["clauses"]] == [r.clause.id for r in rows]
    green = next(c for c in body["clauses"] if c["id"] == "go.10.3.green_channel")
    assert green["implemented_by"] == ["land_energy.green_channel@1.0.0"]
    assert green["url"].endswith("rulebook/guiding-opinions-2022/10-3/#go-10-3-green_channel")
    plan = client.get("/clauses", params={"document": "demo-park-plan"}).json()
    assert plan["count"] == len(matrix(document="demo-park-plan"))
    assert client.get("/clauses/go.10.3.green_channel").json()["clause"] == green


def test_parameters_in_force_on_a_date(client: Any) -> None:
    rb = default_rulebook()
    on = client.get("/parameters", params={"as_of": "2024-06-30"}).json()
    assert on["as_of"] == "2024-06-30" and on["count"] == len(on["parameters"]) > 0
    assert all(p["in_force"] for p in on["parameters"])
    before = client.get("/parameters", params={"as_of": "2020-01-01"}).json()  # before both documents
    assert before["count"] == 0
    plan = client.get("/parameters", params={"as_of": "2024-06-30", "document": "demo-park-plan"}).json()
    assert {rb.clause(p["clause"]).document for p in plan["parameters"]} == {"demo-park-plan"}
    one = client.get("/parameters/go.10.3.green_channel.max_intensity", params={"as_of": "2024-06-30"}).json()
    assert one["parameter"]["value"] == "0.52" and one["parameter"]["in_force"] is True
    assert one["parameter"]["clause_url"].endswith("#go-10-3-green_channel")
    clause = client.get("/parameters", params={"as_of": "2024-06-30", "clause": "go.10.4.industrial_land_share"}).json()
    assert [r["id"] for r in clause["readings"]] == ["go.land_share_measure"]
    assert client.get("/parameters", params={"as_of": "June"}).status_code == 422


def test_schemas_are_the_input_models(client: Any) -> None:
    index = client.get("/schemas").json()["schemas"]
    assert sorted(index) == sorted(all_rules())
    body = client.get("/schemas/rubric.rate_park").json()
    assert body["schema"] == ParkIndicators.model_json_schema()


def test_replay_a_stored_decision(client: Any) -> None:
    response = client.post("/rate-park", json=rule_examples()["rubric.rate_park"]).json()
    stored = response["result"]
    same = client.post("/replay", json=stored).json()
    assert same["stands"] is True and same["differences"] == {} and same["result"]["stars"] == stored["stars"]
    assert client.post("/replay", json=response).json()["stands"] is True  # the whole response also replays
    tampered = copy.deepcopy(stored)
    tampered["stars"] = 5
    differs = client.post("/replay", json=tampered).json()
    assert differs["stands"] is False and differs["differences"]["stars"] == {"stored": 5, "now": 4}


def test_replay_of_what_is_not_a_decision(client: Any) -> None:
    assert client.post("/replay", content=b"[1]").status_code == 422
    assert client.post("/replay", content=b"nope").status_code == 422
    assert client.post("/replay", json={"rule": "no.rule", "inputs": {}, "as_of": "2024-01-01"}).status_code == 404
    r = client.post("/replay", json={"rule": "land_energy.plot_ratio", "inputs": {}, "as_of": "x"})
    assert r.status_code == 422 and r.json()["problems"][0]["field"] == "stored.as_of"
    stored = client.post("/plot-ratio", json=rule_examples()["land_energy.plot_ratio"]).json()["result"]
    r = client.post("/replay", json=stored | {"options": {"relaxation": 1}})
    assert r.status_code == 422
    r = client.post("/replay", json=stored | {"overrides": ["x"]})
    assert r.status_code == 422
