"""Make the README's screenshots of the report and of the globe with OpenDome's own commands.

    .venv/bin/python scripts/view_screenshots.py

1. ``opendome run golden-dome-limited --trials 20000 --seed 1 --out out/readme --report``;
   Debian's chromium (Playwright) opens ``out/readme/report.html`` from disk and saves the top
   of the page as ``docs/img/report.png``.
2. ``opendome serve`` on a free loopback port; the run page runs the same scenario and seed,
   the globe page draws it, and the screenshot is ``docs/img/globe.png``.

Needs what ``make test`` installs (the test extra, ``npm ci``) and /usr/bin/chromium.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SCENARIO, TRIALS, SEED = "golden-dome-limited", 20_000, 1
ARGS = ["--no-sandbox", "--use-gl=angle", "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader"]


def main() -> None:
    """Write docs/img/report.png and docs/img/globe.png."""
    out = ROOT / "out" / "readme"
    subprocess.run([BIN / "opendome", "run", SCENARIO, "--trials", str(TRIALS), "--seed",
                    str(SEED), "--out", str(out), "--report"], check=True,
                   stdout=subprocess.DEVNULL)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([BIN / "opendome", "serve", "--port", str(port), "--results",
                               str(ROOT / "out" / "serve")], stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/api/limits", timeout=2).close()
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 1500})
            page.goto((out / "report.html").as_uri())
            page.screenshot(path=ROOT / "docs" / "img" / "report.png")
            page = browser.new_page(viewport={"width": 1200, "height": 720})
            page.goto(f"{base}/")
            page.wait_for_selector(f"#builtin option[value='{SCENARIO}']", state="attached")
            page.select_option("#builtin", SCENARIO)
            page.fill("#trials", str(TRIALS))
            page.fill("#seed", str(SEED))
            page.click("#run")
            page.wait_for_selector("#result", state="visible", timeout=600_000)
            page.click("#globe-link")
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=600_000)
            page.screenshot(path=ROOT / "docs" / "img" / "globe.png")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("wrote docs/img/report.png and docs/img/globe.png")


if __name__ == "__main__":
    main()
