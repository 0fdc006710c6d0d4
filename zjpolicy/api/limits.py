"""The ASGI guard in front of the app: bounded request bodies (checked on the bytes, before any parsing) and the
version and digest headers on every response, whatever produced it (a route, an error, a 404, a 413).

A body is read up to its path's limit and handed on in one piece; a declared ``Content-Length`` over the limit
is refused before a byte of it is read, and a body that grows past the limit (chunked) is refused when it does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from http import HTTPStatus
from typing import Any

from .. import __version__
from ..lang import say
from .meta import DIGEST_HEADER, VERSION_HEADER, dumps, rulebook_digest
from .settings import KIB, MIB, Settings

__all__ = ["Guard", "limit_for", "size_text"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UPLOADS = ("/batch/", "/staff/upload")
REPLAYS = ("/replay", "/staff/replay")


def limit_for(path: str, settings: Settings) -> tuple[int, str]:
    """The largest body a request to `path` may send, and what kind of body that is."""
    if path.startswith(UPLOADS):
        return settings.upload_limit, "upload"
    if path.startswith(REPLAYS):
        return settings.replay_limit, "stored_decision"
    return settings.json_limit, "request_body"


def size_text(n: int) -> str:
    return f"{n // MIB} MiB" if n % MIB == 0 else f"{n // KIB} KiB" if n % KIB == 0 else f"{n} bytes"


class Guard:
    """Bound the body of every HTTP request; add ``X-Zjpolicy-Version`` and ``X-Zjpolicy-Digest`` to every response
    that does not set its own digest (a rule's result sets the digest of the parameters it used)."""

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app, self.settings = app, settings
        self.digest = rulebook_digest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = self._headers(send)
        limit, what = limit_for(scope.get("path", ""), self.settings)
        declared = _content_length(scope)
        if declared == -1:
            await self._refuse(
                scope, send, HTTPStatus.BAD_REQUEST, "bad_request", "Content-Length is not a number", limit
            )
            return
        if declared is not None and declared > limit:
            await self._too_large(scope, send, limit, what, declared)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > limit:
                await self._too_large(scope, send, limit, what, None)
                return
            if not message.get("more_body", False):
                break
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _headers(self, send: Send) -> Send:
        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                names = {k.lower() for k, _ in raw}
                if VERSION_HEADER.lower().encode() not in names:
                    raw.append((VERSION_HEADER.encode(), __version__.encode()))
                if DIGEST_HEADER.lower().encode() not in names:
                    raw.append((DIGEST_HEADER.encode(), self.digest.encode()))
                message["headers"] = raw
            await send(message)

        return wrapped

    async def _too_large(self, scope: Scope, send: Send, limit: int, what: str, declared: int | None) -> None:
        got = say("api.declared", declared=declared) if declared is not None else say("api.more_sent")
        msg = say("api.too_large", what=say(f"api.body.{what}"), limit_text=size_text(limit), limit=limit, got=got)
        await self._refuse(scope, send, 413, "too_large", msg, limit)

    async def _refuse(self, scope: Scope, send: Send, status: int, error: str, message: str, limit: int) -> None:
        accept = dict(scope.get("headers", [])).get(b"accept", b"").decode("latin-1")
        if "text/html" in accept:
            from html import escape

            body = (
                f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>{status}</title>'
                f"<p>请求被拒绝（{status}）：{escape(message)}</p><p><a href='/'>返回</a></p>"
                f"<footer>zjpolicy {__version__} · {self.digest}</footer></html>"
            ).encode()
            kind = b"text/html; charset=utf-8"
        else:
            payload = {"version": __version__, "digest": self.digest, "error": error, "message": message}
            body, kind = dumps(payload | {"limit": limit}), b"application/json"
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", kind),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when not declared, -1 when it is not a number."""
    for k, v in scope.get("headers", []):
        if k.lower() == b"content-length":
            text = v.decode("latin-1").strip()
            return int(text) if text.isdecimal() else -1
    return None
