"""kehoach-xl: the yearly poverty-reduction plan of a commune, kept as data in Excel.

    import kehoach_xl
    reading = kehoach_xl.read("KeHoach_xa_Cam_Luong_2023.xlsm")
    kehoach_xl.totals(reading).grand_total               # 26000000
    kehoach_xl.consolidate("hop-thu").frames()["Kinh phí"]

read, totals, targets, export, report, consolidate and the results they
return are the application layer's (kehoach_xl/app/); Unreadable, CatalogError
(an upper level's list that cannot be used) and Refused (a document refused
while the workbook has a Lỗi, a report with no period, a document that
cannot be written, which is also an ExportError) carry the reason in
Vietnamese.  Nothing is imported until a name is used:
every click of a ribbon button starts a new Python that imports this package.
"""

__all__ = ["CatalogError", "Consolidated", "ExportError", "Reading", "Refused", "Unreadable", "__version__",
           "consolidate", "export", "read", "report", "targets", "totals"]

_HOMES = {"CatalogError": "kehoach_xl.app.errors", "ExportError": "kehoach_xl.io.export",
          "Unreadable": "kehoach_xl.app.errors", "Reading": "kehoach_xl.app.reading",
          "read": "kehoach_xl.app.reading", "totals": "kehoach_xl.app.reading", "targets": "kehoach_xl.app.reading",
          "Refused": "kehoach_xl.app.errors", "export": "kehoach_xl.app.documents",
          "report": "kehoach_xl.app.documents", "Consolidated": "kehoach_xl.app.upper",
          "consolidate": "kehoach_xl.app.upper"}
"""Where each name of the API lives."""


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        return version("kehoach-xl")
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_HOMES[name]), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
