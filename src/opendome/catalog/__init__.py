"""Public parameter data (YAML), each value with its public source, and its loader."""

from opendome.catalog.models import (
    FLIGHT_PROFILES,
    OBJECT_CLASSES,
    PHASES,
    Catalog,
    Interceptor,
    Missile,
    load_catalog,
)
from opendome.catalog.sourced import CatalogDataError, SourcedValue, load_data_file

__all__ = [
    "FLIGHT_PROFILES",
    "OBJECT_CLASSES",
    "PHASES",
    "Catalog",
    "CatalogDataError",
    "Interceptor",
    "Missile",
    "SourcedValue",
    "load_catalog",
    "load_data_file",
]
