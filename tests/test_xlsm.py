"""An openpyxl workbook becomes an .xlsm whose VBA, ribbon and package parts are what Excel needs."""

import io
import posixpath
import re
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

from helpers import SOFFICE
from kehoach_xl.builder import build
from kehoach_xl.builder.xlsm import assign_code_names, make_xlsm
from kehoach_xl.builder import ribbon

ROOT = Path(__file__).resolve().parents[1]
SHEET_NAMES = ["Hướng dẫn", "Thông tin", "Dự án"]
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
UI = "{http://schemas.microsoft.com/office/2009/07/customui}"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"


def openpyxl_workbook(code_names: bool = True) -> bytes:
    book = openpyxl.Workbook()
    book.active.title = SHEET_NAMES[0]
    book.active["A1"] = "Hướng dẫn sử dụng"
    for name in SHEET_NAMES[1:]:
        book.create_sheet(name)
    if code_names:
        assign_code_names(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sources() -> tuple[dict[str, str], bytes]:
    return build.vba_modules(ROOT), ribbon.custom_ui()


@pytest.fixture(scope="module")
def xlsx() -> bytes:
    return openpyxl_workbook()


@pytest.fixture(scope="module")
def xlsm(xlsx) -> bytes:
    return make_xlsm(xlsx, *sources())


def parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def relationships(package: dict[str, bytes], rels_part: str) -> list[dict[str, str]]:
    return [rel.attrib for rel in fromstring(package[rels_part]).iter(f"{REL}Relationship")]


def vba_modules(package: bytes) -> dict[str, str]:
    parser = VBA_Parser("KeHoach.xlsm", data=package)
    return {stream.split("/")[-1]: code.replace("\r\n", "\n") for _, stream, _, code in parser.extract_macros()}


def test_workbook_is_macro_enabled_and_bin_parts_are_vba(xlsm):
    types = fromstring(parts(xlsm)["[Content_Types].xml"])
    overrides = {item.get("PartName"): item.get("ContentType") for item in types.iter(f"{CT}Override")}
    defaults = {item.get("Extension"): item.get("ContentType") for item in types.iter(f"{CT}Default")}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert defaults["bin"] == "application/vnd.ms-office.vbaProject"
    assert defaults["xml"] == "application/xml"  # covers customUI/customUI14.xml


def test_vba_project_and_ribbon_are_related_once_each(xlsm):
    package = parts(xlsm)
    to_vba = [rel for rel in relationships(package, "xl/_rels/workbook.xml.rels") if rel["Type"] == VBA_REL]
    assert [posixpath.join("xl", rel["Target"]) for rel in to_vba] == ["xl/vbaProject.bin"]
    to_ribbon = [rel for rel in relationships(package, "_rels/.rels") if rel["Type"] == RIBBON_REL]
    assert [rel["Target"] for rel in to_ribbon] == ["customUI/customUI14.xml"]
    assert package["customUI/customUI14.xml"] == sources()[1]
    for rels_part in ("_rels/.rels", "xl/_rels/workbook.xml.rels"):
        ids = [rel["Id"] for rel in relationships(package, rels_part)]
        assert len(ids) == len(set(ids))


def test_vba_modules_read_back_from_the_xlsm_as_their_sources(xlsm):
    modules, _ = sources()
    found = vba_modules(xlsm)
    assert set(found) == {"ThisWorkbook", "Sheet1", "Sheet2", "Sheet3", *modules}
    for name, text in modules.items():
        assert found[name] == text


def test_every_button_calls_a_ribbon_sub_in_the_xlsm(xlsm):
    custom_ui = fromstring(parts(xlsm)["customUI/customUI14.xml"])
    assert custom_ui.tag == f"{UI}customUI"
    assert [tab.get("label") for tab in custom_ui.iter(f"{UI}tab")] == ["Kế hoạch GNBV"]
    buttons = list(custom_ui.iter(f"{UI}button"))
    assert {button.get("label"): button.get("onAction") for button in buttons} == {
        button.label: f"Ribbon.{button.id}" for button in ribbon.BUTTONS
    }
    ribbon_code = vba_modules(xlsm)["Ribbon"]
    for button in buttons:
        assert button.get("size") == "large"
        assert button.get("imageMso")
        assert button.get("screentip") and button.get("supertip")
        procedure = button.get("onAction").removeprefix("Ribbon.")
        assert re.search(rf"^Sub {procedure}\(control As IRibbonControl\)$", ribbon_code, re.MULTILINE)


def test_ribbon_xml_is_utf8_with_vietnamese_text():
    text = sources()[1].decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"')
    assert "Kế hoạch GNBV" in text


def test_rebuild_gives_identical_bytes(xlsx, xlsm):
    assert make_xlsm(xlsx, *sources()) == xlsm
    assert make_xlsm(xlsm, *sources()) == xlsm


def test_openpyxl_loads_the_xlsm_and_a_resave_can_be_repackaged(xlsm):
    book = openpyxl.load_workbook(io.BytesIO(xlsm), keep_vba=True)
    assert book.sheetnames == SHEET_NAMES
    assert book.code_name == "ThisWorkbook"
    resaved = io.BytesIO()
    book.save(resaved)
    dropped = parts(resaved.getvalue())
    assert not [rel for rel in relationships(dropped, "_rels/.rels") if rel["Type"] == RIBBON_REL]  # the trap
    repackaged = parts(make_xlsm(resaved.getvalue(), *sources()))
    assert [rel for rel in relationships(repackaged, "_rels/.rels") if rel["Type"] == RIBBON_REL]


def test_sheets_without_code_names_are_refused():
    with pytest.raises(ValueError, match="assign_code_names"):
        make_xlsm(openpyxl_workbook(code_names=False), *sources())


def test_button_without_its_callback_is_refused():
    modules, custom_ui = sources()
    modules["Ribbon"] = modules["Ribbon"].replace("Sub HuongDan(", "Sub HuongDanCu(")
    with pytest.raises(ValueError, match="HuongDan"):
        make_xlsm(openpyxl_workbook(), modules, custom_ui)


def test_ribbon_in_the_2006_namespace_is_refused():
    modules, custom_ui = sources()
    old = custom_ui.replace(b"office/2009/07/customui", b"office/2006/01/customui")
    with pytest.raises(ValueError, match="customUI"):
        make_xlsm(openpyxl_workbook(), modules, old)




def soffice_convert(source: Path, target_format: str, profile: Path) -> Path:
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", target_format, "--outdir", str(source.parent), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    return source.with_suffix(f".{target_format}")


@pytest.fixture(scope="module")
def libreoffice_copies(xlsm, tmp_path_factory) -> dict[str, Path]:
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "KeHoach.xlsm"
    source.write_bytes(xlsm)
    profile = folder / "profile"
    return {fmt: soffice_convert(source, fmt, profile) for fmt in ("xlsx", "ods")}


@pytest.mark.slow
def test_libreoffice_opens_the_xlsm(libreoffice_copies):
    converted = libreoffice_copies["xlsx"]
    assert converted.exists()
    assert openpyxl.load_workbook(converted).sheetnames == SHEET_NAMES


@pytest.mark.slow
def test_libreoffice_imports_every_vba_module(libreoffice_copies):
    """LibreOffice parses the dir and PROJECT streams itself and keeps the modules as Basic."""
    modules, _ = sources()
    with zipfile.ZipFile(libreoffice_copies["ods"]) as ods:
        basic = {
            posixpath.basename(name).removesuffix(".xml"): fromstring(ods.read(name))
            for name in ods.namelist()
            if name.startswith("Basic/VBAProject/") and not name.endswith("script-lb.xml")
        }
    assert set(basic) == {"ThisWorkbook", "Sheet1", "Sheet2", "Sheet3", *modules}
    module_type = "{http://openoffice.org/2000/script}moduleType"
    assert {name for name, module in basic.items() if module.get(module_type) == "document"} == {
        "ThisWorkbook", "Sheet1", "Sheet2", "Sheet3"
    }
    for name, text in modules.items():
        imported = [line for line in basic[name].text.splitlines() if not line.startswith("Rem Attribute VBA_")]
        assert imported[0] == "Option VBASupport 1"
        expected = [line for line in text.splitlines() if not line.startswith("Attribute VB_")]
        assert "\n".join(imported[1:]).strip() == "\n".join(expected).strip()
