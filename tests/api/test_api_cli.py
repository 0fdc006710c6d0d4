"""`zjpolicy serve` is mounted lazily: ``zjpolicy --help`` loads no FastAPI, uvicorn or pandas."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from zjpolicy.api.settings import Settings
from zjpolicy.cli import app


def test_help_loads_no_web_framework() -> None:
    code = (
        "import sys\n"
        "from zjpolicy.cli import app\n"
        "for argv in (['--help'], ['serve', '--help']):\n"
        "    try:\n"
        "        app(argv, prog_name='zjpolicy')\n"
        "    except SystemExit as e:\n"
        "        assert e.code in (0, None), e.code\n"
        "loaded = [m for m in ('fastapi', 'starlette', 'uvicorn', 'pandas', 'multipart') if m in sys.modules]\n"
        "assert loaded == [], loaded\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr + r.stdout


def test_serve_is_a_command_with_its_options() -> None:
    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0
    for option in ("--host", "--port", "--workers", "--docs-url", "--docs-dir", "--row-limit", "--upload-mib"):
        assert option in r.stdout
    assert "127.0.0.1" in r.stdout


def test_settings_travel_to_the_workers_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    s = Settings(docs_url="https://example.org/zjpolicy", row_limit=5, upload_limit=1024)
    assert s.docs_url == "https://example.org/zjpolicy/"
    for k, v in s.to_env().items():
        monkeypatch.setenv(k, v)
    assert Settings.from_env() == s
    with pytest.raises(ValueError):
        Settings(row_limit=0)
