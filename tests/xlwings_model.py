r"""A model, in Python, of how the xlwings VBA module the workbook carries (workbook/vba/xlwings.bas)
finds the interpreter and the log folder of a click on Windows: what wine cannot run (Excel, VBA and
the ANSI calls VBA makes), modelled from the source and held to it (tests/test_xlwings_lookup.py
checks the statements each step rests on).

- RunPython: `GetConfig("INTERPRETER_WIN", "")`, and when that is "" the legacy
  `GetConfig("INTERPRETER", "python")`.
- GetConfig: the workbook's "xlwings.conf" sheet (GetConfigFromSheet: column A from A1 down to the
  first blank, keys upper-cased; a key listed there wins even when its value is blank), then
  xlwings.conf beside the workbook, then GetConfigFilePath, `Environ("USERPROFILE") &
  "\.xlwings\xlwings.conf"`, then the default. Every value goes through ExpandEnvironmentStrings,
  which is `WScript.ExpandEnvironmentStrings`: a COM call, Unicode.
- A file is found with GetAttr (FileExistsOnWindows) and read with `Open … For Input` (GetConfigFromFile,
  ReadFile); `Environ()` returns the environment in the ANSI code page too. VBA hands these calls its
  Unicode strings converted to the system's ANSI code page: a letter with no spelling there becomes
  "?" (or a best-fit letter without its accents), which names no file that exists.
- ExecuteWindows: the interpreter must pass FileExists ("Could not find Interpreter!" otherwise),
  unless it is the bare "python"/"pythonw" left to PATH; the click's stderr goes to
  `GetConfig("TEMP DIR", Environ("Temp")) & "\xlwings-<GUID>.log"` (written by cmd.exe, whose
  command line WScript.Run passes in Unicode) and is read back with ReadFile, whose Open is ANSI.

`Windows` is the PC: where its C:\ is on this machine, the user's environment (Unicode) and the
system's ANSI code page.
"""

import re
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import openpyxl

SHEET = "xlwings.conf"
ON_PATH = ("python", "pythonw")


class NotFound(Exception):
    """What the user sees instead of a run: xlwings' message, or Windows' for "python" on PATH."""


@dataclass
class Windows:
    drive_c: Path
    environ: dict[str, str]
    codepage: str

    def ansi(self, text: str) -> str:
        """`text` as an ANSI call receives it: through the code page and back."""
        return text.encode(self.codepage, errors="replace").decode(self.codepage)

    def environ_ansi(self, name: str) -> str:
        """VBA's Environ(name)."""
        value = next((value for key, value in self.environ.items() if key.upper() == name.upper()), "")
        return self.ansi(value)

    def expand(self, text: str) -> str:
        """WScript.ExpandEnvironmentStrings: %NAME% of a variable that is set, case-insensitively; Unicode."""
        upper = {key.upper(): value for key, value in self.environ.items()}
        return re.sub(r"%([^%]+)%", lambda match: upper.get(match.group(1).upper(), match.group(0)), text)

    def local(self, path: str) -> Path | None:
        """Where an ANSI call finds the Windows path `path`, if anything is there (names compared as
        Windows does, without regard to case)."""
        seen = self.ansi(path)
        parts = PureWindowsPath(seen).parts
        if not parts or parts[0].upper() != "C:\\" or "?" in seen:
            return None
        here = self.drive_c
        for part in parts[1:]:
            matches = [child for child in here.iterdir() if child.name.casefold() == part.casefold()] \
                if here.is_dir() else []
            if not matches:
                return None
            here = matches[0]
        return here

    def file_exists(self, path: str) -> bool:
        """FileExistsOnWindows: GetAttr finds it, and it is no folder."""
        found = self.local(path)
        return found is not None and not found.is_dir()

    def read_ansi(self, path: str) -> str | None:
        """ReadFile / `Open … For Input`: the text, or None when Open fails (VBA raises error 53)."""
        found = self.local(path)
        return found.read_bytes().decode(self.codepage, errors="replace") if found and found.is_file() else None


def vba_text(value: object) -> str:
    """A cell's value as VBA's `cell.Offset(0, 1).Value` becomes the String GetConfig returns."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def sheet_settings(workbook: Path) -> dict[str, str] | None:
    """GetConfigFromSheet of the workbook, None when it has no "xlwings.conf" sheet."""
    book = openpyxl.load_workbook(workbook, read_only=True)
    try:
        if SHEET not in book.sheetnames:
            return None
        rows = list(book[SHEET].iter_rows(min_col=1, max_col=2, values_only=True))
    finally:
        book.close()
    settings: dict[str, str] = {}
    for number, (key, value) in enumerate(rows):
        if number > 0 and vba_text(key) == "":  # Range("A1").End(xlDown): stops at the first blank
            break
        settings[vba_text(key).upper()] = vba_text(value)
    return settings


def config_file_value(windows: Windows, path: str, key: str) -> str | None:
    """GetConfigFromFile: `Input #` reads "name","value" pairs; the first name equal to `key`
    regardless of case; None when the file is not found or has no such name."""
    if not windows.file_exists(path):
        return None
    text = windows.read_ansi(path) or ""
    for line in text.splitlines():
        fields = re.findall(r'\s*(?:"([^"]*)"|([^,]*))\s*(?:,|$)', line)
        values = [quoted or bare for quoted, bare in fields]
        if values and values[0].strip().lower() == key.lower():
            return values[1].strip() if len(values) > 1 else ""
    return None


def config_file_path(windows: Windows) -> str:
    """GetConfigFilePath: Environ("USERPROFILE") & "\\.xlwings\\xlwings.conf"."""
    return windows.environ_ansi("USERPROFILE") + "\\.xlwings\\xlwings.conf"


def get_config(windows: Windows, workbook: Path, workbook_path: str, key: str, default: str = "") -> str:
    """GetConfig(key, default) for the workbook at `workbook` (here), opened from `workbook_path` (there)."""
    settings = sheet_settings(workbook)
    if settings is not None and key.upper() in settings:
        return windows.expand(settings[key.upper()])
    beside = str(PureWindowsPath(workbook_path).parent) + "\\xlwings.conf"
    for path in (beside, config_file_path(windows)):
        value = config_file_value(windows, path, key)
        if value is not None:
            return windows.expand(value)
    return windows.expand(default)


def interpreter(windows: Windows, workbook: Path, workbook_path: str) -> str:
    """RunPython's interpreter, once ExecuteWindows has found it: NotFound says what the user sees."""
    found = get_config(windows, workbook, workbook_path, "INTERPRETER_WIN", "")
    if found == "":
        found = get_config(windows, workbook, workbook_path, "INTERPRETER", "python")
    if found in ON_PATH:
        raise NotFound(f"{found} on PATH: 'Python was not found' (the Store's stub) or not recognized")
    if not windows.file_exists(found):
        raise NotFound(f"Could not find Interpreter! ({found} as GetAttr sees it: {windows.ansi(found)})")
    return found


def log_folder(windows: Windows, workbook: Path, workbook_path: str) -> str:
    """ExecuteWindows' TempDir, once a log cmd.exe writes there can be read back with the ANSI Open."""
    folder = get_config(windows, workbook, workbook_path, "TEMP DIR", windows.environ_ansi("Temp"))
    if "?" in folder or windows.ansi(folder) != folder:
        raise NotFound(f"the log in {folder} cannot be read back (error 53 or 76 in ReadFile)")
    if windows.local(folder) is None or not windows.local(folder).is_dir():
        raise NotFound(f"no folder {folder}: cmd.exe cannot write the log")
    return folder
