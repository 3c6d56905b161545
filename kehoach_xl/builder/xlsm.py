"""Turn a workbook written by openpyxl into a macro-enabled .xlsm: VBA project and ribbon.

Call :func:`make_xlsm` after the last openpyxl save: openpyxl drops the
ribbon's relationship when it saves (docs/vba.md).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element, SubElement
from xml.sax.saxutils import quoteattr

from defusedxml.ElementTree import fromstring

from kehoach_xl.builder.ovba import build_vba_project

CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
VBA_PART = "xl/vbaProject.bin"
RIBBON_PART = "customUI/customUI14.xml"

MACRO_WORKBOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_PROJECT_TYPE = "application/vnd.ms-office.vbaProject"
VBA_PROJECT_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
OFFICE_DOCUMENT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
WORKSHEET_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"

CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2009/07/customui"

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def assign_code_names(book: Any) -> None:
    """Give an openpyxl workbook and its worksheets the code names Excel gives new ones, where missing.

    The VBA project has one document module per code name, so every sheet
    needs one before :func:`make_xlsm`: "ThisWorkbook", then "Sheet<n>" for
    the n-th worksheet, or the next n free (VBA ignores case) where a sheet added to a
    workbook read from a file (`build.prepared_xlsm`) stands between sheets that have theirs.
    """
    book.code_name = book.code_name or "ThisWorkbook"
    taken = {(s.sheet_properties.codeName or "").casefold() for s in book.worksheets}
    for number, sheet in enumerate(book.worksheets, start=1):
        if sheet.sheet_properties.codeName:
            continue
        while f"sheet{number}" in taken:
            number += 1
        sheet.sheet_properties.codeName = f"Sheet{number}"
        taken.add(f"sheet{number}")


def make_xlsm(xlsx: bytes, modules: Mapping[str, str], custom_ui: bytes) -> bytes:
    """The .xlsm bytes: *xlsx* plus a VBA project of *modules* and the *custom_ui* ribbon.

    *modules* maps standard module names to .bas source (see
    :func:`kehoach_xl.builder.ovba.read_modules`); *custom_ui* is the UTF-8
    customUI14.xml, whose every onAction must name a ribbon callback Sub in
    *modules*. The workbook and every worksheet must have a code name
    (:func:`assign_code_names`). The output is deterministic: the same inputs
    give the same bytes.
    """
    parts = _read_parts(xlsx)
    _check_ribbon(custom_ui, modules)
    workbook_part = next(
        target for rel_type, target in _relationships(parts, "").values() if rel_type == OFFICE_DOCUMENT_REL
    )
    workbook_rels = _rels_part(workbook_part)
    workbook_code_name, sheet_code_names = _code_names(parts, workbook_part)
    parts[VBA_PART] = build_vba_project(modules, workbook_code_name, sheet_code_names)
    parts[RIBBON_PART] = custom_ui
    parts[CONTENT_TYPES] = _macro_content_types(parts[CONTENT_TYPES], workbook_part)
    parts[workbook_rels] = _with_relationship(
        parts[workbook_rels], VBA_PROJECT_REL, posixpath.relpath(VBA_PART, posixpath.dirname(workbook_part))
    )
    parts[ROOT_RELS] = _with_relationship(parts[ROOT_RELS], RIBBON_REL, RIBBON_PART)
    return _write_zip(parts)


def with_fixed_times(package: bytes) -> bytes:
    """The same parts with fixed timestamps and order: the same workbook gives the same bytes."""
    return _write_zip(_read_parts(package))


def _read_parts(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if not name.endswith("/")}


def _write_zip(parts: Mapping[str, bytes]) -> bytes:
    """A zip with fixed timestamps and order ([Content_Types].xml first), so rebuilds compare equal."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(parts, key=lambda name: (name != CONTENT_TYPES, name)):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            archive.writestr(info, parts[name])
    return out.getvalue()


def _flat_xml(root: Element) -> bytes:
    """A one-level document (content types, relationships) written in its root's default namespace."""
    namespace, _, name = root.tag[1:].partition("}")
    children = []
    for child in root:
        child_namespace, _, child_name = child.tag[1:].partition("}")
        if child_namespace != namespace or len(child) or any(key.startswith("{") for key in child.attrib):
            raise ValueError(f"unexpected content in the {name} part: {child.tag}")
        attributes = "".join(f" {key}={quoteattr(value)}" for key, value in child.attrib.items())
        children.append(f"<{child_name}{attributes}/>")
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{name} xmlns="{namespace}">'
    return (xml + "".join(children) + f"</{name}>").encode("utf-8")


def _rels_part(part: str) -> str:
    directory, name = posixpath.split(part)
    return posixpath.join(directory, "_rels", name + ".rels")


def _resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def _relationships(parts: Mapping[str, bytes], source_part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type, target part) of the relationships of *source_part* ("" for the package)."""
    root = fromstring(parts[_rels_part(source_part)])
    return {
        rel.get("Id"): (rel.get("Type"), _resolve(source_part, rel.get("Target")))
        for rel in root.iter(f"{{{RELS_NS}}}Relationship")
    }


def _code_names(parts: Mapping[str, bytes], workbook_part: str) -> tuple[str, list[str]]:
    """The code names of the workbook and of its sheets, in sheet order."""
    workbook = fromstring(parts[workbook_part])
    properties = workbook.find(f"{{{MAIN_NS}}}workbookPr")
    workbook_code_name = properties.get("codeName") if properties is not None else None
    rels = _relationships(parts, workbook_part)
    missing = [] if workbook_code_name else ["the workbook"]
    sheet_code_names = []
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        rel_type, target = rels[sheet.get(f"{{{R_NS}}}id")]
        if rel_type != WORKSHEET_REL:
            raise ValueError(f"sheet {sheet.get('name')!r} is not a worksheet; only worksheets are supported")
        sheet_properties = fromstring(parts[target]).find(f"{{{MAIN_NS}}}sheetPr")
        code_name = sheet_properties.get("codeName") if sheet_properties is not None else None
        if code_name:
            sheet_code_names.append(code_name)
        else:
            missing.append(f"sheet {sheet.get('name')!r}")
    if missing:
        raise ValueError(f"no VBA code name on {', '.join(missing)}: call assign_code_names() before saving")
    return workbook_code_name, sheet_code_names


def _macro_content_types(content_types: bytes, workbook_part: str) -> bytes:
    """[Content_Types].xml with a macro-enabled workbook and the VBA project's bin extension."""
    root = fromstring(content_types)
    workbook = root.find(f"{{{CONTENT_TYPES_NS}}}Override[@PartName='/{workbook_part}']")
    if workbook is None:
        raise ValueError(f"[Content_Types].xml has no override for /{workbook_part}")
    workbook.set("ContentType", MACRO_WORKBOOK_TYPE)
    for default in root.findall(f"{{{CONTENT_TYPES_NS}}}Default"):
        if default.get("Extension").lower() == "bin":
            root.remove(default)
    for override in root.findall(f"{{{CONTENT_TYPES_NS}}}Override"):
        if override.get("PartName") in (f"/{VBA_PART}", f"/{RIBBON_PART}"):
            root.remove(override)
    bin_default = Element(f"{{{CONTENT_TYPES_NS}}}Default", Extension="bin", ContentType=VBA_PROJECT_TYPE)
    root.insert(0, bin_default)
    return _flat_xml(root)


def _with_relationship(rels: bytes, rel_type: str, target: str) -> bytes:
    """A .rels part with exactly one relationship of *rel_type*, to *target*."""
    root = fromstring(rels)
    for rel in root.findall(f"{{{RELS_NS}}}Relationship"):
        if rel.get("Type") == rel_type:
            root.remove(rel)
    ids = {rel.get("Id") for rel in root}
    number = 1
    while f"rId{number}" in ids:
        number += 1
    SubElement(root, f"{{{RELS_NS}}}Relationship", Id=f"rId{number}", Type=rel_type, Target=target)
    return _flat_xml(root)


def _check_ribbon(custom_ui: bytes, modules: Mapping[str, str]) -> None:
    """The ribbon is customUI 2009 XML and every onAction names a callback Sub of *modules*."""
    root = fromstring(custom_ui)
    if root.tag != f"{{{CUSTOM_UI_NS}}}customUI":
        raise ValueError(f"the ribbon XML's root must be customUI in {CUSTOM_UI_NS}, not {root.tag}")
    for element in root.iter():
        action = element.get("onAction")
        if action is None:
            continue
        module, _, procedure = action.rpartition(".")
        sources = [modules.get(module, "")] if module else list(modules.values())
        if not any(_callback(procedure).search(source) for source in sources):
            raise ValueError(
                f"onAction {action!r}: no Sub {procedure}(control As IRibbonControl) in the VBA modules"
            )


def _callback(procedure: str) -> re.Pattern[str]:
    return re.compile(
        rf"^[ \t]*(?:Public[ \t]+)?Sub[ \t]+{re.escape(procedure)}[ \t]*\("
        r"[ \t]*(?:ByVal[ \t]+|ByRef[ \t]+)?\w+[ \t]+As[ \t]+(?:Office\.)?IRibbonControl[ \t]*\)",
        re.MULTILINE | re.IGNORECASE,
    )
