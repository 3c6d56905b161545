"""The real `kehoach` process, `python -m kehoach_xl`, once per command family.

The other command-line tests call main(argv) in-process (helpers.kehoach); these keep what only a
process shows: the entry point, its exit codes, a process pool started from it, and UTF-8 written on
a terminal whose locale is not UTF-8.
"""

import json
import os

import pytest

from conftest import EXAMPLE
from helpers import kehoach_process
from workbooks import set_cell, with_defect


def test_help_exits_0_in_vietnamese():
    result = kehoach_process("--help")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Cách dùng: kehoach") and "in hướng dẫn này rồi thoát" in result.stdout


def test_a_command_given_wrongly_exits_2():
    result = kehoach_process("validat", EXAMPLE)
    assert result.returncode == 2 and result.stdout == ""
    assert "kehoach: lỗi: đối số LỆNH: không có lựa chọn 'validat'" in result.stderr


@pytest.mark.slow
def test_validate_totals_targets_exit_0_on_the_example():
    assert "0 lỗi, 0 cảnh báo" in kehoach_process("validate", EXAMPLE).stdout
    totals = kehoach_process("totals", EXAMPLE, "--json")
    assert totals.returncode == 0 and json.loads(totals.stdout)["totals"]["grand_total"] == 26_000_000
    targets = kehoach_process("targets", EXAMPLE, "--json")
    assert targets.returncode == 0 and json.loads(targets.stdout)["findings"] == []


@pytest.mark.slow
def test_an_error_exits_1(tmp_path):
    path = with_defect(set_cell("Dự án", "D11", "5 triệu"), tmp_path / "bad.xlsx")
    result = kehoach_process("validate", path)
    assert result.returncode == 1 and "money-text" in result.stdout


@pytest.mark.slow
def test_an_unreadable_file_exits_2_without_a_traceback(tmp_path):
    (tmp_path / "rong.xlsx").write_bytes(b"")
    result = kehoach_process("validate", tmp_path / "rong.xlsx")
    assert result.returncode == 2 and "Tệp rỗng" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_an_output_that_cannot_be_written_exits_3(tmp_path):
    (tmp_path / "ra").write_text("một tệp, không phải thư mục")
    result = kehoach_process("export", EXAMPLE, "-o", tmp_path / "ra" / "van-ban")
    assert result.returncode == 3 and "Không ghi được" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_export_and_report_write_their_documents(tmp_path):
    assert kehoach_process("export", EXAMPLE, "-o", tmp_path).returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["KeHoach_xa_Cam_Luong_2023.docx"]
    result = kehoach_process("report", EXAMPLE, "-o", tmp_path / "bc")
    assert result.returncode == 1 and "Traceback" not in result.stderr  # the example has no period reported


@pytest.mark.slow
def test_new_and_catalog_export_write_workbooks(tmp_path):
    made = kehoach_process("new", "--year", 2027, "-o", tmp_path / "KeHoach_2027.xlsm")
    assert made.returncode == 0, made.stderr
    listed = kehoach_process("catalog", "export", "2026-2030", "-o", tmp_path / "danh-muc.xlsx")
    assert listed.returncode == 0 and (tmp_path / "danh-muc.xlsx").is_file()


@pytest.mark.slow
def test_generate_then_consolidate_with_a_process_pool(tmp_path):
    generated = kehoach_process("generate", 4, tmp_path / "hop-thu", "--seed", 1)
    assert generated.returncode == 0, generated.stderr
    result = kehoach_process("consolidate", tmp_path / "hop-thu", "-o", tmp_path / "TongHop.xlsx", "--jobs", 2)
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    assert "Đã kiểm tra 4 tệp" in result.stdout and (tmp_path / "TongHop.xlsx").is_file()


@pytest.mark.slow
def test_build_workbook_outside_the_repository_exits_2(tmp_path):
    result = kehoach_process("build-workbook", cwd=tmp_path)
    assert result.returncode == 2 and "--root" in result.stderr and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["--help"], ["validate", EXAMPLE], ["validat"]])
def test_utf8_on_a_terminal_whose_locale_is_not(command):
    """main() sets UTF-8 on stdout and stderr itself: Vietnamese never fails on an ASCII locale."""
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}
    result = kehoach_process(*command, env=env)
    assert "UnicodeEncodeError" not in result.stderr and "Traceback" not in result.stderr
    assert "Cách dùng: kehoach" in result.stdout + result.stderr or "0 lỗi, 0 cảnh báo" in result.stdout
