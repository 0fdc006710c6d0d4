"""An HTTP service for systems that do not speak Python, and a page for policy staff (extra ``api``).

```bash
pip install "zjpolicy[api]"
zjpolicy serve --host 127.0.0.1 --port 8000      # the staff page at /, the OpenAPI document at /openapi.json
```

```python
from zjpolicy.api import Settings, create_app
app = create_app(Settings(docs_url="https://example.org/zjpolicy/"))   # any ASGI server
```

Every rule of the catalogue is ``POST /rules/<rule id>`` (its input model is the request's ``inputs``), with named
routes for the main ones (``/rate-park``, ``/green-channel``, ``/land-share``, ``/plot-ratio``); ``/targets``,
``/batch/<kind>`` (table uploads), ``/clauses``, ``/parameters``, ``/schemas``, ``/replay`` and ``/healthz`` complete
it. Every response carries the package version and the parameter digest (headers ``X-Zjpolicy-Version``,
``X-Zjpolicy-Digest``, and the body); bad input is a 422 naming the field, the unit and the clause.

Layout: `settings` (limits, the docs site), `meta` (version, digest, responses), `limits` (the ASGI body limit and
headers), `errors` (every library error to a status), `requests` (request envelopes and options), `examples` (an
example request per rule), `links` (docs pages of clauses and readings), `routes`, `inventory` and `tables` (the
JSON API and the uploads), `openapi`, `page`, `page_files`, `forms` and `render` (the staff page), `app`
(`create_app`), `server` (uvicorn's protocol with TCP_NODELAY) and `cli` (``zjpolicy serve``).
Only `cli` and `settings` load without FastAPI: ``zjpolicy --help`` never imports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from .app import create_app
    from .settings import Settings

__all__ = ["Settings", "create_app"]

_WHERE = {"create_app": "app", "Settings": "settings"}


__getattr__, __dir__ = lazy_exports(__name__, _WHERE, globals())
