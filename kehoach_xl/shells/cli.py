"""The `kehoach` command: the library API (kehoach_xl) printed to a terminal.

Exit codes: 0 no Lỗi, 1 at least one Lỗi (or a refused action), 2 the input
cannot be read at all (or the command is given wrongly), 3 the output cannot
be written (no permission, disk full, a file where a folder should be).
Every text is Vietnamese, argparse's own too (argparse_vi), and every count
a person reads has its thousands separated: "1.450".
"""

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import kehoach_xl
from kehoach_xl.app.errors import CatalogError, HasErrors, Refused, Unreadable, os_reason
from kehoach_xl.app.reading import ENGINES, read
from kehoach_xl.app.views import format_count, money_tables, tally, target_table, targets_json, totals_json
from kehoach_xl.shells import argparse_vi

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from kehoach_xl.app.reading import Reading
    from kehoach_xl.app.views import Finding

EXIT_CODES = "Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp."


def _console() -> "Console":
    """A terminal that prints text as it is: no markup, emoji codes or highlighting.

    Cell text and file names reach the terminal: "[/]" or "[link=…]" typed in a
    cell, or a file saved as "KeHoach[1].xlsx", must not be read as Rich markup.
    """
    from rich.console import Console

    return Console(markup=False, emoji=False, highlight=False)


def _print_findings(findings: list["Finding"], source: Path) -> None:
    from rich.table import Table
    from rich.text import Text

    console = _console()
    if findings:
        table = Table(title=f"Kiểm tra {source.name}", show_lines=False)
        for header in ("Mức", "Mã", "Ô", "Nội dung"):
            table.add_column(header, overflow="fold")
        for f in findings:
            style = "red" if f.is_error else "yellow"
            table.add_row(Text(f.severity, style=style), f.code, f.place, f.message)
        console.print(table)
    console.print(f"{source.name}: {tally(findings)}")


def _print_json(report: dict[str, object]) -> None:
    print(json.dumps(report, ensure_ascii=False, indent=2))


def _table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> "Table":
    """A table of the terminal; a column of đồng is aligned right."""
    from rich.table import Table

    table = Table(title=title)
    for header in headers:
        table.add_column(header, overflow="fold", justify="right" if "đồng" in header else "left")
    for row in rows:
        table.add_row(*row)
    return table


def _show_totals(reading: "Reading") -> None:
    money = money_tables(reading)
    console = _console()
    console.print(_table(f"Kinh phí theo {money.top_kind.lower()}",
                         (money.top_kind, "Kinh phí (đồng)", "Chưa có số tiền (theo phân bổ)"), money.projects))
    console.print(_table(f"Kinh phí từng {money.words}", ("Mã", "Tên", "Kinh phí (đồng)", "Nguồn kinh phí"),
                         money.lines))
    console.print(_table("Kinh phí theo nguồn", ("Nguồn kinh phí", "Kinh phí (đồng)"), money.sources))
    console.print(f"Tổng kinh phí: {money.grand_total}")
    if money.waiting:
        console.print(money.waiting)


def _show_targets(reading: "Reading") -> None:
    table = target_table(reading)
    console = _console()
    console.print(_table(f"Chỉ tiêu (tổng số hộ: {table.households})", ("Chỉ tiêu", "Hộ nghèo", "Hộ cận nghèo"),
                         table.rows))
    console.print(table.drop)


def _check(args: argparse.Namespace) -> int:
    """validate, totals, targets: read and check the workbook, print the command's report and the findings.

    With --json the one thing on stdout is a JSON object, also when the file
    cannot be read ({"file", "engine": null, "tried", "error"}, exit 2).
    """
    try:
        reading = read(args.file, args.engine, args.catalog)
    except (Unreadable, CatalogError) as reason:
        if not args.json:
            raise
        _print_json({"file": str(args.file), "engine": None, "tried": list(getattr(reason, "tried", ())),
                     "error": str(reason)})
        return 2
    if args.json:
        report = args.report(reading) if args.report else {}
        _print_json({"file": str(args.file), "engine": reading.engine, **report,
                     "findings": [f.as_dict() for f in reading.findings]})
    else:
        if args.show:
            args.show(reading)
        _print_findings(reading.findings, args.file)
    return 1 if reading.has_errors else 0


def _write(args: argparse.Namespace, report: bool) -> int:
    """export (the plan) and report (the results report): refused while there is a Lỗi, and a report until a
    period is chosen."""
    from kehoach_xl.app import documents

    reading = read(args.file, args.engine, args.catalog)
    if reading.findings:
        _print_findings(reading.findings, args.file)
    write = documents.report if report else documents.export
    try:
        paths = write(reading, args.output or args.file.parent, pdf=args.pdf, template=args.template)
    except HasErrors as reason:
        print(f"{reason} Hãy sửa các lỗi trên trong sổ làm việc rồi chạy lại.", file=sys.stderr)
        return 1
    except Refused as reason:
        print(reason, file=sys.stderr)
        return 1
    for path in paths:
        print(f"Đã ghi {path}")
    return 0


def _export(args: argparse.Namespace) -> int:
    return _write(args, report=False)


def _prepare(args: argparse.Namespace) -> int:
    from kehoach_xl.app.yearly import prepare_report

    if args.output is None or args.output.suffix.lower() != ".xlsm":
        print("Với --prepare, hãy ghi sổ mới bằng -o MỚI.xlsm (đuôi .xlsm: sổ có các nút).", file=sys.stderr)
        return 2
    written, codes, added = prepare_report(read(args.file, args.engine, args.catalog), args.output)
    print(f"Đã ghi {written}: trang Kết quả có {format_count(len(codes))} dòng của kế hoạch "
          f"({format_count(len(added))} dòng mới: {', '.join(added) or 'không có'}); {args.file} không bị sửa.")
    print("Cần làm: chọn Kỳ báo cáo và Ngày số liệu trên trang Báo cáo, ghi số hộ cuối kỳ; ghi kết quả thực hiện "
          "và kinh phí giải ngân của từng dòng trên trang Kết quả.")
    return 0


def _report(args: argparse.Namespace) -> int:
    """The results report (or, with --prepare, a copy of the workbook with the report's sheets)."""
    return _prepare(args) if args.prepare else _write(args, report=True)


def _build(args: argparse.Namespace) -> int:
    from kehoach_xl.app.developer import build_workbooks

    try:
        written = build_workbooks(args.root)
    except Refused as reason:
        print(reason, file=sys.stderr)
        return 2
    for path in written:
        print(f"Đã ghi {path}")
    return 0


def _consolidate(args: argparse.Namespace) -> int:
    from kehoach_xl.app.upper import consolidate

    if args.output.suffix.lower() != ".xlsx":
        print(f"Tệp tổng hợp phải có đuôi .xlsx: {args.output}.", file=sys.stderr)
        return 2
    try:
        result = consolidate(args.folder, args.output, args.jobs, args.catalog)
    except Unreadable as reason:
        print(reason, file=sys.stderr)
        return 2
    counts = result.counts
    print(f"Đã kiểm tra {format_count(len(result.files))} tệp: {format_count(counts.valid)} hợp lệ, "
          f"{format_count(counts.invalid)} có lỗi, {format_count(counts.unreadable)} không đọc được, "
          f"{format_count(counts.not_a_workbook)} không phải sổ làm việc, {format_count(counts.skipped)} bỏ qua, "
          f"{format_count(counts.replaced)} bản cũ bị thay bằng bản mới hơn.")
    print(f"Đã ghi {result.written}")
    return 0 if counts.all_sound else 1


def _generate(args: argparse.Namespace) -> int:
    from kehoach_xl.app.developer import sample_inbox

    written, defective = sample_inbox(args.folder, args.count, args.seed)
    print(f"Đã tạo {format_count(written)} sổ làm việc trong {args.folder} "
          f"({format_count(defective)} sổ có lỗi cố ý).")
    return 0


def _print_report(carried: tuple[str, ...], to_fill: tuple[str, ...], source: Path | None) -> None:
    if carried:
        print(f"Đã chuyển từ {source}:")
        print("\n".join(f"- {line}" for line in carried))
    print("Cần điền, kiểm tra hoặc chọn lại:")
    print("\n".join(f"- {line}" for line in to_fill))


def _new(args: argparse.Namespace) -> int:
    from kehoach_xl.app.yearly import new_plan

    if args.output.suffix.lower() != ".xlsm":
        print(f"Sổ mới phải có đuôi .xlsm (sổ có các nút): {args.output}.", file=sys.stderr)
        return 2
    if args.file and (args.unit or args.province):
        print("--unit và --province chỉ dùng khi tạo sổ trống; với --from, đơn vị và tỉnh lấy từ sổ cũ.",
              file=sys.stderr)
        return 2
    last = read(args.file, args.engine) if args.file else None
    try:
        written, catalog, report = new_plan(args.year, args.output, last, args.unit or "", args.province or "",
                                          args.catalog)
    except Refused as reason:
        print(reason, file=sys.stderr)
        return 2
    print(f"Đã ghi {written}: kế hoạch năm {args.year}, giai đoạn {catalog.phase}.")
    if catalog.origin:
        print(f"Danh mục của sổ: {catalog.source}; trang Danh mục ghi nguồn và mã kiểm tra của danh mục, nên khi "
              f"danh mục trong sổ còn nguyên, các lệnh không cảnh báo về danh mục.")
    _print_report(report.carried, report.to_fill, args.file)
    return 0


def _catalog_export(args: argparse.Namespace) -> int:
    from kehoach_xl.app.upper import export_catalog

    try:
        written = export_catalog(args.phase, args.output)
    except Refused as reason:
        print(reason, file=sys.stderr)
        return 2
    print(f"Đã ghi {written}")
    return 0


def _catalog_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--catalog", type=Path, metavar="DANH_MỤC",
                         help='danh mục cấp trên ban hành: tệp .xlsx có trang "Danh mục" (xem docs/catalog.md)')


def _document_options(command: argparse.ArgumentParser, output: str, template: str) -> None:
    """The arguments of a command that writes a document: the workbook, -o, --pdf, --template, --catalog."""
    _workbook(command)
    command.add_argument("-o", "--output", type=Path, metavar="RA", help=output)
    command.add_argument("--pdf", action="store_true", help="tạo thêm tệp .pdf bằng LibreOffice")
    command.add_argument("--template", type=Path, metavar="MẪU",
                         help=f"{template} đã sửa kiểu chữ (mặc định: mẫu kèm theo chương trình)")
    _catalog_option(command)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"phải là số nguyên dương, không phải {text!r}")
    return int(text)


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"phải là số nguyên, không phải {text!r}") from None


class _Version(argparse.Action):
    """--version, looked up only when asked: importlib.metadata alone takes longer to import than the CLI."""

    def __init__(self, option_strings: list[str], dest: str, help: str) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"kehoach-xl {kehoach_xl.__version__} (Python {sys.version.split()[0]}, {sys.executable})")
        parser.exit()


def _workbook(command: argparse.ArgumentParser) -> None:
    """The arguments of a command that reads one commune's workbook."""
    command.add_argument("file", type=Path, metavar="TỆP", help="sổ làm việc kế hoạch (.xlsx, .xlsm) của một xã")
    command.add_argument("--engine", choices=tuple(ENGINES), default="openpyxl",
                         help="thư viện đọc tệp thử trước: openpyxl (mặc định) hoặc calamine (nhanh hơn); "
                              "thư viện kia đọc khi thư viện này không nạp được hoặc không đọc được tệp")


def _parser() -> argparse.ArgumentParser:
    argparse_vi.install()
    parser = argparse.ArgumentParser(prog="kehoach", epilog=EXIT_CODES, description=(
        "Kế hoạch thực hiện Chương trình MTQG giảm nghèo bền vững trong sổ Excel: kiểm tra, tổng hợp kinh "
        "phí và chỉ tiêu, xuất văn bản; cấp trên kiểm tra và tổng hợp sổ của các xã. Gõ kehoach LỆNH -h "
        "để xem cách dùng một lệnh."))
    parser.add_argument("--version", action=_Version, help="in số phiên bản của chương trình rồi thoát")
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", help="một trong các lệnh dưới đây")
    for name, about, show, report in (
            ("validate", "kiểm tra dữ liệu một sổ làm việc: mọi lỗi, cảnh báo và ô cần sửa", None, None),
            ("totals", "tổng hợp kinh phí theo dự án, tiểu dự án, nguồn kinh phí", _show_totals,
             totals_json),
            ("targets", "tỷ lệ hộ nghèo, cận nghèo và kiểm tra chỉ tiêu giảm", _show_targets, targets_json)):
        command = commands.add_parser(name, help=about, description=f"{about[0].upper()}{about[1:]}.",
                                      epilog=EXIT_CODES)
        _workbook(command)
        command.add_argument("--json", action="store_true",
                             help="in kết quả dạng JSON (một đối tượng, kể cả khi không đọc được tệp)")
        _catalog_option(command)
        command.set_defaults(run=_check, show=show, report=report)
    export = commands.add_parser(
        "export", help="xuất văn bản kế hoạch (.docx, và .pdf nếu có LibreOffice)",
        description="Xuất văn bản kế hoạch Word (.docx), và .pdf nếu có LibreOffice; không ghi đè tệp đã có, "
                    "không xuất khi sổ còn lỗi.",
        epilog="Mã thoát: 0 đã ghi, 1 sổ còn lỗi hoặc không xuất được, 2 không đọc được tệp, 3 không ghi được.")
    _document_options(export, "thư mục, hoặc tên tệp .docx (mặc định: cạnh sổ làm việc)", "mẫu Word (.docx)")
    export.set_defaults(run=_export)
    report = commands.add_parser(
        "report", help="xuất báo cáo kết quả (6 tháng, cả năm) từ trang Kết quả và Báo cáo; --prepare: bản "
                       "sao của sổ có đủ mọi dòng của kế hoạch trên trang Kết quả",
        description="Xuất văn bản báo cáo kết quả thực hiện (.docx, và .pdf nếu có LibreOffice) theo kỳ chọn trên "
                    "trang Báo cáo; không ghi đè tệp đã có, không xuất khi sổ còn lỗi. Với --prepare: ghi bản "
                    "sao của sổ (-o MỚI.xlsm) có trên trang Kết quả mỗi dòng của kế hoạch một dòng: thêm các dòng "
                    "chưa có, giữ nguyên những gì đã ghi; sổ làm trước năm 2027 được thêm trang Kết quả và Báo cáo.",
        epilog="Mã thoát: 0 đã ghi, 1 sổ còn lỗi, chưa chọn kỳ hoặc không xuất được, 2 không đọc được tệp hoặc "
               "lệnh sai, 3 không ghi được.")
    _document_options(report, "thư mục, hoặc tên tệp .docx (mặc định: cạnh sổ làm việc); với --prepare: sổ "
                              "mới .xlsm", "mẫu Word (.docx) của báo cáo")
    report.add_argument("--prepare", action="store_true",
                        help="ghi bản sao của sổ có đủ mọi dòng của kế hoạch trên trang Kết quả (thêm dòng còn "
                             "thiếu, giữ nguyên những gì đã ghi; sổ làm trước năm 2027: thêm trang Kết quả và Báo "
                             "cáo); sổ gốc không bị sửa")
    report.set_defaults(run=_report)
    merge = commands.add_parser(
        "consolidate", help="kiểm tra và tổng hợp mọi sổ làm việc trong một thư mục (cấp trên)",
        description="Kiểm tra mọi sổ làm việc của các xã trong một thư mục (và trong các tệp .zip ở đó), ghi "
                    "một sổ tổng hợp .xlsx gồm các trang Danh sách, Kinh phí, Chỉ tiêu, Kết quả, Lỗi.",
        epilog="Mã thoát: 0 mọi tệp hợp lệ, 1 có tệp có lỗi hoặc không đọc được (sổ tổng hợp vẫn được ghi), "
               "2 không có thư mục hay không có sổ nào trong đó, 3 không ghi được sổ tổng hợp.")
    merge.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục chứa các sổ làm việc nhận được")
    merge.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP.xlsx",
                       help="sổ tổng hợp sẽ ghi (không ghi đè: nếu đã có, thêm số vào tên)")
    merge.add_argument("--jobs", type=_positive, default=1, metavar="N",
                       help="số tiến trình đọc tệp song song (mặc định 1)")
    _catalog_option(merge)
    merge.set_defaults(run=_consolidate)
    generate = commands.add_parser(
        "generate", help="tạo N sổ làm việc mẫu của các xã (để thử, đo tốc độ)",
        description="Tạo N sổ làm việc mẫu của các xã khác nhau (1/8 số sổ có lỗi cố ý) để thử và đo tốc độ.")
    generate.add_argument("count", type=_positive, metavar="N", help="số sổ làm việc cần tạo")
    generate.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục ghi các sổ")
    generate.add_argument("--seed", type=_integer, default=0, metavar="S",
                          help="cùng S cho cùng các tệp (mặc định 0)")
    generate.set_defaults(run=_generate)
    build = commands.add_parser(
        "build-workbook", help="dựng lại workbook/KeHoach.xlsm và sổ ví dụ từ mã nguồn (người phát triển)",
        description="Dựng lại workbook/KeHoach.xlsm và examples/KeHoach_xa_Cam_Luong_2023.xlsm từ mã nguồn "
                    "trong kho mã.")
    build.add_argument("--root", type=Path, default=Path("."), metavar="THƯ_MỤC",
                       help="thư mục gốc của kho mã (mặc định: thư mục hiện tại)")
    build.set_defaults(run=_build)
    new = commands.add_parser(
        "new", help="tạo sổ kế hoạch cho một năm: sổ trống, hoặc chuyển từ sổ năm trước",
        description="Tạo sổ kế hoạch (.xlsm) cho một năm với danh mục của giai đoạn gồm năm đó; với --from, "
                    "chuyển từ sổ năm trước những gì còn dùng được và in ra những gì cần điền, chọn lại.",
        epilog="Mã thoát: 0 đã ghi, 2 không đọc được sổ năm trước, không có giai đoạn gồm năm đó hoặc lệnh sai, "
               "3 không ghi được.")
    new.add_argument("--year", type=_integer, required=True, metavar="NĂM", help="năm kế hoạch, ví dụ 2027")
    new.add_argument("-o", "--output", type=Path, required=True, metavar="TỆP.xlsm",
                     help="sổ sẽ ghi (không ghi đè: nếu đã có, thêm số vào tên)")
    new.add_argument("--from", dest="file", type=Path, metavar="TỆP",
                     help="sổ kế hoạch năm trước: chuyển đơn vị, nội dung chung, nơi nhận, dự án, hoạt động")
    new.add_argument("--unit", metavar="ĐƠN_VỊ", help='tên đơn vị, ví dụ "xã Cẩm Lương" (sổ trống)')
    new.add_argument("--province", metavar="TỈNH", help='tỉnh, ví dụ "Thanh Hóa": cấp trên trực tiếp (sổ trống)')
    new.add_argument("--engine", choices=tuple(ENGINES), default="openpyxl",
                     help="thư viện đọc sổ năm trước: openpyxl (mặc định) hoặc calamine")
    _catalog_option(new)
    new.set_defaults(run=_new)
    catalog = commands.add_parser("catalog", help="danh mục của Chương trình theo giai đoạn",
                                  description="Danh mục của Chương trình theo giai đoạn (docs/catalog.md).")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True, metavar="LỆNH",
                                              help="lệnh với danh mục")
    catalog_export = catalog_commands.add_parser(
        "export", help='ghi danh mục một giai đoạn ra tệp .xlsx (trang "Danh mục"), dạng --catalog đọc',
        description='Ghi danh mục một giai đoạn ra tệp .xlsx (trang "Danh mục"), đúng dạng tệp mà --catalog '
                    "đọc, để cấp trên sửa rồi ban hành.", epilog="Mã thoát: 0 đã ghi, 2 không có giai đoạn đó.")
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
