"""The package checks refuse what would hurt an engine, not what officials really send."""

import pytest

from kehoach_xl.files import ENGINES, read_workbook
from kehoach_xl.validate import check
from workbooks import set_cell, with_defect


@pytest.mark.parametrize("engine", ENGINES)
def test_a_stray_value_in_the_last_row_is_still_read(tmp_path, engine):
    path = with_defect(set_cell("Hoạt động", "F1048576", "ô lạc"), tmp_path / "stray.xlsx")
    data = read_workbook(path, engine)
    assert len(data["Hoạt động"]) == 1_048_576
    assert check(data)[1] == []
