"""The `kehoach` command: a thin shell over the core.

Exit codes: 0 no Lỗi, 1 at least one Lỗi (or a refused action), 2 the file
cannot be read at all, 3 the output cannot be written (no permission, disk
full, a file where a folder should be).
"""

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kehoach_xl.io.catalogs import CatalogError
from kehoach_xl.io.engines import Unreadable, os_reason, read_workbook
from kehoach_xl.core.findings import ERROR, Finding, has_errors, tally

if TYPE_CHECKING:
    from rich.console import Console

    from kehoach_xl.core.catalog import Catalog
    from kehoach_xl.core.totals import Totals
    from kehoach_xl.core.model import Plan
    from kehoach_xl.core.targets import TargetReport


def _console() -> "Console":
    """A terminal that prints text as it is: no markup, emoji codes or highlighting.

    Cell text and file names reach the terminal: "[/]" or "[link=…]" typed in a
    cell, or a file saved as "KeHoach[1].xlsx", must not be read as Rich markup.
    """
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False)


def _print_findings(findings: list[Finding], source: Path) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    if findings:
        table = Table(title=f"Kiểm tra {source.name}", show_lines=False)
        for header in ("Mức", "Mã", "Ô", "Nội dung"):
            table.add_column(header, overflow="fold")
        for f in findings:
            style = "red" if f.severity == ERROR else "yellow"
            table.add_row(Text(f.severity, style=style), f.code, f.place, f.message)
        console.print(table)
    console.print(f"{source.name}: {tally(findings)}")


def _print_json(source: Path, findings: list[Finding], **report: object) -> None:
    print(json.dumps({"file": str(source), **report, "findings": [f.as_dict() for f in findings]},
                     ensure_ascii=False, indent=2))


def _exit_code(findings: list[Finding]) -> int:
    return 1 if has_errors(findings) else 0


def _shown(value: object) -> str:
    return "—" if value is None else str(value)


def _catalogs(args: argparse.Namespace) -> dict[str, "Catalog"]:
    """The phases to check against, read once per command: the shipped ones, or the upper level's (--catalog)."""
    from kehoach_xl.io.catalogs import load

    return load(args.catalog)


def _validate(args: argparse.Namespace) -> int:
    from kehoach_xl.core.checks import check

    _, findings = check(read_workbook(args.file, args.engine), _catalogs(args))
    if args.json:
        _print_json(args.file, findings)
    else:
        _print_findings(findings, args.file)
    return _exit_code(findings)


def _print_totals(plan: "Plan", money: "Totals", known: "Catalog") -> None:
    from rich.table import Table

    from kehoach_xl.core.totals import NO_SOURCE, leaves
    from kehoach_xl.core.money import format_amount, format_money

    names = known.names
    console = _console()
    projects = Table(title=f"Kinh phí theo {known.top_kind.lower()}")
    for header in (known.top_kind, "Kinh phí (đồng)", "Chưa có số tiền (theo phân bổ)"):
        projects.add_column(header, overflow="fold", justify="right" if "đồng" in header else "left")
    for code in dict.fromkeys(p.parent for p in plan.projects if p.code):
        waiting = [c for c in money.without_amount if c.split(".")[0] == code]
        amount = money.by_project.get(code)
        projects.add_row(known.title(code), "—" if amount is None else format_amount(amount), ", ".join(waiting))
    console.print(projects)
    lines = Table(title=f"Kinh phí từng {known.words}")
    for header in ("Mã", "Tên", "Kinh phí (đồng)", "Nguồn kinh phí"):
        lines.add_column(header, overflow="fold", justify="right" if "đồng" in header else "left")
    for line in leaves(plan):
        amount = "theo phân bổ" if line.amount is None else format_amount(line.amount)
        lines.add_row(line.code, names.get(line.code, ""), amount, line.source or NO_SOURCE)
    console.print(lines)
    sources = Table(title="Kinh phí theo nguồn")
    for header in ("Nguồn kinh phí", "Kinh phí (đồng)"):
        sources.add_column(header, overflow="fold", justify="right" if "đồng" in header else "left")
    for source, amount in money.by_source.items():
        sources.add_row(source, format_amount(amount))
    console.print(sources)
    console.print(f"Tổng kinh phí: {format_money(money.grand_total)}")
    if money.without_amount:
        console.print(f"Theo phân bổ của cấp trên, không cộng vào tổng: {len(money.without_amount)} dòng "
                      f"({', '.join(money.without_amount)}).")


def _totals(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kehoach_xl.core.catalog import of_plan
    from kehoach_xl.core.checks import check
    from kehoach_xl.core.totals import totals

    catalogs = _catalogs(args)
    plan, findings = check(read_workbook(args.file, args.engine), catalogs)
    money = totals(plan)
    if args.json:
        _print_json(args.file, findings, totals=asdict(money))
    else:
        _print_totals(plan, money, of_plan(catalogs, plan))
        _print_findings(findings, args.file)
    return _exit_code(findings)


def _print_targets(plan: "Plan", report: "TargetReport", known: "Catalog") -> None:
    from rich.table import Table

    from kehoach_xl.core.targets import format_points, target_rows, usual_band

    console = _console()
    table = Table(title=f"Chỉ tiêu (tổng số hộ: {_shown(plan.targets.households)})")
    for header in ("Chỉ tiêu", "Hộ nghèo", "Hộ cận nghèo"):
        table.add_column(header, overflow="fold")
    for label, poor, near_poor in target_rows(plan.targets, report):
        table.add_row(label, _shown(poor), _shown(near_poor))
    console.print(table)
    usual = f" (mức thường của Chương trình: {usual_band(known.usual_rate_drop)})" if known.usual_rate_drop else ""
    drop = "—" if report.poor_drop is None else format_points(report.poor_drop)
    console.print(f"Tỷ lệ hộ nghèo giảm: {drop}{usual}.")


def _targets(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kehoach_xl.core.catalog import of_plan
    from kehoach_xl.core.checks import check
    from kehoach_xl.core.targets import check_targets

    catalogs = _catalogs(args)
    plan, findings = check(read_workbook(args.file, args.engine), catalogs)
    known = of_plan(catalogs, plan)
    report = check_targets(plan, known)
    if args.json:
        numbers = {key: value for key, value in asdict(plan.targets).items() if key != "cells"}
        rates = {key: value for key, value in asdict(report).items() if key != "findings"}
        _print_json(args.file, findings, targets={**numbers, **rates})
    else:
        _print_targets(plan, report, known)
        _print_findings(findings, args.file)
    return _exit_code(findings)


def _export(args: argparse.Namespace) -> int:
    from kehoach_xl.core.catalog import of_plan
    from kehoach_xl.core.checks import check
    from kehoach_xl.io.export import TEMPLATE, ExportError, write_document

    catalogs = _catalogs(args)
    plan, findings = check(read_workbook(args.file, args.engine), catalogs)
    if findings:
        _print_findings(findings, args.file)
    if has_errors(findings):
        print("Chưa xuất văn bản: hãy sửa các lỗi trên trong sổ làm việc rồi chạy lại.", file=sys.stderr)
        return 1
    try:
        paths = write_document(plan, of_plan(catalogs, plan), args.output or args.file.parent, pdf=args.pdf,
                               template=args.template or TEMPLATE)
    except ExportError as reason:
        print(f"Không xuất được văn bản: {reason}", file=sys.stderr)
        return 1
    for path in paths:
        print(f"Đã ghi {path}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from kehoach_xl.builder.build import build_all

    for path in build_all(args.root):
        print(f"Đã ghi {path}")
    return 0


def _consolidate(args: argparse.Namespace) -> int:
    from kehoach_xl.core.consolidation import INVALID, UNREADABLE, VALID, duplicates, status
    from kehoach_xl.shells.consolidate import run

    if not args.folder.is_dir():
        print(f"Không tìm thấy thư mục {args.folder}.", file=sys.stderr)
        return 2
    if args.output.suffix.lower() != ".xlsx":
        print(f"Tệp tổng hợp phải có đuôi .xlsx: {args.output}.", file=sys.stderr)
        return 2
    try:
        written, results = run(args.folder, args.output, args.jobs, _catalogs(args))
    except Unreadable as reason:
        print(reason, file=sys.stderr)
        return 2
    except OSError as error:
        print(f"Không ghi được {error.filename or args.output} (lỗi hệ thống: "
              f"{error.strerror or type(error).__name__}).", file=sys.stderr)
        return 3
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
    from kehoach_xl.builder.generate import generate

    truths = generate(args.folder, args.count, args.seed)
    defective = sum(t.defect is not None for t in truths)
    print(f"Đã tạo {len(truths)} sổ làm việc trong {args.folder} ({defective} sổ có lỗi cố ý).")
    return 0


def _catalog_export(args: argparse.Namespace) -> int:
    from kehoach_xl.io.catalogs import shipped, write

    catalogs = shipped()
    if args.phase not in catalogs:
        print(f'Không có giai đoạn "{args.phase}". Hãy chọn một trong: {", ".join(catalogs)}.', file=sys.stderr)
        return 2
    out = args.output or Path(f"DanhMuc_{args.phase}.xlsx")
    if out.suffix.lower() != ".xlsx":
        print(f"Tệp danh mục phải có đuôi .xlsx: {out}.", file=sys.stderr)
        return 2
    print(f"Đã ghi {write({args.phase: catalogs[args.phase]}, out)}")
    return 0


def _print_report(carried: tuple[str, ...], to_fill: tuple[str, ...], source: Path | None) -> None:
    if carried:
        print(f"Đã chuyển từ {source}:")
        print("\n".join(f"- {line}" for line in carried))
    print("Cần điền, kiểm tra hoặc chọn lại:")
    print("\n".join(f"- {line}" for line in to_fill))


def _new(args: argparse.Namespace) -> int:
    from kehoach_xl.builder.build import MissingSources, build_xlsm, load_source, sources_root
    from kehoach_xl.core.catalog import for_year, of_plan
    from kehoach_xl.core.new_plan import blank_plan, roll_over
    from kehoach_xl.core.reader import read_plan
    from kehoach_xl.io.output import write_new

    if args.output.suffix.lower() != ".xlsm":
        print(f"Sổ mới phải có đuôi .xlsm (sổ có các nút): {args.output}.", file=sys.stderr)
        return 2
    if args.file and (args.unit or args.province):
        print("--unit và --province chỉ dùng khi tạo sổ trống; với --from, đơn vị và tỉnh lấy từ sổ cũ.",
              file=sys.stderr)
        return 2
    catalogs = _catalogs(args)
    known = for_year(catalogs, args.year)
    if known is None:
        print(f"Năm {args.year} không thuộc giai đoạn nào có danh mục ({', '.join(catalogs)}). Hãy kiểm tra lại "
              f"năm, hoặc dùng danh mục của cấp trên cho giai đoạn đó (--catalog TỆP).", file=sys.stderr)
        return 2
    try:
        root = sources_root()
    except MissingSources as reason:
        print(reason, file=sys.stderr)
        return 2
    if args.file:
        last, _ = read_plan(read_workbook(args.file, args.engine))
        source, report = roll_over(last, of_plan(catalogs, last), load_source("blank"), known, args.year)
    else:
        source, report = blank_plan(load_source("blank"), known, args.year, args.unit or "", args.province or "")
    written = write_new(args.output, lambda path: path.write_bytes(build_xlsm(source, root, catalogs)))
    print(f"Đã ghi {written}: kế hoạch năm {args.year}, giai đoạn {known.phase}.")
    _print_report(report.carried, report.to_fill, args.file)
    return 0


def _catalog_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--catalog", type=Path, metavar="TỆP",
                         help='danh mục cấp trên ban hành: tệp .xlsx có trang "Danh mục" (xem docs/catalog.md)')


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"phải là số nguyên dương, không phải {text!r}")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehoach", description="Kế hoạch giảm nghèo bền vững trong Excel.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    for name, about, run in (("validate", "kiểm tra dữ liệu một sổ làm việc", _validate),
                             ("totals", "tổng hợp kinh phí theo dự án, tiểu dự án, nguồn", _totals),
                             ("targets", "kiểm tra chỉ tiêu giảm hộ nghèo, cận nghèo", _targets)):
        command = commands.add_parser(name, help=about)
        command.add_argument("file", type=Path, metavar="TỆP")
        command.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        command.add_argument("--engine", choices=("openpyxl", "calamine"), default="openpyxl",
                             help="thư viện đọc tệp (mặc định openpyxl)")
        _catalog_option(command)
        command.set_defaults(run=run)
    export = commands.add_parser("export", help="xuất văn bản kế hoạch (.docx, và .pdf nếu có LibreOffice)")
    export.add_argument("file", type=Path, metavar="TỆP")
    export.add_argument("-o", "--output", type=Path, metavar="RA",
                        help="thư mục, hoặc tên tệp .docx (mặc định: cạnh sổ làm việc)")
    export.add_argument("--pdf", action="store_true", help="tạo thêm tệp .pdf bằng LibreOffice")
    export.add_argument("--template", type=Path, metavar="MẪU",
                        help="mẫu Word đã sửa kiểu chữ (mặc định: mẫu kèm theo chương trình)")
    export.add_argument("--engine", choices=("openpyxl", "calamine"), default="openpyxl",
                        help="thư viện đọc tệp (mặc định openpyxl)")
    _catalog_option(export)
    export.set_defaults(run=_export)
    build = commands.add_parser("build-workbook", help="dựng lại workbook/KeHoach và ví dụ từ mã nguồn")
    build.add_argument("--root", type=Path, default=Path("."), help="thư mục gốc của kho mã")
    build.set_defaults(run=_build)
    merge = commands.add_parser("consolidate", help="kiểm tra và tổng hợp mọi sổ làm việc trong một thư mục")
    merge.add_argument("folder", type=Path, metavar="THƯ_MỤC")
    merge.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP.xlsx",
                       help="sổ tổng hợp sẽ ghi (không ghi đè: nếu đã có, thêm số vào tên)")
    merge.add_argument("--jobs", type=_positive, default=1, metavar="N",
                       help="số tiến trình đọc tệp song song (mặc định 1)")
    _catalog_option(merge)
    merge.set_defaults(run=_consolidate)
    generate = commands.add_parser("generate", help="tạo N sổ làm việc mẫu của các xã (để thử, đo tốc độ)")
    generate.add_argument("count", type=_positive, metavar="N")
    generate.add_argument("folder", type=Path, metavar="THƯ_MỤC")
    generate.add_argument("--seed", type=int, default=0, help="cùng seed cho cùng các tệp (mặc định 0)")
    generate.set_defaults(run=_generate)
    new = commands.add_parser("new", help="tạo sổ kế hoạch cho một năm: sổ trống, hoặc chuyển từ sổ năm trước")
    new.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm kế hoạch, ví dụ 2027")
    new.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP.xlsm",
                     help="sổ sẽ ghi (không ghi đè: nếu đã có, thêm số vào tên)")
    new.add_argument("--from", dest="file", type=Path, metavar="TỆP",
                     help="sổ kế hoạch năm trước: chuyển đơn vị, nội dung chung, nơi nhận, dự án, hoạt động")
    new.add_argument("--unit", metavar="ĐƠN_VỊ", help='tên đơn vị, ví dụ "xã Cẩm Lương" (sổ trống)')
    new.add_argument("--province", metavar="TỈNH", help='tỉnh, ví dụ "Thanh Hóa": cấp trên trực tiếp (sổ trống)')
    new.add_argument("--engine", choices=("openpyxl", "calamine"), default="openpyxl",
                     help="thư viện đọc sổ năm trước (mặc định openpyxl)")
    _catalog_option(new)
    new.set_defaults(run=_new)
    catalog = commands.add_parser("catalog", help="danh mục của Chương trình theo giai đoạn")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True, metavar="LỆNH")
    catalog_export = catalog_commands.add_parser(
        "export", help='ghi danh mục một giai đoạn ra tệp .xlsx (trang "Danh mục"), dạng --catalog đọc')
    catalog_export.add_argument("phase", metavar="GIAI_ĐOẠN", help="ví dụ 2026-2030")
    catalog_export.add_argument("-o", "--output", type=Path, metavar="TỆP.xlsx",
                                help="tệp sẽ ghi (mặc định DanhMuc_<giai đoạn>.xlsx; không ghi đè)")
    catalog_export.set_defaults(run=_catalog_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8")
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except CatalogError as reason:
        print(reason, file=sys.stderr)
        return 2
    except Unreadable as reason:
        print(f"Không đọc được {getattr(args, 'file', '')}: {reason}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"Không ghi được {error.filename or 'kết quả'}: {os_reason(error)}.", file=sys.stderr)
        return 3
