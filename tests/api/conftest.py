"""Fixtures of the HTTP service's tests: one app and one TestClient for the session (extra ``api``)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def app() -> Any:
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")  # FastAPI's TestClient
    from zjpolicy.api import create_app

    return create_app()


@pytest.fixture(scope="session")
def client(app: Any) -> Any:
    from fastapi.testclient import TestClient

    return TestClient(app)
