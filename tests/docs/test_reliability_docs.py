"""docs/reliability.md states the limits the code applies."""

from pathlib import Path

from opendome.scenario import limits

DOC = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"


def test_the_limits_table_matches_the_code():
    text = DOC.read_text()
    rows = {
        "scenario file size": f"{limits.MAX_FILE_BYTES:,} bytes",
        "YAML nesting depth": f"{limits.MAX_NESTING} levels",
        "YAML values after expanding aliases": f"{limits.MAX_NODES:,}",
        "objects in a raid": f"{limits.MAX_OBJECTS:,}",
        "satellites in one constellation": f"{limits.MAX_SATELLITES:,}",
        "satellite positions": f"{limits.MAX_SATELLITE_SAMPLES:,}",
        "salvos / layers / sensors / sites per layer / shells":
            f"{limits.MAX_SALVOS:,} / {limits.MAX_LAYERS} / {limits.MAX_SENSORS} / "
            f"{limits.MAX_SITES:,} / {limits.MAX_SHELLS}",
        "`extends` chain": f"{limits.MAX_EXTENDS_DEPTH} scenarios",
        "launch time of a salvo": f"0 to {limits.MAX_LAUNCH_TIME_S / 86400:g} days",
        "delays, dwells, latencies": f"0 to {limits.MAX_DELAY_S / 86400:g} day",
    }
    lines = {line.split("|")[1].strip(): line.split("|")[2].strip()
             for line in text.splitlines() if line.startswith("| ") and line.count("|") >= 4}
    for name, value in rows.items():
        key = next(k for k in lines if k.startswith(name))
        assert lines[key] == value, name


def test_the_reference_constellation_figure():
    from opendome.scenario import builtin_scenario
    c = builtin_scenario().defender.layers[0].constellation
    assert f"the reference has {c.satellites * c.launch_time_samples:,}" in DOC.read_text()
