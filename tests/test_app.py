"""The application layer: the same sheets, the same findings, whichever shell asks."""

import ast
import json
from pathlib import Path

import openpyxl
import pytest

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


PACKAGE = Path(__file__).resolve().parent.parent / "kehoach_xl"
BELOW = {"core": {"core"}, "io": {"core", "io"}, "builder": {"core", "io", "builder"},
         "app": {"core", "io", "builder", "app"}}
"""What each layer may import of the package: itself and the layers below it."""


def _package_imports(module: Path) -> set[str]:
    """The modules of kehoach_xl a module imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kehoach_xl"):
            found |= {node.module} if node.module.count(".") > 1 else {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("kehoach_xl")}
    return found


@pytest.mark.parametrize("shell, allowed", [("cli", set()), ("buttons", {"kehoach_xl.core.contract"})])
def test_a_shell_imports_the_application_layer_and_its_own_helpers_only(shell, allowed):
    """The buttons also know the workbook's contract: the names of the sheets they write, the flag colours."""
    imported = _package_imports(PACKAGE / "shells" / f"{shell}.py") - {"kehoach_xl"}
    others = {name for name in imported if name.split(".")[1] not in ("app", "shells")} - allowed
    assert not others


@pytest.mark.parametrize("layer", sorted(BELOW))
def test_no_layer_imports_one_above_it(layer):
    for module in (PACKAGE / layer).rglob("*.py"):
        above = {name for name in _package_imports(module) if name.split(".")[1] not in BELOW[layer]}
        assert not above, module


def test_no_two_classes_share_a_name_and_no_module_is_over_600_lines():
    """A name says where a thing lives; a module a newcomer can read through."""
    classes: dict[str, list[str]] = {}
    for module in PACKAGE.rglob("*.py"):
        text = module.read_text("utf-8")
        assert text.count("\n") <= 600, module
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name.lstrip("_").lower(), []).append(f"{module.name}:{node.name}")
    assert {name: where for name, where in classes.items() if len(where) > 1} == {}
