"""The `kehoach` command: a thin shell over the core.

Exit codes: 0 no Lỗi, 1 at least one Lỗi (or a refused action), 2 the file
cannot be read at all.
"""

import argparse
import json
import sys
from pathlib import Path

from kehoach_xl.files import Unreadable, read_workbook
from kehoach_xl.findings import Finding, has_errors


def _print_findings(findings: list[Finding], source: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    errors = sum(f.severity == "Lỗi" for f in findings)
    if findings:
        table = Table(title=f"Kiểm tra {source.name}", show_lines=False)
        for header in ("Mức", "Mã", "Ô", "Nội dung"):
            table.add_column(header, overflow="fold")
        for f in findings:
            style = "red" if f.severity == "Lỗi" else "yellow"
            table.add_row(f"[{style}]{f.severity}[/]", f.code, f.place, f.message)
        console.print(table)
    console.print(f"{source.name}: {errors} lỗi, {len(findings) - errors} cảnh báo.")


def _findings_json(findings: list[Finding], source: Path) -> str:
    return json.dumps({"file": str(source), "findings": [
        {"code": f.code, "severity": f.severity, "place": f.place, "message": f.message}
        for f in findings]}, ensure_ascii=False, indent=2)


def _validate(args: argparse.Namespace) -> int:
    from kehoach_xl.validate import check

    _, findings = check(read_workbook(args.file, args.engine))
    if args.json:
        print(_findings_json(findings, args.file))
    else:
        _print_findings(findings, args.file)
    return 1 if has_errors(findings) else 0


def _build(args: argparse.Namespace) -> int:
    from kehoach_xl.build import build_all

    for path in build_all(args.root):
        print(f"Đã ghi {path}")
    return 0


def _consolidate(args: argparse.Namespace) -> int:
    from kehoach_xl.consolidate import INVALID, UNREADABLE, VALID, duplicates, status
    from kehoach_xl.consolidate_file import run

    if not args.folder.is_dir():
        print(f"Không tìm thấy thư mục {args.folder}.", file=sys.stderr)
        return 2
    if args.output.suffix.lower() != ".xlsx":
        print(f"Tệp tổng hợp phải có đuôi .xlsx: {args.output}.", file=sys.stderr)
        return 2
    written, results = run(args.folder, args.output, args.jobs)
    if not results:
        written.unlink()
        print(f"Thư mục {args.folder} không có sổ làm việc .xlsx, .xlsm hay tệp .zip nào.", file=sys.stderr)
        return 2
    counts = {s: sum(status(r) == s for r in results) for s in (VALID, INVALID, UNREADABLE)}
    print(f"Đã kiểm tra {len(results)} tệp: {counts[VALID]} hợp lệ, {counts[INVALID]} có lỗi, "
          f"{counts[UNREADABLE]} không đọc được, {len(duplicates(results))} bản cũ bị thay bằng bản mới hơn.")
    print(f"Đã ghi {written}")
    return 0 if counts[VALID] == len(results) else 1


def _generate(args: argparse.Namespace) -> int:
    from kehoach_xl.generate import generate

    truths = generate(args.folder, args.count, args.seed)
    defective = sum(t.defect is not None for t in truths)
    print(f"Đã tạo {len(truths)} sổ làm việc trong {args.folder} ({defective} sổ có lỗi cố ý).")
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"phải là số nguyên dương, không phải {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehoach", description="Kế hoạch giảm nghèo bền vững trong Excel.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    validate = commands.add_parser("validate", help="kiểm tra dữ liệu một sổ làm việc")
    validate.add_argument("file", type=Path, metavar="TỆP")
    validate.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    validate.add_argument("--engine", choices=("openpyxl", "calamine"), default="openpyxl",
                          help="thư viện đọc tệp (mặc định openpyxl)")
    validate.set_defaults(run=_validate)
    build = commands.add_parser("build-workbook", help="dựng lại workbook/KeHoach và ví dụ từ mã nguồn")
    build.add_argument("--root", type=Path, default=Path("."), help="thư mục gốc của kho mã")
    build.set_defaults(run=_build)
    merge = commands.add_parser("consolidate", help="kiểm tra và tổng hợp mọi sổ làm việc trong một thư mục")
    merge.add_argument("folder", type=Path, metavar="THƯ_MỤC")
    merge.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP.xlsx",
                       help="sổ tổng hợp sẽ ghi (không ghi đè: nếu đã có, thêm số vào tên)")
    merge.add_argument("--jobs", type=_positive, default=1, metavar="N",
                       help="số tiến trình đọc tệp song song (mặc định 1)")
    merge.set_defaults(run=_consolidate)
    generate = commands.add_parser("generate", help="tạo N sổ làm việc mẫu của các xã (để thử, đo tốc độ)")
    generate.add_argument("count", type=_positive, metavar="N")
    generate.add_argument("folder", type=Path, metavar="THƯ_MỤC")
    generate.add_argument("--seed", type=int, default=0, help="cùng seed cho cùng các tệp (mặc định 0)")
    generate.set_defaults(run=_generate)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8")
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except Unreadable as reason:
        print(f"Không đọc được {getattr(args, 'file', '')}: {reason}", file=sys.stderr)
        return 2
