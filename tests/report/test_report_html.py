"""The HTML report: every number it shows from a run equals the run's ``summary.json``."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from opendome.cli import app

runner = CliRunner()

NUMBER = re.compile(r"-?[\d,]*\.?\d+")
DIGIT = re.compile(r"\d")
QUOTED = ("name", "text")
"""Span classes whose text is quoted (names, sources): digits in them are not figures."""


class ReportParser(HTMLParser):
    """Collect numbered spans, visible text outside them, images, links and embedded JSON."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.spans: list[tuple[dict[str, str | None], str]] = []
        self.loose_text: list[str] = []
        self.images: list[str] = []
        self.urls: list[str] = []
        self.scripts: dict[str, str] = {}
        self._span_text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.stack.append((tag, a))
        if tag == "img":
            self.images.append(a.get("src") or "")
            self.stack.pop()
        for key in ("src", "href"):
            if a.get(key):
                self.urls.append(a[key] or "")
        if tag == "span" and a.get("class") == "n":
            self._span_text = []

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            t, a = self.stack.pop()
            if t == "span" and a.get("class") == "n" and self._span_text is not None:
                self.spans.append((a, "".join(self._span_text)))
                self._span_text = None
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        tags = [t for t, _ in self.stack]
        if "script" in tags:
            _, a = next((t, a) for t, a in reversed(self.stack) if t == "script")
            self.scripts[a.get("id") or ""] = self.scripts.get(a.get("id") or "", "") + data
            return
        if "style" in tags or "code" in tags or "title" in tags:
            return
        if self._span_text is not None:
            self._span_text.append(data)
            return
        if any(t == "span" and a.get("class") in QUOTED for t, a in self.stack):
            return
        self.loose_text.append(data)


def parse(html: str) -> ReportParser:
    p = ReportParser()
    p.feed(html)
    return p


def lookup(data: Any, path: str) -> Any:
    node = data
    for part in path.split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def agrees(shown: str, value: Any) -> bool:
    """Whether a number as shown (rounded to its printed digits) is the value in the JSON."""
    if value is None:
        return shown == "never"
    text = shown.replace(",", "")
    assert NUMBER.fullmatch(text), f"not a number: {shown!r}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(float(text) - float(value)) <= 0.5 * 10.0 ** -decimals * (1 + 1e-9) + 1e-12


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    result = runner.invoke(app, ["run", "golden-dome-limited", "--trials", "3000", "--seed", "2",
                                 "--out", str(out), "--report"])
    assert result.exit_code == 0, result.output
    return out


def test_every_number_from_the_run_equals_summary_json(run_dir: Path) -> None:
    summary = json.loads((run_dir / "summary.json").read_text())
    page = parse((run_dir / "report.html").read_text())
    keyed = {a["data-key"]: text for a, text in page.spans if a.get("data-key")}
    assert keyed, "no numbers tagged with their summary key"
    for path, text in keyed.items():
        assert agrees(text, lookup(summary, path)), (path, text, lookup(summary, path))
    # the headline, every leaker count, every layer's figures, the kill chain and windows
    required = ["p_no_leak", "p_no_leak_ci95/0", "p_no_leak_ci95/1", "expected_leakers",
                "expected_leakers_ci95/0", "expected_leakers_ci95/1", "closed_form/p_no_leak",
                "closed_form/expected_leakers", "trials", "seed", "warheads", "objects"]
    required += [f"leaker_distribution/{k}" for k in summary["leaker_distribution"]]
    for layer in summary["interceptors_used"]:
        required += [f"{key}/{layer}" for key in ("interceptors_used", "inventory",
                                                  "warheads_killed", "interceptors_used_p95",
                                                  "p_inventory_exhausted")]
        required.append(f"closed_form/interceptors_used/{layer}")
    for i, chain in enumerate(summary["kill_chain"]):
        required += [f"kill_chain/{i}/{k}" for k in ("detection_s", "fire_control_track_s",
                                                     "discrimination_s", "flight_time_s")]
        required += [f"kill_chain/{i}/first_seen_s/{s}" for s in chain["first_seen_s"]]
    for i in range(len(summary["windows"])):
        required += [f"windows/{i}/{k}" for k in ("opportunities", "earliest_s", "latest_s")]
    for name in summary["space_layers"]:
        required += [f"space_layers/{name}/{k}" for k in ("satellites", "in_reach_mean",
                                                          "absentee_ratio")]
    assert sorted(set(required) - set(keyed)) == []


def test_derived_funnel_follows_from_the_summary(run_dir: Path) -> None:
    summary = json.loads((run_dir / "summary.json").read_text())
    page = parse((run_dir / "report.html").read_text())
    derived = {a["data-derived"]: text for a, text in page.spans if a.get("data-derived")}
    arriving = float(summary["warheads"])
    for layer, killed in summary["warheads_killed"].items():
        assert agrees(derived[f"arriving/{layer}"], arriving)
        assert agrees(derived[f"passed/{layer}"], arriving - killed)
        arriving -= killed
    # the warheads passed on by the last layer are the expected leakers
    assert arriving == pytest.approx(summary["expected_leakers"], abs=1e-9)


def test_no_untagged_number_and_nothing_from_the_network(run_dir: Path) -> None:
    html = (run_dir / "report.html").read_text()
    page = parse(html)
    stray = [t.strip() for t in page.loose_text if DIGIT.search(t)]
    assert stray == [], f"numbers outside tagged spans: {stray[:5]}"
    assert {a.get("data-input") or a.get("data-key") or a.get("data-derived")
            or a.get("data-const") for a, _ in page.spans} - {None} != set()
    assert page.images and all(src.startswith("data:image/png;base64,") for src in page.images)
    assert [u for u in page.urls if not u.startswith(("data:", "#"))] == []
    assert json.loads(page.scripts["summary-json"]) == json.loads(
        (run_dir / "summary.json").read_text())
    for section in ("scenario", "headline", "leakers", "layers", "kill-chain", "space", "cost",
                    "assumptions"):
        assert f'<section id="{section}">' in html
    assert "notional" in html


def test_report_command_on_a_run_and_a_sweep_folder(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.html"
    result = runner.invoke(app, ["report", str(run_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert parse(out.read_text()).scripts["summary-json"]
    sweep = tmp_path / "sweep"
    summaries = {}
    for seed in (1, 2):
        point = sweep / f"seed-{seed}"
        r = runner.invoke(app, ["run", "cruise-missiles", "--trials", "500", "--seed",
                                str(seed), "--out", str(point)])
        assert r.exit_code == 0, r.output
        summaries[f"seed-{seed}"] = json.loads((point / "summary.json").read_text())
    r = runner.invoke(app, ["report", str(sweep)])
    assert r.exit_code == 0, r.output
    page = parse((sweep / "report.html").read_text())
    assert json.loads(page.scripts["summaries-json"]) == summaries
    shown = [text for a, text in page.spans if a.get("data-key") == "p_no_leak"]
    assert len(shown) == 2
    for text, label in zip(shown, sorted(summaries), strict=True):
        assert agrees(text, summaries[label]["p_no_leak"])


def test_report_of_a_bad_folder_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text('{"scenario": "x"}')
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: FOLDER:") and "missing" in lines[0]
    assert not (tmp_path / "report.html").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["report", str(empty)])
    assert result.exit_code == 1 and "no summary.json" in result.output
    assert list(empty.iterdir()) == []
