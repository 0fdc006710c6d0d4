"""The OpenAPI document is complete: every operation has an example request, and each example works (2xx)."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("fastapi")

from zjpolicy import __version__
from zjpolicy.catalogue import all_rules

METHODS = ("get", "post", "put", "patch", "delete")


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, m, op) for path, item in doc["paths"].items() for m, op in item.items() if m in METHODS]


def param_example(p: dict[str, Any]) -> Any:
    if "example" in p:
        return p["example"]
    if p.get("examples"):
        return next(iter(p["examples"].values()))["value"]
    schema = p.get("schema", {})
    return schema.get("example", (schema.get("examples") or [None])[0])


def body_example(content: dict[str, Any]) -> tuple[str, Any]:
    media, spec = next(iter(content.items()))
    if "example" in spec:
        return media, spec["example"]
    return media, next(iter(spec["examples"].values()))["value"]


@pytest.fixture(scope="module")
def doc(client: Any) -> dict[str, Any]:
    r = client.get("/openapi.json")
    assert r.status_code == 200 and r.headers["x-zjpolicy-version"] == __version__
    return r.json()  # type: ignore[no-any-return]


def test_every_rule_is_documented_with_its_models(doc: dict[str, Any]) -> None:
    assert doc["info"]["version"] == __version__ and doc["info"]["x-zjpolicy-digest"].startswith("sha256:")
    for rid, r in all_rules().items():
        op = doc["paths"][f"/rules/{rid}"]["post"]
        ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        inputs = body["properties"]["inputs"]
        assert inputs["$ref"].endswith("/" + r.input_model.__name__) or r.input_model.__name__ in str(inputs)
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ok.endswith(r.result_model.__name__ + "Response")
        assert {"404", "413", "422"} <= set(op["responses"])


def test_every_operation_has_an_example_request(doc: dict[str, Any]) -> None:
    missing = []
    for path, method, op in operations(doc):
        for p in op.get("parameters", []):
            if p.get("required") and param_example(p) is None:
                missing.append(f"{method.upper()} {path}: parameter {p['name']}")
            if not p.get("required") and param_example(p) is None and p["in"] == "path":
                missing.append(f"{method.upper()} {path}: parameter {p['name']}")
        if "requestBody" in op:
            for media, spec in op["requestBody"]["content"].items():
                if "example" not in spec and not spec.get("examples"):
                    missing.append(f"{method.upper()} {path}: {media} body")
    assert missing == []
    assert len(operations(doc)) >= len(all_rules()) + 20


def test_every_example_request_works(client: Any, doc: dict[str, Any]) -> None:
    failed = []
    for path, method, op in operations(doc):
        url, query = path, {}
        for p in op.get("parameters", []):
            value = param_example(p)
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", str(value))
            elif p["in"] == "query" and value is not None:
                query[p["name"]] = value
        kw: dict[str, Any] = {"params": query}
        if "requestBody" in op:
            media, example = body_example(op["requestBody"]["content"])
            if media == "application/json":
                kw["json"] = example
            elif media == "application/x-www-form-urlencoded":
                kw["data"] = example
            else:  # multipart: the file field is sent as a file
                files = {k: ("upload.csv", str(v).encode()) for k, v in example.items() if k == "file"}
                kw["files"] = files or None
                kw["data"] = {k: v for k, v in example.items() if k != "file"}
        r = client.request(method.upper(), url, **kw)
        if not 200 <= r.status_code < 300:
            failed.append(f"{method.upper()} {url}: {r.status_code} {r.text[:200]}")
    assert failed == []


def test_no_page_loads_anything_from_elsewhere(client: Any) -> None:
    """No Swagger UI (it comes from a CDN): the document is at /openapi.json; /docs is the docs site, if served."""
    assert client.get("/redoc").status_code == 404
    assert client.get("/docs").status_code == 404
