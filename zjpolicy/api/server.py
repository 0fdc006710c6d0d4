"""The uvicorn protocol of ``zjpolicy serve``: uvicorn's own HTTP/1.1 protocol with TCP_NODELAY on every connection.

With ``--workers`` above 1, uvicorn binds the listening socket itself, and asyncio then leaves Nagle's algorithm on
for the connections it accepts (it sets TCP_NODELAY only on sockets it created as IPPROTO_TCP): a response written
as headers, then body, then waits for the client's delayed ACK, about 40 ms per keep-alive request. Setting
TCP_NODELAY here makes every worker answer as fast as a single one.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import cast

from uvicorn.protocols.http.auto import AutoHTTPProtocol  # type: ignore[import-not-found, unused-ignore]  # extra: api

__all__ = ["NoDelayHTTP"]


class NoDelayHTTP(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's HTTP/1.1 protocol (httptools if installed, else h11), with TCP_NODELAY set."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = cast(socket.socket | None, transport.get_extra_info("socket"))
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with contextlib.suppress(OSError):  # a socket that does not take it is left as it is
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
