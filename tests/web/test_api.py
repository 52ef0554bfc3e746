"""The web app's JSON API: runs, validation with field paths, limits, and no 500 on any input."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import settings

from opendome import api
from opendome.web.app import MAX_BODY_BYTES, MAX_TRIALS, create_app


@pytest.fixture()
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "results")) as c:
        yield c


def wait(client: TestClient, run_id: str, timeout_s: float = 120.0) -> dict:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        body = client.get(f"/api/runs/{run_id}").json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish")


def test_run_gives_the_engines_summary_and_writes_only_in_results(client: TestClient,
                                                                  tmp_path: Path) -> None:
    r = client.post("/api/runs", json={"scenario": "cruise-missiles", "trials": 3000, "seed": 7})
    assert r.status_code == 202, r.text
    body = wait(client, r.json()["id"])
    assert body["status"] == "done" and body["done_trials"] == 3000
    expected = api.run(api.builtin_scenario("cruise-missiles"), 3000, 7).summary().to_dict()
    # the server's summary is the engine's, through strict JSON (blocking does not matter)
    assert body["summary"] == json.loads(json.dumps(expected))
    report = client.get(f"/api/runs/{body['id']}/report")
    assert report.status_code == 200 and 'id="summary-json"' in report.text
    czml = client.get(f"/api/runs/{body['id']}/czml").json()
    assert czml[0]["id"] == "document"
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                     if p.is_file())
    run = body["id"]
    assert written == [f"results/{run}/report.html", f"results/{run}/scenario.yaml",
                       f"results/{run}/summary.json"]


def test_pasted_scenario_is_validated_with_field_paths(client: TestClient) -> None:
    text = api.builtin_scenario("cruise-missiles").name  # a name is not a scenario file
    r = client.post("/api/validate", json={"text": text})
    assert r.status_code == 200 and not r.json()["valid"]
    good = client.get("/api/scenarios/cruise-missiles/text").text
    bad = good.replace("inventory: 48", "inventory: -4", 1)
    assert bad != good
    problems = client.post("/api/validate", json={"text": bad}).json()["problems"]
    assert any(p.startswith("defender.layers[") and ".inventory" in p for p in problems)
    r = client.post("/api/runs", json={"text": bad, "trials": 10})
    assert r.status_code == 422 and r.json()["problems"] == problems
    assert client.post("/api/validate", json={"text": good}).json() == {
        "valid": True, "name": "cruise-missiles", "problems": []}


def test_limits_size_trials_time_and_ids(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "r", max_run_s=0.0)) as client:
        big = client.post("/api/validate", content=b"x" * (MAX_BODY_BYTES + 1),
                          headers={"content-type": "application/json"})
        assert big.status_code == 413
        r = client.post("/api/runs", json={"scenario": "cruise-missiles",
                                           "trials": MAX_TRIALS + 1})
        assert r.status_code == 422
        r = client.post("/api/runs", json={"scenario": "cruise-missiles", "trials": 5000})
        body = wait(client, r.json()["id"])
        assert body["status"] == "failed" and "stopped after" in body["error"]
        assert client.get("/api/runs/..%2F..%2Fetc").status_code == 404
        assert client.get(f"/api/runs/{body['id']}/report").status_code == 409
        assert client.post("/api/runs", json={"scenario": "../../etc/passwd"}).status_code == 422
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


APP = create_app(Path(tempfile.mkdtemp(prefix="opendome-api-test-")))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _stop_app() -> Iterator[None]:
    yield
    APP.state.shutdown()


@schema.parametrize()
@settings(max_examples=25)
def test_no_server_error_on_any_request(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
