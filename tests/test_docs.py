"""The docs say what the code does, and cite nothing outside the repository."""

import argparse
import re

from conftest import ROOT
from kehoach_xl.core import contract
from kehoach_xl.core.findings import codes_markdown
from kehoach_xl.shells.cli import _parser

README = ROOT / "README.md"
DOCS = ROOT / "docs"
SKIPPED = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist", "out"}
"""What is not the repository's own (.gitignore): environments, caches, build outputs."""
OUTSIDE = [b"DESIGN" + b".md", b"rules" + b".md", b"../" + b"shared", b"/work/" + b"shared"]
"""The starting design and the domain notes the project began from, which are not in it."""


def test_finding_codes_doc_is_generated_from_the_code():
    assert (DOCS / "findings.md").read_text("utf-8") == codes_markdown()


def _repository_files():
    stack = [ROOT]
    while stack:
        for path in stack.pop().iterdir():
            if path.is_dir():
                if path.name not in SKIPPED and not path.name.endswith(".egg-info"):
                    stack.append(path)
            else:
                yield path


def test_nothing_in_the_repository_cites_a_file_outside_it():
    citing = {str(path.relative_to(ROOT)): [word.decode() for word in OUTSIDE if word in path.read_bytes()]
              for path in _repository_files()}
    assert {path: words for path, words in citing.items() if words} == {}


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return next((action.choices for action in parser._actions
                 if isinstance(action, argparse._SubParsersAction)), {})


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def _command_table() -> list[list[str]]:
    """The words of each command in the README's table (`kehoach report --prepare TỆP -o MỚI.xlsm` …)."""
    text = README.read_text("utf-8")
    table = text.split("| command | what it does | exit code |\n|---|---|---|\n")[1].split("\n\n")[0]
    cells = [row.split(" | ")[0].removeprefix("| ") for row in table.splitlines()]
    assert all(re.fullmatch(r"`kehoach [^`]+`", cell) for cell in cells), cells
    return [re.sub(r"[\[\]]", " ", cell.strip("`")).split()[1:] for cell in cells]


def test_the_readmes_command_table_is_the_parsers():
    parser = _parser()
    commands = _subcommands(parser)
    rows = _command_table()
    assert {words[0] for words in rows if not words[0].startswith("-")} == set(commands)
    for words in rows:
        if words[0].startswith("-"):
            assert words[0] in _options(parser), words
            continue
        command = commands[words[0]]
        nested = _subcommands(command)
        if nested:
            assert words[1] in nested, words
            command = nested[words[1]]
        options = {word for word in words if word.startswith("-")}
        assert options <= _options(command), (words, options - _options(command))
    nested_rows = {tuple(words[:2]) for words in rows if words[0] in commands and _subcommands(commands[words[0]])}
    assert nested_rows == {(name, sub) for name, command in commands.items() for sub in _subcommands(command)}


def test_the_readme_starts_with_the_commands_and_stays_short():
    text = README.read_text("utf-8")
    first = text.split("```\n")[0]
    assert text.startswith("```sh\n"), text[:40]
    assert [line.split()[:2] for line in first.splitlines()[1:]] == [
        ["make", "demo"], ["make", "test"], ["make", "test-windows"], ["make", "test-fast"]]
    assert len(text.splitlines()) < 250


def test_every_doc_cited_exists():
    texts = [README.read_text("utf-8")] + [path.read_text("utf-8") for path in DOCS.glob("*.md")]
    cited = {name for text in texts for name in re.findall(r"docs/([\w-]+\.md)", text)}
    assert cited and sorted(name for name in cited if not (DOCS / name).is_file()) == []


def test_the_install_steps_are_written_once_in_the_bundles_guide():
    guide = (ROOT / "bundle" / "windows" / "HuongDan-CaiDat.txt").read_text("utf-8-sig")
    assert "Enable Editing" in guide and "Extract All" in guide
    for path in [README, *DOCS.glob("*.md")]:
        text = path.read_text("utf-8")
        assert "Enable Editing" not in text and "Extract All" not in text, path.name


def test_the_workbook_doc_names_every_sheet_of_the_contract():
    text = (DOCS / "workbook.md").read_text("utf-8")
    table = text.split("| sheet | holds | header labels |\n|---|---|---|\n")[1].split("\n\n")[0]
    named = {sheet for row in table.splitlines() for sheet in row.split(" | ")[0].removeprefix("| ").split(", ")}
    assert named == set(contract.SHEETS)


def test_the_readme_leads_to_every_doc():
    read_on = README.read_text("utf-8").split("## Read on\n")[1]
    assert sorted(path.name for path in DOCS.glob("*.md") if f"docs/{path.name}" not in read_on) == []
