"""The package checks refuse what would hurt an engine, not what officials really send."""

import io

import pytest

from kehoach_xl.files import ENGINES, read_workbook
from kehoach_xl.package import Unreadable, inspect
from kehoach_xl.validate import check
from workbooks import set_cell, with_defect


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stray_value_in_the_last_row_is_still_read(tmp_path, engine):
    path = with_defect(set_cell("Hoạt động", "F1048576", "ô lạc"), tmp_path / "stray.xlsx")
    data = read_workbook(path, engine)
    assert len(data["Hoạt động"]) == 1_048_576
    assert check(data)[1] == []


def test_a_workbook_read_into_memory_is_checked_the_same_way(tmp_path):
    """A workbook taken out of a .zip in memory (the upper level's inbox) meets the same bounds."""
    path = with_defect(set_cell("Hoạt động", "XFD1048576", "ô lạc"), tmp_path / "far.xlsx")
    with pytest.raises(Unreadable, match='"Hoạt động" có ô dữ liệu ở tận XFD1048576'):
        inspect(io.BytesIO(path.read_bytes()))
