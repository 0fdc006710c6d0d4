"""The rule endpoints: every rule of the catalogue, the named routes, as_of and overrides, version and digest."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

pytest.importorskip("fastapi")

from zjpolicy import __version__
from zjpolicy.api.examples import rule_examples
from zjpolicy.api.routes import NAMED
from zjpolicy.catalogue import all_rules
from zjpolicy.rubric import example_park, rate_park

RULES = sorted(all_rules())


def carries_version_and_digest(r: Any) -> dict[str, Any]:
    body = r.json()
    assert r.headers["x-zjpolicy-version"] == body["version"] == __version__
    assert r.headers["x-zjpolicy-digest"] == body["digest"]
    assert body["digest"].startswith("sha256:")
    return body


def test_every_rule_of_the_catalogue_has_a_route_and_a_working_example(client: Any) -> None:
    examples = rule_examples()
    assert sorted(examples) == RULES
    for rid in RULES:
        r = client.post(f"/rules/{rid}", json=examples[rid])
        assert r.status_code == 200, (rid, r.text[:300])
        body = carries_version_and_digest(r)
        result = body["result"]
        assert result["rule"] == rid
        assert body["digest"] == result["parameters_digest"], "a result's digest is the digest of what it used"
        assert set(body["clause_urls"]) == {c["clause"] for c in result["citations"]}


def test_the_route_gives_what_the_library_gives(client: Any) -> None:
    r = client.post("/rate-park", json=rule_examples()["rubric.rate_park"]).json()["result"]
    lib = json.loads(rate_park(example_park(), as_of=date(2024, 6, 30)).model_dump_json())
    assert r["stars"] == lib["stars"] == 4
    assert r["parameters_digest"] == lib["parameters_digest"]
    assert r["checks"] == lib["checks"]
    assert r["gaps_to_next_level"] == lib["gaps_to_next_level"]


@pytest.mark.parametrize("path", sorted(NAMED))
def test_named_routes_are_their_rules(client: Any, path: str) -> None:
    rid = NAMED[path][0]
    ex = rule_examples()[rid]
    named, generic = client.post(path, json=ex).json(), client.post(f"/rules/{rid}", json=ex).json()
    assert named["result"]["rule"] == rid
    assert named == generic


def test_as_of_defaults_to_today(client: Any) -> None:
    ex = {"inputs": rule_examples()["land_energy.green_channel"]["inputs"]}
    r = client.post("/green-channel", json=ex)
    assert r.status_code == 200 and r.json()["result"]["as_of"] == date.today().isoformat()


def test_overrides_make_a_what_if_with_its_own_digest(client: Any) -> None:
    inputs = {"intensity": "0.51", "new_project": True, "dual_control": "on-track"}
    law = client.post("/green-channel", json={"inputs": inputs, "as_of": "2024-01-01"}).json()
    what_if = client.post(
        "/green-channel",
        json={"inputs": inputs, "as_of": "2024-01-01", "overrides": {"go.10.3.green_channel.max_intensity": 0.50}},
    ).json()
    assert law["result"]["eligible"] is True and what_if["result"]["eligible"] is False
    assert what_if["result"]["overrides"] == {"go.10.3.green_channel.max_intensity": "0.5"}
    assert what_if["digest"] != law["digest"]


def test_a_reading_override(client: Any) -> None:
    body = {
        "inputs": {
            "year": 2024,
            "industrial_parcels": 40,
            "total_parcels": 100,
            "industrial_area": "1 亩",
            "total_area": "10 亩",
        },
        "as_of": "2024-12-31",
        "overrides": {"go.land_share_measure": "parcels"},
    }
    result = client.post("/land-share", json=body).json()["result"]
    assert result["measure"] == "parcels" and result["meets"] is True


def test_options_are_the_rules_keyword_options(client: Any) -> None:
    ex = dict(rule_examples()["rubric.rate_park"])
    relaxed = client.post(
        "/rate-park", json=ex | {"options": {"relaxation": {"max_relaxed": 1, "max_shortfall": "5%"}}}
    )
    assert relaxed.status_code == 200
    assert relaxed.json()["result"]["options"]["relaxation"]["max_relaxed"] == 1
    unknown = client.post("/rate-park", json=ex | {"options": {"speed": "fast"}})
    assert unknown.status_code == 422
    assert unknown.json()["problems"][0]["field"] == "options.speed"
    none_taken = client.post(
        "/green-channel", json=rule_examples()["land_energy.green_channel"] | {"options": {"x": 1}}
    )
    assert none_taken.status_code == 422
