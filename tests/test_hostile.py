"""Every corpus file through every command (issue 8).

Each run is a real `kehoach` process with bounded memory and time: it must
answer with the expected exit code and message, never a traceback, and leave
the corpus exactly as it was.  A new command is one line in COMMANDS, plus
what it answers for the readable files in corpus.READABLE.  `consolidate`
reads a folder, the upper level's inbox: it gets one holding the corpus file
alone, and reports an unreadable file as a row of its workbook, not a refusal.
"""

import os
import resource
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import corpus
from conftest import CATALOGS, ROOT
from helpers import digest, kehoach_process
from kehoach_xl.core import contract
from kehoach_xl.io.engines import ENGINES, read_file
from kehoach_xl.core.model import IssueDate
from kehoach_xl.core.text import tidy
from kehoach_xl.core.checks import check

pytestmark = pytest.mark.slow  # every corpus file, bombs included, through every command, each in a bounded process

MEMORY_BYTES = 3 * 2**30
TIMEOUT_SECONDS = 120

COMMANDS: dict[str, Callable[[Path, Path], list[object]]] = {
    "validate": lambda workbook, out: ["validate", workbook],
    "validate --engine calamine": lambda workbook, out: ["validate", workbook, "--engine", "calamine"],
    "totals": lambda workbook, out: ["totals", workbook],
    "targets": lambda workbook, out: ["targets", workbook],
    "export": lambda workbook, out: ["export", workbook, "-o", out],
    "consolidate": lambda workbook, out: ["consolidate", inbox(workbook, out), "-o", out / CONSOLIDATED],
}
CONSOLIDATED = "tong-hop.xlsx"
REFUSED_AS_A_ROW = {"consolidate": "1 không đọc được"}
"""Commands that list an unreadable file in their output instead of refusing: what they print."""


def inbox(workbook: Path, out: Path) -> Path:
    """A folder holding only `workbook`, linked (not copied) so that a change would show in its hash."""
    folder = out / "hop-thu"
    folder.mkdir()
    os.link(workbook, folder / workbook.name)
    return folder


def consolidated_text(out: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(out / CONSOLIDATED, read_only=True)
    return [value for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
            for value in row if isinstance(value, str)]


@pytest.fixture(scope="session")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return corpus.make(tmp_path_factory.mktemp("corpus"))


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def bounded_kehoach(args: list[object], cwd: Path) -> subprocess.CompletedProcess:
    """The real command in a process of its own, so that a bomb that got through fails the test, not the run."""
    return kehoach_process(*args, cwd=cwd, timeout=TIMEOUT_SECONDS, preexec_fn=_bounded,
                           env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "250"})


@pytest.mark.parametrize("name", [*corpus.UNREADABLE, *corpus.READABLE])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_answers_every_corpus_file(command, name, corpus_files, tmp_path):
    if name not in corpus_files:
        pytest.skip(corpus.MISSING_TOOLS[name])
    path = corpus_files[name]
    folder = sorted(path.parent.iterdir())
    before = digest(path)
    result = bounded_kehoach(COMMANDS[command](path, tmp_path), cwd=tmp_path)
    if name in corpus.UNREADABLE and command in REFUSED_AS_A_ROW:
        code, says, output = 1, REFUSED_AS_A_ROW[command], result.stdout
        assert any(corpus.UNREADABLE[name][1] in text for text in consolidated_text(tmp_path))
    elif name in corpus.UNREADABLE:
        code, says, output = 2, corpus.UNREADABLE[name][1], result.stderr
    else:
        code, says = corpus.READABLE[name][1][command.split()[0]]
        output = result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.returncode, says in output) == (code, True), result.stdout[-2000:] + result.stderr
    assert digest(path) == before
    assert sorted(path.parent.iterdir()) == folder
    assert not [leftover for leftover in tmp_path.rglob(".~*")]


def test_the_corpus_makes_what_it_says(corpus_files):
    """The hostile files are what their names say, or the refusals above prove nothing."""
    with zipfile.ZipFile(corpus_files["bom-nen.xlsx"]) as bomb:
        assert bomb.getinfo(corpus.ACTIVITIES_PART).file_size > 2**30
    assert corpus_files["bom-nen.xlsx"].stat().st_size < 2 * 2**20
    with zipfile.ZipFile(corpus_files["bom-noi-doi.xlsx"]) as liar:
        declared = liar.getinfo(corpus.ACTIVITIES_PART)
        assert declared.file_size == 20_000 and declared.compress_size > 2**20
    assert corpus_files["mat-khau.xlsx"].read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    if "excel-97.xls" in corpus_files:
        assert b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in corpus_files["excel-97.xls"].read_bytes()
    with zipfile.ZipFile(corpus_files["bom-thuc-the-trang.xlsx"]) as bomb:
        assert b"<!ENTITY lol9" in bomb.read(corpus.ACTIVITIES_PART)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_messy_workbook_is_read_and_every_defect_named(corpus_files, engine):
    plan, findings = check(read_file(corpus_files["lon-xon.xlsx"], engine).data, CATALOGS)
    row = corpus.messy_project_row
    assert [(f.code, f.place) for f in findings] == [
        ("date-invalid", "Căn cứ!C3"),
        ("number-invalid", "Chỉ tiêu!B2"),
        ("excel-error", f"Dự án!F{row('DA3.1')}"),
        ("excel-error", f"Dự án!F{row('DA3.2')}"),
        ("money-text", f"Dự án!F{row('DA6.2')}"),
        ("money-text", f"Dự án!F{row('DA7.1')}"),
        ("money-text", f"Dự án!F{row('DA7.2')}"),
    ]
    assert "#REF!" in findings[2].message and "#DIV/0!" in findings[3].message
    assert ["ví dụ 5000000" in findings[4].message, "ví dụ 9000000" in findings[5].message,
            "ví dụ 12000000" in findings[6].message] == [True, True, True]
    assert plan.info.unit == "xã Cẩm Lương" and plan.info.date == IssueDate(2023, 5, 8)
    assert plan.bases[0].date.isoformat() == "2023-04-20"
    assert corpus.MESSY_HIDDEN in [project.code for project in plan.projects]
    assert len(plan.projects) == 13


@pytest.mark.parametrize("engine", ENGINES)
def test_cell_text_reaches_the_plan_as_typed(corpus_files, engine):
    plan, findings = check(read_file(corpus_files[corpus.TEXT_AS_DATA], engine).data, CATALOGS)
    for text in corpus.INJECTIONS + (corpus.RTL, corpus.ZERO_WIDTH, corpus.EMOJI):
        assert text in plan.activities_of("DA2")
    assert "Hoạt động có mã dán từ trang web." in plan.activities_of("DA2")
    assert tidy(corpus.LONG_TEXT) in plan.texts(contract.GENERAL_GOAL)
    added = [text for text in plan.activities_of("DA7.1") if text.startswith("Hoạt động bổ sung số")]
    assert len(added) == corpus.MANY_ACTIVITIES and added[-1].startswith("Hoạt động bổ sung số 10000:")
    assert plan.recipients[0].name.startswith("=HYPERLINK(")
    assert next(p.source for p in plan.projects if p.code == "DA6.2") == corpus.MARKUP
    assert {(f.code, f.severity) for f in findings} == {("text-invisible", "Cảnh báo")}
    assert len(findings) == 2


def test_cell_text_reaches_the_document_as_plain_text(corpus_files, tmp_path):
    import docx

    result = bounded_kehoach(["export", corpus_files[corpus.TEXT_AS_DATA], "-o", tmp_path], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [written] = tmp_path.glob("*.docx")
    document = docx.Document(written)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs = [paragraph.text for paragraph in document.paragraphs] + cells
    for text in corpus.INJECTIONS + (corpus.RTL, corpus.ZERO_WIDTH, corpus.EMOJI):
        assert any(text in paragraph for paragraph in paragraphs), text
    assert any(tidy(corpus.LONG_TEXT) in paragraph for paragraph in paragraphs)
    assert any("Hoạt động bổ sung số 10000:" in paragraph for paragraph in paragraphs)
    assert any("=HYPERLINK(" in paragraph for paragraph in paragraphs)


def test_the_terminal_shows_cell_text_and_file_names_as_they_are(corpus_files, tmp_path):
    result = bounded_kehoach(["totals", corpus_files[corpus.TEXT_AS_DATA]], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert corpus.MARKUP in result.stdout and corpus.TEXT_AS_DATA in result.stdout


def test_the_whole_corpus_is_one_inbox_for_consolidate(corpus_files, tmp_path):
    """Dozens of files in one folder, as the upper level receives them: each is a row that says why."""
    from openpyxl import load_workbook

    folder = next(iter(corpus_files.values())).parent
    before = {path.name: digest(path) for path in folder.iterdir()}
    result = bounded_kehoach(["consolidate", folder, "-o", tmp_path / CONSOLIDATED], cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    sheet = load_workbook(tmp_path / CONSOLIDATED)["Danh sách"]
    header = [cell.value for cell in sheet[1]]
    rows = {row[0].value: dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == set(corpus_files)
    for name, (_, reason) in corpus.UNREADABLE.items():
        if name in corpus_files:
            assert reason in rows[name]["Lý do không đọc được"].value, name
    formula_like = rows[corpus.FORMULA_NAMED]
    assert (formula_like["Tệp"].value, formula_like["Tệp"].data_type) == (corpus.FORMULA_NAMED, "s")
    assert (formula_like["Đơn vị"].value, formula_like["Đơn vị"].data_type) == (corpus.FORMULA_UNIT, "s")
    assert {path.name: digest(path) for path in folder.iterdir()} == before


@pytest.fixture
def full_disk(tmp_path):
    """A filesystem of 64 KiB, filled: every write ends in ENOSPC ("No space left on device")."""
    disk = tmp_path / "o-day"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk], capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        with (disk / "day").open("wb") as filler:
            try:
                filler.write(b"\0" * 2**17)
            except OSError:
                pass
        yield disk
    finally:
        subprocess.run(["umount", disk], check=True)


@pytest.mark.parametrize("command", ["export", "export --pdf", "consolidate"])
def test_a_full_disk_ends_in_vietnamese_naming_the_path(command, full_disk, tmp_path):
    from conftest import EXAMPLE
    from kehoach_xl.io.export import pdf_unavailable

    if "--pdf" in command and pdf_unavailable():
        pytest.skip("export --pdf refuses before writing where no PDF can be made")
    if command == "consolidate":
        args = ["consolidate", inbox(EXAMPLE, tmp_path), "-o", full_disk / "TongHop.xlsx"]
        path = full_disk / "TongHop.xlsx"
    else:
        args = [*command.split(), EXAMPLE, "-o", full_disk]
        path = full_disk / "KeHoach_xa_Cam_Luong_2023.docx"
    before = digest(EXAMPLE)
    result = bounded_kehoach(args, cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (3, f"Không ghi được {path}: ổ đĩa đã đầy.")
    assert "Traceback" not in result.stdout + result.stderr and "Exception ignored" not in result.stderr
    assert [p.name for p in full_disk.iterdir()] == ["day"]
    assert digest(EXAMPLE) == before
