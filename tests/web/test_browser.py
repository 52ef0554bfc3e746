"""The served web view in a real browser (Debian's chromium driven by Playwright).

The server runs for real (``opendome serve`` under uvicorn, on a free loopback port); the test
runs a scenario from the run page, opens the globe, waits for CesiumJS to draw it, and checks
the screenshot is not blank, the numbers shown are the CLI's ``--json`` for the same scenario
and seed, and every request the page made went to the loopback address.

``make test`` (and ``.ci/run``) install what it needs: chromium (``apt-get install chromium``,
Playwright's own browser download is not used) and CesiumJS (``npm ci``). It is not skipped
when they are missing: it fails and says how to install them.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from matplotlib import image
from typer.testing import CliRunner

from opendome.cli import app
from opendome.web.app import CESIUM_DIR

CHROMIUM = "/usr/bin/chromium"
SCENARIO, TRIALS, SEED = "fractional-orbital", 2000, 5
BROWSER_ARGS = [
    "--no-sandbox",  # chromium refuses to run as root with its sandbox (CI runs as root)
    "--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",  # CPU WebGL
]
SCREENSHOT = os.environ.get("OPENDOME_GLOBE_SCREENSHOT")
"""If set, the globe's screenshot is also written there (how docs/img/globe.png is made)."""

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    missing = []
    if not Path(CHROMIUM).is_file():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium; .ci/run does it)")
    if not (CESIUM_DIR / "Cesium.js").is_file():
        missing.append(f"CesiumJS in {CESIUM_DIR} (npm ci; make test does it)")
    if missing:
        pytest.fail("the browser test needs " + " and ".join(missing))
    port = free_port()
    results = tmp_path_factory.mktemp("serve")
    exe = shutil.which("opendome", path=str(Path(sys.executable).parent)) or "opendome"
    proc = subprocess.Popen([exe, "serve", "--port", str(port), "--results", str(results)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # a fresh clone compiles numba kernels
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/limits", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"server did not start: {out[-2000:]}")
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()


def cli_summary() -> dict:
    result = CliRunner().invoke(app, ["run", SCENARIO, "--trials", str(TRIALS), "--seed",
                                      str(SEED), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def lookup(data: dict, path: str) -> object:
    node: object = data
    for part in path.split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    return node


def test_globe_renders_offline_and_shows_the_clis_numbers(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    # the command line's numbers first (this also fills numba's cache for the server's run)
    expected = cli_summary()
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        context = browser.new_context(viewport={"width": 960, "height": 600})
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.goto(f"{server}/")
        page.wait_for_selector(f"#builtin option[value='{SCENARIO}']", state="attached")
        page.select_option("#builtin", SCENARIO)
        page.fill("#trials", str(TRIALS))
        page.fill("#seed", str(SEED))
        page.click("#run")
        try:
            page.wait_for_selector("#result", state="visible", timeout=300_000)
        except Exception:
            pytest.fail(f"the run did not finish: {page.inner_text('#status')!r} "
                        f"{page.inner_text('#problems')!r}")
        page.click("#globe-link")
        page.wait_for_function(
            "document.body.dataset.ready === '1' || document.body.dataset.error !== undefined",
            timeout=300_000)
        assert page.evaluate("document.body.dataset.error") is None
        png = page.screenshot(path=SCREENSHOT) if SCREENSHOT else page.screenshot()
        shown = page.eval_on_selector_all(
            "#summary-numbers td[data-key]",
            "cells => cells.map(c => [c.dataset.key, c.dataset.value, c.textContent])")
        entities = page.evaluate("viewer.dataSources.get(0).entities.values.length")
        # the command line's CZML file loads in the served globe
        czml = tmp_path / "scenario.czml"
        made = CliRunner().invoke(app, ["czml", SCENARIO, "--out", str(czml)])
        assert made.exit_code == 0, made.output
        page.set_input_files("#czml-file", str(czml))
        page.wait_for_function("document.body.dataset.czmlFile !== undefined", timeout=60_000)
        from_file = page.evaluate("document.body.dataset.czmlFile")
        browser.close()

    # not blank: the globe's imagery and the scenario's entities give a varied picture
    pixels = image.imread(io.BytesIO(png), format="png")[..., :3]
    globe = pixels[100:500, 250:750]
    assert float(globe.std()) > 0.05
    assert len(np.unique((globe * 255).astype(np.uint8).reshape(-1, 3), axis=0)) > 500
    assert entities > 100  # salvo, sites, radars, 100 tracking satellites, window
    packets = json.loads(czml.read_text())
    assert from_file == str(len(packets) - 1)  # every packet but the document's is an entity

    # the numbers shown are the command line's for the same scenario and seed
    keys = {k for k, _, _ in shown}
    assert {"p_no_leak", "p_no_leak_ci95/0", "p_no_leak_ci95/1", "expected_leakers"} <= keys
    assert {f"interceptors_used/{n}" for n in expected["interceptors_used"]} <= keys
    for key, value, text in shown:
        want = lookup(expected, key)
        assert json.loads(value) == want, key
        digits = len(text.split(".")[1])
        assert abs(float(text) - float(want)) <= 0.5 * 10.0 ** -digits + 1e-12, key

    # fully offline: every request went to this server on the loopback address
    assert requests
    outside = [u for u in requests if not u.startswith((f"{server}/", "data:", "blob:"))]
    assert outside == []
    assert any("/cesium/Assets/Textures/NaturalEarthII/" in u for u in requests)
