r"""The Windows installer and uninstaller, run by CaiDat.cmd and GoCaiDat.cmd.

    python\python.exe CaiDat.py install      (CaiDat.cmd)
    python\python.exe CaiDat.py uninstall    (GoCaiDat.cmd)
    <installed python.exe> -m kehoach_xl.windows.install check

CaiDat.py, beside the launchers in the bundle, runs this module from the
kehoach-xl wheel in wheelhouse\ on the bundle's embeddable Python, which has
no site-packages: so this module and what it imports use the standard library
only. Each step prints one Vietnamese line, "[Xong] …" or "[Lỗi] …" with what
to do; the exit code is 0 when every step worked and 1 otherwise. No traceback.

install (CaiDat.cmd has already refused a Windows older than 8.1 and a bundle of the
other architecture, before any Python runs):
1. The bundle is whole (python\, wheelhouse\ with pip's wheel, KeHoach.xlsm).
2. The install folder is %PUBLIC%\kehoach-xl (C:\Users\Public\kehoach-xl) on
   every PC: the path the workbook's own "xlwings.conf" sheet names
   (`%PUBLIC%\kehoach-xl\python\pythonw.exe`, builder/build.py), which VBA
   expands in Unicode and finds with its ANSI GetAttr whatever the user's
   name. One install per PC, used by every user of it; its folder is
   writable only by the user who installed it (its owner), SYSTEM and the
   administrators, and readable by every user (Users), so that no other
   user can plant code that runs in someone else's Excel. A user who may not
   write it gets a [Lỗi] naming who may upgrade, and nothing is changed.
3. The interpreter is copied there. Its ._pth file gets `import site`, which adds
   its Lib\site-packages to sys.path. A copy over an earlier install of the same
   minor version replaces the interpreter's files in place and keeps the
   packages, which pip then upgrades; another minor version is removed first.
4. pip, run from its wheel in the bundle (the embeddable Python has no pip),
   installs kehoach-xl from wheelhouse\ with --no-index, never the internet,
   and --isolated: no pip setting of this PC (an index of its own) is read;
   then reinstalls kehoach-xl's own wheel, whatever its version number.
5. For workbooks made before this version, whose sheet leaves Interpreter_Win
   blank: the user's xlwings config, %USERPROFILE%\.xlwings\xlwings.conf, names the
   installed pythonw.exe, as it did. VBA finds that file only where the
   profile's path is spelled in the ANSI code page (tests/xlwings_model.py);
   those workbooks get the sheet's setting when rolled over or rebuilt. The
   format is the one VBA's `Write #` writes and `Input #` reads: one
   `"KEY","value"` per line. The precedence is xlwings.bas's `GetConfig`: the
   workbook's "xlwings.conf" sheet, then an xlwings.conf beside the workbook,
   then the user's file. Those workbooks list Interpreter_Win with a blank
   value, and a key the sheet lists wins even when blank, so they never read
   the user's INTERPRETER_WIN; RunPython then falls back to
   `GetConfig("INTERPRETER", "python")`, a key the sheet does not list, so
   INTERPRETER is the line that takes effect. INTERPRETER_WIN is written as
   well, as `xlwings config create` writes it, for workbooks without that sheet
   row. Other lines are kept byte for byte; earlier lines for either key are
   dropped, since VBA takes the first match and xlwings' Python reader the last.
6. The workbook loses its Mark of the Web (the `Zone.Identifier` stream Windows
   adds to files from a mail or a download), which makes Excel block its macros.
7. A copy goes to the user's Documents folder, never over an existing file.
8. The installed interpreter runs `check`: it imports what the ribbon buttons
   import (kehoach_xl.shells.buttons, and with it xlwings and pywin32), as
   RunPython will; no xlwings licence key is needed.
9. An install of an earlier version in the user's own folder
   (%LOCALAPPDATA%\Programs\kehoach-xl) is removed; its record of the copies
   in Documents is carried over.

What was added is recorded in the install folder (RECORD): the copies in
Documents with their SHA-256. uninstall removes the INTERPRETER lines naming
this pythonw.exe (the file, and its folder, when nothing else is left in
them), each copy of the workbook that is still as installed (a copy someone
filled in is the official's work and stays), then the install folder, which
every user of the PC shares: a user who may not change it is told who may.
"""

import argparse
import filecmp
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from kehoach_xl.io.output import write_new
from kehoach_xl.windows.access import current_user, folder_security, refusal, restrict, who_may_upgrade

KEYS = ("INTERPRETER_WIN", "INTERPRETER")
_KEY = re.compile(rb'\s*(?:"([^"]*)"|([^,\r\n]*))(?:\s*,\s*(?:"([^"]*)"|([^\r\n]*)))?')
FOLDER = "kehoach-xl"
RECORD = "cai-dat.json"
WORKBOOK = "KeHoach.xlsm"
SITE_PATH = "{stdlib}\n.\nimport site\n"
"""The installed interpreter's ._pth: the standard library, its folder, and site-packages through `import site`."""
_CSIDL_PERSONAL = 5
"""The Documents folder, for SHGetFolderPathW."""
def done(text: str) -> None:
    print(f"[Xong] {text}", flush=True)


def failed(text: str) -> None:
    print(f"[Lỗi] {text}", flush=True)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


# Where things go

def install_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """%PUBLIC%\\kehoach-xl, the folder the workbook's sheet names, on every PC."""
    return Path(environ.get("PUBLIC") or "C:\\Users\\Public") / FOLDER


def earlier_folder(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where versions before the shared folder installed for a user whose profile path is ASCII."""
    local = environ.get("LOCALAPPDATA")
    return Path(local) / "Programs" / FOLDER if local else None


def interpreter(folder: Path, windowed: bool = False) -> Path:
    return folder / "python" / ("pythonw.exe" if windowed else "python.exe")


def config_path() -> Path:
    """Where xlwings.bas looks: Environ("USERPROFILE") & "\\.xlwings\\xlwings.conf"."""
    return Path(os.environ.get("USERPROFILE") or Path.home()) / ".xlwings" / "xlwings.conf"


def documents_folder() -> Path:
    """The user's Documents (Tài liệu) folder, wherever Windows keeps it (it may be moved to OneDrive)."""
    if sys.platform == "win32":
        import ctypes

        buffer = ctypes.create_unicode_buffer(32768)
        if ctypes.windll.shell32.SHGetFolderPathW(None, _CSIDL_PERSONAL, None, 0, buffer) == 0:
            return Path(buffer.value)
    return Path.home() / "Documents"


def sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def may_upgrade(folder: Path) -> bool:
    """An install folder someone else made is left alone: the line says who may upgrade it."""
    if os.name != "nt" or not folder.exists():
        return True
    try:
        security = folder_security(folder)
        me = current_user()
    except OSError as error:
        failed(f"Không đọc được quyền của thư mục {folder}: {_reason(error)}.")
        return False
    reason = refusal(folder, security, me)
    if reason:
        failed(reason)
    return reason is None


# xlwings.conf

def _config_key(line: bytes) -> tuple[str, str]:
    match = _KEY.match(line)
    key = match.group(1) if match.group(1) is not None else match.group(2)
    value = match.group(3) if match.group(3) is not None else (match.group(4) or b"")
    return key.strip().decode("latin-1").upper(), value.strip().decode("utf-8", "replace")


def config_with_interpreter(old: bytes, interpreter: str) -> bytes:
    """`old` config lines, less any for KEYS, then one line for each key naming `interpreter`."""
    kept = [line if line.endswith(b"\n") else line + b"\r\n"
            for line in old.splitlines(keepends=True) if _config_key(line)[0] not in KEYS]
    new = [f'"{key}","{interpreter}"\r\n'.encode("ascii") for key in KEYS]
    return b"".join(kept + new)


def config_without_interpreter(old: bytes, interpreter: str) -> bytes:
    """`old` config lines, less those for KEYS that name `interpreter`."""
    def ours(line: bytes) -> bool:
        key, value = _config_key(line)
        return key in KEYS and value.casefold() == interpreter.casefold()
    return b"".join(line for line in old.splitlines(keepends=True) if not ours(line))


def _replace(path: Path, data: bytes) -> None:
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_config(path: Path, interpreter: str) -> bool:
    # VBA's `Input #` reads the file in the ANSI code page, and its GetAttr,
    # which checks the interpreter, takes no path outside it.
    if not interpreter.isascii():
        failed(f"Đường dẫn của Python có chữ có dấu, Excel không dùng được: {interpreter}. "
               "Hãy nhờ cán bộ kỹ thuật kiểm tra biến môi trường PUBLIC (thường là C:\\Users\\Public), "
               "rồi chạy lại CaiDat.cmd.")
        return False
    try:
        old = path.read_bytes() if path.exists() else b""
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, config_with_interpreter(old, interpreter))
    except OSError as error:
        failed(f"Không ghi được tệp cấu hình xlwings {path}: {_reason(error)}.")
        return False
    done(f"Sổ làm trước phiên bản này cũng chạy Python tại {interpreter} (ghi trong {path}).")
    return True


def remove_from_config(path: Path, interpreter: str) -> bool:
    try:
        if not path.is_file():
            done(f"Không có tệp cấu hình xlwings {path}: không có gì phải gỡ.")
            return True
        old = path.read_bytes()
        new = config_without_interpreter(old, interpreter)
        if new.strip():
            if new != old:
                _replace(path, new)
            done(f"Đã gỡ đường dẫn Python của kehoach-xl khỏi {path}; các dòng khác giữ nguyên.")
            return True
        path.unlink()
        if not any(path.parent.iterdir()):
            path.parent.rmdir()
    except OSError as error:
        failed(f"Không sửa được tệp cấu hình xlwings {path}: {_reason(error)}. "
               "Hãy đóng Excel rồi chạy lại GoCaiDat.cmd.")
        return False
    done(f"Đã xóa tệp cấu hình xlwings {path} (chỉ có đường dẫn Python của kehoach-xl).")
    return True


# The steps of install

def bundle_is_whole(bundle: Path) -> Path | None:
    """pip's wheel in the bundle, when the bundle has everything the installer needs."""
    pips = sorted((bundle / "wheelhouse").glob("pip-*.whl"))
    if (bundle / "python" / "python.exe").is_file() and (bundle / WORKBOOK).is_file() and pips:
        done(f"Bộ cài đầy đủ: {bundle}")
        return pips[-1]
    failed(f"Thiếu thư mục python, wheelhouse hoặc sổ {WORKBOOK} bên cạnh CaiDat.cmd ({bundle}). "
           "Hãy giải nén toàn bộ tệp .zip (nhấp chuột phải → Extract All = Giải nén tất cả), "
           "rồi chạy CaiDat.cmd trong thư mục vừa giải nén.")
    return None


def make_folder(folder: Path) -> bool:
    """The install folder, which only its owner, SYSTEM and the administrators may change (on Windows)."""
    if not str(folder).isascii():
        failed(f"Đường dẫn thư mục cài có chữ có dấu, Excel không dùng được: {folder}. Hãy nhờ cán bộ kỹ thuật "
               "kiểm tra biến môi trường PUBLIC (thường là C:\\Users\\Public), rồi chạy lại CaiDat.cmd.")
        return False
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.name != "nt":
            done(f"Thư mục cài: {folder}.")
            return True
        restrict(folder, sorted(current_user() - {"BA"})[0])
    except OSError as error:
        failed(f"Không tạo hoặc không đặt được quyền cho thư mục {folder}: {_reason(error)}. "
               "Hãy chụp cửa sổ này gửi cán bộ kỹ thuật.")
        return False
    done(f"Thư mục cài: {folder}. Mọi người dùng máy này chạy được Python trong đó; chỉ "
         f"{who_may_upgrade(folder_security(folder))} sửa được.")
    return True


def copy_interpreter(bundle: Path, folder: Path) -> bool:
    """The bundle's python\\ into `folder`, over an earlier copy, with site-packages enabled."""
    target = folder / "python"
    name = f"python{sys.version_info.major}{sys.version_info.minor}"  # the bundle's Python runs this
    try:
        if target.exists() and not (target / f"{name}.dll").exists():
            shutil.rmtree(target)  # another minor version: its packages would not load on this one
        # copyfile, not copy2: Windows' CopyFile would carry the Mark of the Web of an unpacked download along.
        shutil.copytree(bundle / "python", target, copy_function=shutil.copyfile, dirs_exist_ok=True)
        (target / f"{name}._pth").write_text(SITE_PATH.format(stdlib=f"{name}.zip"), encoding="ascii")
    except OSError as error:
        failed(f"Không chép được Python vào {target}: {_reason(error)}. Nếu Excel đang mở, hãy đóng hẳn Excel "
               "rồi chạy lại CaiDat.cmd.")
        return False
    done(f"Đã chép Python {sys.version_info.major}.{sys.version_info.minor}.{sys.version_info.micro} "
         f"({struct.calcsize('P') * 8}-bit) vào {target}.")
    return True


def pip_commands(python: Path, pip_wheel: Path, wheelhouse: Path) -> list[list[str]]:
    """pip, run from its wheel, from `wheelhouse` alone: kehoach-xl and what it needs (upgraded where
    the wheelhouse has a newer version), then kehoach-xl's wheel once more, so that a bundle rebuilt
    under the same version number still replaces the code an earlier one installed."""
    pip = [str(python), "-X", "utf8", str(pip_wheel / "pip"), "install", "--isolated", "--no-index",
           "--find-links", str(wheelhouse), "--quiet", "--disable-pip-version-check", "--no-warn-script-location"]
    return [pip + ["--upgrade", "kehoach-xl"], pip + ["--force-reinstall", "--no-deps", "kehoach-xl"]]


def install_packages(bundle: Path, folder: Path, pip_wheel: Path) -> bool:
    print("Đang cài các gói từ thư mục wheelhouse (khoảng một phút)...", flush=True)
    for command in pip_commands(interpreter(folder), pip_wheel, bundle / "wheelhouse"):
        try:
            result = subprocess.run(command)
        except OSError as error:
            failed(f"Không chạy được Python tại {interpreter(folder)}: {_reason(error)}.")
            return False
        if result.returncode != 0:
            failed("pip không cài được gói từ thư mục wheelhouse (xem thông báo của pip ở trên). Nếu Excel đang mở, "
                   "hãy đóng hẳn Excel; kiểm tra đã giải nén toàn bộ tệp .zip; rồi chạy lại CaiDat.cmd. Nếu vẫn lỗi, "
                   "chụp cửa sổ này gửi cán bộ kỹ thuật.")
            return False
    done("Đã cài kehoach-xl và các gói cần thiết từ thư mục wheelhouse (không dùng Internet).")
    return True


def unblock(workbook: Path) -> bool:
    if os.name != "nt":
        done("Hệ điều hành này không ghi dấu “tải từ Internet” (Mark of the Web) vào tệp: "
             "không có gì phải gỡ.")
        return True
    stream = f"{workbook}:Zone.Identifier"
    if not os.path.exists(stream):
        done(f"Sổ {workbook.name} không mang dấu “tải từ Internet”: Excel không chặn macro của sổ.")
        return True
    try:
        os.remove(stream)
    except OSError as error:
        failed(f"Không gỡ được dấu “tải từ Internet” khỏi sổ {workbook}: {_reason(error)}. "
               "Hãy gỡ bằng tay: nhấp chuột phải vào tệp → Properties (Thuộc tính) → thẻ General (Chung) "
               "→ đánh dấu Unblock (Bỏ chặn) → OK.")
        return False
    done(f"Đã gỡ dấu “tải từ Internet” (Mark of the Web) khỏi sổ {workbook.name}: "
         "Excel sẽ không chặn macro của sổ.")
    return True


def copy_to_documents(workbook: Path, documents: Path) -> Path | bool:
    """The copy written, True when Documents already has the same workbook, False when it failed."""
    existing = documents / workbook.name
    try:
        if existing.is_file() and filecmp.cmp(workbook, existing, shallow=False):
            done(f"Thư mục Documents (Tài liệu) đã có sổ này: {existing}. Mở sổ đó để làm việc.")
            return True
        copy = write_new(existing, lambda temporary: shutil.copyfile(workbook, temporary))
    except OSError as error:
        failed(f"Không chép được sổ vào {documents}: {_reason(error)}. "
               f"Có thể chép tay tệp {workbook} vào thư mục làm việc.")
        return False
    done(f"Đã chép sổ vào {copy}. Mở sổ này để làm việc.")
    return copy


def read_record(folder: Path) -> dict[str, str]:
    """The copies of the workbook the installer made, by path, with their SHA-256."""
    try:
        return json.loads((folder / RECORD).read_text(encoding="utf-8"))["workbooks"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def record_copy(folder: Path, copy: Path) -> None:
    workbooks = read_record(folder) | {str(copy): sha256(copy)}
    _replace(folder / RECORD, json.dumps({"workbooks": workbooks}, ensure_ascii=False, indent=1).encode("utf-8"))


def check_imports() -> bool:
    try:
        from importlib.metadata import version

        import xlwings

        import kehoach_xl.shells.buttons  # noqa: F401  (what every ribbon button imports)
    except Exception as error:  # an ImportError, or a DLL of pywin32 that fails to load
        failed(f"Python chưa nạp được các gói vừa cài: {error}. Hãy chạy lại CaiDat.cmd; nếu vẫn lỗi, "
               "chụp cửa sổ này gửi cán bộ kỹ thuật.")
        return False
    done(f"Python {sys.version_info.major}.{sys.version_info.minor} nạp được kehoach-xl "
         f"{version('kehoach-xl')} và xlwings {xlwings.__version__}.")
    return True


def run_check(folder: Path) -> bool:
    """`check` in the installed interpreter, which prints its own line."""
    try:
        command = [str(interpreter(folder)), "-X", "utf8", "-m", "kehoach_xl.windows.install", "check"]
        return subprocess.run(command).returncode == 0
    except OSError as error:
        failed(f"Không chạy được Python tại {interpreter(folder)}: {_reason(error)}.")
        return False


def install(bundle: Path, folder: Path, documents: Path) -> bool:
    print("CÀI ĐẶT KẾ HOẠCH GIẢM NGHÈO (kehoach-xl), không cần Internet\n", flush=True)
    pip_wheel = bundle_is_whole(bundle)
    if pip_wheel is None:
        return False
    if not (may_upgrade(folder) and make_folder(folder) and copy_interpreter(bundle, folder)
            and install_packages(bundle, folder, pip_wheel)):
        return False
    results = [write_config(config_path(), str(interpreter(folder, windowed=True))),
               unblock(bundle / WORKBOOK)]
    copy = copy_to_documents(bundle / WORKBOOK, documents)
    if isinstance(copy, Path):
        try:
            record_copy(folder, copy)
        except OSError as error:
            failed(f"Không ghi được {folder / RECORD}: {_reason(error)}. GoCaiDat.cmd sẽ không xóa sổ {copy}.")
            results.append(False)
    results += [bool(copy), run_check(folder)]
    earlier = earlier_folder()
    if earlier is not None and earlier.exists() and earlier != folder:
        results.append(remove_earlier(earlier, folder))
    return all(results)


def remove_earlier(earlier: Path, folder: Path) -> bool:
    """An earlier version's install in the user's own folder, its record carried over to `folder`'s."""
    try:
        copies = read_record(earlier)
        if copies:
            _replace(folder / RECORD, json.dumps({"workbooks": copies | read_record(folder)}, ensure_ascii=False,
                                                 indent=1).encode("utf-8"))
        shutil.rmtree(earlier)
    except OSError as error:
        failed(f"Không xóa được bản cài cũ {earlier}: {_reason(error)}. Hãy đóng hẳn Excel rồi chạy lại CaiDat.cmd.")
        return False
    done(f"Đã xóa bản cài cũ {earlier}: mọi sổ dùng Python tại {interpreter(folder, windowed=True)}.")
    return True


def uninstall(folder: Path) -> bool:
    print("GỠ CÀI ĐẶT KẾ HOẠCH GIẢM NGHÈO (kehoach-xl)\n", flush=True)
    results = [remove_from_config(config_path(), str(interpreter(folder, windowed=True)))]
    for name, digest in read_record(folder).items():
        copy = Path(name)
        try:
            if not copy.is_file():
                continue
            if sha256(copy) != digest:
                done(f"Giữ lại sổ {copy}: sổ đã được sửa sau khi cài, đó là dữ liệu của người dùng.")
                continue
            copy.unlink()
        except OSError as error:
            failed(f"Không xóa được sổ {copy}: {_reason(error)}. Hãy đóng sổ trong Excel rồi chạy lại GoCaiDat.cmd.")
            results.append(False)
            continue
        done(f"Đã xóa sổ {copy} (chưa ai sửa sổ này sau khi cài).")
    if not folder.exists():
        done(f"Không có thư mục {folder}: kehoach-xl chưa được cài ở đó.")
        return all(results)
    if not may_upgrade(folder):
        return False
    try:
        shutil.rmtree(folder)
    except OSError as error:
        failed(f"Không xóa hết được thư mục {folder}: {_reason(error)}. Hãy đóng hẳn Excel rồi chạy lại GoCaiDat.cmd.")
        return False
    done(f"Đã xóa thư mục {folder} (Python và các gói của kehoach-xl).")
    return all(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kehoach_xl.windows.install",
                                     description="Cài đặt và gỡ kehoach-xl trên Windows (CaiDat.cmd, GoCaiDat.cmd).")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    setup = commands.add_parser("install", help="cài từ bộ cài đã giải nén (CaiDat.cmd)")
    setup.add_argument("--bundle", type=Path, required=True, help="thư mục bộ cài đã giải nén")
    setup.add_argument("--documents", type=Path, help="thư mục Documents (Tài liệu), nơi chép sổ vào")
    remove = commands.add_parser("uninstall", help="gỡ những gì CaiDat.cmd đã thêm (GoCaiDat.cmd)")
    for command in (setup, remove):
        command.add_argument("--folder", type=Path, default=install_folder(),
                             help="thư mục cài Python và các gói (mặc định %%PUBLIC%%\\kehoach-xl)")
    commands.add_parser("check", help="kiểm tra Python này nạp được những gì các nút cần")
    args = parser.parse_args(argv)
    if args.command == "check":
        worked = check_imports()
    elif args.command == "uninstall":
        worked = uninstall(args.folder)
        print("\nĐã gỡ xong." if worked else "\nChưa gỡ xong: làm theo hướng dẫn ở dòng [Lỗi] phía trên.", flush=True)
    else:
        worked = install(args.bundle, args.folder, args.documents or documents_folder())
        print("\nCài đặt xong. Mở sổ KeHoach.xlsm (đường dẫn ở trên), bấm Enable Content (Bật nội dung) trên thanh "
              "vàng, rồi dùng các nút trên thẻ Kế hoạch GNBV." if worked else
              "\nCài đặt chưa xong. Làm theo hướng dẫn ở dòng [Lỗi] phía trên, hoặc xem tệp HuongDan-CaiDat.txt, "
              "rồi chạy lại CaiDat.cmd.", flush=True)
    if args.command != "check":
        print("Nhấn phím bất kỳ để đóng cửa sổ này.", flush=True)  # the launcher's `pause >nul` waits for it
    return 0 if worked else 1


if __name__ == "__main__":
    sys.exit(main())
