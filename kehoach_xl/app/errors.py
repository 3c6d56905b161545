"""What stops a use case, for a shell to catch and show: each str() is the reason, in Vietnamese.

    Refused       the use case will not run as asked: a document while a finding is a Lỗi (HasErrors), a
                  report before its period is chosen, a document that cannot be written (NotWritten, in
                  app/documents.py, which is also io/export's ExportError), a year no phase covers, a
                  phase not shipped, a folder that is not the repository's root
    Unreadable    the file is no workbook that can be read (io/guard)
    CatalogError  the upper level's list cannot be used (io/catalogs)
    os_reason     why the operating system refused to write a file (OSError)
"""

from kehoach_xl.io.catalogs import CatalogError
from kehoach_xl.io.guard.reasons import Unreadable
from kehoach_xl.io.os_reasons import os_reason

__all__ = ["CatalogError", "HasErrors", "Refused", "Unreadable", "os_reason"]


class Refused(Exception):
    """A use case that will not run on this workbook as it is; str() says why and what to do, in
    Vietnamese."""


class HasErrors(Refused):
    """A document refused while a finding is a Lỗi: each shell shows the findings its own way (the command
    line prints them, a button lists them on "Kiểm tra"), then says so."""
