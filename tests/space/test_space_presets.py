"""Published sizing cases take their boost profile from the catalog threat they name."""

import pytest

from opendome.catalog import load_catalog
from opendome.catalog.sourced import load_data_file
from opendome.space.presets import (
    PRESET_FILE,
    THREAT_FILE,
    SizingInputError,
    preset_from_data,
)


def test_aps_preset_takes_its_boost_profile_from_the_catalog_threat():
    threat = load_catalog().missiles["icbm-solid"]  # the typed catalog: an independent reader
    p = preset_from_data("aps2003", load_data_file(PRESET_FILE), load_data_file(THREAT_FILE))
    assert p.threat == "icbm-solid"
    assert p.values["burnout_altitude_m"] == threat.burnout_altitude_m
    assert "catalog icbm-solid" in p.citations["burnout_altitude_m"]
    # APS's published 170 s is an explicit, cited override of the catalog's 180 s
    assert threat.burn_time_s == 180.0
    assert p.values["burn_time_s"] == 170.0
    assert p.overrides == {"burn_time_s": (170.0, 180.0)}
    assert "APS 2003" in p.citations["burn_time_s"]
    assert "overrides the catalog icbm-solid's value 180" in p.citations["burn_time_s"]


def test_one_source_a_catalog_change_reaches_the_preset():
    threats = dict(load_data_file(THREAT_FILE))
    solid = dict(threats["icbm-solid"])
    solid["burnout_altitude_m"] = threats["icbm-liquid"]["burnout_altitude_m"]
    threats["icbm-solid"] = solid
    p = preset_from_data("aps2003", load_data_file(PRESET_FILE), threats)
    liquid = load_catalog().missiles["icbm-liquid"]
    assert p.values["burnout_altitude_m"] == liquid.burnout_altitude_m


def test_a_preset_naming_a_threat_needs_the_threats():
    with pytest.raises(SizingInputError) as info:
        preset_from_data("aps2003", load_data_file(PRESET_FILE))
    assert info.value.field == "threat" and "missiles.yaml" in info.value.problem
