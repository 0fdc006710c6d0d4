"""Schemathesis, in-process against the ASGI app: every operation of the OpenAPI document, with generated requests
(valid and invalid), never answers with a 5xx, and answers as documented (status codes, content types, response
schemas, ``Allow`` on a 405). A modest number of examples per operation keeps CI quick; set
ZJPOLICY_FUZZ_EXAMPLES for a longer run."""

from __future__ import annotations

import os
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    allow_header_conformance,
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from zjpolicy.api import create_app  # noqa: E402

EXAMPLES = int(os.environ.get("ZJPOLICY_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    allow_header_conformance,
]
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_error_and_answers_as_documented(case: Any) -> None:
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code}"
    head = {k.lower(): v[0] if isinstance(v, list) else v for k, v in response.headers.items()}
    assert head.get("x-zjpolicy-version"), "every response carries the version"
    assert head.get("x-zjpolicy-digest", "").startswith("sha256:"), "and the digest"
