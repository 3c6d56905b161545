"""The offline Windows bundle of `make dist`.

Its contents; the interpreter's pinned hash and signatures; that its
wheelhouse alone installs kehoach-xl for win_amd64 on the bundled Python, as
pip's resolver says offline with the very pip arguments of the installer; and
the installer's steps run for real where Linux can run them. The whole
installer runs on Windows' terms under wine in tests/test_windows.py (`make
test-windows`). Building the bundle needs PyPI and osslsigncode.
"""

import hashlib
import importlib.util
import json
import os
import re
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

from kehoach_xl.windows import access, install

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
    assert bundle.name == f"kehoach-xl-{VERSION}-windows-64bit.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {"KeHoach.xlsm", "CaiDat.cmd", "GoCaiDat.cmd", "CaiDat.py", "HuongDan-CaiDat.txt", "NguonPython.txt",
                "python/python.exe", "python/pythonw.exe", "python/python312.dll", "python/python312.zip",
                "python/python312._pth"} <= set(names)
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
        assert archive.read("KeHoach.xlsm") == BLANK.read_bytes()
        assert archive.read("python/python312._pth") == b"python312.zip\n.\n"
    assert not [name for name in names if re.search(r"tcl|tk86|tkinter", name)]


def test_the_wheelhouse_has_the_kehoach_wheel_built_from_this_tree(bundle, unpacked):
    wheel = unpacked / "wheelhouse" / f"kehoach_xl-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"kehoach_xl/windows/install.py", "kehoach_xl/shells/buttons.py", "kehoach_xl/templates/ke_hoach.docx",
            "kehoach_xl/data/catalog-2021-2025.json"} <= names
    assert not any("__pycache__" in name for name in names)


def test_binary_wheels_for_the_bundled_python_and_pip_for_the_installer(bundle):
    names = wheel_names(bundle)
    assert len(names) == len(set(names))
    binary = {}
    for name in names:
        dist, version, python, abi, platform = name.removesuffix(".whl").split("-")
        if platform != "any":
            assert platform == "win_amd64", name
            if abi == "abi3":  # the stable ABI (cryptography): built for an older CPython, it runs on 3.12
                assert int(python.removeprefix("cp")) <= 312, name
                python = "cp312"
            binary.setdefault(dist, set()).add(python)
    assert {"lxml", "markupsafe", "python_calamine", "pywin32", "xlwings"} <= binary.keys()
    assert all(pythons == {"cp312"} for pythons in binary.values()), binary
    (xlsxwriter,) = [name for name in names if name.lower().startswith("xlsxwriter-")]
    assert xlsxwriter.endswith("-py3-none-any.whl"), "pure Python: one wheel serves every Python"
    (pip,) = [name for name in names if name.startswith("pip-")]
    assert pip.endswith("-py3-none-any.whl")


def test_installer_files_are_written_for_windows(bundle):
    with zipfile.ZipFile(bundle) as archive:
        launcher, remover, script, guide, notes = (archive.read(name) for name in (
            "CaiDat.cmd", "GoCaiDat.cmd", "CaiDat.py", "HuongDan-CaiDat.txt", "NguonPython.txt"))
    assert launcher.isascii() and remover.isascii()
    assert guide.startswith(b"\xef\xbb\xbf") and notes.startswith(b"\xef\xbb\xbf")
    assert not script.startswith(b"\xef\xbb\xbf")
    for data in (launcher, remover, script, guide, notes):
        assert data.count(b"\n") == data.count(b"\r\n") > 10
        assert not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
    compile(script, "CaiDat.py", "exec")


def test_the_guide_names_office_labels_in_both_languages(bundle):
    with zipfile.ZipFile(bundle) as archive:
        guide = archive.read("HuongDan-CaiDat.txt").decode("utf-8-sig")
    for english, vietnamese in [("Enable Editing", "Bật chỉnh sửa"), ("Enable Content", "Bật nội dung"),
                                ("Unblock", "Bỏ chặn"), ("Properties", "Thuộc tính"),
                                ("Trusted Locations", "Vị trí Tin cậy"), ("Trust Center", "Trung tâm Tin cậy"),
                                ("Extract All", "Giải nén")]:
        assert english in guide and vietnamese in guide
    for said in ["Windows 10", "Windows 8.1", "Windows 7", "-32bit", "C:\\Users\\Public\\kehoach-xl", "Excel 2010",
                 "Excel cho Mac", "Dictionary", "Excel 2007", "CaiDat.cmd",
                 "GoCaiDat.cmd", "NguonPython.txt"]:
        assert said in guide
    # Nothing the official must fetch: no Python installer, no internet.
    assert not re.search(r"python\.org|python-3\.|Add python\.exe to PATH|Install Now|tải về máy", guide)


# The interpreter: the pinned zip, signed by the Python Software Foundation

def test_the_notes_say_which_zip_and_what_was_checked(bundle):
    builder = load_builder()
    with zipfile.ZipFile(bundle) as archive:
        notes = archive.read("NguonPython.txt").decode("utf-8-sig")
    for said in [builder.EMBEDDED["sha256"], builder.EMBEDDED["member"], builder.EMBEDDED["package"],
                 "Python Software Foundation", "unable to get local issuer certificate", "python312._pth",
                 "Tcl/Tk"]:
        assert said in notes
    assert len(re.findall(r"^  (?:python\.exe|pythonw\.exe|python312\.dll): [0-9A-F]{64}\r$", notes, re.M)) == 3


def test_a_zip_with_another_hash_is_refused(tmp_path, monkeypatch):
    builder = load_builder()
    monkeypatch.setitem(builder.OFFICIAL, "url", (tmp_path / "unreachable.zip").as_uri())
    monkeypatch.setitem(builder.EMBEDDED, "sha256", "0" * 64)
    with pytest.raises(builder.Refused, match="khác với 0{64} ghim trong bundle/build_dist.py \\(EMBEDDED\\)"):
        builder.embedded_zip(tmp_path)


def test_python_orgs_zip_is_taken_where_it_is_reached_and_never_passed_over_for_a_wrong_hash(tmp_path, monkeypatch):
    builder = load_builder()
    official = tmp_path / "python-3.12.8-embed-amd64.zip"
    official.write_bytes(b"as python.org serves it")
    monkeypatch.setitem(builder.OFFICIAL, "url", official.as_uri())
    monkeypatch.setitem(builder.OFFICIAL, "sha256", hashlib.sha256(official.read_bytes()).hexdigest())
    data, origin = builder.embedded_zip(tmp_path)
    assert data == b"as python.org serves it" and origin.startswith(f"tải từ {official.as_uri()}")
    assert not (tmp_path / "embedded").exists(), "PyPI's repack is not fetched"
    official.write_bytes(b"changed on the way")
    with pytest.raises(builder.Refused, match="ghim trong bundle/build_dist.py \\(OFFICIAL\\)"):
        builder.embedded_zip(tmp_path)


def test_a_signed_file_that_was_changed_is_refused(unpacked, tmp_path):
    builder = load_builder()
    data = (unpacked / "python" / "pythonw.exe").read_bytes()
    assert re.fullmatch("[0-9A-F]{64}", builder.signature("pythonw.exe", data, tmp_path))
    changed = bytearray(data)
    changed[4096] ^= 1
    with pytest.raises(builder.Refused, match="không khớp"):
        builder.signature("pythonw.exe", bytes(changed), tmp_path)
    with pytest.raises(builder.Refused, match="không do Python Software Foundation ký.*Microsoft"):
        builder.signature("vcruntime140.dll", (unpacked / "python" / "vcruntime140.dll").read_bytes(), tmp_path)
    with pytest.raises(builder.Refused, match="không có chữ ký Authenticode"):
        builder.signature("python.exe", (unpacked / "CaiDat.py").read_bytes(), tmp_path)


def test_without_osslsigncode_the_build_says_how_to_get_it(unpacked, tmp_path, monkeypatch):
    builder = load_builder()
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(builder.Refused, match="apt-get install osslsigncode"):
        builder.signature("python.exe", (unpacked / "python" / "python.exe").read_bytes(), tmp_path)


# The wheelhouse installs kehoach-xl offline

def windows_markers(python: str, platform: str = "win_amd64") -> dict[str, str]:
    return {"implementation_name": "cpython", "implementation_version": f"{python}.0", "os_name": "nt",
            "platform_machine": "AMD64" if platform == "win_amd64" else "x86", "platform_python_implementation": "CPython",
            "platform_release": "10", "platform_system": "Windows", "platform_version": "10.0.19045",
            "python_full_version": f"{python}.0", "python_version": python, "sys_platform": "win32",
            "extra": ""}


def installer_pip_arguments(wheelhouse: Path) -> list[str]:
    """The arguments after `pip install` in the installer's pip command."""
    upgrade, reinstall = install.pip_commands(Path("python.exe"), Path("pip.whl"), wheelhouse)
    assert reinstall[reinstall.index("install") + 1:] == [*upgrade[upgrade.index("install") + 1:-2], "--force-reinstall",
                                                          "--no-deps", "kehoach-xl"]
    return upgrade[upgrade.index("install") + 1:]


def resolve(wheelhouse: Path, python: str, extra: list[str], target: Path, platform: str = "win_amd64") -> dict[str, dict]:
    """What pip, offline, would install from the wheelhouse for CPython `python` on `platform`,
    given the installer's arguments and `extra` requirements."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", *installer_pip_arguments(wheelhouse), "--dry-run",
         "--ignore-installed", "--only-binary=:all:", "--platform", platform, "--implementation", "cp",
         "--python-version", python, "--target", target, "--report", "-",
         *extra],
        capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return {canonicalize_name(item["metadata"]["name"]): item for item in json.loads(result.stdout)["install"]}


@pytest.mark.parametrize("platform", ["win_amd64", "win32"])
def test_the_wheelhouse_alone_installs_kehoach_xl_on_windows(unpacked, tmp_path, platform):
    builder = load_builder()
    python = builder.PYTHON
    # pip evaluates markers for the machine it runs on, so a requirement for
    # Windows only (pywin32, from xlwings) is added as a root until the
    # resolution, read with Windows markers, lacks nothing.
    wheelhouse = unpacked / "wheelhouse"
    if platform == "win32":  # the 32-bit bundle's wheelhouse, filled as the builder fills it
        wheelhouse = tmp_path / "wheelhouse-32"
        (wheel,) = (unpacked / "wheelhouse").glob("kehoach_xl-*.whl")
        builder.fill_wheelhouse(wheel, wheelhouse, builder.PLATFORMS["32"])
    roots = ["kehoach-xl"]
    while True:
        installed = resolve(wheelhouse, python, roots[1:], tmp_path / "target", platform)
        needed = [Requirement(text) for item in installed.values()
                  for text in item["metadata"].get("requires_dist", [])]
        needed = [need for need in needed
                  if need.marker is None or need.marker.evaluate(windows_markers(python, platform))]
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
    stable = [url for url in binary if url.endswith(f"-abi3-{platform}.whl")]  # cryptography, for cp3X <= the bundle's
    assert all(int(url.rsplit("-", 3)[1].removeprefix("cp")) <= int(tag[2:]) for url in stable), stable
    assert binary and all(url.endswith(f"-{tag}-{tag}-{platform}.whl") for url in set(binary) - set(stable)), binary


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


# The installer's steps, run where Linux can run them

def test_the_install_folder_is_the_one_the_workbook_names_for_every_user():
    sheet = load_workbook(BLANK)["xlwings.conf"]
    settings = {str(key).upper(): value for key, value in sheet.iter_rows(values_only=True)}
    for user in ("an", "Nguyễn Văn An"):
        environ = {"LOCALAPPDATA": f"C:\\Users\\{user}\\AppData\\Local", "PUBLIC": "C:\\Users\\Public"}
        pythonw = str(install.interpreter(install.install_folder(environ), windowed=True)).replace("/", "\\")
        assert pythonw == settings["INTERPRETER_WIN"].replace("%PUBLIC%", environ["PUBLIC"])
    assert settings["TEMP DIR"] == "%SystemRoot%\\Temp"
    assert install.install_folder({}) == Path("C:\\Users\\Public") / "kehoach-xl"


SECOND_USER = "S-1-5-21-1-2-3-1001"
FOLDER_OF_ANOTHER_USER = "O:S-1-5-21-1-2-3-1001D:PAI" + access.FOLDER_SECURITY.removeprefix("D:PAI").format(
    user=SECOND_USER)


def test_only_the_installing_user_and_the_administrators_may_change_the_folder():
    assert access.writers(FOLDER_OF_ANOTHER_USER) == ["SY", "BA", SECOND_USER]
    assert "BU" in FOLDER_OF_ANOTHER_USER and "WD" not in FOLDER_OF_ANOTHER_USER
    # C:\\Users\\Public's own list (inherited when nothing is set) lets every interactive user change it
    assert "IU" in access.writers("D:(A;OICI;0x1301bf;;;IU)(A;OICIIO;GA;;;CO)(A;OICI;0x1200a9;;;WD)")
    assert access.writers("D:(A;OICIIO;GA;;;CO)(D;OICI;FA;;;BU)") == []
    assert access.who_may_upgrade("D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)") == "quản trị viên của máy"


def test_a_second_user_is_told_who_may_upgrade():
    folder = Path("C:\\Users\\Public\\kehoach-xl")
    reason = access.refusal(folder, FOLDER_OF_ANOTHER_USER, {"S-1-5-21-1-2-3-1002"})
    assert reason.startswith(f"kehoach-xl trên máy này ({folder}) chỉ “{SECOND_USER}” hoặc quản trị viên của máy "
                             "cài lại, nâng cấp hoặc gỡ được. Hãy nhờ người đó chạy CaiDat.cmd"), reason
    assert access.refusal(folder, FOLDER_OF_ANOTHER_USER, {SECOND_USER}) is None, "the user who installed it"
    assert access.refusal(folder, FOLDER_OF_ANOTHER_USER, {"S-1-5-21-1-2-3-1002", "BA"}) is None, "an administrator"


def run_install(home: Path, *args: object) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "XLWINGS_LICENSE_KEY"}
    env.update(HOME=str(home), USERPROFILE=str(home))
    home.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "kehoach_xl.windows.install", *map(str, args)],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=home)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_check_imports_what_the_buttons_import(tmp_path):
    result = run_install(tmp_path, "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == f"[Xong] Python {sys.version_info.major}.{sys.version_info.minor} nạp được kehoach-xl " \
                            f"{VERSION} và xlwings 0.37.8.\n"


def test_the_config_names_pythonw_and_keeps_every_other_line(tmp_path, capsys):
    conf = tmp_path / "home" / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    other = (b'"LICENSE_KEY","abc"\r\n"interpreter_win","C:\\old\\python.exe"\r\n'
             b'"CONDA PATH","C:\\Tr\xe1\xba\xa7n"\r\n"INTERPRETER","C:\\old\\python.exe"')
    conf.write_bytes(other)
    pythonw = "C:\\Users\\Public\\kehoach-xl\\python\\pythonw.exe"
    assert install.write_config(conf, pythonw)
    assert conf.read_bytes() == (b'"LICENSE_KEY","abc"\r\n"CONDA PATH","C:\\Tr\xe1\xba\xa7n"\r\n'
                                 + f'"INTERPRETER_WIN","{pythonw}"\r\n"INTERPRETER","{pythonw}"\r\n'.encode())
    assert f"[Xong] Sổ làm trước phiên bản này cũng chạy Python tại {pythonw}" in capsys.readouterr().out
    # xlwings' own reader of the file sees the interpreter
    env = {key: value for key, value in os.environ.items() if key != "XLWINGS_LICENSE_KEY"}
    env.update(HOME=str(conf.parent.parent), USERPROFILE=str(conf.parent.parent))
    read = subprocess.run([sys.executable, "-c", "import json, xlwings.utils as u; print(json.dumps(u.read_user_config()))"],
                          capture_output=True, text=True, env=env, check=True)
    assert json.loads(read.stdout)["interpreter"] == json.loads(read.stdout)["interpreter_win"] == pythonw
    # uninstalling takes out those two lines and nothing else
    assert install.remove_from_config(conf, pythonw.upper())
    assert conf.read_bytes() == b'"LICENSE_KEY","abc"\r\n"CONDA PATH","C:\\Tr\xe1\xba\xa7n"\r\n'


def test_uninstalling_removes_a_config_file_with_nothing_else_in_it(tmp_path, capsys):
    conf = tmp_path / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir()
    assert install.write_config(conf, "C:\\k\\pythonw.exe")
    assert install.remove_from_config(conf, "C:\\other\\pythonw.exe")
    assert conf.exists()
    assert install.remove_from_config(conf, "C:\\k\\pythonw.exe")
    assert not conf.parent.exists()
    assert install.remove_from_config(conf, "C:\\k\\pythonw.exe")
    assert "[Lỗi]" not in capsys.readouterr().out


def test_install_never_copies_over_a_workbook_in_documents(tmp_path, capsys):
    documents = tmp_path / "Tài liệu"
    documents.mkdir()
    (documents / "KeHoach.xlsm").write_bytes(b"the official's own plan")
    assert install.copy_to_documents(BLANK, documents) == documents / "KeHoach (2).xlsm"
    assert (documents / "KeHoach.xlsm").read_bytes() == b"the official's own plan"
    assert (documents / "KeHoach (2).xlsm").read_bytes() == BLANK.read_bytes()
    assert install.copy_to_documents(BLANK, documents) == documents / "KeHoach (3).xlsm"
    (documents / "KeHoach.xlsm").write_bytes(BLANK.read_bytes())
    assert install.copy_to_documents(BLANK, documents) is True
    assert "[Xong] Thư mục Documents (Tài liệu) đã có sổ này" in capsys.readouterr().out
    assert not (documents / "KeHoach (4).xlsm").exists()


def test_uninstall_removes_the_install_folder_and_the_copies_nobody_changed(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    folder = tmp_path / "Public" / "kehoach-xl"
    (folder / "python" / "Lib" / "site-packages").mkdir(parents=True)
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "KeHoach.xlsm").write_bytes(b"the official's own plan")
    untouched = install.copy_to_documents(BLANK, documents)
    filled = install.copy_to_documents(BLANK, documents)
    for copy in (untouched, filled):
        install.record_copy(folder, copy)
    filled.write_bytes(b"typed in by the official")
    (documents / "KeHoach (4).xlsm").write_bytes(BLANK.read_bytes())  # not the installer's
    assert install.uninstall(folder)
    out = capsys.readouterr().out
    assert not folder.exists() and folder.parent.exists()
    assert not untouched.exists()
    assert filled.read_bytes() == b"typed in by the official"
    assert f"[Xong] Giữ lại sổ {filled}" in out
    assert (documents / "KeHoach (4).xlsm").exists() and (documents / "KeHoach.xlsm").exists()
    assert install.uninstall(folder)
    assert f"[Xong] Không có thư mục {folder}" in capsys.readouterr().out


def test_the_installer_refuses_an_unpacked_bundle_missing_a_part(tmp_path):
    result = run_install(tmp_path / "home", "install", "--bundle", tmp_path, "--folder", tmp_path / "k",
                         "--documents", tmp_path / "Documents")
    assert result.returncode == 1
    assert f"[Lỗi] Thiếu thư mục python, wheelhouse hoặc sổ KeHoach.xlsm bên cạnh CaiDat.cmd ({tmp_path})" \
        in result.stdout
    assert not (tmp_path / "k").exists() and not (tmp_path / "Documents").exists()


def test_the_interpreter_is_copied_over_its_own_minor_version_and_replaces_another(tmp_path, capsys):
    name = f"python{sys.version_info.major}{sys.version_info.minor}"
    bundle = tmp_path / "bundle"
    (bundle / "python").mkdir(parents=True)
    for member, data in [("python.exe", b"new"), (f"{name}.dll", b"new"), (f"{name}._pth", b"python3x.zip\n.\n")]:
        (bundle / "python" / member).write_bytes(data)
    folder = tmp_path / "kehoach-xl"
    packages = folder / "python" / "Lib" / "site-packages"
    packages.mkdir(parents=True)
    (folder / "python" / "python.exe").write_bytes(b"old")
    (folder / "python" / "python310.dll").write_bytes(b"old")
    assert install.copy_interpreter(bundle, folder)
    assert sorted(path.name for path in (folder / "python").iterdir()) == sorted(
        ["python.exe", f"{name}.dll", f"{name}._pth"]), "another minor version's files and packages go"
    assert (folder / "python" / f"{name}._pth").read_text() == f"{name}.zip\n.\nimport site\n"
    assert (bundle / "python" / f"{name}._pth").read_bytes() == b"python3x.zip\n.\n", "the bundle is not changed"
    packages.mkdir(parents=True)
    (packages / "kept.py").write_text("")
    (bundle / "python" / "python.exe").write_bytes(b"newer")
    assert install.copy_interpreter(bundle, folder)
    assert (packages / "kept.py").exists() and (folder / "python" / "python.exe").read_bytes() == b"newer"
    assert "[Lỗi]" not in capsys.readouterr().out


def test_install_refuses_an_interpreter_path_excel_cannot_read(tmp_path, capsys):
    conf = tmp_path / "xlwings.conf"
    assert not install.write_config(conf, "C:\\Users\\Nguyễn\\AppData\\Local\\Programs\\kehoach-xl\\python\\pythonw.exe")
    assert "[Lỗi] Đường dẫn của Python có chữ có dấu" in capsys.readouterr().out
    assert not conf.exists()


def test_every_message_of_the_installer_is_vietnamese():
    source = (ROOT / "kehoach_xl" / "windows" / "install.py").read_text(encoding="utf-8")
    messages = re.findall(r"(?:done|failed|print)\(f?\"(?!\[)([^\"]+)", source)
    assert len(messages) > 20
    assert all(VIETNAMESE.search(text) for text in messages if re.search("[a-z]{3}", text)), messages


def test_the_user_config_serves_workbooks_made_before():
    # install.py's reasoning for those workbooks, held to the VBA it rests on: their sheet's blank
    # Interpreter_Win shadows the user's INTERPRETER_WIN, and RunPython then asks for INTERPRETER.
    vba = (ROOT / "workbook" / "vba" / "xlwings.bas").read_text(encoding="ascii")
    assert re.search(r'interpreter = GetConfig\("INTERPRETER_WIN", ""\)\s+#End If\s+If interpreter = "" Then'
                     r'\s+\' Legacy\s+interpreter = GetConfig\("INTERPRETER", "python"\)', vba)
    sheet_first = vba.index("If GetConfigFromSheet(ThisWorkbook).Exists(configKey) = True Then")
    assert sheet_first < vba.index("' Directory Config") < vba.index("' User Config")
    assert 'GetConfigFilePath = Environ("USERPROFILE") & "\\." & PROJECT_NAME & "\\" & PROJECT_NAME & ".conf"' in vba


# The launchers

def test_caidat_learns_the_bundles_architecture_from_the_builder():
    builder = load_builder()
    source = (SOURCES / "CaiDat.cmd").read_text(encoding="ascii")
    assert source.count("@BITS@") == 1
    for bits in builder.PLATFORMS:
        assert f'set "BUNDLE_BITS={bits}"\r\n' in builder.installer_file("CaiDat.cmd", bits).decode("ascii")
    before_python = source[:source.index('"%~dp0python\\python.exe" -X utf8')]
    assert before_python.index("LSS 603") < before_python.index("BUNDLE_BITS%") , "the Windows version first"
    assert "[Loi] Cac nut cua so can Windows 8.1 tro len" in before_python


@pytest.mark.parametrize(("name", "command"), [("CaiDat.cmd", 'install --bundle "%~dp0."'),
                                               ("GoCaiDat.cmd", "uninstall")])
def test_the_launchers_start_the_bundled_python_on_the_installer_and_wait(name, command):
    launcher = (SOURCES / name).read_text(encoding="ascii")
    assert f'"%~dp0python\\python.exe" -X utf8 "%~dp0CaiDat.py" {command}\n' in launcher
    assert launcher.rstrip().splitlines()[-2:] == ["pause >nul", "exit /b %CODE%"]
    assert "powershell" not in launcher.lower()


def test_the_install_folder_must_be_ascii(tmp_path, capsys):
    assert not install.make_folder(tmp_path / "Công cộng" / "kehoach-xl")
    assert "[Lỗi] Đường dẫn thư mục cài có chữ có dấu, Excel không dùng được" in capsys.readouterr().out
    assert not (tmp_path / "Công cộng").exists()


def test_an_earlier_install_in_the_users_folder_goes_and_its_record_is_kept(tmp_path, capsys):
    earlier, folder = tmp_path / "Local" / "Programs" / "kehoach-xl", tmp_path / "Public" / "kehoach-xl"
    (earlier / "python").mkdir(parents=True)
    folder.mkdir(parents=True)
    documents = tmp_path / "Documents"
    documents.mkdir()
    copy = install.copy_to_documents(BLANK, documents)
    install.record_copy(earlier, copy)
    assert install.remove_earlier(earlier, folder)
    assert not earlier.exists() and install.read_record(folder) == {str(copy): install.sha256(copy)}
    assert f"[Xong] Đã xóa bản cài cũ {earlier}" in capsys.readouterr().out
