"""Bad input is a 422 naming the field, the unit and the clause; unknown ids 404; bodies too large 413."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("fastapi")

from zjpolicy.api import Settings, create_app
from zjpolicy.api.examples import rule_examples


def problems(r: Any, status: int = 422) -> dict[str, dict[str, Any]]:
    assert r.status_code == status, r.text[:500]
    assert r.headers["x-zjpolicy-version"] and r.headers["x-zjpolicy-digest"].startswith("sha256:")
    body = r.json()
    assert body["version"] and body["digest"] and body["error"] and body["message"]
    return {p["field"]: p for p in body["problems"]}


def test_a_unit_that_cannot_be_converted_names_field_unit_and_clause(client: Any) -> None:
    inputs = {"energy_use": "5200 kg", "value_added": "1 亿元", "new_project": True, "dual_control": "on-track"}
    p = problems(client.post("/green-channel", json={"inputs": inputs, "as_of": "2024-01-01"}))["energy_use"]
    assert p["expected_unit"] == "tce"
    assert p["clause"] == "go.10.3.green_channel"
    assert p["clause_url"].endswith("rulebook/guiding-opinions-2022/10-3/#go-10-3-green_channel")
    assert "kg" in p["message"] and p["value"] == "5200 kg"


def test_every_problem_of_a_park_is_listed(client: Any) -> None:
    park = dict(rule_examples()["rubric.rate_park"]["inputs"])
    park["cnc_rate"] = "66.5 tce"
    park["manufacturing_revenue"] = "-3 亿元"
    del park["rd_intensity"]
    found = problems(client.post("/rate-park", json={"inputs": park, "as_of": "2024-06-30"}))
    assert set(found) >= {"cnc_rate", "manufacturing_revenue", "rd_intensity"}
    assert found["cnc_rate"]["expected_unit"] == "%"
    assert found["manufacturing_revenue"]["clause"] == "dp.3.2.row01_manufacturing_revenue"
    assert found["manufacturing_revenue"]["expected_unit"] == "亿元"


def test_a_nested_field_keeps_its_path(client: Any) -> None:
    ledger = rule_examples()["land_energy.gai_yi_bu_yi"]["inputs"]
    bad = {**ledger, "entries": [{**ledger["entries"][0], "changed_out": "40 kg"}, *ledger["entries"][1:]]}
    found = problems(client.post("/rules/land_energy.gai_yi_bu_yi", json={"inputs": bad, "as_of": "2024-01-01"}))
    assert "entries[0].changed_out" in found
    assert found["entries[0].changed_out"]["expected_unit"] == "亩"


def test_a_value_that_is_not_a_number_at_all_is_a_422_not_a_500(client: Any) -> None:
    """A validator that lets a TypeError through (a list where a number goes) is still the input's problem."""
    body = {"inputs": {"year": 2024, "observations": [{"indicator": "gdp", "year": 2024, "value": [1]}]}}
    found = problems(client.post("/rules/targets.go.1.2.rd_intensity", json=body))
    assert "observations[0].value" in found  # the full path
    assert found["observations[0].value"]["message"] == "list is not a number"
    weights = {"bonus_weights": {"global_500": {"a": 1}}}
    ex = rule_examples()["rubric.rate_park"]
    assert "options.bonus_weights.global_500" in problems(client.post("/rate-park", json=ex | {"options": weights}))


def test_the_envelope_is_checked_too(client: Any) -> None:
    ex = rule_examples()["land_energy.plot_ratio"]
    assert "as_of" in problems(client.post("/plot-ratio", json=ex | {"as_of": "30/06/2024"}))
    assert "body" in problems(
        client.post("/plot-ratio", content=b"{not json", headers={"content-type": "application/json"})
    )
    assert "body" in problems(client.post("/plot-ratio", json=[1, 2]))
    assert "inputs" in problems(client.post("/plot-ratio", json={"as_of": "2024-01-01"}))
    assert "speed" in problems(client.post("/plot-ratio", json=ex | {"speed": 1}))


def test_a_date_outside_the_rules_period(client: Any) -> None:
    ex = rule_examples()["land_energy.green_channel"] | {"as_of": "2020-01-01"}
    r = client.post("/green-channel", json=ex)
    p = problems(r)["as_of"]
    assert r.json()["error"] == "not_in_force" and "in force from" in p["message"]


def test_a_bad_override(client: Any) -> None:
    ex = rule_examples()["land_energy.green_channel"]
    r = client.post("/green-channel", json=ex | {"overrides": {"no.such.parameter": "1"}})
    assert "overrides" in problems(r)
    assert r.json()["error"] == "bad_override"
    r = client.post("/green-channel", json=ex | {"overrides": {"go.10.3.green_channel.max_intensity": "0.5 kg"}})
    assert "overrides" in problems(r)


def test_unknown_ids_are_404(client: Any) -> None:
    r = client.post("/rules/rubric.rate_parks", json=rule_examples()["rubric.rate_park"])
    found = problems(r, 404)
    assert r.json()["error"] == "not_found" and "rubric.rate_park" in found["rule"]["message"]
    for path in ("/clauses/go.99.no_such", "/parameters/go.99.no_such.value", "/schemas/no.rule"):
        problems(client.get(path), 404)
    problems(client.get("/clauses", params={"document": "no-such-document"}), 404)
    problems(client.get("/no/such/page"), 404)


def test_a_wrong_method_says_which_ones_are_allowed(client: Any) -> None:
    r = client.delete("/rate-park")
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    assert client.put("/staff/green-channel").headers["allow"] == "GET, POST"


def test_a_body_over_the_limit_is_refused_before_it_is_parsed(client: Any) -> None:
    junk = b"x" * (64 * 1024 + 1)  # not JSON: a 413, not a 422, so it was never parsed
    r = client.post("/rate-park", content=junk, headers={"content-type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large" and r.json()["limit"] == 64 * 1024
    assert r.headers["x-zjpolicy-version"]
    at_limit = b" " * (64 * 1024 - 2) + b"{}"
    assert client.post("/rate-park", content=at_limit).status_code == 422  # read and parsed: no inputs


def test_a_streamed_body_without_a_length_is_cut_at_the_limit(client: Any) -> None:
    def chunks() -> Any:
        for _ in range(100):
            yield b"x" * 1024

    r = client.post("/rate-park", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_upload_and_row_limits() -> None:
    from fastapi.testclient import TestClient

    small = TestClient(create_app(Settings(upload_limit=2048, row_limit=2)))
    big = "year,industrial_area,total_area\n" + "2024,1 亩,10 亩\n" * 200
    r = small.post("/batch/land-share", files={"file": ("years.csv", big.encode(), "text/csv")})
    assert r.status_code == 413 and "2 KiB" in r.json()["message"]
    three = "year,industrial_area,total_area\n" + "2024,1 亩,10 亩\n" * 3
    r = small.post("/batch/land-share", files={"file": ("years.csv", three.encode(), "text/csv")})
    assert r.status_code == 413 and "3 rows" in r.json()["message"]
    r = small.post("/staff/upload", files={"file": ("y.csv", big.encode())}, headers={"accept": "text/html"})
    assert r.status_code == 413 and "text/html" in r.headers["content-type"] and "请求被拒绝" in r.text
