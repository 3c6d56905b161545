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


def _export(args: argparse.Namespace) -> int:
    from kehoach_xl.export import TEMPLATE, ExportError, write_document
    from kehoach_xl.validate import check, plan_catalog

    plan, findings = check(read_workbook(args.file, args.engine))
    if findings:
        _print_findings(findings, args.file)
    if has_errors(findings):
        print("Chưa xuất văn bản: hãy sửa các lỗi trên trong sổ làm việc rồi chạy lại.", file=sys.stderr)
        return 1
    try:
        paths = write_document(plan, plan_catalog(plan), args.output or args.file.parent, pdf=args.pdf,
                               template=args.template or TEMPLATE)
    except ExportError as reason:
        print(f"Không xuất được văn bản: {reason}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"Đã ghi {path}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from kehoach_xl.build import build_all

    for path in build_all(args.root):
        print(f"Đã ghi {path}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehoach", description="Kế hoạch giảm nghèo bền vững trong Excel.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    validate = commands.add_parser("validate", help="kiểm tra dữ liệu một sổ làm việc")
    validate.add_argument("file", type=Path, metavar="TỆP")
    validate.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    validate.add_argument("--engine", choices=("openpyxl", "calamine"), default="openpyxl",
                          help="thư viện đọc tệp (mặc định openpyxl)")
    validate.set_defaults(run=_validate)
    export = commands.add_parser("export", help="xuất văn bản kế hoạch (.docx, và .pdf nếu có LibreOffice)")
    export.add_argument("file", type=Path, metavar="TỆP")
    export.add_argument("-o", "--output", type=Path, metavar="RA",
                        help="thư mục, hoặc tên tệp .docx (mặc định: cạnh sổ làm việc)")
    export.add_argument("--pdf", action="store_true", help="tạo thêm tệp .pdf bằng LibreOffice")
    export.add_argument("--template", type=Path, metavar="MẪU",
                        help="mẫu Word đã sửa kiểu chữ (mặc định: mẫu kèm theo chương trình)")
    export.add_argument("--engine", choices=("openpyxl", "calamine"), default="openpyxl",
                        help="thư viện đọc tệp (mặc định openpyxl)")
    export.set_defaults(run=_export)
    build = commands.add_parser("build-workbook", help="dựng lại workbook/KeHoach và ví dụ từ mã nguồn")
    build.add_argument("--root", type=Path, default=Path("."), help="thư mục gốc của kho mã")
    build.set_defaults(run=_build)
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
