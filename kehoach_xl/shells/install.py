r"""The Windows installer's Python step, run by CaiDat.ps1 once pip has installed the package:

    python -m kehoach_xl.shells.install --workbook KeHoach.xlsm [--documents FOLDER]

Each step prints one Vietnamese line, "[Xong] …" or "[Lỗi] …" with what to do;
the exit code is 0 when every step worked and 1 otherwise. No traceback.

1. The user's xlwings config, %USERPROFILE%\.xlwings\xlwings.conf, names this
   interpreter, so RunPython never looks for python on PATH. The format is the
   one VBA's `Write #` writes and `Input #` reads: one `"KEY","value"` per line.
   The precedence is xlwings.bas's `GetConfig`: the workbook's "xlwings.conf"
   sheet, then an xlwings.conf beside the workbook, then the user's file. The
   sheet in KeHoach.xlsm lists Interpreter_Win with a blank value, and a key the
   sheet lists wins even when blank, so this workbook never reads the user's
   INTERPRETER_WIN; RunPython then falls back to `GetConfig("INTERPRETER",
   "python")`, a key the sheet does not list, so INTERPRETER is the line that
   takes effect. INTERPRETER_WIN is written as well, as `xlwings config create`
   writes it, for workbooks without that sheet row. Other lines are kept byte
   for byte; earlier lines for either key are dropped, since VBA takes the first
   match and xlwings' Python reader the last.
2. The workbook loses its Mark of the Web (the `Zone.Identifier` stream Windows
   adds to files from a mail or a download), which makes Excel block its macros.
3. A copy goes to the user's Documents folder, never over an existing file.
4. What the ribbon buttons import (kehoach_xl.shells.buttons, and with it xlwings and
   pywin32) is imported, as RunPython will; no xlwings licence key is needed.
"""

import argparse
import filecmp
import os
import re
import shutil
import sys
from importlib.metadata import version
from pathlib import Path

from kehoach_xl.io.output import write_new

KEYS = ("INTERPRETER_WIN", "INTERPRETER")
_KEY = re.compile(rb'\s*(?:"([^"]*)"|([^,\r\n]*))')


def done(text: str) -> None:
    print(f"[Xong] {text}")


def failed(text: str) -> None:
    print(f"[Lỗi] {text}")


def config_path() -> Path:
    """Where xlwings.bas looks: Environ("USERPROFILE") & "\\.xlwings\\xlwings.conf"."""
    return Path(os.environ.get("USERPROFILE") or Path.home()) / ".xlwings" / "xlwings.conf"


def config_with_interpreter(old: bytes, interpreter: str) -> bytes:
    """`old` config lines, less any for KEYS, then one line for each key naming `interpreter`."""
    kept = []
    for line in old.splitlines(keepends=True):
        match = _KEY.match(line)
        key = (match.group(1) if match.group(1) is not None else match.group(2)).strip()
        if key.decode("latin-1").upper() not in KEYS:
            kept.append(line if line.endswith(b"\n") else line + b"\r\n")
    new = [f'"{key}","{interpreter}"\r\n'.encode("ascii") for key in KEYS]
    return b"".join(kept + new)


def write_config(path: Path, interpreter: str) -> bool:
    # VBA's `Input #` reads the file in the ANSI code page, and its GetAttr,
    # which checks the interpreter, takes no path outside it.
    if not interpreter.isascii():
        failed(f"Đường dẫn của Python có chữ có dấu, Excel không dùng được: {interpreter}. "
               "Hãy cài lại Python cho mọi người dùng (trong bộ cài Python chọn Customize installation, "
               "đánh dấu Install Python for all users, Python sẽ nằm trong C:\\Program Files), "
               "rồi chạy lại CaiDat.cmd.")
        return False
    temporary = path.with_name(path.name + ".tmp")
    try:
        old = path.read_bytes() if path.exists() else b""
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(config_with_interpreter(old, interpreter))
        os.replace(temporary, path)
    except OSError as error:
        failed(f"Không ghi được tệp cấu hình xlwings {path}: {error.strerror or error}.")
        return False
    finally:
        temporary.unlink(missing_ok=True)
    done(f"Các nút của sổ sẽ chạy Python tại {interpreter} (ghi trong {path}).")
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
        failed(f"Không gỡ được dấu “tải từ Internet” khỏi sổ {workbook}: {error.strerror or error}. "
               "Hãy gỡ bằng tay: nhấp chuột phải vào tệp → Properties (Thuộc tính) → thẻ General (Chung) "
               "→ đánh dấu Unblock (Bỏ chặn) → OK.")
        return False
    done(f"Đã gỡ dấu “tải từ Internet” (Mark of the Web) khỏi sổ {workbook.name}: "
         "Excel sẽ không chặn macro của sổ.")
    return True


def copy_to_documents(workbook: Path, documents: Path) -> bool:
    existing = documents / workbook.name
    try:
        if existing.is_file() and filecmp.cmp(workbook, existing, shallow=False):
            done(f"Thư mục Documents (Tài liệu) đã có sổ này: {existing}. Mở sổ đó để làm việc.")
            return True
        copy = write_new(existing, lambda temporary: shutil.copyfile(workbook, temporary))
    except OSError as error:
        failed(f"Không chép được sổ vào {documents}: {error.strerror or error}. "
               f"Có thể chép tay tệp {workbook} vào thư mục làm việc.")
        return False
    done(f"Đã chép sổ vào {copy}. Mở sổ này để làm việc.")
    return True


def check_imports() -> bool:
    try:
        import xlwings

        import kehoach_xl.shells.buttons  # noqa: F401  (what every ribbon button imports)
    except Exception as error:  # an ImportError, or a DLL of pywin32 that fails to load
        failed(f"Python chưa nạp được các gói vừa cài: {error}. Hãy chạy lại CaiDat.cmd; nếu vẫn lỗi, "
               "chụp cửa sổ này gửi cán bộ kỹ thuật.")
        return False
    done(f"Python {sys.version_info.major}.{sys.version_info.minor} nạp được kehoach-xl "
         f"{version('kehoach-xl')} và xlwings {xlwings.__version__}.")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kehoach_xl.shells.install",
                                     description="Bước Python của bộ cài CaiDat.cmd trên Windows.")
    parser.add_argument("--workbook", type=Path, required=True, help="sổ KeHoach.xlsm trong bộ cài")
    parser.add_argument("--documents", type=Path, default=Path.home() / "Documents",
                        help="thư mục Documents (Tài liệu) của người dùng, nơi chép sổ vào")
    args = parser.parse_args(argv)
    results = [write_config(config_path(), sys.executable), check_imports()]
    if args.workbook.is_file():
        results += [unblock(args.workbook), copy_to_documents(args.workbook, args.documents)]
    else:
        failed(f"Không thấy sổ {args.workbook}: hãy giải nén toàn bộ tệp .zip rồi chạy lại CaiDat.cmd.")
        results.append(False)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
