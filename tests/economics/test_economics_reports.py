"""The typed cost reports behind ``opendome cost``, tested directly (no CLI).

Outside values: CBO's published totals (CBO 2026, $743B for the SBI layer; CBO 2025's launch
price reductions of 39.0 % and 34.8 %), as quoted in the README with the model's ratios.
"""

from __future__ import annotations

import json

import pytest

from opendome.economics.presets import UnknownPresetError
from opendome.economics.reports import preset_report, scenario_report
from opendome.report.jsonable import json_text
from opendome.scenario import builtin_scenario


def test_cbo_2026_sbi_is_set_beside_cbos_743_billion() -> None:
    report = preset_report("cbo-2026-sbi")
    assert report.published["total_usd"] == 743e9
    assert report.ratio_to_published_total == pytest.approx(0.977, abs=5e-4)
    assert report.result.total_usd == pytest.approx(0.977 * 743e9, rel=1e-3)
    assert report.at_new_launch_price is None  # no newer launch price in that study


@pytest.mark.parametrize(("name", "published_reduction"), [("cbo-2025-low", 0.390),
                                                           ("cbo-2025-high", 0.348)])
def test_cbo_2025_launch_price_cut_beside_the_published_one(name: str,
                                                            published_reduction: float) -> None:
    block = preset_report(name).at_new_launch_price
    assert block is not None
    assert block["published_reduction"] == pytest.approx(published_reduction, abs=5e-4)
    assert 0 < block["reduction"] < 1
    assert block["ratio_to_published_total"] == pytest.approx(
        block["total_usd"] / block["published_total_usd"])


def test_unknown_preset_is_refused_with_its_own_error() -> None:
    with pytest.raises(UnknownPresetError):
        preset_report("no-such-study")


def test_scenario_report_grows_with_the_absentee_ratio_and_is_strict_json() -> None:
    sc = builtin_scenario("cruise-missiles")  # 16 SBIs in reach: the constellation scales
    few, many = scenario_report(sc, absentee_ratio=10), scenario_report(sc, absentee_ratio=40)
    assert many.result.total_usd > few.result.total_usd
    data = json.loads(json_text(few.to_dict()))
    assert data["scenario"] == "cruise-missiles" and data["absentee_ratio"] == 10
    assert data["sources"]
