"""The trajectory figures quoted in docs/flight.md are what `opendome trajectory` prints today."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from opendome.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "flight.md"
runner = CliRunner()


def test_icbm_table_in_flight_docs() -> None:
    text = DOC.read_text()
    for kind in ("min-energy", "lofted", "depressed"):
        result = runner.invoke(app, ["trajectory", "--missile", "icbm-solid", "--from", "40,125",
                                     "--to", "40,-100", "--type", kind, "--json"])
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        row = (f"| {kind} | {out['flight_time_s'] / 60:.1f} min | {out['apogee_m'] / 1e3:,.0f} km"
               f" | {out['burnout_speed_m_per_s'] / 1e3:.2f} km/s"
               f" | {out['burnout']['flight_path_angle_deg']:.1f} deg |")
        assert row in text, row
