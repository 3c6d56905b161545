r"""The ribbon buttons find the bundled Python whatever the user's name and the system's code page:
the model of xlwings' lookup (tests/xlwings_model.py), held to the VBA source the workbook carries,
run on the settings sheet of the built workbook and the files the installer writes, on a Windows
laid out under tmp_path. tests/test_windows.py runs it on what CaiDat.cmd wrote under wine."""

import re
from pathlib import Path, PureWindowsPath

import openpyxl
import pytest

import xlwings_model as model
from conftest import BLANK, EXAMPLE, ROOT
from helpers import kehoach
from kehoach_xl.windows import install

USERS = ("Nguyễn Văn An", "Lê Văn Tâm", "An")
CODE_PAGES = ("cp1252", "cp1258")
PYTHONW = "C:\\Users\\Public\\kehoach-xl\\python\\pythonw.exe"
OLD_SETTINGS = [("Interpreter_Win", None), ("Interpreter_Mac", None), ("PYTHONPATH", None), ("Conda Path", None),
                ("Conda Env", None), ("UDF Modules", None), ("Debug UDFs", False), ("Use UDF Server", False),
                ("Show Console", False), ("ADD_WORKBOOK_TO_PYTHONPATH", False)]
"""The sheet of the workbooks made before this design (2026 and before): Interpreter_Win blank, no TEMP DIR."""


def test_the_model_rests_on_what_xlwings_bas_does():
    vba = (ROOT / "workbook" / "vba" / "xlwings.bas").read_text(encoding="ascii")
    for statement in [
        r'interpreter = GetConfig\("INTERPRETER_WIN", ""\)\s+#End If\s+If interpreter = "" Then\s+\' Legacy\s+'
        r'interpreter = GetConfig\("INTERPRETER", "python"\)',
        r'If GetConfigFromSheet\(ThisWorkbook\)\.Exists\(configKey\) = True Then\s+'
        r'GetConfig = GetConfigFromSheet\(ThisWorkbook\)\.Item\(configKey\)\s+'
        r'GetConfig = ExpandEnvironmentStrings\(GetConfig\)\s+Exit Function',
        r'd\.Add UCase\(cell\.Value\), cell\.Offset\(0, 1\)\.Value',
        r'Set lastCell = sht\.Range\("A1"\)\.End\(xlDown\)',
        r'GetConfigFilePath = Environ\("USERPROFILE"\) & "\\\." & PROJECT_NAME & "\\" & PROJECT_NAME & "\.conf"',
        r'ExpandEnvironmentStrings = WScript\.ExpandEnvironmentStrings\(s\)',
        r'Attr = GetAttr\(FileSpec\)',
        r'Open sFile For Input As iFileNum\s+Do While Not EOF\(iFileNum\)\s+Input #iFileNum, sVarName, sVarValue\s+'
        r'If LCase\(sVarName\) = LCase\(sName\) Then',
        r'If FileExists\(PYTHON_WIN\) Then\s+PythonDir = ParentFolder\(PYTHON_WIN\)\s+Else\s+'
        r'MsgBox "Could not find Interpreter!", vbCritical',
        r'TempDir = GetConfig\("TEMP DIR", Environ\("Temp"\)\)',
        r'LOG_FILE = TempDir & "\\xlwings-" & CreateGUID\(\) & "\.log"',
        r'FileName = ExpandEnvironmentStrings\(FileName\)[\s\S]{0,200}Open FileName For Input As #FileNum',
    ]:
        assert re.search(statement, vba), statement
    sheet_first = vba.index("'Workbook Sheet Config")
    assert sheet_first < vba.index("' Directory Config") < vba.index("' User Config") < vba.index("' Defaults")


def a_pc(tmp_path: Path, user: str, code_page: str) -> model.Windows:
    """A Windows with `user`'s profile, C:\\Users\\Public and C:\\Windows\\Temp, laid out under tmp_path."""
    drive = tmp_path / "drive_c"
    profile = f"C:\\Users\\{user}"
    for folder in (profile + "\\Documents", profile + "\\AppData\\Local\\Temp", "C:\\Users\\Public", "C:\\Windows\\Temp"):
        drive.joinpath(*PureWindowsPath(folder).parts[1:]).mkdir(parents=True, exist_ok=True)
    environ = {"USERPROFILE": profile, "PUBLIC": "C:\\Users\\Public", "SystemRoot": "C:\\Windows",
               "LOCALAPPDATA": profile + "\\AppData\\Local", "TEMP": profile + "\\AppData\\Local\\Temp"}
    return model.Windows(drive, environ, code_page)


def here(windows: model.Windows, path: str | Path) -> Path:
    return windows.drive_c.joinpath(*PureWindowsPath(path).parts[1:])


def installed(windows: model.Windows, folder: Path) -> str:
    """What CaiDat.cmd leaves for the lookup: pythonw.exe in `folder`, and the user's xlwings.conf."""
    pythonw = str(PureWindowsPath(install.interpreter(folder, windowed=True)))  # as Windows spells it
    here(windows, pythonw).parent.mkdir(parents=True, exist_ok=True)
    here(windows, pythonw).write_bytes(b"MZ")
    conf = here(windows, windows.environ["USERPROFILE"] + "\\.xlwings\\xlwings.conf")
    assert install.write_config(conf, pythonw)
    return pythonw


def old_workbook(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.create_sheet("xlwings.conf")
    for row in OLD_SETTINGS:
        sheet.append(row)
    path = tmp_path / "KeHoach-2026.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("code_page", CODE_PAGES)
@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("workbook", [BLANK, EXAMPLE], ids=["blank", "example"])
def test_the_built_workbook_finds_the_bundled_python_for_every_user(tmp_path, user, code_page, workbook):
    windows = a_pc(tmp_path, user, code_page)
    pythonw = installed(windows, install.install_folder(windows.environ))
    assert pythonw == PYTHONW
    opened = f"{windows.environ['USERPROFILE']}\\Documents\\{workbook.name}"
    assert model.interpreter(windows, workbook, opened) == PYTHONW
    assert model.log_folder(windows, workbook, opened) == "C:\\Windows\\Temp"


@pytest.mark.parametrize("code_page", CODE_PAGES)
@pytest.mark.parametrize("user", USERS)
def test_the_built_workbook_finds_it_without_the_users_file(tmp_path, user, code_page):
    windows = a_pc(tmp_path, user, code_page)
    installed(windows, install.install_folder(windows.environ))
    here(windows, windows.environ["USERPROFILE"] + "\\.xlwings\\xlwings.conf").unlink()
    assert model.interpreter(windows, BLANK, f"{windows.environ['USERPROFILE']}\\Documents\\KeHoach.xlsm") == PYTHONW


def previous_install_folder(environ: dict[str, str]) -> Path:
    """Where the installer before this design put Python: the profile's folder where its path is ASCII."""
    local = Path(environ["LOCALAPPDATA"]) / "Programs" / "kehoach-xl"
    return local if str(local).isascii() else Path(environ["PUBLIC"]) / "kehoach-xl"


@pytest.mark.parametrize(("user", "code_page"), [("Nguyễn Văn An", "cp1252"), ("Nguyễn Văn An", "cp1258"),
                                                 ("Lê Văn Tâm", "cp1252")])
def test_the_old_design_fails_where_the_profile_has_no_ansi_spelling(tmp_path, user, code_page):
    windows = a_pc(tmp_path, user, code_page)
    installed(windows, previous_install_folder(windows.environ))
    opened = f"{windows.environ['USERPROFILE']}\\Documents\\KeHoach.xlsm"
    with pytest.raises(model.NotFound, match="python on PATH"):
        model.interpreter(windows, old_workbook(tmp_path), opened)
    with pytest.raises(model.NotFound, match="cannot be read back"):
        model.log_folder(windows, old_workbook(tmp_path), opened)


@pytest.mark.parametrize(("user", "code_page"), [("An", "cp1252"), ("An", "cp1258"), ("Lê Văn Tâm", "cp1258")])
@pytest.mark.parametrize("new_install", [False, True], ids=["old-install", "new-install"])
def test_a_workbook_made_before_keeps_working_where_it_did(tmp_path, user, code_page, new_install):
    windows = a_pc(tmp_path, user, code_page)
    folder = install.install_folder(windows.environ) if new_install else previous_install_folder(windows.environ)
    pythonw = installed(windows, folder)
    opened = f"{windows.environ['USERPROFILE']}\\Documents\\KeHoach.xlsm"
    assert model.interpreter(windows, old_workbook(tmp_path), opened) == pythonw


def test_a_technicians_interpreter_in_a_file_beside_the_workbook_is_not_read_over_the_sheet(tmp_path):
    windows = a_pc(tmp_path, "An", "cp1252")
    installed(windows, install.install_folder(windows.environ))
    here(windows, "C:\\Users\\An\\Documents\\xlwings.conf").write_bytes(b'"INTERPRETER_WIN","C:\\other\\python.exe"\r\n')
    assert model.interpreter(windows, BLANK, "C:\\Users\\An\\Documents\\KeHoach.xlsm") == PYTHONW


@pytest.mark.parametrize("code_page", CODE_PAGES)
@pytest.mark.slow
def test_a_workbook_made_before_gets_the_setting_when_rolled_over(tmp_path, code_page):
    old = tmp_path / "KeHoach-cu.xlsx"
    book = openpyxl.load_workbook(EXAMPLE)
    del book["xlwings.conf"]
    sheet = book.create_sheet("xlwings.conf")
    for row in OLD_SETTINGS:
        sheet.append(row)
    book.save(old)
    rolled = tmp_path / "KeHoach-2024.xlsm"
    ran = kehoach("new", "--from", old, "--year", "2024", "-o", rolled)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    windows = a_pc(tmp_path, "Nguyễn Văn An", code_page)
    installed(windows, install.install_folder(windows.environ))
    opened = "C:\\Users\\Nguyễn Văn An\\Documents\\KeHoach-2024.xlsm"
    with pytest.raises(model.NotFound):
        model.interpreter(windows, old, opened)
    assert model.interpreter(windows, rolled, opened) == PYTHONW
