"""The catalogs a command checks plans against, read once and passed in.

The shipped phases are `data/catalog-<phase>.json` (core/catalog.py says what
they hold).
"""

import json
from functools import cache
from importlib import resources

from kehoach_xl.core.catalog import Catalog, from_data

PREFIX, SUFFIX = "catalog-", ".json"


@cache
def _shipped() -> tuple[Catalog, ...]:
    folder = resources.files("kehoach_xl").joinpath("data")
    found = [from_data(json.loads(f.read_text("utf-8"))) for f in folder.iterdir()
             if f.name.startswith(PREFIX) and f.name.endswith(SUFFIX)]
    return tuple(sorted(found, key=lambda c: c.first_year))


def shipped() -> dict[str, Catalog]:
    """Every phase the package ships, oldest first, by phase."""
    return {c.phase: c for c in _shipped()}
