"""The service's settings: where the docs site is, and the limits on what a request may send.

Plain data (no FastAPI), read by `create_app` and by ``zjpolicy serve``; `Settings.from_env` reads the
``ZJPOLICY_API_*`` variables the command sets for its worker processes.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

__all__ = ["KIB", "MIB", "Settings"]

KIB, MIB = 1024, 1024 * 1024
_ENV = "ZJPOLICY_API_"


@dataclass(frozen=True)
class Settings:
    """Limits (bytes, rows) and the docs site the staff page links to.

    docs_url: the base address of the documentation site (``mkdocs build``); a clause's link is
        ``<docs_url>rulebook/<document>/<section>/#<anchor>``. The default, ``/docs/``, is this server: give
        ``docs_dir`` (the built site) to serve it there.
    json_limit: the largest JSON request body (64 KiB); checked on the bytes, before any parsing.
    upload_limit: the largest table upload (``/batch/…``, the staff page's upload), 8 MiB.
    replay_limit: the largest stored decision sent to ``/replay``, 1 MiB.
    row_limit: the most rows one upload may hold (checked before a Parquet file is read).
    rows_shown: the rows of an upload the staff page shows.
    """

    docs_url: str = "/docs/"
    docs_dir: str | None = None
    json_limit: int = 64 * KIB
    upload_limit: int = 8 * MIB
    replay_limit: int = 1 * MIB
    row_limit: int = 10_000
    rows_shown: int = 250

    def __post_init__(self) -> None:
        if not self.docs_url.endswith("/"):
            object.__setattr__(self, "docs_url", self.docs_url + "/")
        for f in ("json_limit", "upload_limit", "replay_limit", "row_limit", "rows_shown"):
            if getattr(self, f) < 1:
                raise ValueError(f"Settings.{f} must be at least 1, not {getattr(self, f)}")
        if self.docs_dir is not None and not Path(self.docs_dir).is_dir():
            raise ValueError(f"docs_dir {self.docs_dir!r} is not a directory (build the site: mkdocs build)")

    def to_env(self) -> dict[str, str]:
        """The ``ZJPOLICY_API_*`` variables that give these settings to `from_env` (in a worker process)."""
        return {_ENV + k.upper(): str(v) for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the ``ZJPOLICY_API_*`` environment variables (the defaults for those not set)."""
        kw: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(_ENV + f.name.upper())
            if raw is not None:
                kw[f.name] = raw if f.name in ("docs_url", "docs_dir") else int(raw)
        return cls(**kw)  # type: ignore[arg-type]
