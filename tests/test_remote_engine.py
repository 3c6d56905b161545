import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table, TableStyleInfo

from remote_engine import Alert, Macro, apply_actions, payload, run

import xlwings as xw  # after remote_engine, which sets the license key


@pytest.fixture
def workbook(tmp_path):
    """Three sheets: key-value rows, a table of projects, an empty sheet."""
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Thông tin"
    info.append(["Thông tin", "Giá trị"])
    info.append(["Tên đơn vị", "xã Cẩm Lương"])
    info.append(["Năm kế hoạch", 2023])
    info.append(["Ngày ban hành", dt.date(2023, 5, 8)])
    info.append(["Giờ họp", dt.time(14, 30)])
    projects = wb.create_sheet("Dự án")
    projects.append(["Mã", "Tên dự án, tiểu dự án", "Kinh phí (đồng)"])
    projects.append(["DA2", "Đa dạng hóa sinh kế", 5000000])
    projects.append(["DA3.1", "Hỗ trợ phát triển sản xuất", 9000000.0])
    projects.append(["DA4.1", None, 1.5])
    projects["E1"] = "=SUM(C2:C4)"  # openpyxl writes no cached value
    table = Table(displayName="DuAn", ref="A1:C4")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    projects.add_table(table)
    projects.sheet_view.selection[0].sqref = "B2"
    wb.create_sheet("Trống")
    wb.defined_names["KinhPhi"] = DefinedName(
        "KinhPhi", attr_text="'Dự án'!$C$2:$C$4"
    )
    wb.defined_names["HeSo"] = DefinedName("HeSo", attr_text="42")  # not a range
    projects.defined_names["Ma"] = DefinedName("Ma", attr_text="'Dự án'!$A$2:$A$4")
    wb.active = projects
    path = tmp_path / "KeHoach.xlsx"
    wb.save(path)
    return path


def test_payload_is_what_the_vba_client_sends(workbook):
    data = payload(workbook)

    assert json.loads(json.dumps(data)) == data
    assert data["client"] == "VBA"
    assert data["version"] == xw.__version__
    assert data["book"] == {
        "name": "KeHoach.xlsx",
        "fullname": str(workbook.resolve()),  # what COM gives; the VBA client sends the name alone
        "active_sheet_index": 1,
        "selection": "B2",
    }
    assert data["names"] == [
        {
            "name": "KinhPhi",
            "sheet_index": 1,
            "address": "C2:C4",
            "book_scope": True,
            "scope_sheet_name": None,
            "scope_sheet_index": None,
        },
        {
            "name": "'Dự án'!Ma",
            "sheet_index": 1,
            "address": "A2:A4",
            "book_scope": False,
            "scope_sheet_name": "Dự án",
            "scope_sheet_index": 1,
        },
    ]
    info, projects, empty = data["sheets"]
    assert info == {
        "name": "Thông tin",
        "values": [
            ["Thông tin", "Giá trị"],
            ["Tên đơn vị", "xã Cẩm Lương"],
            ["Năm kế hoạch", 2023],
            ["Ngày ban hành", "2023-05-08T00:00:00.000Z"],
            ["Giờ họp", "1899-12-30T14:30:00.000Z"],
        ],
        "pictures": [],
        "tables": [],
    }
    assert projects["values"] == [
        ["Mã", "Tên dự án, tiểu dự án", "Kinh phí (đồng)", None, None],
        ["DA2", "Đa dạng hóa sinh kế", 5000000, None, None],
        ["DA3.1", "Hỗ trợ phát triển sản xuất", 9000000, None, None],
        ["DA4.1", None, 1.5, None, None],
    ]
    assert projects["tables"] == [
        {
            "name": "DuAn",
            "range_address": "$A$1:$C$4",
            "header_row_range_address": "$A$1:$C$1",
            "data_body_range_address": "$A$2:$C$4",
            "total_row_range_address": None,
            "show_headers": True,
            "show_totals": False,
            "table_style": "TableStyleMedium2",
            "show_autofilter": True,
        }
    ]
    assert empty == {"name": "Trống", "values": [[]], "pictures": [], "tables": []}


def test_numbers_are_sent_as_vba_writes_them(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append([9000000.0, 0.1 + 0.2, 10.0**15, -7, True])
    path = tmp_path / "numbers.xlsx"
    wb.save(path)

    values = payload(path)["sheets"][0]["values"]

    assert values == [[9000000, 0.3, 1e15, -7, True]]
    assert [type(value) for value in values[0]] == [int, float, float, int, bool]


def test_xlwings_reads_the_payload(workbook):
    book = xw.Book(json=payload(workbook))
    info, projects = book.sheets["Thông tin"], book.sheets["Dự án"]

    assert book.sheets.active.name == "Dự án"
    assert book.app.selection.address == "$B$2"
    assert info["B3"].value == 2023 and type(info["B3"].value) is int
    assert info["B4"].value == dt.datetime(2023, 5, 8)
    assert projects["C2:C4"].value == [5000000, 9000000, 1.5]
    assert [type(v) for v in projects["C2:C4"].value] == [int, int, float]
    assert projects["E1"].value is None  # a formula without a cached value
    assert projects.tables["DuAn"].data_body_range.value[0] == [
        "DA2",
        "Đa dạng hóa sinh kế",
        5000000,
    ]
    assert book.names["KinhPhi"].refers_to_range.address == "$C$2:$C$4"
    assert projects["Ma"].address == "$A$2:$A$4"
    assert book.sheets["Trống"].used_range.address == "$A$1"


def test_the_book_has_its_full_path_as_com_gives_it(workbook, tmp_path):
    def where():
        book = xw.Book.caller()
        seen.extend([book.name, book.fullname])

    seen = []
    run(where, workbook, tmp_path / "out.xlsx")
    assert seen == ["KeHoach.xlsx", str(workbook.resolve())]


def test_a_date_only_string_is_read_as_text(workbook):
    data = payload(workbook)
    data["sheets"][0]["values"][3][1] = "2023-05-08"

    assert xw.Book(json=data).sheets[0]["B4"].value == "2023-05-08"


READS_NOT_IMPLEMENTED = {
    "color": lambda rng: rng.color,
    "formula": lambda rng: rng.formula,
    "number_format": lambda rng: rng.number_format,
    "hyperlink": lambda rng: rng.hyperlink,
    "font": lambda rng: rng.font.bold,
    "column_width": lambda rng: rng.column_width,
    "wrap_text": lambda rng: rng.wrap_text,
    "merge_cells": lambda rng: rng.merge_cells,
    "current_region": lambda rng: rng.current_region,
    "table_columns": lambda rng: len(rng.sheet.tables["DuAn"].columns),
    "status_bar": lambda rng: rng.sheet.book.app.status_bar,
}


@pytest.mark.parametrize(
    "read", READS_NOT_IMPLEMENTED.values(), ids=READS_NOT_IMPLEMENTED.keys()
)
def test_reading_formats_is_not_implemented(workbook, read):
    rng = xw.Book(json=payload(workbook)).sheets["Dự án"]["A1"]

    with pytest.raises(NotImplementedError):
        read(rng)


def test_status_bar_cannot_be_set_and_visibility_is_not_sent(workbook):
    book = xw.Book(json=payload(workbook))

    with pytest.raises(NotImplementedError):
        book.app.status_bar = "Đang kiểm tra…"
    with pytest.raises(KeyError):
        book.sheets[0].visible


def test_the_payload_must_carry_the_installed_version(workbook):
    data = payload(workbook) | {"version": "0.30.0"}

    with pytest.raises(xw.XlwingsError, match="version"):
        xw.Book(json=data)


# --- actions applied back to the file ----------------------------------------


def test_a_button_run_through_the_remote_engine(workbook, tmp_path):
    def check():  # what a ribbon button's RunPython entry point does
        book = xw.Book.caller()
        projects = book.sheets["Dự án"]
        assert projects["C2:C4"].value == [5000000, 9000000, 1.5]
        report = book.sheets.add("Kiểm tra", after=book.sheets["Trống"])
        report["A1"].value = [
            ["Vị trí", "Nội dung", "Ngày", "Tổng"],
            ["Dự án!C4", "Kinh phí lẻ", dt.date(2023, 5, 8), "=SUM(C2:C4)"],
        ]
        report["A1:D1"].font.bold = True
        report["B2"].font.color = (156, 0, 6)
        report["A2"].add_hyperlink("#'Dự án'!C4", "Dự án!C4")
        report["D2"].number_format = "#,##0"
        projects["C4"].color = "#FFC7CE"
        projects["C2"].color = None
        book.app.alert("Có 1 lỗi", title="Kiểm tra", mode="critical")

    before = workbook.read_bytes()
    out = tmp_path / "out.xlsx"

    applied = run(check, workbook, out)

    assert workbook.read_bytes() == before
    assert applied.alerts == [Alert("Có 1 lỗi", "Kiểm tra", "ok", "critical", "")]
    assert applied.macros == []
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Thông tin", "Dự án", "Trống", "Kiểm tra"]
    assert wb.active.title == "Kiểm tra"
    assert [ws.sheet_view.tabSelected for ws in wb] == [False, False, False, True]
    report, projects = wb["Kiểm tra"], wb["Dự án"]
    assert [[c.value for c in row] for row in report["A1:D2"]] == [
        ["Vị trí", "Nội dung", "Ngày", "Tổng"],
        ["Dự án!C4", "Kinh phí lẻ", dt.datetime(2023, 5, 8), "=SUM(C2:C4)"],
    ]
    assert report["C2"].is_date
    assert [report.cell(1, col).font.b for col in range(1, 6)] == [True] * 4 + [False]
    assert report["B2"].font.color.rgb == "FF9C0006"
    assert report["A2"].hyperlink.location == "'Dự án'!C4"
    assert report["A2"].hyperlink.target is None
    assert report["A2"].font.u == "single"
    assert report["D2"].number_format == "#,##0"
    assert projects["C4"].fill.fill_type == "solid"
    assert projects["C4"].fill.fgColor.rgb == "FFFFC7CE"
    assert projects["C2"].fill.fill_type is None
    assert projects["C2"].value == 5000000
    assert projects.tables["DuAn"].ref == "A1:C4"


def test_values_are_written_as_excel_stores_them(workbook, tmp_path):
    def write():
        sheet = xw.Book.caller().sheets["Thông tin"]
        sheet["B2"].value = None  # was text
        sheet["B3"].value = [[7, 7.5, True, "", "12/KH-UBND"]]
        sheet["B4"].value = dt.datetime(2023, 5, 8, 14, 30)
        assert sheet["B4"].value == dt.datetime(2023, 5, 8)  # the write is queued

    run(write, workbook, tmp_path / "out.xlsx")

    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Thông tin"]
    assert sheet["B2"].value is None
    row = [c.value for c in sheet["B3:F3"][0]]
    assert row == [7, 7.5, True, None, "12/KH-UBND"]
    assert type(row[0]) is int
    assert sheet["B4"].value == dt.datetime(2023, 5, 8, 14, 30)


TYPED = {
    "00123": 123, " 1.5 ": 1.5, "-7": -7, "+3": 3, "1/5": dt.datetime(dt.date.today().year, 5, 1),
    "08/05/2023": dt.datetime(2023, 5, 8), "31/2": "31/2", "12/KH-UBND": "12/KH-UBND",
    "=1+1": "=1+1", "@SUM(A1)": "=SUM(A1)", "+84 912 345 678": "=+84 912 345 678", "-x": "=-x",
}


def test_text_written_into_general_cells_is_parsed_as_typed_and_kept_in_text_cells(workbook, tmp_path):
    def write():
        sheet = xw.Book.caller().sheets["Thông tin"]
        sheet["A10"].value = [[text] for text in TYPED]
        sheet[f"B10:B{9 + len(TYPED)}"].number_format = "@"
        sheet["B10"].value = [[text] for text in TYPED]

    run(write, workbook, tmp_path / "out.xlsx")

    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["Thông tin"]
    general = [sheet.cell(row, 1) for row in range(10, 10 + len(TYPED))]
    assert [c.value for c in general] == list(TYPED.values())
    assert [type(c.value) for c in general[:4]] == [int, float, int, int]
    assert general[8].data_type == "f" and general[0].data_type == "n" and general[4].is_date
    text = [sheet.cell(row, 2) for row in range(10, 10 + len(TYPED))]
    assert [c.value for c in text] == list(TYPED) and {c.data_type for c in text} == {"s"}


def test_clearing_contents_keeps_formats(workbook, tmp_path):
    def clear():
        book = xw.Book.caller()
        book.sheets["Dự án"]["C2:C3"].clear_contents()
        book.sheets["Thông tin"].clear_contents()

    first = tmp_path / "first.xlsx"
    wb = openpyxl.load_workbook(workbook)
    wb["Dự án"]["C2"].number_format = "#,##0"
    wb.save(first)

    run(clear, first, tmp_path / "out.xlsx")

    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    projects = wb["Dự án"]
    assert [projects["C2"].value, projects["C3"].value, projects["C4"].value] == [
        None,
        None,
        1.5,
    ]
    assert projects["C2"].number_format == "#,##0"
    assert all(c.value is None for row in wb["Thông tin"].iter_rows() for c in row)


def test_sheets_renamed_deleted_and_activated(workbook, tmp_path):
    def rearrange():
        book = xw.Book.caller()
        book.sheets["Trống"].name = "Tổng hợp"
        book.sheets["Dự án"].delete()  # the active sheet: the next one takes over

    def activate():
        xw.Book.caller().sheets["Thông tin"].activate()

    run(rearrange, workbook, tmp_path / "a.xlsx")
    run(activate, workbook, tmp_path / "b.xlsx")

    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    assert wb.sheetnames == ["Thông tin", "Tổng hợp"]
    assert wb.active.title == "Tổng hợp"
    assert openpyxl.load_workbook(tmp_path / "b.xlsx").active.title == "Thông tin"


def test_sheets_add_before_lands_one_place_early(workbook, tmp_path):
    def add():
        book = xw.Book.caller()
        book.sheets.add("Mới", before=book.sheets["Trống"])

    run(add, workbook, tmp_path / "out.xlsx")

    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames == [
        "Thông tin",
        "Mới",
        "Dự án",
        "Trống",
    ]


def _add(book, name):
    book.sheets.add(name)


def _rename(book, name):
    book.sheets["Trống"].name = name


@pytest.mark.parametrize(
    "change, name",
    [
        (_rename, "dự án"),  # sheets.add() itself refuses a duplicate
        (_rename, "Kiểm tra/2023"),
        (_add, "K" * 32),
        (_add, "'Kiểm tra"),
    ],
)
def test_sheet_names_excel_refuses(workbook, tmp_path, change, name):
    with pytest.raises(ValueError, match="sheet name"):
        run(lambda: change(xw.Book.caller(), name), workbook, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_an_action_the_harness_does_not_know_raises(workbook, tmp_path):
    def autofit():
        xw.Book.caller().sheets["Dự án"].autofit()

    with pytest.raises(NotImplementedError, match="setSheetAutofit"):
        run(autofit, workbook, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_macros_are_returned_not_run(workbook, tmp_path):
    def call_vba():
        xw.Book.caller().macro("LamMoi")("Kiểm tra", 2)

    applied = run(call_vba, workbook, tmp_path / "out.xlsx")

    assert applied.macros == [Macro("'KeHoach.xlsx'!LamMoi", ["Kiểm tra", 2])]


def test_an_existing_file_is_not_overwritten(workbook, tmp_path):
    book = xw.Book(json=payload(workbook))

    with pytest.raises(FileExistsError):
        apply_actions(workbook, book.json(), workbook)


def test_an_xlsm_keeps_its_vba_project(tmp_path):
    src = tmp_path / "quickstart.xlsm"
    shutil.copy(Path(xw.__file__).parent / "quickstart.xlsm", src)

    def hello():
        xw.Book.caller().sheets[0]["A1"].value = "Xin chào"

    run(hello, src, tmp_path / "out.xlsm")

    out = tmp_path / "out.xlsm"
    with zipfile.ZipFile(src) as before, zipfile.ZipFile(out) as after:
        assert after.read("xl/vbaProject.bin") == before.read("xl/vbaProject.bin")
    assert openpyxl.load_workbook(out).active["A1"].value == "Xin chào"
