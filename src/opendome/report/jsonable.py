"""Strict JSON of results: numpy numbers as Python numbers, non-finite floats as null.

One helper for every JSON the package prints or serves: the command line's ``--json`` output
and files (``opendome.cli``), and the web app's answers (``opendome.web``), through
:mod:`opendome.api`. Importing this module imports no numpy: numpy values are recognized by
their type's module, so the command line still starts fast.
"""

from __future__ import annotations

import json
import math
from typing import Any

__all__ = ["json_safe", "json_text"]


def json_safe(x: Any) -> Any:
    """Return ``x`` with numpy scalars and arrays as Python numbers and lists, NaN/inf as None.

    Dict keys become strings; tuples become lists; anything else is returned as it is.
    """
    if type(x).__module__ == "numpy" and hasattr(x, "tolist"):
        x = x.tolist()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {str(k): json_safe(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [json_safe(v) for v in x]
    return x


def json_text(x: Any, indent: int | None = 2) -> str:
    """Return ``x`` as strict JSON text (:func:`json_safe` first; raises on anything else)."""
    return json.dumps(json_safe(x), indent=indent, allow_nan=False)
