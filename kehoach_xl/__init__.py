"""kehoach-xl: the yearly poverty-reduction plan of a commune, kept as data in Excel.

    import kehoach_xl
    reading = kehoach_xl.read("KeHoach_xa_Cam_Luong_2023.xlsm")
    kehoach_xl.totals(reading).grand_total               # 26000000
    kehoach_xl.consolidate("hop-thu").frames()["Kinh phí"]

read, totals, targets, export, consolidate and the results they return are
documented in kehoach_xl.shells.api; Unreadable, ExportError and CatalogError
(an upper level's list that cannot be used) carry the reason in Vietnamese.  Nothing is imported until a name is used: every click
of a ribbon button starts a new Python that imports this package.
"""

__all__ = ["CatalogError", "Consolidated", "ExportError", "Reading", "Unreadable", "__version__", "consolidate",
           "export", "read", "report", "targets", "totals"]

_HOMES = {"CatalogError": "kehoach_xl.io.catalogs", "ExportError": "kehoach_xl.io.export",
          "Unreadable": "kehoach_xl.io.package"}
"""Where a name of the API lives when not in kehoach_xl.shells.api."""


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        return version("kehoach-xl")
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_HOMES.get(name, "kehoach_xl.shells.api")), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
