"""The Windows path, under wine: the bundle of `make dist` unpacked in a fresh prefix whose user is
"Nguyễn Văn An", CaiDat.cmd run with no network, then the commands, the ribbon buttons and the
output writer's Windows branches run on the interpreter CaiDat.cmd installed, with the same results
as on Linux: the same totals, the same findings, the same document text. Before that, with wine
saying Windows 7, CaiDat.cmd refuses in one line and writes nothing. After it, the workbook's
settings sheet and what the installer wrote go through the model of xlwings' lookup
(tests/xlwings_model.py), the sheet's values through wine's own WScript.Shell, and the command line
RunPython sends is run as WScript.Run starts it. A 32-bit prefix (Debian's wine32) plays a 32-bit
Windows for CaiDat.cmd's choice of architecture.

`make test-windows` installs wine and runs this module (.ci/run runs it); `make test` leaves it out
(marker `windows`). Wine's quirks are handled here, never in what ships:
- stdin is a pipe: with stdin from /dev/null or a file, Python under wine stops at
  "init_sys_streams: Invalid handle";
- `unshare -n` leaves only the loopback interface, which is brought up: asyncio (imported by
  xlwings) makes its self-pipe from a loopback socket pair, as on any Windows;
- `_wmi.pyd` is taken out of the unpacked bundle: wine lacks propsys.VariantToString, and pip
  dies when `platform` asks WMI for the Windows version (it falls back to `ver` without it);
- the profile's folders wine links to $HOME become plain folders;
- the Windows version is 10, and dot files are not hidden by wine itself (ShowDotFiles), so a
  file is hidden only when the writer sets the attribute. Wine keeps the hidden attribute but not
  the temporary one, so only the first is checked;
- wine's WScript.Shell returns ExpandEnvironmentStrings with its terminating NUL;
- wine keeps a file's access list as unix modes and has a single user, an administrator: the
  install folder's list is read back as far as wine keeps it, and a second user's refusal is
  tested on its access list in tests/test_dist.py.
"""

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

import docx
import openpyxl
import pytest

import xlwings_model as model
from conftest import BLANK, EXAMPLE, ROOT

pytestmark = pytest.mark.windows

USER = "Nguyễn Văn An"
INSTALLED = PureWindowsPath("C:\\users\\Public\\kehoach-xl")
"""Where CaiDat.cmd installs, for every user: %PUBLIC%\\kehoach-xl, as the workbook's sheet names it."""
PYTHON = str(INSTALLED / "python" / "python.exe")
HIDDEN = 0x2
BUTTONS = ("validate", "budget", "targets", "export", "send_up", "new_year")


@dataclass
class Wine:
    prefix: Path
    env: dict[str, str]
    bundle: Path
    bundle_zip: Path
    install: subprocess.CompletedProcess
    install_seconds: float
    too_old: subprocess.CompletedProcess

    @property
    def profile(self) -> Path:
        return self.prefix / "drive_c" / "users" / USER

    def windows(self, path: Path) -> str:
        return str(PureWindowsPath("C:\\", *path.relative_to(self.prefix / "drive_c").parts))

    def run(self, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
        """A Windows program under wine, with no network but loopback, stdin a pipe."""
        command = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec wine "$@"', "wine", *args]
        return subprocess.run(command, input="\n\n", capture_output=True, text=True, encoding="utf-8",
                              errors="replace", env=self.env, timeout=timeout)

    def python(self, *args: str | Path) -> subprocess.CompletedProcess:
        """The interpreter CaiDat.cmd installed; Path arguments are given as their C:\\ paths."""
        return self.run(PYTHON, "-X", "utf8", *(self.windows(a) if isinstance(a, Path) else a for a in args))

    def kehoach(self, *args: str | Path) -> subprocess.CompletedProcess:
        return self.python("-m", "kehoach_xl", *args)


def linux_kehoach(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach_xl", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=env)


@pytest.fixture(scope="session")
def wine(tmp_path_factory) -> Wine:
    missing = [tool for tool in ("wine", "wineserver", "unshare", "ip") if not shutil.which(tool)]
    assert not missing, f"{missing} missing: `make test-windows` installs wine (and .ci/run runs it)"
    work = tmp_path_factory.mktemp("wine")
    built = subprocess.run([sys.executable, ROOT / "bundle" / "build_dist.py", "--out", work / "dist"],
                           capture_output=True, text=True, encoding="utf-8")
    assert built.returncode == 0, built.stdout + built.stderr
    (bundle_zip,) = (work / "dist").glob("*-windows-64bit.zip")
    (work / "home").mkdir()
    env = {"PATH": os.environ["PATH"], "HOME": str(work / "home"), "USER": USER, "LANG": "C.UTF-8",
           "WINEPREFIX": str(work / "prefix"), "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml=",
           "XLWINGS_LICENSE_KEY": "noncommercial"}
    machine = Wine(work / "prefix", env, Path(), bundle_zip, subprocess.CompletedProcess([], 0), 0.0,
                   subprocess.CompletedProcess([], 0))
    machine.run("wineboot", "-i")
    for folder in machine.profile.iterdir():
        if folder.is_symlink():
            folder.unlink()
            folder.mkdir()
    machine.bundle = machine.profile / "Downloads" / bundle_zip.stem
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(machine.bundle)
    (machine.bundle / "python" / "_wmi.pyd").unlink()
    machine.run("reg", "add", "HKCU\\Software\\Wine", "/v", "Version", "/d", "win7", "/f")
    machine.too_old = machine.run("cmd", "/c", machine.windows(machine.bundle / "CaiDat.cmd"))
    assert not (machine.prefix / "drive_c" / "users" / "Public" / "kehoach-xl").exists()
    assert not list((machine.profile / "Documents").iterdir()) and not (machine.profile / ".xlwings").exists()
    for name, value in (("Version", "win10"), ("ShowDotFiles", "Y")):
        machine.run("reg", "add", "HKCU\\Software\\Wine", "/v", name, "/d", value, "/f")
    # Windows gives a folder made in C:\Users\Public an access list that lets every user change it; wine
    # reads a folder's access list from its unix mode: this one starts writable by all ("WD").
    shared = machine.prefix / "drive_c" / "users" / "Public" / "kehoach-xl"
    shared.mkdir()
    shared.chmod(0o777)
    start = time.monotonic()
    machine.install = machine.run("cmd", "/c", machine.windows(machine.bundle / "CaiDat.cmd"))
    machine.install_seconds = time.monotonic() - start
    yield machine
    subprocess.run(["wineserver", "-k"], env=env)


@pytest.fixture(scope="session")
def plans(wine) -> list[Path]:
    """The example and generated plans (some with a Lỗi, some unreadable), in a folder whose path has diacritics."""
    folder = wine.profile / "Documents" / "Kế hoạch các xã"
    generated = linux_kehoach("generate", "6", folder, "--seed", "0")
    assert generated.returncode == 0, generated.stderr
    shutil.copy(EXAMPLE, folder)
    return sorted(folder.iterdir())


def test_caidat_installs_in_a_profile_with_diacritics_with_no_network(wine, capsys):
    lines = wine.install.stdout.splitlines()
    assert wine.install.returncode == 0, wine.install.stdout + wine.install.stderr
    steps = [line for line in lines if line.startswith("[")]
    assert len(steps) == 8 and all(line.startswith("[Xong] ") for line in steps), lines
    assert f"[Xong] Đã chép Python 3.12.8 (64-bit) vào {INSTALLED}\\python." in lines
    documents = wine.profile / "Documents"
    assert f"[Xong] Đã chép sổ vào {wine.windows(documents / 'KeHoach.xlsm')}. Mở sổ này để làm việc." in lines
    assert (documents / "KeHoach.xlsm").read_bytes() == BLANK.read_bytes()
    assert "[Xong] Python 3.12 nạp được kehoach-xl" in wine.install.stdout
    assert "Traceback" not in wine.install.stdout + wine.install.stderr
    pythonw = f"{INSTALLED}\\python\\pythonw.exe"
    conf = wine.profile / ".xlwings" / "xlwings.conf"
    assert conf.read_bytes() == f'"INTERPRETER_WIN","{pythonw}"\r\n"INTERPRETER","{pythonw}"\r\n'.encode()
    folder = wine.prefix / "drive_c" / "users" / "Public" / "kehoach-xl"
    assert (folder / "python" / "python312._pth").read_text() == "python312.zip\n.\nimport site\n"
    assert (folder / "python" / "Lib" / "site-packages" / "kehoach_xl" / "shells" / "buttons.py").is_file()
    with capsys.disabled():  # the figures the closing note of issue 19 asked for, on every run
        print(f"\nbundle {wine.bundle_zip.stat().st_size / 1e6:.1f} MB; "
              f"CaiDat.cmd under wine {wine.install_seconds:.0f} s")


def test_on_windows_7_caidat_says_in_one_line_that_the_buttons_need_8_1_and_installs_nothing(wine):
    # the fixture checked that nothing was written; wine's `ver` says "Microsoft Windows 6.1.7601"
    assert wine.too_old.returncode == 1
    (line,) = [line for line in wine.too_old.stdout.splitlines() if line.startswith("[")]
    assert line.startswith("[Loi] Cac nut cua so can Windows 8.1 tro len (Windows 10 de doc so bang python-calamine")
    assert "so KeHoach.xlsm van nhap va tu tinh duoc" in line


def installed_environ(wine: Wine) -> dict[str, str]:
    ran = wine.python("-c", "import json, os; print(json.dumps(dict(os.environ)))")
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def sheet_value(workbook: Path, key: str) -> str:
    return model.sheet_settings(workbook)[key.upper()]


def test_the_sheets_interpreter_expanded_as_wscript_does_is_the_installed_pythonw(wine):
    workbook = wine.profile / "Documents" / "KeHoach.xlsm"
    values = [sheet_value(workbook, "Interpreter_Win"), sheet_value(workbook, "TEMP DIR")]
    ran = wine.python("-c", "import json, sys, win32com.client as c; shell = c.Dispatch('WScript.Shell'); "
                            "print(json.dumps([shell.ExpandEnvironmentStrings(v) for v in sys.argv[1:]]))", *values)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    # wine's WScript.Shell (wshom) counts the terminating NUL into the string it returns
    pythonw, temp = (value.removesuffix("\x00") for value in json.loads(ran.stdout))
    assert pythonw.isascii() and temp.isascii()
    windows = model.Windows(wine.prefix / "drive_c", {}, "cp1252")  # names compared as Windows does
    assert windows.file_exists(pythonw) and pythonw.lower() == f"{INSTALLED}\\python\\pythonw.exe".lower()
    assert windows.local(temp).is_dir()


@pytest.mark.parametrize("code_page", ["cp1252", "cp1258"])
def test_the_model_of_xlwings_lookup_reaches_the_installed_pythonw(wine, code_page):
    windows = model.Windows(wine.prefix / "drive_c", installed_environ(wine), code_page)
    assert windows.environ["USERPROFILE"].endswith(USER)
    opened = wine.windows(wine.profile / "Documents" / "KeHoach.xlsm")
    assert model.interpreter(windows, wine.profile / "Documents" / "KeHoach.xlsm", opened).lower() \
        == f"{INSTALLED}\\python\\pythonw.exe".lower()
    assert model.log_folder(windows, wine.profile / "Documents" / "KeHoach.xlsm", opened).lower() == "c:\\windows\\temp"


def test_the_folder_is_changed_only_by_its_installer_and_the_administrators(wine):
    ran = wine.python("-c", "import json; from kehoach_xl.windows import install as i; "
                            "s = i.folder_security(i.install_folder()); "
                            "print(json.dumps([s, i.writers(s), sorted(i.current_user()), i.who_may_upgrade(s), "
                            "i.refusal(i.install_folder(), s, i.current_user()), "
                            "i.refusal(i.install_folder(), s, {'S-1-5-21-0-0-0-1001'})]))")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    security, writers, me, who, mine, second = json.loads(ran.stdout)
    user = next(sid for sid in me if sid.startswith("S-1-5-21-"))
    assert set(writers) <= {"SY", "BA", user} and user in writers, security  # no longer "WD", as it started
    assert security.startswith(f"O:{user}")
    assert re.search(r"\(A;OICI;0x1200a9;;;(BU|WD)\)", security), "every user reads and runs it"
    # Wine keeps a file's access list as unix modes: the administrators' entry and the protection
    # flag are not kept, and wine has one user, an administrator: a second user's denial cannot
    # be played here (tests/test_dist.py checks that logic on a second user's access list).
    assert USER in who and who.endswith("hoặc quản trị viên của máy"), who
    assert mine is None and second.startswith(f"kehoach-xl trên máy này ({INSTALLED}) chỉ “") \
        and f"\\{USER}” hoặc quản trị viên của máy cài lại, nâng cấp hoặc gỡ được." in second, second


def test_in_a_32_bit_prefix_the_64_bit_bundle_names_the_32_bit_one_and_installs_nothing(wine, tmp_path):
    """Debian's wine32: a 32-bit Windows. Its CaiDat.cmd refuses before any Python runs; the 32-bit
    bundle itself needs python.org's interpreter, which this machine does not reach."""
    env = {**wine.env, "WINEPREFIX": str(tmp_path / "prefix32"), "WINEARCH": "win32"}
    machine = Wine(tmp_path / "prefix32", env, Path(), wine.bundle_zip, wine.install, 0.0, wine.too_old)
    machine.run("wineboot", "-i")
    machine.run("reg", "add", "HKCU\\Software\\Wine", "/v", "Version", "/d", "win10", "/f")
    bundle = machine.prefix / "drive_c" / "bundle"
    with zipfile.ZipFile(wine.bundle_zip) as archive:
        archive.extractall(bundle)
    ran = machine.run("cmd", "/c", "echo %PROCESSOR_ARCHITECTURE% & C:\\bundle\\CaiDat.cmd")
    assert ran.stdout.startswith("x86"), ran.stdout
    assert ran.returncode == 1, ran.stdout + ran.stderr
    assert "[Loi] Bo cai nay danh cho Windows 64-bit, may nay la Windows 32-bit nen khong cai gi: hay dung tep " \
           "kehoach-xl-...-windows-32bit.zip." in ran.stdout
    assert not (machine.prefix / "drive_c" / "users" / "Public" / "kehoach-xl").exists()
    # The 32-bit bundle's CaiDat.cmd goes on there, to its next check (its python\ is not here: python.org's
    # 32-bit CPython cannot be fetched on this machine).
    spec = importlib.util.spec_from_file_location("build_dist", ROOT / "bundle" / "build_dist.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    (machine.prefix / "drive_c" / "bundle32").mkdir()
    (machine.prefix / "drive_c" / "bundle32" / "CaiDat.cmd").write_bytes(builder.installer_file("CaiDat.cmd", "32"))
    ran = machine.run("cmd", "/c", "C:\\bundle32\\CaiDat.cmd")
    assert ran.returncode == 1 and "[Loi]" not in ran.stdout and ran.stdout.startswith("Chua giai nen"), ran.stdout
    subprocess.run(["wineserver", "-k"], env=env)


def test_kehoach_version_names_the_installed_python(wine):
    ran = wine.kehoach("--version")
    assert ran.returncode == 0 and f"{INSTALLED}\\python\\python.exe" in ran.stdout, ran.stdout + ran.stderr


def runpython_command(wine: Wine, python_command: str, log: str) -> str:
    """The command line xlwings.bas's ExecuteWindows hands WScript.Run for RunPython `python_command`,
    with the sheet's interpreter and TEMP DIR as WScript expands them (%PUBLIC%, %SystemRoot%)."""
    environ = installed_environ(wine)
    workbook = wine.profile / "Documents" / "KeHoach.xlsm"
    windows = model.Windows(wine.prefix / "drive_c", environ, "cp1258")
    pythonw = windows.expand(sheet_value(workbook, "Interpreter_Win"))
    python_path = ";".join([sheet_value(workbook, "ADD_WORKBOOK_TO_PYTHONPATH"), wine.windows(workbook),
                            wine.windows(workbook), "", "", "", sheet_value(workbook, "PYTHONPATH")])
    python_path = python_path.replace("&", "^&").replace("\\", "\\\\")
    folder = pythonw.rsplit("\\", 1)[0]
    return (f'cmd.exe /C {pythonw[:2]} & cd "{folder}" & "{pythonw}" -B -c "import xlwings.utils;'
            f'xlwings.utils.prepare_sys_path(\\"{python_path}\\"); {python_command}"  --wb="KeHoach.xlsm" '
            f'--from_xl=1 --app="C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" --hwnd="1" '
            f'2> "{windows.expand(sheet_value(workbook, "TEMP DIR"))}\\{log}" ')


def run_cmd_line(wine: Wine, line: str) -> subprocess.CompletedProcess:
    """`line` as WScript.Run starts it: a process created with that Unicode command line (CreateProcessW,
    which subprocess calls with a string), read from a file so that no quoting on the way changes it."""
    script = wine.prefix / "drive_c" / "runpython-command.txt"
    script.write_text(line, encoding="utf-8")
    return wine.python("-c", "import subprocess, sys; line = open(sys.argv[1], encoding='utf-8').read(); "
                             "sys.exit(subprocess.run(line).returncode)", script)


def test_pythonw_runs_what_runpython_sends_and_the_log_is_read_back_in_temp_dir(wine):
    # Up to xw.Book.caller(), which needs Excel: the button's import, then a marker file.
    marker = wine.profile / "Documents" / "runpython.txt"
    command = (f"from kehoach_xl.shells.buttons import validate; "
               f"open(r'{wine.windows(marker)}', 'w', encoding='utf-8').write('ok')")
    ran = run_cmd_line(wine, runpython_command(wine, command, "xlwings-ok.log"))
    assert marker.read_text() == "ok", ran.stdout + ran.stderr
    marker.unlink()
    # A click that fails: its traceback goes to the log in TEMP DIR, which VBA's ANSI Open reads back.
    failing = "from kehoach_xl.shells.buttons import no_such_button"
    run_cmd_line(wine, runpython_command(wine, failing, "xlwings-failed.log"))
    windows = model.Windows(wine.prefix / "drive_c", installed_environ(wine), "cp1252")
    log = windows.read_ansi(f"{windows.expand(sheet_value(wine.profile / 'Documents' / 'KeHoach.xlsm', 'TEMP DIR'))}"
                            "\\xlwings-failed.log")
    assert log is not None and "ImportError" in log and "no_such_button" in log, log


@pytest.mark.parametrize("command", ["validate", "totals", "targets"])
def test_checks_totals_and_targets_are_the_same_as_on_linux(wine, plans, command):
    for plan in plans:
        windows, linux = wine.kehoach(command, plan, "--json"), linux_kehoach(command, plan, "--json")
        assert (windows.returncode, windows.stderr) == (linux.returncode, ""), (plan.name, windows.stderr)
        report, expected = json.loads(windows.stdout), json.loads(linux.stdout)
        assert report.pop("file") == wine.windows(plan) and expected.pop("file") == str(plan)
        assert report == expected, plan.name
    codes = {linux_kehoach("validate", plan).returncode for plan in plans}
    assert codes == {0, 1, 2}, "the plans hold sound ones, ones with a Lỗi and unreadable ones"


def test_a_workbook_with_excels_default_password_is_read_where_the_library_that_decrypts_it_loads(wine):
    """msoffcrypto-tool and cryptography come from the wheelhouse. cryptography's compiled part, like
    python-calamine, needs bcryptprimitives.dll, which wine 8.0 lacks (Windows 8.1 and later have it):
    where it loads the file reads as on Linux; where it does not, the file is refused saying so, not as a
    password nobody set."""
    import corpus

    installed = wine.python("-c", "from importlib.metadata import version; "
                                  "print(version('msoffcrypto-tool'), version('cryptography'))")
    assert installed.returncode == 0 and len(installed.stdout.split()) == 2, installed.stderr
    loads = wine.python("-c", "import cryptography.hazmat.bindings._rust").returncode == 0
    path = corpus.encrypted(wine.profile / "Documents" / "mac-dinh.xlsm", EXAMPLE.read_bytes(), "VelvetSweatshop")
    windows, linux = wine.kehoach("validate", path, "--json"), linux_kehoach("validate", path, "--json")
    assert linux.returncode == 0, linux.stdout + linux.stderr
    if loads:
        assert windows.returncode == 0 and json.loads(windows.stdout)["findings"] == [], windows.stderr
    else:
        assert windows.returncode == 2 and "không nạp được thư viện giải mã" in json.loads(windows.stdout)["error"]


def document_text(path: Path) -> str:
    document = docx.Document(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_export_writes_the_same_document_and_never_over_a_file(wine, plans, tmp_path):
    windows_out, linux_out = wine.profile / "Documents" / "Văn bản", tmp_path / "linux"
    exported = 0
    for plan in plans:
        windows, linux = wine.kehoach("export", plan, "-o", windows_out), linux_kehoach("export", plan, "-o", linux_out)
        assert windows.returncode == linux.returncode, (plan.name, windows.stdout, windows.stderr)
        exported += windows.returncode == 0
    documents = sorted(path.name for path in windows_out.iterdir())
    assert exported >= 2 and documents == sorted(path.name for path in linux_out.iterdir())
    for name in documents:
        assert document_text(windows_out / name) == document_text(linux_out / name), name
    # Again, beside a leftover of a killed run: the leftover goes, the first document stays as it was.
    first = windows_out / documents[0]
    before = first.read_bytes()
    leftover = windows_out / ".~kehoach-killed.tmp"
    leftover.write_bytes(b"half a document")
    example = wine.kehoach("export", plans[0].parent / EXAMPLE.name, "-o", windows_out)
    assert example.returncode == 0, example.stdout + example.stderr
    again = windows_out / "KeHoach_xa_Cam_Luong_2023 (2).docx"
    assert again.is_file() and f"{wine.windows(again)}" in example.stdout
    assert not leftover.exists()
    assert first.read_bytes() == before
    assert document_text(again) == document_text(linux_out / "KeHoach_xa_Cam_Luong_2023.docx")


def cell_values(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize("roll_over", [False, True], ids=["blank", "roll-over"])
def test_new_writes_the_same_workbook(wine, plans, tmp_path, roll_over):
    source = plans[0].parent / EXAMPLE.name
    options = (["--from", source, "--year", "2024"] if roll_over else
               ["--year", "2026", "--unit", "xã Cẩm Lương", "--province", "tỉnh Ninh Bình"])
    windows_target = wine.profile / "Documents" / "Năm mới" / ("roll-over" if roll_over else "blank") / "KeHoach.xlsm"
    linux_target = tmp_path / "KeHoach.xlsm"
    windows, linux = wine.kehoach("new", *options, "-o", windows_target), linux_kehoach("new", *options, "-o", linux_target)
    assert windows.returncode == linux.returncode == 0, windows.stdout + windows.stderr
    assert windows.stdout.replace(wine.windows(windows_target), "TỆP").replace(wine.windows(source), "CŨ") \
        == linux.stdout.replace(str(linux_target), "TỆP").replace(str(source), "CŨ")
    assert cell_values(windows_target) == cell_values(linux_target)
    again = wine.kehoach("new", *options, "-o", windows_target)
    assert again.returncode == 0 and windows_target.with_name("KeHoach (2).xlsm").is_file()
    assert cell_values(windows_target) == cell_values(linux_target), "never over the first one"


def test_consolidate_gives_the_same_workbook(wine, plans, tmp_path):
    """python-calamine does not load under wine 8.0 (no bcryptprimitives.dll): consolidate reads with
    openpyxl there, and gives the same workbook."""
    windows_target = wine.profile / "Documents" / "TongHop.xlsx"
    windows = wine.kehoach("consolidate", plans[0].parent, "-o", windows_target)
    linux = linux_kehoach("consolidate", plans[0].parent, "-o", tmp_path / "TongHop.xlsx")
    assert windows.returncode == linux.returncode == 1, windows.stdout + windows.stderr
    assert cell_values(windows_target) == cell_values(tmp_path / "TongHop.xlsx")


def buttons_driver(wine: Wine) -> Path:
    """tests/windows/buttons_driver.py, with the harness it imports, where wine's Python reads it."""
    tests = wine.prefix / "drive_c" / "tests"
    if not tests.exists():
        shutil.copytree(ROOT / "tests", tests, ignore=shutil.ignore_patterns("__pycache__"))
    return tests / "windows" / "buttons_driver.py"


@pytest.mark.parametrize("book", ["example", "with-errors"])
def test_the_buttons_do_what_they_do_on_linux(wine, plans, tmp_path, book):
    windows_folder, linux_folder = wine.profile / "Documents" / "Nút" / book, tmp_path / "buttons"
    # A generated "KeHoach_Xa_….xlsx" is the case twin of the copy send_up makes ("KeHoach_xa_….xlsx"),
    # which Windows gives another name (see the next test): the plan with a Lỗi here is named otherwise.
    workbook = (plans[0].parent / EXAMPLE.name if book == "example" else
                next(plan for plan in plans if not plan.name.startswith("KeHoach_")
                     and linux_kehoach("validate", plan).returncode == 1))
    windows = wine.python(buttons_driver(wine), workbook, windows_folder, *BUTTONS)
    assert windows.returncode == 0, windows.stdout + windows.stderr
    # No LibreOffice under wine: on Linux too, the export makes no PDF.
    linux = subprocess.run([sys.executable, ROOT / "tests" / "windows" / "buttons_driver.py", workbook, linux_folder,
                            *BUTTONS], capture_output=True, text=True, encoding="utf-8",
                           env={**os.environ, "PATH": str(Path(sys.executable).parent)})
    assert linux.returncode == 0, linux.stderr

    def alerts(output: str, folder: str) -> dict:
        return json.loads(output.replace(json.dumps(folder, ensure_ascii=False)[1:-1], "THƯ_MỤC").replace("\\\\", "/"))

    assert alerts(windows.stdout, wine.windows(windows_folder)) == alerts(linux.stdout, str(linux_folder))
    if book == "with-errors":
        assert "lỗi" in json.loads(windows.stdout)["validate"][0][1]
    for button in BUTTONS:
        written = sorted(path.name for path in (windows_folder / button).iterdir())
        assert written == sorted(path.name for path in (linux_folder / button).iterdir()), button
        for name in written:
            ours, theirs = windows_folder / button / name, linux_folder / button / name
            if name.endswith(".docx"):
                assert document_text(ours) == document_text(theirs), name
            else:
                assert cell_values(ours) == cell_values(theirs), (button, name)


def test_a_name_that_differs_only_in_case_is_taken_on_windows(wine, plans):
    (twin,) = [plan for plan in plans if plan.name == "KeHoach_Xa_Duc_Hai_2023.xlsx"]
    folder = wine.profile / "Documents" / "Nút" / "case"
    ran = wine.python(buttons_driver(wine), twin, folder, "send_up")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert sorted(path.name for path in (folder / "send_up").iterdir()) == [
        "KeHoach_Xa_Duc_Hai_2023.xlsx", "KeHoach_xa_Duc_Hai_2023 (2).xlsx", "after.xlsx"]
    assert (folder / "send_up" / twin.name).read_bytes() == twin.read_bytes(), "the workbook is never written over"


def test_the_writer_hides_its_temporary_file_and_cleans_only_abandoned_ones(wine):
    folder = wine.profile / "Documents" / "Thử ghi tệp"
    folder.mkdir()
    probe = wine.prefix / "drive_c" / "output_probe.py"
    shutil.copyfile(ROOT / "tests" / "windows" / "output_probe.py", probe)
    ran = wine.python(probe, folder)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    seen = json.loads(ran.stdout)
    assert seen["temporary"] & HIDDEN, "hidden while it is written"
    assert not seen["final"] & HIDDEN, "the file it becomes is not hidden"
    assert seen["held_kept"] and seen["released_removed"]
    assert [path.name for path in folder.iterdir()] == ["probe.txt"]


def test_caidat_again_upgrades_in_place_and_gocaidat_removes_what_it_added(wine, plans):
    documents = wine.profile / "Documents"
    before = sorted(path.name for path in documents.iterdir())
    folder = wine.prefix / "drive_c" / "users" / "Public" / "kehoach-xl"
    buttons = folder / "python" / "Lib" / "site-packages" / "kehoach_xl" / "shells" / "buttons.py"
    buttons.write_text("raise ImportError('an older kehoach-xl')\n")  # as a bundle of the same version left it
    again = wine.run("cmd", "/c", wine.windows(wine.bundle / "CaiDat.cmd"))
    assert again.returncode == 0, again.stdout
    assert buttons.read_bytes() == (ROOT / "kehoach_xl" / "shells" / "buttons.py").read_bytes()
    assert "[Xong] Thư mục Documents (Tài liệu) đã có sổ này" in again.stdout
    assert sorted(path.name for path in documents.iterdir()) == before
    assert wine.kehoach("validate", plans[0].parent / EXAMPLE.name).returncode == 0
    removed = wine.run("cmd", "/c", wine.windows(wine.bundle / "GoCaiDat.cmd"))
    assert removed.returncode == 0, removed.stdout
    assert not folder.exists() and folder.parent.is_dir()
    assert not (documents / "KeHoach.xlsm").exists(), "the untouched copy the installer made"
    assert not (wine.profile / ".xlwings").exists()
    assert sorted(path.name for path in documents.iterdir()) == [name for name in before if name != "KeHoach.xlsm"]
    assert (wine.bundle / "python" / "python.exe").is_file(), "the unpacked bundle is the official's"
