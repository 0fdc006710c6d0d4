"""The staff page in a real headless Chromium, against ``zjpolicy serve`` on 127.0.0.1 (a free port).

With Playwright (driving the system ``chromium``): fill the park form, submit, read the stars, the table and the
gaps, download the decision and replay it. Without Playwright: ``chromium --headless --dump-dom`` on the form
submitted as a query string (a GET form, no JavaScript). Either test skips when Chromium cannot be found
(``apt-get install chromium``; or set ZJPOLICY_CHROMIUM). ZJPOLICY_SCREENSHOT=PATH saves the page there
(docs/assets/staff-page.png is made so).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from zjpolicy.api.forms import PARK_FORM
from zjpolicy.api.page import _example_values


def chromium() -> str | None:
    for name in (os.environ.get("ZJPOLICY_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and (found := shutil.which(name)):
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``zjpolicy serve`` on 127.0.0.1 and a free port, stopped (only this process) at the end."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "zjpolicy.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"zjpolicy serve did not start:\n{out[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_server_answers_on_loopback(server: str) -> None:
    with urllib.request.urlopen(server + "/healthz", timeout=5) as r:
        body = json.loads(r.read())
        assert body["status"] == "ok" and r.headers["X-Zjpolicy-Version"] == body["version"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = chromium()
    if exe is None:
        pytest.skip("no chromium (apt-get install chromium, or set ZJPOLICY_CHROMIUM)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        except Exception as exc:  # a Chromium Playwright cannot drive: the dump-dom test still runs
            pytest.skip(f"Playwright cannot launch {exe}: {exc}")
        yield b
        b.close()


def fill(page: Any, values: dict[str, str]) -> None:
    for i in PARK_FORM.inputs():
        v = values.get(i.name)
        if v is None:
            continue
        field = page.locator(f'[id="f-{i.name}"]')
        if i.kind == "select":
            field.select_option(v)
        elif i.kind == "checkbox":
            field.check()
        else:
            field.fill(v)
    page.locator('[id="f-as_of"]').fill(values["as_of"])


def test_fill_the_form_see_the_stars_download_and_replay(server: str, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 1500}, accept_downloads=True)
    page.goto(server + "/")
    assert page.locator("#stars").count() == 0
    fill(page, _example_values(PARK_FORM))
    page.locator("#submit").click()
    page.wait_for_load_state()
    assert page.locator("#stars").get_attribute("data-stars") == "4"
    assert "四星级园区" in page.locator("#stars").inner_text()
    table = page.locator("#rubric")
    assert table.locator("tbody tr").count() == 11
    assert "✓" in table.inner_text() and "✗" in table.inner_text()
    assert "五星级" in page.locator("#gaps").inner_text()
    href = page.locator("#rubric a").first.get_attribute("href") or ""
    assert href.startswith("/docs/rulebook/demo-park-plan/3-2/#dp-3-2-row01")
    shot = os.environ.get("ZJPOLICY_SCREENSHOT")
    page.screenshot(path=shot or str(tmp_path / "staff-page.png"))
    with page.expect_download() as d:
        page.locator("#download").click()
    saved = tmp_path / "decision.json"
    d.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["stars"] == 4
    page.goto(server + "/staff/replay")
    page.locator('[id="f-file"]').set_input_files(str(saved))
    page.locator("#replay-submit").click()
    page.wait_for_load_state()
    assert page.locator("#stands").get_attribute("data-stands") == "true"
    page.close()


def test_bad_input_in_the_browser(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server + "/")
    fill(page, _example_values(PARK_FORM) | {"cnc_rate": "66.5 kg"})
    page.locator("#submit").click()
    page.wait_for_load_state()
    problems = page.locator("#problems").inner_text()
    assert "cnc_rate" in problems and "%" in problems
    page.close()


def test_without_javascript_a_get_form_and_dump_dom(server: str, tmp_path: Path) -> None:
    exe = chromium()
    if exe is None:
        pytest.skip("no chromium (apt-get install chromium, or set ZJPOLICY_CHROMIUM)")
    url = server + "/staff/park?" + urlencode(_example_values(PARK_FORM))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-javascript", f"--user-data-dir={tmp_path}"]
    run = subprocess.run([exe, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert 'data-stars="4"' in run.stdout, run.stderr[-1500:]
    assert 'id="rubric"' in run.stdout and "✗" in run.stdout


def test_the_chinese_page_answers_in_chinese_whatever_the_browser_asks(server: str, browser: Any) -> None:
    """Headless Chromium sends Accept-Language: en-US; the staff page's outcome is still Chinese."""
    page = browser.new_page(locale="en-US")
    page.goto(server + "/staff/park?" + urllib.parse.urlencode(_example_values(PARK_FORM)))
    assert "四星级园区（4 星）" in page.locator("#outcome").inner_text()
    assert "stars" not in page.locator("#outcome").inner_text()
