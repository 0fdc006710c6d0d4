"""The language of a request: ``?lang=zh|en``; else Chinese on the staff pages (``/``, ``/staff/…``); else
``Accept-Language`` (zh… or en…); else the process default.

A browser's Accept-Language does not turn the Chinese staff pages' results into English. JSON keys, ids and enum
values are the same in both languages; only `outcome`, notes and error messages change.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from ..lang import LANGUAGES, Lang, use_language

_PAGES = ("/staff",)


def request_language(scope: dict[str, Any]) -> Lang | None:
    """The language a request asks for, or None (the process default)."""
    asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang")
    if asked and asked[-1] in LANGUAGES:
        return asked[-1]  # type: ignore[return-value]
    path = scope.get("path", "")
    if path == "/" or path.startswith(_PAGES):
        return "zh"  # a Chinese page says its results in Chinese, whatever the browser's Accept-Language
    for name, value in scope.get("headers", ()):
        if name == b"accept-language":
            first = value.decode("latin-1").split(",")[0].strip().lower()
            for lang in LANGUAGES:
                if first.startswith(lang):
                    return lang
    return None


class Language:
    """ASGI middleware: runs each HTTP request in the language it asks for."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        with use_language(request_language(scope)):
            await self.app(scope, receive, send)
