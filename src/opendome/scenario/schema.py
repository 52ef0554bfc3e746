"""The JSON Schema of scenario files, with the catalog's names as enums (for editors)."""

from __future__ import annotations

from typing import Any

from opendome.catalog import Catalog, load_catalog
from opendome.scenario.models import Scenario


def scenario_json_schema(catalog: Catalog | None = None) -> dict[str, Any]:
    """Return the JSON Schema of a scenario file.

    Defaults read as a user writes them (``"180 deg"``, ``"4000 km"``); missile and interceptor
    names are enums of ``catalog`` (default: the shipped one), so editors complete them.
    """
    cat = catalog if catalog is not None else load_catalog()
    schema = Scenario.model_json_schema()
    defs = schema["$defs"]
    missiles, interceptors = sorted(cat.missiles), sorted(cat.interceptors)
    defs["Salvo"]["properties"]["missile"]["enum"] = missiles
    defs["Layer"]["properties"]["interceptor"]["enum"] = interceptors
    defs["Layer"]["properties"]["opportunities_by_missile"]["propertyNames"] = {"enum": missiles}
    overrides = defs["CatalogOverrides"]["properties"]
    overrides["missiles"]["propertyNames"] = {"enum": missiles}
    overrides["interceptors"]["propertyNames"] = {"enum": interceptors}
    return schema
