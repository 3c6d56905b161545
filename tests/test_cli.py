import json
import zipfile
from pathlib import Path

import pytest

import kehoach_xl
from conftest import EXAMPLE
from helpers import digest, kehoach
from workbooks import set_cell, with_defect


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
    assert {"code": "money-text", "severity": "Lỗi", "sheet": "Dự án", "cell": "D11"}.items() <= report["findings"][0].items()
    assert report["findings"][0]["fields"] == {"value": "5 triệu", "example": " (ví dụ 5000000)"}
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


def test_totals_of_the_example(example):
    before = digest(example)
    result = kehoach("totals", example)
    assert result.returncode == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())
    assert "Tổng kinh phí: 26.000.000 đồng (Hai mươi sáu triệu đồng)" in out
    assert "21.000.000" in out and "12.000.000" in out
    assert "không cộng vào tổng: 6 dòng (DA2, DA3.1, DA3.2, DA4.1, DA4.3, DA6.1)" in out
    assert "0 lỗi, 0 cảnh báo" in out
    assert digest(example) == before


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_totals_json(example, engine):
    result = kehoach("totals", example, "--json", "--engine", engine)
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["totals"] == {
        "by_code": {"DA6.2": 5000000, "DA7.1": 9000000, "DA7.2": 12000000},
        "by_item": {"DA6": 5000000, "DA6.2": 5000000, "DA7": 21000000, "DA7.1": 9000000, "DA7.2": 12000000},
        "by_project": {"DA6": 5000000, "DA7": 21000000},
        "by_source": {"Chưa ghi nguồn": 26000000},
        "by_item_source": {code: {"Chưa ghi nguồn": amount} for code, amount in (
            ("DA6", 5000000), ("DA6.2", 5000000), ("DA7", 21000000), ("DA7.1", 9000000), ("DA7.2", 12000000))},
        "grand_total": 26000000,
        "without_amount": ["DA2", "DA3.1", "DA3.2", "DA4.1", "DA4.3", "DA6.1"],
    }
    assert report["findings"] == []


def test_totals_with_an_error_exits_1_and_leaves_the_bad_amount_out(tmp_path):
    path = with_defect(set_cell("Dự án", "D11", "5 triệu"), tmp_path / "bad.xlsx")
    before = digest(path)
    result = kehoach("totals", path, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["totals"]["grand_total"] == 21000000
    assert "DA6.2" in report["totals"]["without_amount"]
    assert ("money-text", "Dự án!D11") in [(f["code"], f"{f['sheet']}!{f['cell']}") for f in report["findings"]]
    assert digest(path) == before


def test_targets_of_the_example(example):
    before = digest(example)
    result = kehoach("targets", example)
    assert result.returncode == 0, result.stdout + result.stderr
    out = " ".join(result.stdout.split())
    assert "tổng số hộ: 1.450" in out
    assert "│ Tỷ lệ đầu năm │ 6,55% │ 8,28% │" in out
    assert "│ Tỷ lệ cuối năm (dự kiến) │ 5,38% │ 7,93% │" in out
    assert "│ Số hộ cuối năm (dự kiến) │ 78 │ 115 │" in out
    assert "Tỷ lệ hộ nghèo giảm: 1,17 điểm phần trăm" in out
    assert digest(example) == before


def test_targets_below_assigned_exits_1_with_json(tmp_path):
    path = with_defect(set_cell("Chỉ tiêu", "B6", 4), tmp_path / "low.xlsx")
    before = digest(path)
    result = kehoach("targets", path, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["targets"]["near_poor_cut"] == 4 and report["targets"]["assigned_near_poor_cut"] == 5
    assert report["targets"]["near_poor_rate_end"] == pytest.approx(7.9999, abs=1e-3)  # 116 / 1450
    assert [(f["code"], f"{f['sheet']}!{f['cell']}") for f in report["findings"]] == [("target-below-assigned", "Chỉ tiêu!B6")]
    assert digest(path) == before


def test_targets_warning_alone_exits_0(tmp_path):
    path = with_defect(set_cell("Chỉ tiêu", "B5", 60), tmp_path / "high.xlsx")
    result = kehoach("targets", path)
    assert result.returncode == 0
    out = " ".join(result.stdout.split())
    assert "poverty-drop-high" in out and "Chỉ tiêu!B5" in out and "0 lỗi, 1 cảnh báo" in out


@pytest.mark.parametrize("command", ["totals", "targets"])
def test_unreadable_file_exits_2_for_every_command(tmp_path, command):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    result = kehoach(command, path)
    assert result.returncode == 2 and "Tệp rỗng" in result.stderr and "Traceback" not in result.stderr


def test_an_output_that_cannot_be_written_exits_3_with_the_reason(example, tmp_path):
    in_the_way = tmp_path / "ra"
    in_the_way.write_text("một tệp, không phải thư mục")
    result = kehoach("export", example, "-o", in_the_way / "van-ban")
    assert result.returncode == 3 and "Traceback" not in result.stderr
    assert "Không ghi được" in result.stderr and "không phải thư mục" in result.stderr


@pytest.mark.parametrize("command", ["validate", "totals", "targets"])
@pytest.mark.parametrize("name, content, reason", [
    ("rong.xlsx", b"", "Tệp rỗng"),
    ("ghi-chu.xlsx", "Kế hoạch năm 2023".encode(), "không phải sổ làm việc Excel"),
    ("khong-co.xlsx", None, "Không tìm thấy tệp"),
])
def test_json_is_a_json_object_also_when_the_file_cannot_be_read(tmp_path, command, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = kehoach(command, path, "--json")
    assert result.returncode == 2 and "Traceback" not in result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["file"] == str(path) and reason in report["error"]
    assert (report["engine"], report["tried"]) == (None, []), "refused before any engine parsed it"


def _not_word(tmp_path: Path) -> dict[str, Path]:
    text = tmp_path / "mau.txt"
    text.write_text("không phải Word")
    broken = tmp_path / "mau-hong.docx"
    broken.write_bytes(EXAMPLE.read_bytes()[:3000])
    workbook = tmp_path / "so.docx"
    workbook.write_bytes(EXAMPLE.read_bytes())
    return {"text": text, "damaged": broken, "workbook": workbook}


@pytest.mark.parametrize("kind", ["text", "damaged", "workbook"])
def test_a_template_that_is_no_word_document_is_refused_and_makes_no_folder(example, tmp_path, kind):
    template = _not_word(tmp_path)[kind]
    out = tmp_path / "ra" / "2023"
    result = kehoach("export", example, "-o", out, "--template", template)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert f"Không xuất được kế hoạch: Mẫu văn bản {template.name} không phải văn bản Word (.docx) đọc được" \
           in result.stderr
    assert not (tmp_path / "ra").exists()


def test_a_failed_export_leaves_no_empty_folder(example, tmp_path):
    result = kehoach("export", example, "-o", tmp_path / "ra" / "2023", "--template", tmp_path / "khong-co.docx")
    assert result.returncode == 1 and "Không tìm thấy mẫu văn bản" in result.stderr
    assert list(tmp_path.iterdir()) == [example]


def test_a_consolidation_with_nothing_to_consolidate_makes_no_output_folder(tmp_path):
    (tmp_path / "hop-thu").mkdir()
    result = kehoach("consolidate", tmp_path / "hop-thu", "-o", tmp_path / "a" / "b" / "TongHop.xlsx")
    assert result.returncode == 2 and "không có sổ làm việc" in result.stderr
    assert not (tmp_path / "a").exists()


@pytest.mark.parametrize("args", [
    lambda example, file: ["export", example, "-o", file / "van-ban"],
    lambda example, file: ["export", example, "-o", file],
    lambda example, file: ["consolidate", example.parent, "-o", file / "TongHop.xlsx"],
])
def test_a_file_where_a_folder_should_be_is_named_as_such(example, tmp_path, args):
    in_the_way = tmp_path / "ra.txt"
    in_the_way.write_text("một tệp, không phải thư mục")
    result = kehoach(*args(example, in_the_way))
    assert result.returncode == 3 and "Traceback" not in result.stdout + result.stderr
    assert f"Không ghi được {in_the_way}/" in result.stderr
    assert "một phần đường dẫn là tệp, không phải thư mục" in result.stderr
    assert in_the_way.read_text() == "một tệp, không phải thư mục"


def test_consolidate_names_a_file_given_as_the_folder(example):
    result = kehoach("consolidate", example, "-o", example.parent / "TongHop.xlsx")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{example} là một tệp, không phải thư mục" in result.stderr


def test_build_workbook_outside_the_repository_says_where_to_run_it(tmp_path):
    result = kehoach("build-workbook", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "không phải thư mục gốc của kho mã kehoach-xl" in result.stderr and "--root" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_counts_have_thousands_separators(tmp_path):
    """1.001 findings in one workbook, 1.000 files in one folder."""
    def activities(book):
        for row in range(2, 1003):
            book["Hoạt động"].cell(row, 1, "DA99")
            book["Hoạt động"].cell(row, 2, f"Hoạt động {row}")

    path = with_defect(activities, tmp_path / "nhieu-loi.xlsx")
    errors = sum(f.severity == "Lỗi" for f in kehoach_xl.read(path).findings)
    assert errors > 1000
    result = kehoach("validate", path)
    assert result.returncode == 1
    assert f"nhieu-loi.xlsx: {errors // 1000}.{errors % 1000:03} lỗi, 0 cảnh báo." in result.stdout
    inbox = tmp_path / "hop-thu"
    inbox.mkdir()
    for number in range(1000):
        (inbox / f"{number:04}.xlsx").write_bytes(b"")
    result = kehoach("consolidate", inbox, "-o", tmp_path / "TongHop.xlsx")
    assert result.returncode == 1, result.stderr
    assert "Đã kiểm tra 1.000 tệp: 0 hợp lệ, 0 có lỗi, 1.000 không đọc được" in result.stdout
