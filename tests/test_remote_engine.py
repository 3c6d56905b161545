import datetime as dt
import json

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table, TableStyleInfo

from remote_engine import payload

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
