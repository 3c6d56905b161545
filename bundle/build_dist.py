"""Build dist/kehoach-xl-<version>-windows.zip, the offline bundle for a commune's Windows PC.

    python bundle/build_dist.py [--out FOLDER]      (what `make dist` runs)

The zip holds KeHoach.xlsm, the installer (CaiDat.cmd, CaiDat.ps1), the guide
(HuongDan-CaiDat.txt) and wheelhouse/: the kehoach-xl wheel and every runtime
dependency as wheels for CPython 3.11, 3.12 and 3.13 on win_amd64, pure wheels
once. pip builds the wheel and downloads the rest, so this needs PyPI; the
installer then never does.

The installer's sources are kept as plain UTF-8 text with LF line endings;
here they get what Windows needs: CRLF, and a BOM for the PowerShell script
(Windows PowerShell 5.1 reads a script without one in the ANSI code page) and
for the guide (so Notepad shows the diacritics); CaiDat.cmd must be ASCII, as
cmd.exe reads it in the OEM code page.

Members are in name order with a fixed timestamp, so the same sources and
downloads give the same bytes. The zip is written to a
temporary file and moved into place: a rebuild of the same version replaces
that version's zip (a build artifact, said on the output), never another one.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "bundle" / "windows"
WORKBOOK = ROOT / "workbook" / "KeHoach.xlsm"
PYTHONS = ("3.11", "3.12", "3.13")
# pip evaluates environment markers on the machine that downloads, not for the
# target platform, so what is required on Windows only is named here: xlwings
# needs pywin32 (`platform_system == "Windows"`). tests/test_dist.py resolves
# the wheelhouse with Windows markers and fails on any other one.
WINDOWS_ONLY = ("pywin32",)
# Installer files and the encoding each is written in.
INSTALLER = {"CaiDat.cmd": "ascii", "CaiDat.ps1": "utf-8-sig", "HuongDan-CaiDat.txt": "utf-8-sig"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SOURCE_DATE_EPOCH = 315532800  # ZIP_TIME in seconds since 1970, UTC


def version() -> str:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def pip(*args: str | Path) -> None:
    # SOURCE_DATE_EPOCH gives the wheel's members the zip's timestamp, so a rebuild is byte-identical.
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *map(str, args)], check=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": str(SOURCE_DATE_EPOCH)})


def build_wheel(work: Path) -> Path:
    """The kehoach-xl wheel, built from a copy of the sources: setuptools leaves
    build/ in the tree it builds, and a module left there from an older build
    would end up in the wheel."""
    source = work / "source"
    shutil.copytree(ROOT / "kehoach_xl", source / "kehoach_xl",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    pip("wheel", "--quiet", "--no-deps", "--wheel-dir", work / "wheel", source)
    (wheel,) = (work / "wheel").glob("*.whl")
    return wheel


def fill_wheelhouse(wheel: Path, wheelhouse: Path) -> None:
    """The wheel and its dependencies for each Python; pip skips a file it already has."""
    for python in PYTHONS:
        pip("download", "--quiet", "--only-binary=:all:", "--platform", "win_amd64",
            "--implementation", "cp", "--python-version", python,
            "--dest", wheelhouse, wheel, *WINDOWS_ONLY)


def installer_file(name: str) -> bytes:
    text = (SOURCES / name).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return text.replace("\n", "\r\n").encode(INSTALLER[name])


def members(wheelhouse: Path) -> dict[str, bytes]:
    files = {name: installer_file(name) for name in INSTALLER}
    files["KeHoach.xlsm"] = WORKBOOK.read_bytes()
    files.update({f"wheelhouse/{path.name}": path.read_bytes() for path in wheelhouse.glob("*.whl")})
    return dict(sorted(files.items()))


def write_zip(files: dict[str, bytes], target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".~", suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w") as bundle:
            for name, data in files.items():
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                bundle.writestr(info, data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo bộ cài kehoach-xl cho Windows không cần Internet.")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="thư mục ghi tệp .zip (mặc định dist/)")
    args = parser.parse_args(argv)
    target = args.out / f"kehoach-xl-{version()}-windows.zip"
    with tempfile.TemporaryDirectory() as work:
        wheelhouse = Path(work) / "wheelhouse"
        try:
            fill_wheelhouse(build_wheel(Path(work)), wheelhouse)
        except subprocess.CalledProcessError:
            print("Không tạo được bộ cài: pip không tạo hoặc không tải được gói (xem thông báo ở trên).")
            return 1
        files = members(wheelhouse)
    replaced = target.exists()
    write_zip(files, target)
    size = f"{target.stat().st_size:,}".replace(",", ".")
    note = " (thay tệp cùng phiên bản đã có)" if replaced else ""
    print(f"Đã ghi {target}{note}: {len(files)} tệp, {size} byte.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
