"""The library API, `import kehoach_xl`, on real workbooks: the example and an inbox made by `kehoach generate`."""

import json
import subprocess
import sys
from datetime import datetime, timedelta
from itertools import zip_longest
from pathlib import Path

import openpyxl
import pandas
import pytest
from docx import Document

import kehoach_xl
from conftest import EXAMPLE, ROOT
from helpers import kehoach
from workbooks import set_cell, with_defect

SHEETS = ["Danh sách", "Kinh phí", "Chỉ tiêu", "Kết quả", "Lỗi"]


def python(code: str) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter: what a ribbon button or a notebook starts from."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hop-thu")
    made = kehoach("generate", "16", folder, "--seed", "7")
    assert made.returncode == 0, made.stderr
    return folder


def test_read_the_example():
    reading = kehoach_xl.read(EXAMPLE)
    assert reading.path == EXAMPLE and reading.plan.info.unit == "xã Cẩm Lương" and reading.plan.info.year == 2023
    assert reading.findings == [] and not reading.has_errors
    money = kehoach_xl.totals(reading.plan)
    assert money.grand_total == 26_000_000 and money.by_project == {"DA6": 5_000_000, "DA7": 21_000_000}
    assert money.without_amount == ("DA2", "DA3.1", "DA3.2", "DA4.1", "DA4.3", "DA6.1")
    report = kehoach_xl.targets(reading.plan)
    assert report.poor_drop == pytest.approx(17 * 100 / 1450) and report.findings == []


def test_read_gives_what_the_command_line_prints(tmp_path):
    path = with_defect(set_cell("Dự án", "D11", "5 triệu"), tmp_path / "sai.xlsx")
    reading = kehoach_xl.read(str(path), engine="calamine")
    assert reading.has_errors
    printed = kehoach("totals", path, "--json")
    report = json.loads(printed.stdout)
    assert [f.as_dict() for f in reading.findings] == report["findings"]
    assert kehoach_xl.totals(reading.plan).grand_total == report["totals"]["grand_total"] == 21_000_000


def test_an_unreadable_file_raises_unreadable_with_the_reason(tmp_path):
    empty = tmp_path / "rong.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(kehoach_xl.Unreadable, match="Tệp rỗng"):
        kehoach_xl.read(empty)
    with pytest.raises(kehoach_xl.Unreadable, match="Không tìm thấy tệp"):
        kehoach_xl.read(tmp_path / "khong-co.xlsx")


def test_an_unknown_engine_is_refused_not_taken_for_a_broken_file():
    with pytest.raises(ValueError, match="openpyxl, calamine"):
        kehoach_xl.read(EXAMPLE, engine="pandas")


def test_export_writes_the_document_and_never_over_one(tmp_path):
    plan = kehoach_xl.read(EXAMPLE).plan
    [first] = kehoach_xl.export(plan, tmp_path / "ra")
    [second] = kehoach_xl.export(plan, str(tmp_path / "ra"))
    assert first == tmp_path / "ra" / "KeHoach_xa_Cam_Luong_2023.docx"
    assert second == tmp_path / "ra" / "KeHoach_xa_Cam_Luong_2023 (2).docx"
    text = "\n".join(p.text for p in Document(str(first)).paragraphs)
    assert "26.000.000 đồng (Hai mươi sáu triệu đồng)" in text


def test_export_with_a_template_that_is_no_word_document_makes_nothing(tmp_path):
    note = tmp_path / "mau.txt"
    note.write_text("không phải Word")
    with pytest.raises(kehoach_xl.ExportError, match="không phải văn bản Word"):
        kehoach_xl.export(kehoach_xl.read(EXAMPLE).plan, tmp_path / "ra" / "2023", template=note)
    assert not (tmp_path / "ra").exists()


@pytest.mark.slow
def test_consolidate_an_inbox_made_by_kehoach_generate(inbox):
    result = kehoach_xl.consolidate(inbox)
    assert result.written is None and len(result.files) == 16
    frames = result.frames()
    assert list(frames) == SHEETS
    files = frames["Danh sách"]
    assert list(files["Tệp"]) == sorted((p.name for p in inbox.iterdir()), key=str.casefold)
    money = frames["Kinh phí"]
    assert str(money["Tổng cộng (đồng)"].dtype) == "Int64" and str(money["Năm"].dtype) == "Int64"
    for row in money.to_dict("records"):
        plan = kehoach_xl.read(inbox / row["Tệp"]).plan
        assert (row["Đơn vị"], row["Năm"], row["Tổng cộng (đồng)"]) == (
            plan.info.unit, plan.info.year, kehoach_xl.totals(plan).grand_total)
    targets = frames["Chỉ tiêu"].dropna(subset=["Tỷ lệ hộ nghèo đầu năm"])
    assert len(targets) > 10
    for row in targets.to_dict("records"):
        report = kehoach_xl.targets(kehoach_xl.read(inbox / row["Tệp"]).plan)
        assert row["Tỷ lệ hộ nghèo đầu năm"] == pytest.approx(report.poor_rate_start / 100)
    findings = frames["Lỗi"]
    assert len(findings) == sum(len(r.findings) + (r.plan is None) for r in result.files) > 0


def same_cell(written: object, framed: object) -> bool:
    """A cell as openpyxl reads it back and the frame's value: blank is None or <NA>; the workbook
    keeps a time to the millisecond and a rate to Excel's 15 digits, the frame keeps them whole."""
    if isinstance(framed, str):
        return written == (framed or None)
    if pandas.isna(framed):
        return written is None
    if isinstance(framed, datetime):
        return abs(written - framed) < timedelta(milliseconds=1)
    if isinstance(framed, float):
        return written == pytest.approx(framed, rel=1e-14)
    return written == framed


@pytest.mark.slow
def test_frames_are_the_tables_of_the_written_workbook(inbox, tmp_path):
    result = kehoach_xl.consolidate(inbox, tmp_path / "TongHop.xlsx", jobs=2)
    assert result.written == tmp_path / "TongHop.xlsx"
    book = openpyxl.load_workbook(result.written, read_only=True)
    for title, frame in result.frames().items():
        rows = list(book[title].iter_rows(values_only=True))
        assert rows[0] == tuple(frame.columns)
        for written, framed in zip(rows[1:], frame.astype(object).itertuples(index=False)):
            cells = zip_longest(written[:len(framed)], framed)  # read-only openpyxl leaves out trailing blanks
            assert all(same_cell(w, f) for w, f in cells), (title, written, framed)
        assert len(frame) > 0, title


def test_consolidate_refuses_what_is_no_inbox(tmp_path):
    note = tmp_path / "ghi-chu.txt"
    note.write_text("x")
    with pytest.raises(kehoach_xl.Unreadable, match="là một tệp, không phải thư mục"):
        kehoach_xl.consolidate(note)
    with pytest.raises(kehoach_xl.Unreadable, match="Không tìm thấy thư mục"):
        kehoach_xl.consolidate(tmp_path / "khong-co")
    with pytest.raises(kehoach_xl.Unreadable, match="không có sổ làm việc"):
        kehoach_xl.consolidate(tmp_path, tmp_path / "TongHop.xlsx")
    assert not (tmp_path / "TongHop.xlsx").exists()


def test_frames_without_pandas_say_how_to_install_it(inbox):
    code = ("import sys; sys.modules['pandas'] = None\n"  # how Python marks a module as not installed
            "import kehoach_xl\n"
            f"result = kehoach_xl.consolidate({str(inbox)!r})\n"
            "try:\n    result.frames()\nexcept ImportError as error:\n    print(error)")
    run = python(code)
    assert run.returncode == 0 and "frames() cần thư viện pandas" in run.stdout, run.stderr
    assert "python -m pip install pandas" in run.stdout


def test_import_loads_nothing_and_read_loads_no_pandas():
    """A ribbon button imports kehoach_xl in a new Python on every click; pandas alone costs it 0.45 s.

    (numpy is not asked about: openpyxl imports it whenever it is installed, and pandas brings it.)
    """
    code = ("import sys; import kehoach_xl\n"
            "print(sorted(m for m in sys.modules if m.startswith('kehoach_xl')))\n"
            f"kehoach_xl.read({str(EXAMPLE)!r})\n"
            "print(sorted(m for m in ('pandas', 'xlwings', 'docxtpl', 'jinja2', 'docx', 'rich', 'xlsxwriter')"
            " if m in sys.modules))")
    run = python(code)
    assert run.stdout.splitlines() == ["['kehoach_xl']", "[]"], run.stderr


def test_consolidating_loads_no_openpyxl(inbox, tmp_path):
    """It reads with python-calamine and writes with XlsxWriter: importing openpyxl would cost it 0.2 s."""
    out = tmp_path / "TongHop.xlsx"
    code = (f"import sys; import kehoach_xl\nkehoach_xl.consolidate({str(inbox)!r}, {str(out)!r})\n"
            "print(sorted(m for m in ('openpyxl', 'xlsxwriter') if m in sys.modules))")
    run = python(code)
    assert run.stdout.splitlines() == ["['xlsxwriter']"], run.stderr
    assert out.is_file()


def test_the_version_is_the_package_version():
    import tomllib

    with (ROOT / "pyproject.toml").open("rb") as file:
        assert kehoach_xl.__version__ == tomllib.load(file)["project"]["version"]


@pytest.mark.slow
def test_the_readme_example_runs(inbox, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Dùng trong Python"):]
    start = section.index("```python\n") + len("```python\n")
    code = section[start:section.index("```\n", start)]
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "hop-thu").symlink_to(inbox)
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                         encoding="utf-8")
    assert run.returncode == 0, run.stderr
    assert [p.name for p in (tmp_path / "ra").iterdir()] == ["KeHoach_xa_Cam_Luong_2023.docx"]
