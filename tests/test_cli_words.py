"""`kehoach` speaks Vietnamese, argparse's own words included, on every Python it runs on.

argparse's English comes from its `_()` calls, which differ between Python
versions (3.13 added "subcommands", "%(heading)s:", …; 3.14 "maybe you
meant").  The tests read those calls from each interpreter's argparse.py and
run the real command under each CPython 3.11+ found on PATH or by pyenv.
"""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT
from helpers import kehoach
from kehoach_xl.shells.argparse_vi import MESSAGES

PROGRAMMER_ERRORS = {
    "%r is not callable", "'required' is an invalid argument for positionals", ".__call__() not defined",
    'argument "-" with mode %r', "cannot have multiple subparser arguments",
    "cannot merge actions - two groups are named %r", "conflicting option string: %s",
    "conflicting option strings: %s", "conflicting subparser alias: %s", "conflicting subparser: %s",
    "dest= is required for options like %r", "invalid conflict_resolution value: %r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r",
    "mutually exclusive arguments must be optional",
}
"""Raised while a parser is built, never while a person uses it: a bug the suite meets first."""


def _version(python: str) -> str:
    return subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                          capture_output=True, text=True).stdout.strip()


def _interpreters() -> dict[str, str]:
    """This Python, and one CPython 3.11+ of each other minor version on PATH or under pyenv."""
    found = {_version(sys.executable): sys.executable}
    candidates = [shutil.which(f"python3.{minor}") for minor in range(11, 20)]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(str(p) for p in pyenv.glob("3.*/bin/python3"))
    for python in filter(None, candidates):
        version = _version(python)
        if re.fullmatch(r"3\.(1[1-9])", version):
            found.setdefault(version, python)
    return found


INTERPRETERS = _interpreters()
PYTHONS = [pytest.param(python, id=version, marks=() if python == sys.executable else pytest.mark.slow)
           for version, python in INTERPRETERS.items()]
"""This interpreter, in-process, for `make test-fast`; the others, each a process, marked slow."""


def kehoach_under(python: str, *args: object) -> subprocess.CompletedProcess:
    """The command under `python`: this interpreter's main() in-process, another's real command with the
    venv's pure-Python libraries (rich, …) on its path too."""
    if python == sys.executable:
        return kehoach(*args, env={**os.environ, "COLUMNS": "100"})
    path = os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"]])
    return subprocess.run([python, "-m", "kehoach_xl", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, "PYTHONPATH": path, "COLUMNS": "100"})


def messages(python: str) -> set[str]:
    """Every constant text argparse of `python` passes to `_()` or `ngettext()`."""
    source = subprocess.run([python, "-c", "import argparse; print(argparse.__file__)"], capture_output=True,
                            text=True, check=True).stdout.strip()
    found = set()
    for node in ast.walk(ast.parse(Path(source).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
            found |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def english(python: str) -> list[str]:
    """The words of argparse's texts between their %-fields: "usage:", "(choose from", …"""
    pieces = {piece.strip() for text in messages(python) for piece in re.split(r"%\(\w+\)[sr]|%[sr]", text)}
    return sorted(piece for piece in pieces if len(re.findall(r"[a-z]", piece)) >= 3)


def commands(python: str) -> dict[str, list[list[str]]]:
    """Each command's arguments as (option strings or metavar, help), read from the parser itself."""
    code = ("import json, argparse\n"
            "from kehoach_xl.shells.cli import _parser\n"
            "parser = _parser()\n"
            "[sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]\n"
            "every = {'': parser, **sub.choices}\n"
            "print(json.dumps({name: [[' '.join(a.option_strings) or a.metavar or a.dest, a.help or '']\n"
            "                         for a in p._actions] for name, p in every.items()}))")
    path = os.pathsep.join([str(ROOT), sysconfig.get_paths()["purelib"]])
    result = subprocess.run([python, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                            env={**os.environ, "PYTHONPATH": path})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_vietnamese(text: str, python: str) -> None:
    assert "Traceback" not in text
    left = [word for word in english(python) if word in text]
    assert left == [], text


@pytest.mark.parametrize("python", PYTHONS)
def test_every_text_argparse_shows_a_person_is_translated(python):
    assert messages(python) - PROGRAMMER_ERRORS - MESSAGES.keys() == set()


@pytest.mark.parametrize("python", PYTHONS)
def test_help_of_every_command_is_vietnamese_and_describes_every_argument(python):
    every = commands(python)
    assert {"", "validate", "totals", "targets", "export", "consolidate", "generate", "build-workbook"} <= set(every)
    for name, arguments in every.items():
        assert all(help for _, help in arguments), (name, arguments)
        result = kehoach_under(python, *([name] if name else []), "--help")
        assert result.returncode == 0 and result.stderr == ""
        assert result.stdout.startswith(f"Cách dùng: kehoach {name}".rstrip()), result.stdout
        assert "tùy chọn:" in result.stdout and "in hướng dẫn này rồi thoát" in result.stdout
        assert_vietnamese(result.stdout, python)


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("args, says", [
    ([], "kehoach: lỗi: thiếu đối số bắt buộc: LỆNH"),
    (["validat", "a.xlsx"], "kehoach: lỗi: đối số LỆNH: không có lựa chọn 'validat'"),
    (["validate", "a.xlsx", "--thu"], "kehoach: lỗi: không hiểu các đối số: --thu"),
    (["validate", "a.xlsx", "--engine", "pandas"], "đối số --engine: không có lựa chọn 'pandas'"),
    (["consolidate", "thu-muc"], "kehoach consolidate: lỗi: thiếu đối số bắt buộc: -o/--output"),
    (["export", "a.xlsx", "-o"], "đối số -o/--output: cần một giá trị"),
    (["generate", "mười", "thu-muc"], "đối số N: phải là số nguyên dương, không phải 'mười'"),
    (["generate", "3", "thu-muc", "--seed", "x"], "đối số --seed: phải là số nguyên, không phải 'x'"),
    (["consolidate", "thu-muc", "-o", "a.xlsx", "--jobs", "0"], "đối số --jobs: phải là số nguyên dương"),
])
def test_a_command_given_wrongly_says_what_in_vietnamese(python, args, says):
    result = kehoach_under(python, *args)
    assert result.returncode == 2 and result.stdout == ""
    assert says in result.stderr and result.stderr.startswith("Cách dùng: kehoach"), result.stderr
    assert_vietnamese(result.stderr, python)


def test_version():
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as file:
        version = tomllib.load(file)["project"]["version"]
    result = kehoach_under(sys.executable, "--version")
    assert result.returncode == 0 and result.stdout.startswith(f"kehoach-xl {version} (Python 3."), result.stdout
