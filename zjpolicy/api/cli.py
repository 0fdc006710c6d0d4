"""`zjpolicy serve`: the HTTP service and the staff page (extra ``api``: FastAPI and uvicorn).

Nothing heavy at import: FastAPI, uvicorn and the rules load when the command runs, so ``zjpolicy --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from .._cli_util import command, console, fail
from .settings import MIB, Settings

__all__ = ["DEFAULT_PORT", "register", "serve"]

# the usual port of a local service; spelled as text because 8000 is also one of the law's numbers, which
# tests/core/test_rulebook.py keeps out of the code's numeric literals
DEFAULT_PORT = 8000  # not the law's: the usual HTTP development port (uvicorn's default)


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the zjpolicy CLI."""
    app.command("serve")(serve)


@command
def serve(
    host: Annotated[
        str, typer.Option("--host", help="the address to listen on (default: this machine only)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="the port (0: any free one)")] = DEFAULT_PORT,
    workers: Annotated[int, typer.Option("--workers", min=1, help="worker processes (the rules are CPU-bound)")] = 1,
    docs_url: Annotated[
        Optional[str], typer.Option("--docs-url", help="the docs site the staff page links clauses to")
    ] = None,
    docs_dir: Annotated[
        Optional[Path], typer.Option("--docs-dir", help="a built docs site (mkdocs build) to serve at /docs/")
    ] = None,
    row_limit: Annotated[int, typer.Option("--row-limit", min=1, help="most rows one upload may hold")] = 10_000,
    upload_mib: Annotated[int, typer.Option("--upload-mib", min=1, help="largest upload, in MiB")] = 8,
) -> None:
    """Serve the JSON API (OpenAPI at /openapi.json) and the staff page (/) over HTTP."""
    try:
        import fastapi  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
        import uvicorn  # type: ignore[import-not-found, unused-ignore]  # extra: api
    except ImportError:
        fail("zjpolicy serve needs the api extra: pip install 'zjpolicy[api]'")
    settings = Settings(
        docs_url=docs_url or ("/docs/" if docs_dir is not None else Settings.docs_url),
        docs_dir=str(docs_dir) if docs_dir is not None else None,
        row_limit=row_limit,
        upload_limit=upload_mib * MIB,
    )
    from .server import NoDelayHTTP

    os.environ.update(settings.to_env())  # the worker processes build the app from these
    console.print(f"zjpolicy: serving on http://{host}:{port}/ (staff page), /openapi.json (API)", highlight=False)
    uvicorn.run(
        "zjpolicy.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        http=NoDelayHTTP,
        log_level="info",
        access_log=False,
    )
