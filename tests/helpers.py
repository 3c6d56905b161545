"""What the tests share: the `kehoach` command run in this process or as a real one, a file's digest,
LibreOffice, and reading back a workbook a command wrote.

`kehoach(...)` calls `kehoach_xl.shells.cli.main(argv)` here, with its own stdout and stderr, in the
folder and environment given, and answers as `subprocess.run` would: the exit code, what was printed.
`kehoach_process(...)` starts `python -m kehoach_xl`, for the few tests of the real entry point.
"""

import contextlib
import hashlib
import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from xml.etree.ElementTree import fromstring

import openpyxl
import pytest

from conftest import ROOT
from kehoach_xl.builder import ribbon
from kehoach_xl.core import contract
from kehoach_xl.io.export import find_soffice, pdf_unavailable
from kehoach_xl.shells.cli import main

SOFFICE = find_soffice()
"""LibreOffice's command, found as `kehoach export --pdf` finds it; None where it is not installed."""
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
needs_pdf = pytest.mark.skipif(pdf_unavailable() is not None, reason="no LibreOffice or font for PDF")


def kehoach(*args: object, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command line in this process; `env` replaces the environment while it runs, as subprocess's does."""
    argv = [str(arg) for arg in args]
    out, err = _stream(), _stream()
    with contextlib.chdir(cwd), _environment(env), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:  # argparse: --help, --version, a command given wrongly
            code = exit.code
            if code is not None and not isinstance(code, int):
                print(code, file=sys.stderr)
                code = 1
    return subprocess.CompletedProcess(["kehoach", *argv], 0 if code is None else code, _text(out), _text(err))


def kehoach_process(*args: object, cwd: Path = ROOT, env: Mapping[str, str] | None = None,
                    **run: object) -> subprocess.CompletedProcess:
    """The real command, `python -m kehoach_xl`, in a new interpreter."""
    return subprocess.run([sys.executable, "-m", "kehoach_xl", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", **run)


def _stream() -> io.TextIOWrapper:
    """A stream like a process's own: main() reconfigures it to UTF-8."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8")


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8")


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def values(path: Path, sheet: str) -> list[list[object]]:
    return [list(row) for row in openpyxl.load_workbook(path)[sheet].iter_rows(min_row=2, values_only=True)
            if any(v is not None for v in row)]


def info(path: Path) -> dict[str, object]:
    return {row[0]: row[1] for row in values(path, contract.INFO.sheet)}


RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def assert_macro_workbook_with_ribbon(path: Path) -> None:
    """What tests/test_workbook.py checks of the committed workbooks: the ribbon survives, the VBA is there."""
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert "xl/vbaProject.bin" in names
        assert archive.read("customUI/customUI14.xml") == ribbon.custom_ui()
        rels = [r.get("Target") for r in fromstring(archive.read("_rels/.rels")).iter(RELS)
                if r.get("Type") == RIBBON_REL]
    assert rels == ["customUI/customUI14.xml"]
