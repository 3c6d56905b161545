"""Cells written with openpyxl keep text as text, in write-only mode and not."""

from datetime import date

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from kehoach_xl.io.cells import cell

TEXTS = ("=1+1", '=HYPERLINK("http://x","y")', "@SUM(A1)", "+84 912 345 678", "-x", "#REF!", "00123", "1/5",
         "xã Cẩm Lương", "Phòng\x01 LĐTBXH")


@pytest.mark.parametrize("write_only", [True, False])
def test_text_is_stored_as_text_and_numbers_keep_their_format(tmp_path, write_only):
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("Trang") if write_only else book.active
    for text in TEXTS:
        sheet.append([cell(sheet, text), cell(sheet, 1_500_000, "#,##0"), cell(sheet, date(2023, 5, 8), "dd/mm/yyyy"),
                      cell(sheet, ""), cell(sheet, 7)])
    path = tmp_path / "out.xlsx"
    book.save(path)

    stored = openpyxl.load_workbook(path).worksheets[0]
    expected = [text.replace("\x01", "\ufffd") for text in TEXTS]
    assert [stored.cell(r, 1).value for r in range(1, len(TEXTS) + 1)] == expected
    assert {stored.cell(r, 1).data_type for r in range(1, len(TEXTS) + 1)} == {"s"}
    assert [stored.cell(r, 1).quotePrefix for r in range(1, len(TEXTS) + 1)] == [
        text[0] in "=+-@#" for text in TEXTS]
    assert stored["B1"].value == 1_500_000 and stored["B1"].number_format == "#,##0"
    assert stored["C1"].is_date and stored["C1"].number_format == "dd/mm/yyyy"
    assert stored["D1"].value is None and stored["E1"].value == 7
    assert [row[0] for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()] == expected
