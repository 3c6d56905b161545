"""The committed workbooks: rebuilt from source, read back, recalculated by LibreOffice."""

import io
import shutil
import subprocess
import warnings
import zipfile
from pathlib import Path
from xml.etree.ElementTree import fromstring

import openpyxl
import pytest

with warnings.catch_warnings():  # oletools still uses pyparsing's deprecated camelCase names
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser

from conftest import BLANK, CATALOG, CATALOGS, EXAMPLE, ROOT
from helpers import SOFFICE
from kehoach_xl.builder import build
from kehoach_xl.core import contract
from kehoach_xl.builder.aids import NOT_IN_CATALOG
from kehoach_xl.core.totals import totals
from kehoach_xl.builder.help import REQUIRED_BLANK_FILL
from kehoach_xl.io.engines import read_file
from kehoach_xl.core.reader import read_plan
from kehoach_xl.core.targets import check_targets
from kehoach_xl.builder import ribbon

WORKBOOKS = {EXAMPLE: build.EXAMPLE, BLANK: "blank"}
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
UI = "{http://schemas.microsoft.com/office/2009/07/customui}"
INPUT_SHEETS = [table.sheet for table in contract.INPUT_TABLES]


def parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def source_data(name: str) -> dict[str, list[list[object]]]:
    """The input sheets and the report's as the builder lays them out, straight from the data file: header
    row, then rows."""
    rows = build.sheet_rows(build.load_source(name))
    return {table.sheet: [list(table.labels), *rows[table.sheet]]
            for table in contract.INPUT_TABLES + contract.REPORT_TABLES}


@pytest.mark.parametrize("path", WORKBOOKS)
def test_committed_workbook_is_what_the_builder_makes(path):
    rebuilt = build.build_xlsm(build.load_source(WORKBOOKS[path]), ROOT)
    committed = parts(path.read_bytes())
    assert list(committed) == list(parts(rebuilt)), "run: kehoach build-workbook"
    for name, data in parts(rebuilt).items():
        assert committed[name] == data, f"{path.name}: {name} differs; run: kehoach build-workbook"


@pytest.mark.parametrize("path", WORKBOOKS)
@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_workbook_reads_as_the_plan_in_its_data_file(path, engine):
    assert read_plan(read_file(path, engine).data) == read_plan(source_data(WORKBOOKS[path]))


@pytest.mark.parametrize("path", WORKBOOKS)
def test_every_vba_module_reads_back_as_its_source(path):
    parser = VBA_Parser(path.name, data=path.read_bytes())
    found = {stream.split("/")[-1]: code.replace("\r\n", "\n") for _, stream, _, code in parser.extract_macros()}
    sheets = openpyxl.load_workbook(path, keep_vba=True).worksheets
    assert set(found) == {"ThisWorkbook", *(sheet.sheet_properties.codeName for sheet in sheets),
                          "Ribbon", "xlwings"}
    for name, text in build.vba_modules(ROOT).items():
        assert found[name] == text


@pytest.mark.parametrize("path", WORKBOOKS)
def test_ribbon_part_relationship_and_content_type(path):
    package = parts(path.read_bytes())
    assert package["customUI/customUI14.xml"] == ribbon.custom_ui()
    to_ribbon = [rel.attrib for rel in fromstring(package["_rels/.rels"]).iter(RELS)
                 if rel.get("Type") == RIBBON_REL]
    assert [rel["Target"] for rel in to_ribbon] == ["customUI/customUI14.xml"]
    types = fromstring(package["[Content_Types].xml"])
    defaults = {item.get("Extension"): item.get("ContentType") for item in types.iter(f"{TYPES}Default")}
    overrides = {item.get("PartName"): item.get("ContentType") for item in types.iter(f"{TYPES}Override")}
    assert "/customUI/customUI14.xml" not in overrides and defaults["xml"] == "application/xml"
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


@pytest.mark.parametrize("path", WORKBOOKS)
@pytest.mark.slow
def test_rebuilds_are_byte_identical_with_fixed_dates(path):
    source = build.load_source(WORKBOOKS[path])
    assert build.build_xlsm(source, ROOT) == build.build_xlsm(source, ROOT)
    with zipfile.ZipFile(path) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"
    properties = openpyxl.load_workbook(path).properties
    assert properties.created == properties.modified == build.BUILT


def test_sheets_in_contract_order_with_a_hidden_xlwings_conf():
    book = openpyxl.load_workbook(BLANK)
    assert book.sheetnames == [*contract.SHEETS, "xlwings.conf"]
    assert [sheet.title for sheet in book.worksheets if sheet.sheet_state != "visible"] == ["xlwings.conf"]
    settings = [tuple(row) for row in book["xlwings.conf"].iter_rows(values_only=True)]
    assert settings == list(build.XLWINGS_SETTINGS)
    keys = [key.upper() for key, _ in settings]
    assert len(keys) == len(set(keys)), "xlwings.bas adds every key to one Scripting.Dictionary"
    assert {"INTERPRETER_WIN", "SHOW CONSOLE", "USE UDF SERVER"} <= set(keys)


def test_tables_with_calculated_project_names():
    book = openpyxl.load_workbook(EXAMPLE)
    for table in (*contract.INPUT_TABLES, contract.CATALOG):
        excel_table = book[table.sheet].tables[build.TABLE_NAMES[table.sheet]]
        assert excel_table.ref.startswith("A1:") and excel_table.column_names == list(table.labels)
        assert [cell.value for cell in book[table.sheet][1][:len(table.labels)]] == list(table.labels)
    projects = book[contract.PROJECTS.sheet].tables["DuAn"]
    assert projects.ref == "A1:F14"
    name_column = projects.tableColumns[1]
    assert name_column.calculatedColumnFormula.attr_text == book[contract.PROJECTS.sheet]["B2"].value[1:]
    assert book[contract.PROJECTS.sheet]["B14"].value.startswith('=IF(A14="","",')


def validations(sheet) -> dict[str, tuple[str, str, bool]]:
    return {str(v.sqref): (v.type, v.formula1, v.showErrorMessage) for v in sheet.data_validations.dataValidation}


def test_dropdowns_and_number_checks():
    book = openpyxl.load_workbook(BLANK)
    projects = validations(book[contract.PROJECTS.sheet])
    assert projects["A2:A500"] == ("list", "MaDuAn", True)
    assert projects["E2:E500"] == ("list", "NguonKinhPhi", False), "funding sentences stay allowed"
    assert projects["D2:D500"] == ("whole", "0", True)
    assert validations(book[contract.ACTIVITIES.sheet])["A2:A500"] == ("list", "MaDuAn", True)
    parts_list = validations(book[contract.TEXTS.sheet])["A2:A500"]
    assert parts_list == ("list", '"' + ",".join(contract.TEXT_PARTS) + '"', True)
    kinds = validations(book[contract.BASES.sheet])["A2:A500"]
    assert kinds[0] == "list" and "Quyết định" in kinds[1] and kinds[2] is False
    assert validations(book[contract.TARGETS.sheet])["B2:B8"][:2] == ("whole", "0")
    info = validations(book[contract.INFO.sheet])
    assert info["B6"] == ("list", '"2021-2025,2026-2030"', True) and info["B5"] == ("whole", "1990", True)
    assert info["B14"] == ("list", '"Có,Không"', True)
    sheet = book[contract.INFO.sheet]
    assert (sheet["A14"].value, sheet["B14"].value) == ("Kèm bảng tổng hợp kinh phí", "Có")


def test_names_cover_the_codes_names_and_sources_of_the_catalog():
    book = openpyxl.load_workbook(BLANK)

    def cells(name: str) -> list[object]:
        (sheet, ref), = book.defined_names[name].destinations
        return [row[0].value for row in book[sheet][ref.replace("$", "")]]

    known = CATALOGS["2026-2030"]
    assert cells("MaDuAn") == list(known.names)
    assert cells("TenDuAn") == list(known.names.values())
    assert cells("NguonKinhPhi") == list(known.sources)


def test_required_blanks_are_marked():
    book = openpyxl.load_workbook(BLANK)
    rules = {str(cf.sqref): [rule.formula[0] for rule in cf.rules]
             for cf in book[contract.PROJECTS.sheet].conditional_formatting}
    assert rules == {"A2:A500": ["AND(COUNTA($A2,$C2,$D2,$E2,$F2)>0,LEN(TRIM(A2))=0)"]}
    info = {str(cf.sqref) for cf in book[contract.INFO.sheet].conditional_formatting}
    assert info == {f"B{row}" for row, field in enumerate(contract.INFO_FIELDS, start=2) if field.required}
    targets = {str(cf.sqref) for cf in book[contract.TARGETS.sheet].conditional_formatting}
    assert targets == {f"B{row}" for row, field in enumerate(contract.TARGET_FIELDS, start=2) if field.required}


def test_protection_print_setup_and_frozen_headers():
    book = openpyxl.load_workbook(EXAMPLE)
    protected = {sheet.title for sheet in book.worksheets if sheet.protection.sheet}
    assert protected == {contract.CATALOG.sheet}
    for name in protected:
        assert not book[name].protection.password
    for name in contract.SHEETS:
        sheet = book[name]
        assert sheet.page_setup.paperSize == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
    for name in [*INPUT_SHEETS, contract.CATALOG.sheet]:
        assert book[name].print_title_rows == "$1:$1" and book[name].freeze_panes == "A2"
    assert book[contract.PROJECTS.sheet].page_setup.orientation == "landscape"
    assert book[contract.GUIDE].page_setup.orientation == "portrait"
    assert book[contract.PROJECTS.sheet]["D4"].number_format == "#,##0"


def test_guide_shows_the_colours_the_buttons_use():
    guide = openpyxl.load_workbook(BLANK)[contract.GUIDE]
    fills = {row[0].value: row[0].fill.fgColor.rgb[-6:] for row in guide.iter_rows() if row[0].fill.fill_type}
    assert fills["Lỗi"] == contract.FLAG_FILLS["Lỗi"] and fills["Cảnh báo"] == contract.FLAG_FILLS["Cảnh báo"]
    assert fills["Ô bắt buộc trống"] == REQUIRED_BLANK_FILL
    blank_rule = next(iter(openpyxl.load_workbook(BLANK)[contract.PROJECTS.sheet].conditional_formatting)).rules[0]
    assert blank_rule.dxf.fill.bgColor.rgb[-6:] == REQUIRED_BLANK_FILL


def test_guide_explains_every_sheet_and_every_button():
    rows = [row[:2] for row in openpyxl.load_workbook(BLANK)[contract.GUIDE].iter_rows(values_only=True)]
    terms = {term for term, _ in rows}
    assert set(contract.SHEETS) - {contract.GUIDE} <= terms
    labels = [button.get("label") for button in fromstring(ribbon.custom_ui()).iter(f"{UI}button")]
    listed = [(term, text) for term, text in rows if term in labels]
    assert listed == [(button.label, button.help) for button in ribbon.on_ribbon()]
    assert [term for term, _ in listed] == labels


RECALCULATE_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, Path]:
    """The example, the blank workbook and an edited example, converted to .xlsx by LibreOffice.

    The profile tells LibreOffice to recalculate every formula on load, so the
    values it saves are its own (the builder writes no cached values anyway).
    """
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ALWAYS)
    shutil.copy(EXAMPLE, folder / "example.xlsm")
    shutil.copy(BLANK, folder / "blank.xlsm")
    edited = openpyxl.load_workbook(EXAMPLE, keep_vba=True)
    edited[contract.PROJECTS.sheet]["A2"] = "DA9"
    edited[contract.PROJECTS.sheet]["D11"] = 7_000_000
    edited[contract.TARGETS.sheet]["B3"] = 100
    edited.save(folder / "edited.xlsm")
    sources = [folder / name for name in ("example.xlsm", "blank.xlsm", "edited.xlsm")]
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(folder / "out"), *map(str, sources)],
                   check=True, capture_output=True, timeout=300)
    return {path.stem: folder / "out" / f"{path.stem}.xlsx" for path in sources} | {
        f"{path.stem}.xlsm": path for path in sources}


def live_values(converted: Path, rows: int) -> tuple[object, list[object], list[object]]:
    """As LibreOffice computed them: the total beside "Dự án", the names of its first `rows` rows,
    and the rates beside "Chỉ tiêu"."""
    book = openpyxl.load_workbook(converted, data_only=True)
    projects, targets = book[contract.PROJECTS.sheet], book[contract.TARGETS.sheet]
    names = [projects.cell(row=row, column=2).value for row in range(2, 2 + rows)]
    rates = [targets.cell(row=row, column=6).value for row in range(2, 8)]
    return projects["H2"].value, names, rates


def core_numbers(path: Path) -> tuple[int, list[float]]:
    """The grand total and the rates of the core (kehoach_xl.core.totals, kehoach_xl.core.targets), as the sheet shows
    them: rates as fractions, drops in points."""
    plan, _ = read_plan(read_file(path).data)
    report = check_targets(plan, CATALOG)
    near_drop = report.near_poor_rate_start - report.near_poor_rate_end
    return totals(plan, CATALOG).grand_total, [
        report.poor_rate_start / 100, report.poor_rate_end / 100, report.poor_drop,
        report.near_poor_rate_start / 100, report.near_poor_rate_end / 100, near_drop]


@pytest.mark.slow
def test_libreoffice_computes_the_example_as_the_core_does(recalculated):
    plan, _ = read_plan(read_file(EXAMPLE).data)
    total, names, rates = live_values(recalculated["example"], len(plan.projects))
    core_total, core_rates = core_numbers(EXAMPLE)
    assert total == core_total == 26_000_000
    assert names == [CATALOG.names[p.code] for p in plan.projects]
    assert rates == pytest.approx(core_rates)
    assert rates[:3] == pytest.approx([95 / 1450, 78 / 1450, 17 / 14.5])


@pytest.mark.slow
def test_libreoffice_follows_edits(recalculated):
    plan, _ = read_plan(read_file(recalculated["edited.xlsm"]).data)
    total, names, rates = live_values(recalculated["edited"], len(plan.projects))
    core_total, core_rates = core_numbers(recalculated["edited.xlsm"])
    assert total == core_total == 28_000_000
    assert names[0] == NOT_IN_CATALOG
    assert rates == pytest.approx(core_rates)
    assert rates[0] == pytest.approx(100 / 1450)


@pytest.mark.slow
def test_libreoffice_leaves_the_blank_workbook_blank(recalculated):
    total, names, rates = live_values(recalculated["blank"], 1)
    assert total == 0
    assert set(names) <= {None, ""} and set(rates) <= {None, ""}
