"""What every response carries: the package version and a parameter digest, in headers and in the body."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel
from starlette.responses import HTMLResponse, Response  # type: ignore[import-not-found, unused-ignore]  # extra: api

from .. import __version__
from ..exact import fmt
from ..rulebook import Rulebook, default_rulebook

__all__ = [
    "DIGEST_HEADER",
    "VERSION_HEADER",
    "dumps",
    "html_response",
    "json_response",
    "result_response",
    "rulebook_digest",
]

VERSION_HEADER = "X-Zjpolicy-Version"
DIGEST_HEADER = "X-Zjpolicy-Digest"


def rulebook_digest(rulebook: Rulebook | None = None) -> str:
    """The digest of every parameter and reading of `rulebook` (default: the bundled one), as `Rulebook.digest`
    computes a rule's: the digest of a response that is not one rule's result."""
    rb = rulebook or default_rulebook()
    return rb.memo(("api.digest",), lambda: rb.digest(tuple(sorted(rb.parameters)), tuple(sorted(rb.readings))))


def _default(x: Any) -> Any:
    if isinstance(x, Fraction):
        return fmt(x)
    if isinstance(x, date):
        return x.isoformat()
    if isinstance(x, BaseModel):
        return x.model_dump(mode="json")
    if isinstance(x, set | frozenset | tuple):
        return list(x)
    return str(x)


def dumps(data: Any) -> bytes:
    """JSON as UTF-8 (Chinese kept readable); exact numbers as text, dates as ISO dates."""
    return json.dumps(data, ensure_ascii=False, default=_default, separators=(",", ":")).encode()


def headers(digest: str) -> dict[str, str]:
    return {VERSION_HEADER: __version__, DIGEST_HEADER: digest}


def json_response(body: dict[str, Any], *, digest: str | None = None, status: int = HTTPStatus.OK) -> Response:
    """`body` with ``version`` and ``digest`` first, and the same two in the headers."""
    d = digest or rulebook_digest()
    payload = {"version": __version__, "digest": d, **body}
    return Response(dumps(payload), status_code=status, media_type="application/json", headers=headers(d))


def result_response(result: BaseModel, *, digest: str, extra: dict[str, Any] | None = None) -> Response:
    """A rule's result under ``result`` (its own JSON, as `model_dump_json` writes it: what `zjpolicy.replay` reads),
    beside ``version``, ``digest`` and `extra`."""
    head = dumps({"version": __version__, "digest": digest, **(extra or {})})
    body = head[:-1] + b',"result":' + result.model_dump_json().encode() + b"}"
    return Response(body, media_type="application/json", headers=headers(digest))


def html_response(body: str, digest: str, status: int = HTTPStatus.OK) -> Response:
    """A page of the staff site, with the version and digest headers (the page's foot shows them too)."""
    return HTMLResponse(body, status_code=status, headers=headers(digest))
