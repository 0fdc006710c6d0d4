"""The curl commands of docs/guides/api.md, run one by one against the app in-process (TestClient).

``-o FILE`` keeps a response under that name, ``-d @FILE`` and ``-F field=@FILE`` read it back (or a block of the page
titled ``FILE``); a ``# → 422`` comment line says the status the next command answers (default: 2xx).
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi")

PAGE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "api.md"
BASE = "http://127.0.0.1:8000"


def blocks(text: str) -> list[tuple[str, str, str]]:
    """(language, title, body) of every fenced block."""
    return [
        (m.group(1), (m.group(3) or ""), m.group(4))
        for m in re.finditer(r'^```(\w+)( title="([^"]+)")?\n(.*?)^```', text, flags=re.S | re.M)
    ]


def commands(text: str) -> list[tuple[int | None, list[str]]]:
    out: list[tuple[int | None, list[str]]] = []
    for lang, _, body in blocks(text):
        if lang != "bash":
            continue
        expect, pending = None, ""
        for line in re.sub(r"\\\n\s*", " ", body).split("\n"):
            status = re.match(r"#\s*→\s*(\d{3})", line.strip())
            if status and not pending:
                expect = int(status.group(1))
                continue
            pending += line + "\n"
            try:
                argv = shlex.split(pending)  # a quoted argument may span lines (a JSON body)
            except ValueError:
                continue
            if argv and argv[0] == "curl":
                out.append((expect, argv))
                expect = None
            pending = ""
    return out


def curl(client: Any, argv: list[str], files: dict[str, bytes]) -> tuple[Any, str | None]:
    method, url, headers, data, form, out = None, None, {}, None, [], None
    it = iter(argv[1:])
    for a in it:
        if a == "-s":
            continue
        if a == "-X":
            method = next(it)
        elif a == "-H":
            k, _, v = next(it).partition(":")
            headers[k.strip()] = v.strip()
        elif a in ("-d", "--data"):
            v = next(it)
            data = files[v[1:]] if v.startswith("@") else v.encode()
        elif a == "-F":
            form.append(next(it))
        elif a == "-o":
            out = next(it)
        elif a.startswith("http"):
            url = a
        else:
            raise AssertionError(f"the test does not know curl option {a!r}")
    assert url and url.startswith(BASE), url
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if form:
        upload, fields = {}, {}
        for f in form:
            k, _, v = f.partition("=")
            if v.startswith("@"):
                upload[k] = (v[1:], files[v[1:]])
            else:
                fields[k] = v
        return client.request(method or "POST", path, files=upload, data=fields), out
    if data is not None:
        return client.request(method or "POST", path, content=data, headers=headers), out
    return client.request(method or "GET", path, headers=headers), out


def test_the_pages_curl_commands_work(client: Any) -> None:
    text = PAGE.read_text(encoding="utf-8")
    files = {title: body.encode() for lang, title, body in blocks(text) if title}
    found = commands(text)
    assert len(found) >= 10
    for expect, argv in found:
        r, out = curl(client, argv, files)
        if expect is None:
            assert 200 <= r.status_code < 300, (argv, r.status_code, r.text[:300])
        else:
            assert r.status_code == expect, (argv, r.text[:300])
        if out:
            files[out] = r.content
    assert b'"stars":4' in files["rated.json"]
