"""Helpers for the documentation tests: load the docs modules (docs/hooks/*.py), build the site once."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "docs" / "hooks"


def load(name: str) -> ModuleType:
    """docs/hooks/<name>.py as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"zjpolicy_docs_{name}", HOOKS / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="session")
def pages() -> ModuleType:
    """The rulebook-to-Markdown generators and the macros (docs/hooks/pages.py)."""
    pytest.importorskip("mkdocs_gen_files")
    return load("pages")


@pytest.fixture(scope="session")
def search_hook() -> ModuleType:
    pytest.importorskip("jieba")
    return load("search")


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="session")
def mkdocs_builder():
    """`mkdocs build --strict -f <config> -d <site>`, as a function of (config, site)."""
    pytest.importorskip("mkdocs")
    return mkdocs_build


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`mkdocs build --strict` into a temporary directory (fails the tests that use it if the build fails)."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    site = tmp_path_factory.mktemp("site")
    proc = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return site
