"""`create_app`: the ASGI application (FastAPI) of ``zjpolicy serve``.

No Swagger/ReDoc pages (they load scripts from a CDN): the OpenAPI document is at ``/openapi.json``; ``/docs/`` is
the built documentation site when `Settings.docs_dir` is given.
"""

from __future__ import annotations

import logging
from datetime import date
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request  # type: ignore[import-not-found, unused-ignore]  # extra: api
from fastapi.exceptions import RequestValidationError  # type: ignore[import-not-found, unused-ignore]  # extra: api
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException  # type: ignore[import-not-found, unused-ignore]  # extra: api
from starlette.responses import Response  # type: ignore[import-not-found, unused-ignore]  # extra: api

from .. import __version__
from ..errors import Problem, ZjpolicyError, field_path
from ..errors import _message as pydantic_message
from ..lang import say
from .errors import ApiError, classify, problem_json
from .language import Language
from .limits import Guard
from .meta import json_response, rulebook_digest
from .openapi import Schemas, install
from .routes import TAGS, add_routes, register_models
from .settings import Settings

__all__ = ["create_app"]

log = logging.getLogger("zjpolicy.api")

DESCRIPTION = """Zhejiang manufacturing policy as cited, versioned rules, over HTTP.

Rule requests are `{"inputs": {...}, "as_of": "YYYY-MM-DD", "overrides": {...}, "options": {...}}`; `inputs` is
the rule's input model (`GET /schemas/<rule id>`). Every response carries `version` and `digest` (also as headers
`X-Zjpolicy-Version`, `X-Zjpolicy-Digest`). Bad input is a 422 listing each problem's field, message, expected
unit and clause; an unknown id is a 404; a body over the limit a 413. Store a result; `POST /replay` says whether
it still stands. The staff page is at `/`.

Language: outcomes, notes and error messages are in Chinese by default; `?lang=en` (or `Accept-Language: en`) gives
English. Keys, ids and enum values are the same in both.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The service: the JSON API, table uploads, the staff page, and the body limit and headers around them."""
    from .page import add_page
    from .tables import add_tables, register_table_models

    settings = settings or Settings()
    app = FastAPI(
        title="zjpolicy",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    schemas = Schemas()
    register_models(schemas)
    register_table_models(schemas)
    schemas.build()
    add_routes(app, schemas, settings)
    add_tables(app, schemas, settings)
    add_page(app, settings)
    if settings.docs_dir is not None:
        from starlette.staticfiles import StaticFiles  # type: ignore[import-not-found, unused-ignore]  # extra: api

        app.mount("/docs", StaticFiles(directory=settings.docs_dir, html=True), name="docs")
    install(app, schemas, digest=rulebook_digest(), tags=TAGS)
    _handlers(app, settings)
    app.add_middleware(Guard, settings=settings)
    app.add_middleware(Language)  # outermost: error responses of the guard are in the request's language too
    _warm_up()
    return app


def error_response(status: int, error: str, problems: list[Problem], docs_url: str, message: str = "") -> Response:
    body: dict[str, Any] = {
        "error": error,
        "message": message or "; ".join(str(p) for p in problems),
        "problems": [problem_json(p, docs_url) for p in problems],
    }
    return json_response(body, status=status)


def _handlers(app: FastAPI, settings: Settings) -> None:
    docs = settings.docs_url

    async def library_error(request: Request, exc: Exception) -> Response:
        found = classify(exc)
        if found is None:  # pragma: no cover - registered only for the classes classify knows
            raise exc
        status, error, problems = found
        return error_response(status, error, problems, docs)

    async def request_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = []
        for e in exc.errors():
            loc = [str(p) for p in e.get("loc", ())]
            where = loc[0] if loc else ""
            field = field_path(loc[1:] if where in ("query", "path", "body", "header") else loc) or where or "input"
            problems.append(Problem(field=field, message=pydantic_message(e), value=e.get("input")))
        return error_response(422, "invalid_input", problems, docs)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        words = {404: "not_found", 405: "method_not_allowed"}
        problem = Problem(
            field="path", message=say("api.not_found", detail=exc.detail, method=request.method, path=request.url.path)
        )
        response = error_response(exc.status_code, words.get(exc.status_code, "error"), [problem], docs)
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:  # every method of the path (GET and POST may be two routes), not the first route's
            response.headers["Allow"] = ", ".join(_allowed(request))
        return response

    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("zjpolicy: unexpected error on %s %s", request.method, request.url.path)
        problem = Problem(field="server", message=say("api.bug", kind=type(exc).__name__))
        return error_response(HTTPStatus.INTERNAL_SERVER_ERROR, "server_error", [problem], docs)

    for kind in (ZjpolicyError, ValidationError, ApiError):
        app.add_exception_handler(kind, library_error)
    app.add_exception_handler(RequestValidationError, request_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, bug)


def _allowed(request: Request) -> list[str]:
    from starlette.routing import Match  # type: ignore[import-not-found, unused-ignore]  # extra: api

    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def _warm_up() -> None:
    """Load the rulebook, the units and the rules once, so the first request is as fast as the others."""
    from ..rubric import example_park, rate_park
    from .examples import PARK_AS_OF

    rate_park(example_park(), as_of=date.fromisoformat(PARK_AS_OF))


def app_from_env() -> FastAPI:
    """The app of ``zjpolicy serve`` (built in each worker process, from `Settings.from_env`)."""
    return create_app(Settings.from_env())
