"""The table of ribbon buttons, and the VBA module and ribbon XML made from it."""

import inspect
import re
from xml.etree.ElementTree import fromstring

from kehoach_xl.builder.ovba import build_vba_project
from kehoach_xl.builder import ribbon
from kehoach_xl.shells import buttons

UI = "{http://schemas.microsoft.com/office/2009/07/customui}"
CALLBACK = re.compile(r'^Sub (\w+)\(control As IRibbonControl\)\n    RunPython "(.*)"\nEnd Sub$', re.MULTILINE)


def test_every_button_names_an_entry_point_of_the_buttons_module():
    for button in ribbon.BUTTONS:
        action = getattr(buttons, button.action)
        assert not inspect.signature(action, follow_wrapped=False).parameters, button.action  # RunPython calls it with nothing
        assert action.__module__ == buttons.__name__


def test_ids_and_labels_are_unique_and_ids_are_vba_names():
    assert len({b.id for b in ribbon.BUTTONS}) == len({b.label for b in ribbon.BUTTONS}) == len(ribbon.BUTTONS)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,30}", b.id) for b in ribbon.BUTTONS)
    build_vba_project({ribbon.MODULE: ribbon.vba_module()})  # refuses non-ASCII and bad names


def test_the_module_has_one_runpython_callback_per_button_in_table_order():
    module = ribbon.vba_module()
    assert module.isascii()
    assert module.startswith('Attribute VB_Name = "Ribbon"\n')
    assert CALLBACK.findall(module) == [
        (b.id, f"from kehoach_xl.shells.buttons import {b.action}; {b.action}()") for b in ribbon.BUTTONS]
    assert len(re.findall(r"^Sub ", module, re.MULTILINE)) == len(ribbon.BUTTONS)


def test_the_xml_shows_each_button_once_in_its_group_with_vietnamese_text():
    xml = ribbon.custom_ui()
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"')
    root = fromstring(xml)
    [tab] = root.iter(f"{UI}tab")
    assert tab.get("label") == "Kế hoạch GNBV"
    shown = [(group.get("label"), button.get("label"), button.get("screentip"), button.get("supertip"),
              button.get("imageMso"), button.get("onAction"))
             for group in tab.iter(f"{UI}group") for button in group.iter(f"{UI}button")]
    assert sorted(shown) == sorted((b.group, b.label, b.label, b.tip, b.icon, f"Ribbon.{b.id}")
                                   for b in ribbon.BUTTONS)
    groups = [group.get("label") for group in tab.iter(f"{UI}group")]
    assert groups == list(dict.fromkeys(b.group for b in ribbon.BUTTONS))
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    assert [g.get("id") for g in tab.iter(f"{UI}group")] == ["grpKiemTra", "grpTongHop", "grpVanBan", "grpBaoCao",
                                                                  "grpTroGiup"]


def test_text_with_markup_characters_is_escaped_in_the_xml(monkeypatch):
    odd = ribbon.BUTTONS[0]._replace(label='Kiểm tra "A" & <B>', tip="x < y & z > 'w'")
    monkeypatch.setattr(ribbon, "BUTTONS", (odd,))
    [button] = fromstring(ribbon.custom_ui()).iter(f"{UI}button")
    assert button.get("label") == odd.label and button.get("supertip") == odd.tip
