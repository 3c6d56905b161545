import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from workbooks import set_cell, with_defect


def kehoach(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach_xl", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_validate_example_exits_0_and_leaves_the_file_alone(example):
    before = digest(example)
    result = kehoach("validate", example)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 lỗi, 0 cảnh báo" in result.stdout
    assert digest(example) == before


def test_validate_with_an_error_exits_1_and_names_the_cell(tmp_path):
    path = with_defect(set_cell("Dự án", "D11", "5 triệu"), tmp_path / "bad.xlsx")
    before = digest(path)
    result = kehoach("validate", path, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert {"code": "money-text", "severity": "Lỗi", "place": "Dự án!D11"}.items() <= report["findings"][0].items()
    assert digest(path) == before


def test_warnings_alone_exit_0(tmp_path):
    path = with_defect(set_cell("Thông tin", "B4", "xã  Cẩm Lương"), tmp_path / "warn.xlsx")
    result = kehoach("validate", path)
    assert result.returncode == 0
    assert "text-spacing" in result.stdout and "0 lỗi, 1 cảnh báo" in result.stdout


@pytest.mark.parametrize("name, content, reason", [
    ("empty.xlsx", b"", "Tệp rỗng"),
    ("note.xlsx", "Kế hoạch năm 2023".encode(), "không phải sổ làm việc Excel"),
    ("truncated.xlsx", EXAMPLE.read_bytes()[:5000], "bị cắt cụt"),
])
def test_unreadable_files_exit_2_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    result = kehoach("validate", path)
    assert result.returncode == 2
    assert reason in result.stderr and "Traceback" not in result.stderr


def test_corrupt_workbook_exits_2(tmp_path):
    path = tmp_path / "corrupt.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook><sheets>")
    result = kehoach("validate", path)
    assert result.returncode == 2 and "bị hỏng" in result.stderr


def test_missing_file_exits_2(tmp_path):
    result = kehoach("validate", tmp_path / "khong-co.xlsx")
    assert result.returncode == 2 and "Không tìm thấy tệp" in result.stderr
