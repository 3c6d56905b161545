"""Workbooks built from the contract with random values: every command answers, none crashes.

The example plan's source with random cells replaced (Unicode text, huge
strings, numbers of every kind, dates, blanks) is built with the workbook
builder; each command runs in-process on it and must return an exit code with
its output, never raise, and never change the file.
"""

import copy
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import digest
from kehoach_xl.builder import build
from kehoach_xl.core import contract
from kehoach_xl.shells import cli

pytestmark = pytest.mark.slow  # thirty random workbooks through every command

COMMANDS = (
    ["validate", "{workbook}"],
    ["validate", "{workbook}", "--engine", "calamine"],
    ["totals", "{workbook}"],
    ["totals", "{workbook}", "--json"],
    ["targets", "{workbook}"],
    ["targets", "{workbook}", "--json"],
    ["export", "{workbook}", "-o", "{out}"],
    ["consolidate", "{folder}", "-o", "{out}/tong-hop.xlsx"],
)

_TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=60)
_HOSTILE = st.sampled_from(["", "   ", "=1+1", "@SUM(A1)", "<w:p>", "{{ x }}", "{% raw %}", "#REF!", "#DIV/0!",
                            "DA3.1", "da 7.2", "5.000.000", "5 triệu", "05/2023", "05/0000", "13/2023", "08/05/2023", "31/02/2023", "2023",
                            "²⁰²³", "２０２３", "9" * 5000, "\u202eabc", "x\u200b", "👩\u200d🌾"])
_NUMERALS = st.text(st.characters(categories=("Nd", "No", "Zs", "Po", "Sc")), min_size=1, max_size=8)
VALUES = st.one_of(
    _HOSTILE,
    _NUMERALS,
    _TEXT,
    st.none(),
    st.builds(lambda piece, times: piece * times, _TEXT.filter(bool), st.integers(1, 2_000)),
    st.integers(-(2**63), 2**63 - 1),
    st.sampled_from([999_999_999_999_999, 10**15, 10**25, 1e25, 2**53 + 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
)


@st.composite
def sources(draw: st.DrawFn) -> dict:
    """The example's source with some cells of every sheet replaced by random values."""
    source = copy.deepcopy(build.load_source(build.EXAMPLE))
    for field in contract.INFO_FIELDS:
        if draw(st.booleans()):
            source[contract.INFO.sheet][field.label] = draw(VALUES)
    for field in contract.TARGET_FIELDS:
        if draw(st.booleans()):
            source[contract.TARGETS.sheet][field.label] = [draw(VALUES), ""]
    for table in (contract.BASES, contract.TEXTS, contract.PROJECTS, contract.ACTIVITIES, contract.RECIPIENTS):
        records = source[table.sheet]
        for _ in range(draw(st.integers(0, 6))):
            record = records[draw(st.integers(0, len(records) - 1))]
            record[draw(st.sampled_from(table.labels))] = draw(VALUES)
    return source


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=sources())
def test_every_command_answers_a_random_plan(source, capsys):
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "KeHoach.xlsx"
        build.build_workbook(source).save(workbook)
        before = digest(workbook)
        for command in COMMANDS:
            args = [arg.format(workbook=workbook, folder=folder, out=Path(folder) / "out") for arg in command]
            code = cli.main(args)
            printed = capsys.readouterr()
            assert code in (0, 1), (args, printed.out[-1500:], printed.err[-1500:])
            assert printed.out or printed.err
            assert digest(workbook) == before
