"""The offline Windows bundle of `make dist`.

Its contents; that its wheelhouse alone installs kehoach-xl for win_amd64 on
each supported Python, as pip's resolver says offline with the very pip
arguments of CaiDat.ps1; the installer's Python step run for real; and the
PowerShell script checked as far as Linux allows (there is no PowerShell here:
not on PyPI, not in Debian). Building the bundle needs PyPI.
"""

import importlib.util
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import BLANK, ROOT

from kehoach_xl.shells import install

PYTHONS = ("3.11", "3.12", "3.13")
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
SOURCES = ROOT / "bundle" / "windows"
VIETNAMESE = re.compile("[À-ỹ]")


def load_builder():
    spec = importlib.util.spec_from_file_location("build_dist", ROOT / "bundle" / "build_dist.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, ROOT / "bundle" / "build_dist.py", "--out", out],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    (zip_path,) = out.glob("*.zip")
    assert f"Đã ghi {zip_path}: " in result.stdout
    return zip_path


@pytest.fixture(scope="session")
def unpacked(bundle, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return folder


def wheel_names(bundle: Path) -> list[str]:
    with zipfile.ZipFile(bundle) as archive:
        return [name.removeprefix("wheelhouse/") for name in archive.namelist() if name.startswith("wheelhouse/")]


# The zip's contents

def test_the_zip_is_named_after_the_version_and_holds_what_an_official_needs(bundle):
    assert bundle.name == f"kehoach-xl-{VERSION}-windows.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {"KeHoach.xlsm", "CaiDat.cmd", "CaiDat.ps1", "HuongDan-CaiDat.txt"} <= set(names)
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        assert archive.read("KeHoach.xlsm") == BLANK.read_bytes()


def test_the_wheelhouse_has_the_kehoach_wheel_built_from_this_tree(bundle, unpacked):
    wheel = unpacked / "wheelhouse" / f"kehoach_xl-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"kehoach_xl/shells/install.py", "kehoach_xl/shells/buttons.py", "kehoach_xl/templates/ke_hoach.docx",
            "kehoach_xl/data/catalog-2021-2025.json"} <= names
    assert not any("__pycache__" in name for name in names)


def test_binary_wheels_for_each_python_and_pure_wheels_once(bundle):
    names = wheel_names(bundle)
    assert len(names) == len(set(names))
    binary = {}
    for name in names:
        dist, version, python, abi, platform = name.removesuffix(".whl").split("-")
        if platform != "any":
            assert platform == "win_amd64", name
            binary.setdefault(dist, set()).add(python)
    assert {"lxml", "markupsafe", "python_calamine", "pywin32", "xlwings"} <= binary.keys()
    assert all(pythons == {"cp311", "cp312", "cp313"} for pythons in binary.values()), binary
    (xlsxwriter,) = [name for name in names if name.lower().startswith("xlsxwriter-")]
    assert xlsxwriter.endswith("-py3-none-any.whl"), "pure Python: one wheel serves every Python"


def test_installer_files_are_written_for_windows(bundle):
    with zipfile.ZipFile(bundle) as archive:
        launcher, script, guide = (archive.read(name) for name in ("CaiDat.cmd", "CaiDat.ps1", "HuongDan-CaiDat.txt"))
    assert launcher.isascii()
    assert script.startswith(b"\xef\xbb\xbf") and guide.startswith(b"\xef\xbb\xbf")
    for data in (launcher, script, guide):
        assert data.count(b"\n") == data.count(b"\r\n") > 10
        assert not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    # PowerShell takes curly quotes for quotes: one inside a string would end it.
    assert not re.search("[‘’“”]", script.decode("utf-8-sig"))


def test_the_guide_names_office_labels_in_both_languages(bundle):
    with zipfile.ZipFile(bundle) as archive:
        guide = archive.read("HuongDan-CaiDat.txt").decode("utf-8-sig")
    for english, vietnamese in [("Enable Editing", "Bật chỉnh sửa"), ("Enable Content", "Bật nội dung"),
                                ("Unblock", "Bỏ chặn"), ("Properties", "Thuộc tính"),
                                ("Trusted Locations", "Vị trí Tin cậy"), ("Trust Center", "Trung tâm Tin cậy"),
                                ("Extract All", "Giải nén")]:
        assert english in guide and vietnamese in guide
    for said in ["Windows 10", "64-bit", "3.11", "3.13", "Excel 2010", "Excel cho Mac", "Dictionary",
                 "Excel 2007", "Không tìm thấy Python", "Add python.exe to PATH", "CaiDat.cmd"]:
        assert said in guide


# The wheelhouse installs kehoach-xl offline

def windows_markers(python: str) -> dict[str, str]:
    return {"implementation_name": "cpython", "implementation_version": f"{python}.0", "os_name": "nt",
            "platform_machine": "AMD64", "platform_python_implementation": "CPython",
            "platform_release": "10", "platform_system": "Windows", "platform_version": "10.0.19045",
            "python_full_version": f"{python}.0", "python_version": python, "sys_platform": "win32",
            "extra": ""}


def script_pip_arguments(wheelhouse: Path) -> list[str]:
    """The arguments after `pip install` in CaiDat.ps1, with its $wheelhouse."""
    (line,) = re.findall(r"^& \$python\.Path -m pip install (.*)$", (SOURCES / "CaiDat.ps1").read_text(), re.M)
    return [str(wheelhouse) if word == "$wheelhouse" else word for word in shlex.split(line)]


def resolve(wheelhouse: Path, python: str, extra: list[str], target: Path) -> dict[str, dict]:
    """What pip, offline, would install from the wheelhouse for CPython `python` on win_amd64,
    given CaiDat.ps1's arguments and `extra` requirements."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", *script_pip_arguments(wheelhouse), "--quiet", "--dry-run",
         "--ignore-installed", "--only-binary=:all:", "--platform", "win_amd64", "--implementation", "cp",
         "--python-version", python, "--target", target, "--report", "-",
         *extra],
        capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return {canonicalize_name(item["metadata"]["name"]): item for item in json.loads(result.stdout)["install"]}


@pytest.mark.parametrize("python", PYTHONS)
def test_the_wheelhouse_alone_installs_kehoach_xl_on_windows(unpacked, tmp_path, python):
    # pip evaluates markers for the machine it runs on, so a requirement for
    # Windows only (pywin32, from xlwings) is added as a root until the
    # resolution, read with Windows markers, lacks nothing.
    wheelhouse = unpacked / "wheelhouse"
    roots = ["kehoach-xl"]
    while True:
        installed = resolve(wheelhouse, python, roots[1:], tmp_path / "target")
        needed = [Requirement(text) for item in installed.values()
                  for text in item["metadata"].get("requires_dist", [])]
        needed = [need for need in needed if need.marker is None or need.marker.evaluate(windows_markers(python))]
        missing = sorted({canonicalize_name(need.name) for need in needed} - installed.keys())
        if not missing:
            break
        assert not set(missing) & set(roots), missing
        roots += missing
    assert roots == ["kehoach-xl", "pywin32"]
    assert {"kehoach-xl", "xlwings", "pywin32", "openpyxl", "xlsxwriter", "python-calamine", "docxtpl",
            "python-docx", "defusedxml", "rich", "lxml"} <= installed.keys()
    for need in needed:
        assert need.specifier.contains(installed[canonicalize_name(need.name)]["metadata"]["version"],
                                       prereleases=True), need
    for item in installed.values():
        assert Path(item["download_info"]["url"].removeprefix("file://")).parent == wheelhouse
    binary = [item["download_info"]["url"] for item in installed.values()
              if not item["download_info"]["url"].endswith("-none-any.whl")]
    tag = f"cp{python.replace('.', '')}"
    assert binary and all(url.endswith(f"-{tag}-{tag}-win_amd64.whl") for url in binary), binary


def test_pywin32_is_required_by_xlwings_on_windows_only():
    # Why the builder names pywin32 (WINDOWS_ONLY): xlwings' own requirement is marked.
    from importlib.metadata import requires
    (pywin32,) = [Requirement(text) for text in requires("xlwings") if text.startswith("pywin32")]
    assert pywin32.marker == Marker('platform_system == "Windows"')
    assert load_builder().WINDOWS_ONLY == ("pywin32",)


# The builder's output file

def test_a_rebuild_replaces_the_zip_in_one_move(tmp_path):
    builder = load_builder()
    target = tmp_path / "dist" / "kehoach-xl-0-windows.zip"
    builder.write_zip({"a.txt": b"old"}, target)
    builder.write_zip({"a.txt": b"new", "b.txt": b""}, target)
    with zipfile.ZipFile(target) as archive:
        assert archive.read("a.txt") == b"new"
    with pytest.raises(TypeError):
        builder.write_zip({"a.txt": None}, target)
    assert [path.name for path in target.parent.iterdir()] == [target.name]
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["a.txt", "b.txt"]


# The installer's Python step

def run_install(home: Path, *args: object) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "XLWINGS_LICENSE_KEY"}
    env.update(HOME=str(home), USERPROFILE=str(home))
    home.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "kehoach_xl.shells.install", *map(str, args)],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=home)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_install_points_xlwings_at_this_python_and_copies_the_workbook(tmp_path):
    home = tmp_path / "home"
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes(b'"LICENSE_KEY","abc"\r\n"interpreter_win","C:\\old\\python.exe"\r\n'
                     b'"CONDA PATH","C:\\Tr\xe1\xba\xa7n"\r\n"INTERPRETER","C:\\old\\python.exe"')
    result = run_install(home, "--workbook", BLANK)
    assert result.returncode == 0, result.stdout
    assert result.stderr == ""
    assert conf.read_bytes() == (b'"LICENSE_KEY","abc"\r\n"CONDA PATH","C:\\Tr\xe1\xba\xa7n"\r\n'
                                 + f'"INTERPRETER_WIN","{sys.executable}"\r\n'
                                   f'"INTERPRETER","{sys.executable}"\r\n'.encode())
    copy = home / "Documents" / "KeHoach.xlsm"
    assert copy.read_bytes() == BLANK.read_bytes()
    assert f"[Xong] Đã chép sổ vào {copy}." in result.stdout
    assert f"[Xong] Các nút của sổ sẽ chạy Python tại {sys.executable}" in result.stdout
    assert "không ghi dấu “tải từ Internet” (Mark of the Web)" in result.stdout
    assert f"nạp được kehoach-xl {VERSION} và xlwings 0.37.8" in result.stdout
    assert all(line.startswith("[Xong] ") for line in result.stdout.splitlines())
    # xlwings' own reader of the file sees the interpreter
    env = {key: value for key, value in os.environ.items() if key != "XLWINGS_LICENSE_KEY"}
    env.update(HOME=str(home), USERPROFILE=str(home))
    read = subprocess.run([sys.executable, "-c", "import json, xlwings.utils as u; print(json.dumps(u.read_user_config()))"],
                          capture_output=True, text=True, env=env, check=True)
    assert json.loads(read.stdout)["interpreter"] == json.loads(read.stdout)["interpreter_win"] == sys.executable


def test_install_never_copies_over_a_workbook_in_documents(tmp_path):
    home = tmp_path / "home"
    documents = tmp_path / "Tài liệu"
    documents.mkdir()
    (documents / "KeHoach.xlsm").write_bytes(b"the official's own plan")
    result = run_install(home, "--workbook", BLANK, "--documents", documents)
    assert result.returncode == 0, result.stdout
    assert (documents / "KeHoach.xlsm").read_bytes() == b"the official's own plan"
    assert (documents / "KeHoach (2).xlsm").read_bytes() == BLANK.read_bytes()
    again = run_install(home, "--workbook", BLANK, "--documents", documents)
    assert again.returncode == 0
    assert "Thư mục Documents (Tài liệu) đã có sổ này" not in again.stdout
    assert (documents / "KeHoach (3).xlsm").exists()
    (documents / "KeHoach.xlsm").write_bytes(BLANK.read_bytes())
    same = run_install(home, "--workbook", BLANK, "--documents", documents)
    assert "[Xong] Thư mục Documents (Tài liệu) đã có sổ này" in same.stdout
    assert not (documents / "KeHoach (4).xlsm").exists()


def test_install_without_the_workbook_fails_in_vietnamese(tmp_path):
    result = run_install(tmp_path, "--workbook", tmp_path / "KeHoach.xlsm")
    assert result.returncode == 1
    assert f"[Lỗi] Không thấy sổ {tmp_path / 'KeHoach.xlsm'}: hãy giải nén toàn bộ tệp .zip" in result.stdout
    assert not (tmp_path / "Documents").exists()


def test_install_refuses_an_interpreter_path_excel_cannot_read(tmp_path, capsys):
    conf = tmp_path / "xlwings.conf"
    assert not install.write_config(conf, "C:\\Users\\Nguyễn\\AppData\\Local\\Programs\\Python\\Python312\\python.exe")
    assert "[Lỗi] Đường dẫn của Python có chữ có dấu" in capsys.readouterr().out
    assert not conf.exists()


def test_the_workbook_leaves_the_interpreter_to_the_user_config():
    # install.py's reasoning, held to the files it rests on: the sheet's blank
    # Interpreter_Win shadows the user's INTERPRETER_WIN, and RunPython then
    # asks for INTERPRETER, which the sheet does not list.
    sheet = load_workbook(BLANK)["xlwings.conf"]
    settings = {str(key).upper(): value for key, value in sheet.iter_rows(values_only=True)}
    assert settings["INTERPRETER_WIN"] is None and "INTERPRETER" not in settings
    vba = (ROOT / "workbook" / "vba" / "xlwings.bas").read_text(encoding="ascii")
    assert re.search(r'interpreter = GetConfig\("INTERPRETER_WIN", ""\)\s+#End If\s+If interpreter = "" Then'
                     r'\s+\' Legacy\s+interpreter = GetConfig\("INTERPRETER", "python"\)', vba)
    sheet_first = vba.index("If GetConfigFromSheet(ThisWorkbook).Exists(configKey) = True Then")
    assert sheet_first < vba.index("' Directory Config") < vba.index("' User Config")
    assert 'GetConfigFilePath = Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in vba


# The PowerShell script and its launcher, read

def powershell_code(script: str) -> str:
    """The script less its comments and string literals, for counting brackets."""
    return re.sub(r"#[^\n]*|'(?:[^']|'')*'|\"(?:[^\"`]|`.)*\"", "", script)


def test_the_script_is_balanced_and_every_message_is_vietnamese():
    script = (SOURCES / "CaiDat.ps1").read_text(encoding="utf-8")
    code = powershell_code(script)
    for opening, closing in ["()", "{}", "[]"]:
        assert code.count(opening) == code.count(closing), opening
    calls = "\n".join(line for line in script.splitlines() if not line.startswith("function "))
    messages = re.findall(r"(?:Write-(?:Host|Done|Failure)|\$rejected \+=) ('(?:[^']|'')*'|\"(?:[^\"`]|`.)*\")", calls)
    texts = [message for message in messages if re.search("[a-z]", re.sub(r"\$\([^)]*\)|\$\w+", "", message))]
    assert len(texts) > 15
    assert all(VIETNAMESE.search(text) for text in texts), [text for text in texts if not VIETNAMESE.search(text)]


def test_the_script_installs_from_the_wheelhouse_only(tmp_path):
    arguments = script_pip_arguments(tmp_path)
    assert {"--no-index", "--isolated", "--find-links"} <= set(arguments)
    assert arguments[arguments.index("--find-links") + 1] == str(tmp_path)
    assert arguments[-1] == "kehoach-xl"
    script = (SOURCES / "CaiDat.ps1").read_text(encoding="utf-8")
    assert not re.search(r"https?://|--index-url|--extra-index-url", powershell_code(script))
    assert len(re.findall(r"-m pip install", script)) == 1


def test_the_script_tries_py_newest_first_then_python_on_path():
    script = (SOURCES / "CaiDat.ps1").read_text(encoding="utf-8")
    assert "$versions = @('3.13', '3.12', '3.11')" in script
    py = script.index("Get-Command py ")
    python = script.index("Get-Command python ")
    assert py < python < script.index("foreach ($candidate in $candidates)")
    assert "Arguments = @(\"-$_\")" in script


def test_the_scripts_probe_reports_this_python(tmp_path):
    script = (SOURCES / "CaiDat.ps1").read_text(encoding="utf-8")
    (probe,) = re.findall(r"^\$probe = '((?:[^']|'')*)'$", script, re.M)
    lines = subprocess.run([sys.executable, "-c", probe.replace("''", "'")], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert lines == [sys.executable, f"{sys.version_info.major}.{sys.version_info.minor}", "True"]


def test_the_script_runs_the_python_step_with_the_bundled_workbook():
    script = (SOURCES / "CaiDat.ps1").read_text(encoding="utf-8")
    assert "$arguments = @('-m', 'kehoach_xl.shells.install', '--workbook', $workbook)" in script
    assert "$workbook = Join-Path $here 'KeHoach.xlsm'" in script
    assert re.search(r"& \$python\.Path @arguments\s+if \(\$LASTEXITCODE -ne 0\) \{ Stop-Installer 1 \}", script)


def test_the_launcher_starts_the_script_with_no_profile_and_bypass_and_waits():
    launcher = (SOURCES / "CaiDat.cmd").read_text(encoding="ascii")
    assert ('"%SystemRoot%\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -NoProfile -ExecutionPolicy Bypass'
            ' -File "%~dp0CaiDat.ps1"') in launcher
    assert launcher.rstrip().splitlines()[-2:] == ["pause >nul", "exit /b %CODE%"]
