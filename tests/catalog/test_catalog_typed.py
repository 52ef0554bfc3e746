"""Typed catalog entries: the kind of each entry, checks at load, provenance, replaceable data."""

import dataclasses
import shutil
from importlib import resources
from pathlib import Path

import pytest
import yaml

from opendome.catalog import (
    BallisticMissile,
    CatalogDataError,
    CruiseMissile,
    FractionalOrbitalMissile,
    GlideVehicle,
    SourcedValue,
    SpaceInterceptor,
    SurfaceInterceptor,
    load_catalog,
)

KINDS = {"icbm-solid": BallisticMissile, "icbm-liquid": BallisticMissile,
         "slbm": BallisticMissile, "irbm": BallisticMissile, "hgv": GlideVehicle,
         "cruise": CruiseMissile, "fobs": FractionalOrbitalMissile, "sbi": SpaceInterceptor,
         "gbi": SurfaceInterceptor, "ngi": SurfaceInterceptor, "sm3-iia": SurfaceInterceptor,
         "thaad": SurfaceInterceptor, "pac3-mse": SurfaceInterceptor}


def test_each_entry_has_the_kind_its_data_file_states():
    cat = load_catalog()
    for key, entry in {**cat.missiles, **cat.interceptors}.items():
        assert type(entry) is KINDS[key], key
    raw = yaml.safe_load(resources.files("opendome.catalog").joinpath(
        "data", "missiles.yaml").read_text())
    for key, missile in cat.missiles.items():
        assert missile.flight_profile == raw[key]["flight_profile"]


def test_every_typed_number_keeps_its_source():
    cat = load_catalog()
    for entry in (*cat.missiles.values(), *cat.interceptors.values()):
        for name in type(entry).numeric_fields():
            value = getattr(entry, name)
            if value is None:
                assert name not in entry.params
                continue
            sv = entry.params[name]
            assert isinstance(sv, SourcedValue) and sv.value == value and len(sv.source) > 10


def _copy_data(tmp_path: Path) -> Path:
    src = resources.files("opendome.catalog").joinpath("data")
    for name in ("missiles.yaml", "interceptors.yaml"):
        with resources.as_file(src.joinpath(name)) as f:
            shutil.copy(f, tmp_path / name)
    return tmp_path


def _edit(path: Path, entry: str, update: dict, remove: str | None = None) -> None:
    data = yaml.safe_load(path.read_text())
    data[entry].update(update)
    if remove:
        del data[entry][remove]
    path.write_text(yaml.safe_dump(data))


def test_a_missing_parameter_fails_at_load_naming_entry_and_field(tmp_path):
    folder = _copy_data(tmp_path)
    _edit(folder / "missiles.yaml", "irbm", {}, remove="burn_time_s")
    with pytest.raises(CatalogDataError, match=r"missiles.yaml:irbm.burn_time_s: missing"):
        load_catalog(folder)


def test_an_unknown_or_out_of_bounds_parameter_fails_at_load(tmp_path):
    folder = _copy_data(tmp_path)
    _edit(folder / "interceptors.yaml", "gbi",
          {"burnout_sped_m_per_s": {"value": 7000, "notional": "typo"}})
    with pytest.raises(CatalogDataError, match=r"gbi.burnout_sped_m_per_s: not a parameter of a "
                       r"surface interceptor; did you mean 'burnout_speed_m_per_s'"):
        load_catalog(folder)
    _copy_data(tmp_path)
    _edit(folder / "interceptors.yaml", "thaad",
          {"max_intercept_altitude_m": {"value": -1, "notional": "wrong sign"}})
    with pytest.raises(CatalogDataError, match=r"thaad.max_intercept_altitude_m: must be > 0"):
        load_catalog(folder)


def test_a_replacement_catalog_loads_from_a_folder(tmp_path):
    folder = _copy_data(tmp_path)
    _edit(folder / "missiles.yaml", "irbm", {"burn_time_s": {"value": 90, "notional": "test"}})
    other = load_catalog(folder)
    assert other.missiles["irbm"].burn_time_s == 90
    assert load_catalog().missiles["irbm"].burn_time_s == 120  # the shipped one is untouched


def test_with_values_returns_a_copy_and_checks_coherence():
    cat = load_catalog()
    sv = SourcedValue(3000.0, "test", notional=True)
    new = cat.with_values("interceptors", "sbi", {"delta_v_m_per_s": sv})
    assert new.interceptors["sbi"].delta_v_m_per_s == 3000.0
    assert new.interceptors["sbi"].params["delta_v_m_per_s"] is sv
    assert cat.interceptors["sbi"].delta_v_m_per_s == 4000.0
    assert dataclasses.replace(new.interceptors["sbi"], params={}) != cat.interceptors["sbi"]
    with pytest.raises(CatalogDataError, match="min_intercept_altitude_m: must be below"):
        cat.with_values("interceptors", "gbi", {
            "min_intercept_altitude_m": SourcedValue(3e6, "test", notional=True)})
