"""How long a command takes on a sound workbook whose styles or drawings are large but whose sheets are small.

    python benchmarks/large_parts.py

Builds, from the example, workbooks whose parts no value depends on are what
years of copying sheets between workbooks leave: a styles part of about 13 MB
of named styles and fonts; one of about 13 MB of cell formats (64,000, Excel's
most, each with its alignment); and drawings of 20 MB.  For each, whole
processes, best of three, in the same run:
  (a) python-calamine alone reading every sheet to Python lists;
  (b) `kehoach validate` with python-calamine tried first;
  (c) `kehoach validate` with openpyxl tried first (the default);
  (d) `kehoach totals`, openpyxl first.
Each is also given as a ratio to (b).  A whole process of ours starts Python and imports the
package (about 0.3 s) before it reads anything, which python-calamine alone does not.  Target: (c)
and (d) within 3 times of (b), and every command the same verdict.
"""

import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "KeHoach_xa_Cam_Luong_2023.xlsm"
REPEAT = 3
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _members() -> dict[str, bytes]:
    with zipfile.ZipFile(EXAMPLE) as package:
        return {name: package.read(name) for name in package.namelist()}


def named_styles(count: int = 50_000) -> bytes:
    """The example's styles with `count` more named styles, each with a font of its own."""
    styles = _members()["xl/styles.xml"].decode()
    fonts = "".join(f'<font><sz val="{8 + i % 9}"/><color rgb="FF{i % 0xFFFFFF:06X}"/><name val="Times New Roman"/>'
                    f'<family val="1"/></font>' for i in range(count))
    xfs = "".join(f'<xf numFmtId="0" fontId="{6 + i}" fillId="0" borderId="0" applyFont="1"/>' for i in range(count))
    names = "".join(f'<cellStyle name="Kiểu sao chép {i}" xfId="{1 + i}"/>' for i in range(count))
    styles = styles.replace("</fonts>", fonts + "</fonts>").replace('<fonts count="6">', f'<fonts count="{6 + count}">')
    styles = styles.replace("</cellStyleXfs>", xfs + "</cellStyleXfs>")
    if "<cellStyles" in styles:
        styles = styles.replace("</cellStyles>", names + "</cellStyles>")
    else:
        styles = styles.replace("</cellXfs>", f'</cellXfs><cellStyles><cellStyle name="Normal" xfId="0" '
                                              f'builtinId="0"/>{names}</cellStyles>')
    return styles.encode()


def cell_formats(count: int = 64_000) -> bytes:
    """The example's styles with cell formats up to `count`, Excel's most, each aligned and protected."""
    styles = _members()["xl/styles.xml"].decode()
    xfs = "".join(f'<xf numFmtId="{(0, 3, 165, 4)[i % 4]}" fontId="{i % 6}" fillId="{i % 7}" borderId="0" xfId="0" '
                  f'applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1" applyProtection="1">'
                  f'<alignment horizontal="left" vertical="top" wrapText="1" indent="{i % 3}"/>'
                  f'<protection locked="0" hidden="0"/></xf>' for i in range(count))
    return styles.replace("</cellXfs>", xfs + "</cellXfs>").encode()


def drawing(mebibytes: int = 20) -> bytes:
    """A drawing part of shapes, `mebibytes` large."""
    shape = ('<xdr:twoCellAnchor><xdr:from><xdr:col>{0}</xdr:col><xdr:row>{1}</xdr:row></xdr:from><xdr:to>'
             '<xdr:col>{2}</xdr:col><xdr:row>{3}</xdr:row></xdr:to><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="{1}" '
             'name="Hình {1}"/></xdr:nvSpPr><xdr:txBody><a:p><a:r><a:t>Ghi chú {0}-{1}</a:t></a:r></a:p>'
             '</xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>')
    body, i = [], 0
    while sum(map(len, body)) < mebibytes * 2**20:
        body.append(shape.format(i % 50, i, i % 50 + 3, i + 5))
        i += 1
    return ('<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' + "".join(body) + "</xdr:wsDr>").encode()


def workbook(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in (_members() | parts).items():
            package.writestr(name, data)
    return path


CALAMINE_ALONE = ("import sys\nfrom python_calamine import CalamineWorkbook\n"
                  "with CalamineWorkbook.from_path(sys.argv[1]) as book:\n"
                  "    for name in book.sheet_names:\n"
                  "        book.get_sheet_by_name(name).to_python(skip_empty_area=False)\n")


def timed(command: list[str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    return time.perf_counter() - start, done.returncode, done.stdout


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        files = {
            "styles: 50,000 named styles": workbook(folder / "kieu.xlsm", {"xl/styles.xml": named_styles()}),
            "styles: 64,000 cell formats": workbook(folder / "dinh-dang.xlsm", {"xl/styles.xml": cell_formats()}),
            "drawing: 20 MB": workbook(folder / "hinh.xlsm", {"xl/drawings/drawing1.xml": drawing()}),
        }
        kehoach = [sys.executable, "-m", "kehoach_xl"]
        commands = {
            "(a) python-calamine alone": lambda path: [sys.executable, "-c", CALAMINE_ALONE, str(path)],
            "(b) validate --engine calamine": lambda path: [*kehoach, "validate", str(path), "--engine", "calamine"],
            "(c) validate (openpyxl first)": lambda path: [*kehoach, "validate", str(path)],
            "(d) totals (openpyxl first)": lambda path: [*kehoach, "totals", str(path)],
        }
        print(f"best of {REPEAT}, whole processes")
        for label, path in files.items():
            with zipfile.ZipFile(path) as package:
                unpacked = sum(info.file_size for info in package.infolist())
            best: dict[str, float] = {name: float("inf") for name in commands}
            verdicts: dict[str, tuple[int, str]] = {}
            for _ in range(REPEAT):
                for name, command in commands.items():
                    seconds, code, out = timed(command(path))
                    best[name] = min(best[name], seconds)
                    if name.startswith(("(b)", "(c)")):
                        verdicts[name] = (code, out.splitlines()[-1] if out else "")
            base, calamine_first = best["(a) python-calamine alone"], best["(b) validate --engine calamine"]
            print(f"{label}: {path.stat().st_size / 2**20:.1f} MB, {unpacked / 2**20:.1f} MB unpacked")
            for name, seconds in best.items():
                print(f"  {name:34} {seconds:6.2f} s  {seconds / base:5.2f}x calamine alone  "
                      f"{seconds / calamine_first:5.2f}x (b)")
            same = len(set(verdicts.values())) == 1
            print(f"  verdict {'the same' if same else 'DIFFERENT'}: {next(iter(verdicts.values()))}")


if __name__ == "__main__":
    main()
