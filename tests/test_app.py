"""The application layer: the same sheets, the same findings, whichever shell asks."""

import json

import openpyxl

from conftest import EXAMPLE
from helpers import kehoach
from kehoach_xl.core import contract
from kehoach_xl.shells import buttons
from remote_engine import run


def test_a_sheet_renamed_without_its_diacritics_is_one_finding_through_both_shells(tmp_path):
    renamed = tmp_path / "KeHoach.xlsm"
    book = openpyxl.load_workbook(EXAMPLE, keep_vba=True)
    book[contract.ACTIVITIES.sheet].title = "Hoat dong"
    book.save(renamed)
    result = kehoach("validate", renamed, "--json")
    from_cli = [(f["code"], f["sheet"]) for f in json.loads(result.stdout)["findings"]]
    assert from_cli == [("sheet-misnamed", contract.ACTIVITIES.sheet)]
    run(buttons.validate, renamed, tmp_path / "checked.xlsm")
    listed = openpyxl.load_workbook(tmp_path / "checked.xlsm")[contract.CHECKS]
    from_button = [(row[1], row[2]) for row in listed.iter_rows(min_row=buttons.CHECKS_HEADER_ROW + 1,
                                                                values_only=True) if row[1]]
    assert from_button == [("sheet-misnamed", contract.ACTIVITIES.sheet)]
