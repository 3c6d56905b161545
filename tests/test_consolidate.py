"""`kehoach consolidate` on generated folders: every number against the generator's truth."""

import csv
import io
import os
import random
import signal
import shutil
import subprocess
import sys
import threading
import time
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import CATALOGS, EXAMPLE, ROOT
from helpers import SOFFICE, digest, kehoach, needs_soffice
from kehoach_xl.core import contract
from kehoach_xl.builder.build import build_workbook, load_source
from kehoach_xl.core.consolidation import FileResult, duplicates
from kehoach_xl.builder.generate import commune_source, generate, truth_of, write_commune
from kehoach_xl.core.model import Info, Plan
from kehoach_xl.app.upper import WORKER_DIED

SHEETS = ("Danh sách", "Kinh phí", "Chỉ tiêu", "Kết quả", "Lỗi")
ZIPPED = ("Kế hoạch xã Ngọc Trà 2024.xlsx", "thư mục/KeHoach_xa_Ba_Ve_2024.xlsx")


def table(book: openpyxl.Workbook, sheet: str) -> tuple[list[dict], list[dict]]:
    """The rows of the sheet's Excel table, and the level's rows under it, as dicts by header."""
    ws = book[sheet]
    (excel_table,) = ws.tables.values()
    last = int(excel_table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    headers = [c.value for c in ws[1]]
    rows = [dict(zip(headers, (c.value for c in row))) for row in ws.iter_rows(min_row=2, max_row=last)]
    sums = []
    for row in ws.iter_rows(min_row=last + 1):
        if row[0].value is None:
            break
        sums.append(dict(zip(headers, (c.value for c in row))))
    return [r for r in rows if any(v is not None for v in r.values())], sums


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> tuple[Path, dict]:
    """24 generated workbooks, two more inside a .zip, a text file named .xlsx and a broken .zip."""
    folder = tmp_path_factory.mktemp("thu-muc")
    truths = {t.file: t for t in generate(folder, 24, seed=11)}
    staging = tmp_path_factory.mktemp("zip")
    rng = random.Random(3)
    with zipfile.ZipFile(folder / "Gửi kèm.zip", "w") as archive:
        for name, unit in zip(ZIPPED, ("xã Ngọc Trà", "xã Ba Vẽ")):
            source = commune_source(rng, unit, 2024, "Thanh Hóa")
            written = write_commune(staging / Path(name).name, source)
            archive.write(written, name)
            truths[f"Gửi kèm.zip/{name}"] = truth_of(source, f"Gửi kèm.zip/{name}")
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    truths[EXAMPLE.name] = truth_of(load_source("example-cam-luong-2023"), EXAMPLE.name)
    (folder / "ghi chú.xlsx").write_text("không phải sổ làm việc", encoding="utf-8")
    (folder / "hỏng.zip").write_bytes(b"PK\x03\x04" + "nửa chừng".encode())
    (folder / "đọc tôi.txt").write_text("bỏ qua", encoding="utf-8")
    return folder, truths


@pytest.fixture(scope="module")
def consolidated(folder, tmp_path_factory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("out") / "TongHop.xlsx"
    result = kehoach("consolidate", folder[0], "-o", out, "--jobs", "2")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and f"Đã ghi {out}" in result.stdout
    return openpyxl.load_workbook(out)


@pytest.mark.slow
def test_sheets_and_native_tables(consolidated):
    assert consolidated.sheetnames == list(SHEETS)
    for sheet in SHEETS:
        assert len(consolidated[sheet].tables) == 1
    assert len(consolidated["Kinh phí"]._charts) == 1


@pytest.mark.slow
def test_list_of_files_against_truth(folder, consolidated):
    _, truths = folder
    rows, _ = table(consolidated, "Danh sách")
    by_file = {r["Tệp"]: r for r in rows}
    assert set(by_file) == set(truths) | {"ghi chú.xlsx", "hỏng.zip", "đọc tôi.txt"}
    for name, truth in truths.items():
        row = by_file[name]
        if truth.defect == "unreadable":
            assert row["Trạng thái"] == "Không đọc được" and row["Lý do không đọc được"]
            continue
        assert (row["Đơn vị"], row["Năm"], row["Tổng kinh phí (đồng)"]) == (truth.unit, truth.year,
                                                                          truth.grand_total)
        assert row["Trạng thái"] == ("Hợp lệ" if truth.defect is None else "Có lỗi")
        assert (row["Số lỗi"] == 0) == (truth.defect is None)
    assert "không phải sổ làm việc Excel" in by_file["ghi chú.xlsx"]["Lý do không đọc được"]
    assert "Tệp nén bị hỏng" in by_file["hỏng.zip"]["Lý do không đọc được"]
    assert by_file["đọc tôi.txt"]["Trạng thái"] == "Không phải sổ làm việc"


@pytest.mark.slow
def test_money_against_truth(folder, consolidated):
    _, truths = folder
    used = {name: t for name, t in truths.items() if t.defect != "unreadable"}
    rows, sums = table(consolidated, "Kinh phí")
    headers = list(rows[0])
    codes = [h for h in headers[headers.index("Trạng thái") + 1:headers.index("Tổng cộng (đồng)")]
             if not h.startswith("Nguồn: ")]
    sources = [h for h in headers if h.startswith("Nguồn: ")]
    assert any(c.startswith("DA") for c in codes) and any(c.startswith("HP") for c in codes) and sources
    assert {r["Tệp"] for r in rows} == set(used)
    for row in rows:
        truth = used[row["Tệp"]]
        assert (row["Đơn vị"], row["Năm"]) == (truth.unit, truth.year)
        assert {c: row[c] for c in codes if row[c] is not None} == truth.by_item
        assert row["Tổng cộng (đồng)"] == truth.grand_total == sum(row[s] or 0 for s in sources)
        assert row["Dòng chưa ghi số tiền"] == (", ".join(truth.without_amount) or None)
    years = sorted({t.year for t in used.values()})
    assert [s["Năm"] for s in sums] == years
    for level in sums:
        group = [t for t in used.values() if t.year == level["Năm"]]
        assert level["Tổng cộng (đồng)"] == sum(t.grand_total for t in group)
        for code in codes:
            assert level[code] == sum(t.by_item.get(code, 0) for t in group)


@pytest.mark.slow
def test_targets_against_truth(folder, consolidated):
    _, truths = folder
    used = {name: t for name, t in truths.items() if t.defect != "unreadable"}
    rows, sums = table(consolidated, "Chỉ tiêu")
    numbers = {"Tổng số hộ": "households", "Hộ nghèo đầu năm": "poor", "Chỉ tiêu giảm hộ nghèo": "poor_cut",
               "Cấp trên giao giảm hộ nghèo": "assigned_poor_cut", "Hộ cận nghèo đầu năm": "near_poor",
               "Chỉ tiêu giảm hộ cận nghèo": "near_poor_cut",
               "Cấp trên giao giảm hộ cận nghèo": "assigned_near_poor_cut"}
    for row in rows:
        t = used[row["Tệp"]].targets
        assert {key: row[header] for header, key in numbers.items()} == t
        if households := t["households"]:
            assert row["Tỷ lệ hộ nghèo đầu năm"] == pytest.approx(t["poor"] / households)
            assert row["Tỷ lệ hộ nghèo cuối năm"] == pytest.approx((t["poor"] - t["poor_cut"]) / households)
            assert row["Tỷ lệ hộ nghèo giảm (điểm %)"] == pytest.approx(t["poor_cut"] * 100 / households)
            assert row["Tỷ lệ hộ cận nghèo đầu năm"] == pytest.approx(t["near_poor"] / households)
        else:
            assert row["Tỷ lệ hộ nghèo đầu năm"] is None
    for level in sums:
        group = [t.targets for t in used.values() if t.year == level["Năm"]]
        for header, key in numbers.items():
            assert level[header] == sum(t[key] or 0 for t in group)
        poor, households = (sum(t[key] or 0 for t in group) for key in ("poor", "households"))
        assert level["Tỷ lệ hộ nghèo đầu năm"] == pytest.approx(poor / households)


@pytest.mark.slow
def test_each_phase_shows_its_own_codes_and_names(folder, consolidated):
    _, truths = folder
    sheet = consolidated["Kinh phí"]
    start = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Mã"
                 and sheet.cell(r, 3).value == "Giai đoạn")
    names = {}
    for row in sheet.iter_rows(min_row=start + 1, max_col=3, values_only=True):
        if row[0] is None:
            break
        names[row[0]] = row[1:]
    used = {code: t.phase for t in truths.values() if t.defect != "unreadable" for code in t.by_item}
    assert set(names) == set(used)
    for code, (name, phase) in names.items():
        assert phase == used[code]
        assert name == CATALOGS[phase].names.get(code, "(mã không có trong Danh mục)")
    assert [p for _, p in names.values()] == sorted(p for _, p in names.values()), "2021-2025 first"


def test_a_code_in_two_phases_gets_a_column_for_each():
    from kehoach_xl.core.consolidation import consolidate
    from kehoach_xl.core.targets import TargetReport
    from kehoach_xl.core.totals import Totals

    def result(name, year, phase):
        plan = Plan(info=Info(unit=f"xã {name}", year=year))
        return FileResult(name, datetime(2027, 1, 1), plan, totals=Totals({"DA2": 5}, {"DA2": 5}, {"DA2": 5}, {}, {}, 5,
                                                                          ()),
                          targets=TargetReport(), catalog=CATALOGS[phase])

    tables = consolidate([result("A", 2025, "2021-2025"), result("B", 2027, "2026-2030")], CATALOGS)
    assert [(c.header, c.name) for c in tables.codes] == [
        ("DA2 (2021-2025)", CATALOGS["2021-2025"].names["DA2"]), ("DA2 (2026-2030)", "(mã không có trong Danh mục)")]
    by_unit = {row[0]: row[4:6] for row in tables.money.rows}
    assert by_unit == {"xã A": (5, None), "xã B": (None, 5)}


@pytest.mark.slow
def test_every_defect_is_listed_with_file_and_place(folder, consolidated):
    _, truths = folder
    rows, _ = table(consolidated, "Lỗi")
    for name, truth in truths.items():
        mine = [r for r in rows if r["Tệp"] == name]
        if truth.defect is None:
            assert [(r["Mức"], r["Mã"]) for r in mine] == [("Cảnh báo", "item-unconfirmed")] * len(truth.unconfirmed)
        elif truth.defect == "unreadable":
            assert [r["Nội dung"][:15] for r in mine] == ["Không đọc được:"]
        else:
            assert any(r["Ô"] == truth.defect_place and r["Mức"] == "Lỗi" for r in mine), name


@needs_soffice
@pytest.mark.slow
def test_libreoffice_opens_the_consolidated_workbook(consolidated, tmp_path):
    path = tmp_path / "TongHop.xlsx"
    consolidated.save(path)
    assert _libreoffice_csv(path, tmp_path) == {sheet: tmp_path / f"TongHop-{sheet}.csv" for sheet in SHEETS}


def _libreoffice_csv(path: Path, folder: Path) -> dict[str, Path]:
    """Every sheet of `path` converted to CSV by LibreOffice headless, as it shows the cells."""
    converted = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(folder), str(path)], capture_output=True, text=True, timeout=180)
    assert converted.returncode == 0, converted.stderr
    return {sheet: csv_path for sheet in SHEETS if (csv_path := folder / f"{path.stem}-{sheet}.csv").exists()}


def test_zip_names_written_without_the_utf8_flag_read_as_sent_and_a_zero_date(tmp_path):
    folder = tmp_path / "in"
    workbook = write_commune(folder / "x.xlsx", commune_source(random.Random(4), "xã Mỹ Lộc", 2024, "Thanh Hóa"))
    name = unicodedata.normalize("NFD", "Kế hoạch xã Mỹ Lộc.xlsx").encode("utf-8")
    placeholder = b"x" * len(name)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(zipfile.ZipInfo(placeholder.decode(), date_time=(1980, 0, 0, 0, 0, 0)), workbook.read_bytes())
    (folder / "mac.zip").write_bytes(archive.getvalue().replace(placeholder, name))
    workbook.unlink()
    sent = datetime(2024, 5, 6, 7, 8)
    os.utime(folder / "mac.zip", (sent.timestamp(), sent.timestamp()))
    out = tmp_path / "TongHop.xlsx"
    assert kehoach("consolidate", folder, "-o", out).returncode == 0
    rows, _ = table(openpyxl.load_workbook(out), "Danh sách")
    assert [(r["Tệp"], r["Sửa lần cuối"]) for r in rows] == [("mac.zip/Kế hoạch xã Mỹ Lộc.xlsx", sent)]


@pytest.mark.slow
def test_one_process_and_two_give_the_same_workbook(folder, consolidated, tmp_path):
    out = tmp_path / "mot.xlsx"
    assert kehoach("consolidate", folder[0], "-o", out, "--jobs", "1").returncode == 1
    again = openpyxl.load_workbook(out)
    for sheet in SHEETS:
        assert table(again, sheet) == table(consolidated, sheet)


def _plan_file(path: Path, source: dict, amount: int, mtime: datetime) -> int:
    """Write the source with its last line's amount set; the grand total it must show."""
    source[contract.PROJECTS.sheet][-1]["Kinh phí (đồng)"] = amount
    written = write_commune(path, source)
    os.utime(written, (mtime.timestamp(), mtime.timestamp()))
    return truth_of(source, written.name).grand_total


@pytest.mark.parametrize("newest", ["a-bản đầu.xlsx", "b-bản sửa.xlsx"])
def test_the_newest_of_two_files_for_the_same_unit_and_year_is_used(tmp_path, newest):
    folder = tmp_path / "in"
    folder.mkdir()
    source = commune_source(random.Random(1), "xã Cẩm Lương", 2024, "Thanh Hóa")
    older = "b-bản sửa.xlsx" if newest == "a-bản đầu.xlsx" else "a-bản đầu.xlsx"
    times = {older: datetime(2024, 5, 2, 8), newest: datetime(2024, 5, 3, 8)}
    totals = {name: _plan_file(folder / name, source, amount, times[name])
              for name, amount in (("a-bản đầu.xlsx", 7_000_000), ("b-bản sửa.xlsx", 9_000_000))}
    source[contract.INFO.sheet]["Tên đơn vị"] = "xã Cẩm Thành"
    _plan_file(folder / "c-xã khác.xlsx", source, 1_000_000, datetime(2024, 5, 1))
    out = tmp_path / "TongHop.xlsx"
    result = kehoach("consolidate", folder, "-o", out)
    assert result.returncode == 0 and "3 hợp lệ" in result.stdout
    assert "1 bản cũ bị thay bằng bản mới hơn" in result.stdout
    book = openpyxl.load_workbook(out)
    files, _ = table(book, "Danh sách")
    notes = {r["Tệp"]: r["Trùng lặp"] for r in files}
    assert notes[newest].startswith("Dùng tệp này") and older in notes[newest]
    assert notes[older].startswith("Không dùng") and newest in notes[older]
    assert notes["c-xã khác.xlsx"] is None
    money, _ = table(book, "Kinh phí")
    assert [r["Tệp"] for r in money] == [newest, "c-xã khác.xlsx"]
    assert money[0]["Tổng cộng (đồng)"] == totals[newest] != totals[older]
    targets, _ = table(book, "Chỉ tiêu")
    assert [r["Tệp"] for r in targets] == [newest, "c-xã khác.xlsx"]


def _result(name: str, unit: str, year: int, modified: datetime) -> FileResult:
    return FileResult(name, modified, Plan(info=Info(unit=unit, year=year)))


def test_duplicates_ignore_case_and_spacing_and_break_ties_by_name():
    day = datetime(2024, 5, 1)
    results = [_result("1.xlsx", "xã Cẩm Lương", 2024, day), _result("2.xlsx", "Xã  cẩm lương", 2024, day),
               _result("3.xlsx", "xã Cẩm Lương", 2023, day), _result("4.xlsx", "", 2024, day),
               _result("5.xlsx", "", 2024, day)]
    assert duplicates(results) == {0: 1}


FORMULAS = ("=1+1", "@SUM(A1)", "+84 912 345 678", "-x")


def _commune_with_text(path: Path, unit: str, code: str) -> Path:
    """A commune whose unit name and one project code are text cells that look like formulas."""
    source = commune_source(random.Random(len(unit)), "xã Tạm", 2024, "Thanh Hóa")
    source[contract.PROJECTS.sheet].append({"Mã": "DA9", "Kinh phí (đồng)": 2_000_000,
                                           "Phân công thực hiện": "Giao công chức văn hóa."})
    book = build_workbook(source)
    for sheet, label, value in (("Thông tin", "Tên đơn vị", unit), ("Dự án", "DA9", code)):
        cell = next(row[0] for row in book[sheet].iter_rows() if row[0].value == label)
        target = cell.offset(column=1) if sheet == "Thông tin" else cell
        target.value = value
        target.data_type = "s"
    book.save(path)
    return path


@needs_soffice
@pytest.mark.slow
def test_commune_text_that_looks_like_a_formula_stays_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(FORMULAS):
        _commune_with_text(folder / f"{i}.xlsx", text, f"={i}+{i}")
    _commune_with_text(folder / "=2+3.xlsx", "xã Yên", "DA9")
    out = tmp_path / "TongHop.xlsx"
    assert kehoach("consolidate", folder, "-o", out).returncode == 1
    book = openpyxl.load_workbook(out)
    texts = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                    texts[cell.value] = (cell.data_type, cell.quotePrefix)
    assert set(FORMULAS) | {"=2+3.xlsx", "=0+0", "=3+3"} <= set(texts)
    assert set(texts.values()) == {("s", True)}, "text, and still text when the official edits the cell"
    cells = {}
    for sheet, path in _libreoffice_csv(out, tmp_path).items():
        with open(path, encoding="utf-8", newline="") as file:
            cells[sheet] = {value for row in csv.reader(file) for value in row}
    assert set(FORMULAS) | {"=2+3.xlsx"} <= cells["Danh sách"]
    assert set(FORMULAS) <= cells["Kinh phí"] and {"=0+0", "=3+3"} <= cells["Kinh phí"]
    assert "#NAME?" not in cells["Danh sách"] | cells["Kinh phí"]


def test_control_characters_from_a_commune_do_not_stop_the_run(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # Excel stores control characters as _x0001_; calamine gives back "\x01", which XML cannot hold.
    _commune_with_text(folder / "a.xlsx", "xã Tân_x0001_Lập", "DA_x0002_9")
    out = tmp_path / "TongHop.xlsx"
    result = kehoach("consolidate", folder, "-o", out)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    book = openpyxl.load_workbook(out)
    assert table(book, "Danh sách")[0][0]["Đơn vị"] == "xã Tân\ufffdLập"
    assert "DA\ufffd9" in table(book, "Kinh phí")[0][0]


def _children(parent: int) -> list[int]:
    """The processes whose parent is `parent`, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == parent:
                found.append(int(entry))
    return found


def _kill_every_reader(path: Path, parent: int, stop: threading.Event, killed: list[int]) -> None:
    """SIGKILL each child of `parent` that opens `path`, as python-calamine's abort kills its process."""
    while not stop.is_set():
        for pid in _children(parent):
            try:
                links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
            except OSError:
                continue
            if str(path) in links:
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
        time.sleep(0.001)


def _slow_to_read(path: Path) -> None:
    """A valid workbook of 60,000 project rows: reading it takes long enough to be seen reading it."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Dự án")
    sheet.append(list(contract.PROJECTS.labels))
    for row in range(60_000):
        sheet.append([f"DA{row}", "Tên", 1_000_000, "Ngân sách", "UBND xã", None])
    book.save(path)


@pytest.mark.slow
def test_a_workbook_that_kills_its_reader_process_fails_alone(tmp_path):
    folder = tmp_path / "in"
    truths = generate(folder, 12, seed=8)
    deadly = folder / "m-tệp làm chết tiến trình đọc.xlsx"
    _slow_to_read(deadly)
    out = tmp_path / "TongHop.xlsx"
    process = subprocess.Popen([sys.executable, "-m", "kehoach_xl", "consolidate", folder, "-o", out, "--jobs", "2"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="utf-8")
    stop, killed = threading.Event(), []
    killer = threading.Thread(target=_kill_every_reader, args=(deadly, process.pid, stop, killed))
    killer.start()
    try:
        _, stderr = process.communicate(timeout=300)
    finally:
        stop.set()
        killer.join()
    assert process.returncode == 1 and "Traceback" not in stderr, stderr[-500:]
    rows, _ = table(openpyxl.load_workbook(out), "Danh sách")
    by_file = {row["Tệp"]: row for row in rows}
    assert len(rows) == 13
    assert by_file[deadly.name]["Trạng thái"] == "Không đọc được"
    assert by_file[deadly.name]["Lý do không đọc được"] == WORKER_DIED
    for truth in truths:
        row = by_file[truth.file]
        assert row["Lý do không đọc được"] != WORKER_DIED
        assert row["Đơn vị"] == (None if truth.defect == "unreadable" else truth.unit), truth.file
    assert len(set(killed)) == 2  # a worker of the pool, then the process the file was given alone


def test_an_empty_folder_or_a_missing_one_exits_2(tmp_path):
    (tmp_path / "trống").mkdir()
    empty = kehoach("consolidate", tmp_path / "trống", "-o", tmp_path / "out.xlsx")
    assert empty.returncode == 2 and "không có sổ làm việc" in empty.stderr
    assert not (tmp_path / "out.xlsx").exists()
    missing = kehoach("consolidate", tmp_path / "không có", "-o", tmp_path / "out.xlsx")
    assert missing.returncode == 2 and "Không tìm thấy thư mục" in missing.stderr
    assert "Traceback" not in empty.stderr + missing.stderr


def test_an_output_that_cannot_be_written_exits_3(tmp_path):
    folder = tmp_path / "in"
    generate(folder, 1, seed=1)
    (tmp_path / "tệp").write_text("không phải thư mục", encoding="utf-8")
    result = kehoach("consolidate", folder, "-o", tmp_path / "tệp" / "TongHop.xlsx")
    assert result.returncode == 3 and "Không ghi được" in result.stderr
    assert "Traceback" not in result.stderr


def test_never_overwrites_the_output(tmp_path):
    folder = tmp_path / "in"
    generate(folder, 2, seed=1)
    out = tmp_path / "TongHop.xlsx"
    out.write_text("sổ cũ", encoding="utf-8")
    result = kehoach("consolidate", folder, "-o", out)
    assert out.read_text(encoding="utf-8") == "sổ cũ"
    assert "TongHop (2).xlsx" in result.stdout and (tmp_path / "TongHop (2).xlsx").exists()


def _zip_of(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    """An inbox as mail delivers it: workbooks under odd names and in nested .zip files, other
    spreadsheets, a PDF alone in a .zip, a broken link, Excel's lock file, a folder, a note."""
    import corpus

    folder = tmp_path_factory.mktemp("hop-thu")
    example = EXAMPLE.read_bytes()
    corpus._total_row(folder / "Tổng Excel.xlsx")
    newest = datetime.now().timestamp() + 3600
    os.utime(folder / "Tổng Excel.xlsx", (newest, newest))  # the copy "Kinh phí" uses, of the four
    (folder / "KeHoach.xlsm_").write_bytes(example)
    (folder / "KeHoach").write_bytes(example)
    inner = _zip_of(tmp_path_factory.mktemp("z") / "trong.zip", {"so/KeHoach.xlsx": example})
    _zip_of(folder / "lồng.zip", {"trong.zip": inner.read_bytes()})
    _zip_of(folder / "chỉ PDF.zip", {"ke-hoach.pdf": b"%PDF-1.4\n%%EOF\n"})
    _zip_of(folder / "bang-tinh.ods", {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                       "content.xml": b"<office:document-content/>"})
    _zip_of(folder / "biên bản.odt", {"mimetype": b"application/vnd.oasis.opendocument.text",
                                      "content.xml": b"<office:document-content/>"})
    _zip_of(folder / "nhi-phan.xlsb", {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\0"})
    (folder / "lối tắt.xlsx").symlink_to(folder / "không còn.xlsx")
    (folder / "~$Tổng Excel.xlsx").write_bytes(b"\x0bcan bo xa  " + b"\0" * 150)
    (folder / "thư mục con").mkdir()
    (folder / "ghi chú.txt").write_text("gửi kèm kế hoạch", encoding="utf-8")
    corpus._word(folder / "công văn.docx")
    return folder


def test_every_entry_of_an_inbox_is_listed_with_a_status_and_a_reason(inbox, tmp_path):
    before = {path.name: digest(path) for path in inbox.iterdir() if path.is_file()}
    out = tmp_path / "TongHop.xlsx"
    result = kehoach("consolidate", inbox, "-o", out)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert ("Đã kiểm tra 13 tệp: 4 hợp lệ, 0 có lỗi, 3 không đọc được, 5 không phải sổ làm việc, 1 bỏ qua"
            in result.stdout), result.stdout
    rows, _ = table(openpyxl.load_workbook(out), "Danh sách")
    listed = {r["Tệp"]: (r["Trạng thái"], r["Lý do không đọc được"] or "", r["Tổng kinh phí (đồng)"]) for r in rows}
    valid = ("Hợp lệ", "", 26_000_000)
    assert listed == {
        "bang-tinh.ods": ("Không đọc được", listed["bang-tinh.ods"][1], None),
        "biên bản.odt": ("Không phải sổ làm việc", listed["biên bản.odt"][1], None),
        "chỉ PDF.zip/ke-hoach.pdf": ("Không phải sổ làm việc", listed["chỉ PDF.zip/ke-hoach.pdf"][1], None),
        "công văn.docx": ("Không phải sổ làm việc", listed["công văn.docx"][1], None),
        "ghi chú.txt": ("Không phải sổ làm việc", listed["ghi chú.txt"][1], None),
        "KeHoach": valid, "KeHoach.xlsm_": valid, "lồng.zip/trong.zip/so/KeHoach.xlsx": valid,
        "lối tắt.xlsx": ("Không đọc được", listed["lối tắt.xlsx"][1], None),
        "nhi-phan.xlsb": ("Không đọc được", listed["nhi-phan.xlsb"][1], None),
        "thư mục con": ("Không phải sổ làm việc", listed["thư mục con"][1], None),
        "Tổng Excel.xlsx": valid,
        "~$Tổng Excel.xlsx": ("Bỏ qua", listed["~$Tổng Excel.xlsx"][1], None),
    }
    assert "OpenDocument (.ods" in listed["bang-tinh.ods"][1] and ".xlsb" in listed["nhi-phan.xlsb"][1]
    assert "tài liệu OpenDocument (văn bản .odt" in listed["biên bản.odt"][1]
    assert "Tệp PDF" in listed["chỉ PDF.zip/ke-hoach.pdf"][1] and "Thư mục con" in listed["thư mục con"][1]
    assert "không còn nữa" in listed["lối tắt.xlsx"][1] and "Tệp khóa Excel" in listed["~$Tổng Excel.xlsx"][1]
    assert listed["công văn.docx"][1].startswith("Văn bản Word, không phải sổ làm việc")
    assert {path.name: digest(path) for path in inbox.iterdir() if path.is_file()} == before


def test_a_total_row_is_not_added_on_any_sheet(inbox, tmp_path):
    out = tmp_path / "TongHop.xlsx"
    kehoach("consolidate", inbox, "-o", out)
    book = openpyxl.load_workbook(out)
    files, _ = table(book, "Danh sách")
    money, _ = table(book, "Kinh phí")
    assert next(r for r in files if r["Tệp"] == "Tổng Excel.xlsx")["Tổng kinh phí (đồng)"] == 26_000_000
    assert [(r["Tệp"], r["Tổng cộng (đồng)"]) for r in money] == [("Tổng Excel.xlsx", 26_000_000)]


def test_a_code_typed_like_a_column_name_keeps_the_money_table(tmp_path):
    """Excel refuses a table whose headers repeat but for case: codes typed "năm" and "tệp" get their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    _commune_with_text(folder / "a.xlsx", "xã Yên", "năm")
    _commune_with_text(folder / "b.xlsx", "xã Hạ", "tệp")
    out = tmp_path / "TongHop.xlsx"
    kehoach("consolidate", folder, "-o", out)
    sheet = openpyxl.load_workbook(out)["Kinh phí"]
    headers = [cell.value for cell in sheet[1]]
    assert "KinhPhi" in sheet.tables
    assert {"NĂM (mã)", "TỆP (mã)", "Năm", "Tệp"} <= set(headers)
    assert len({header.casefold() for header in headers}) == len(headers)
