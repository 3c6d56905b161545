"""Findings: what is wrong in a workbook, where, and what to change.

Every kind of finding is defined once in KINDS (the way frictionless-py keeps
its errors): a stable code, a severity, a message template with named fields
and a one-line description.  A Finding is a kind, a place and the fields;
its message, docs/findings.md (`python -m kehoach_xl.core.findings`) and the
JSON output all come from the kind.  Templates write counts as `{name:n}`:
"1.450", the Vietnamese thousands separator.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import NamedTuple

from kehoach_xl.core.model import Place
from kehoach_xl.core.money import format_count

ERROR = "Lỗi"
WARNING = "Cảnh báo"

_SAMPLE = "theo mẫu KeHoach.xlsm"
_AS_TEXT = ("ô đang định dạng Văn bản (Text) nên Excel lưu số thành chữ. Hãy chọn ô, bấm chuột phải → "
            "Định dạng ô (Format Cells) → Số (Number) → OK, rồi gõ lại số (bỏ dấu nháy ' ở đầu nếu có)")


class Kind(NamedTuple):
    code: str
    severity: str
    message: str
    about: str


_KINDS = (
    Kind("missing-sheet", ERROR,
         'Không có trang tính "{sheet}". Hãy thêm lại trang này, đúng tên, ' + _SAMPLE + ".",
         "Thiếu một trang tính của mẫu kế hoạch."),
    Kind("sheet-misnamed", ERROR,
         'Không có trang tính "{sheet}". Có trang "{found}": hãy đổi tên lại thành "{sheet}" '
         "(nhấp đúp vào tên trang).",
         "Một trang tính của mẫu bị đổi tên: chỉ khác dấu hoặc chữ hoa, chữ thường."),
    Kind("missing-header", ERROR,
         "Không tìm thấy dòng tiêu đề ({labels}). Hãy ghi lại đúng tên cột như mẫu KeHoach.xlsm.",
         "Không tìm thấy dòng tiêu đề của bảng."),
    Kind("missing-column", ERROR,
         "Dòng tiêu đề (dòng {row}) thiếu cột {labels}. Hãy ghi lại đúng tên cột như mẫu KeHoach.xlsm.",
         "Dòng tiêu đề thiếu một cột của mẫu."),
    Kind("missing-row", ERROR,
         'Trang "{sheet}" thiếu dòng "{label}". Hãy thêm dòng này ' + _SAMPLE + ".",
         "Thiếu một dòng bắt buộc trên trang Thông tin hoặc Chỉ tiêu."),
    Kind("value-blank", ERROR,
         '"{label}" đang trống. {hint}',
         "Giá trị bắt buộc của trang Thông tin hoặc Chỉ tiêu để trống."),
    Kind("required-blank", ERROR,
         'Ô "{label}" đang trống. Hãy nhập {what}.',
         "Ô bắt buộc của một dòng trong bảng để trống."),
    Kind("assignment-blank", ERROR,
         '"{code}" chưa ghi Phân công thực hiện. Hãy ghi ai chủ trì, phối hợp thực hiện.',
         "Dự án, tiểu dự án chưa ghi Phân công thực hiện."),
    Kind("no-recipients", ERROR,
         'Chưa có nơi nhận nào. Hãy ghi các nơi nhận, dòng cuối là "Lưu: VT, …".',
         "Trang Nơi nhận chưa có dòng nào."),
    Kind("unknown-part", ERROR,
         'Phần "{part}" không có trong mẫu. Hãy chọn một trong: {parts}.',
         "Phần không có trong mẫu trên trang Nội dung chung."),
    Kind("missing-part", ERROR,
         'Phần "{part}" chưa có đoạn văn nào. Hãy thêm ít nhất một dòng có Phần là "{part}".',
         "Một phần của Nội dung chung chưa có đoạn văn nào."),
    Kind("unknown-phase", ERROR,
         'Giai đoạn "{phase}" không có trong Danh mục. Hãy chọn một trong: {phases}.',
         "Giai đoạn chương trình không có trong Danh mục."),
    Kind("phase-not-year", ERROR,
         'Giai đoạn "{phase}" không gồm năm kế hoạch {year}: năm {year} thuộc giai đoạn {year_phase}. Hãy ghi '
         "Giai đoạn chương trình là {year_phase} và chọn mã trong danh mục của giai đoạn đó (sổ mới cho năm "
         "{year}: kehoach new --year {year}), hoặc sửa lại năm kế hoạch.",
         "Giai đoạn chương trình không gồm năm kế hoạch."),
    Kind("phase-not-shipped", ERROR,
         "Năm kế hoạch {year} không thuộc giai đoạn nào có danh mục ({phases}). Hãy kiểm tra lại năm kế "
         "hoạch; nếu đúng, hãy dùng danh mục của cấp trên cho giai đoạn đó (--catalog TỆP) hoặc cài phiên "
         "bản kehoach-xl mới hơn.",
         "Không có danh mục của giai đoạn gồm năm kế hoạch."),
    Kind("item-unconfirmed", WARNING,
         'Tên của {code} ("{name}") trong Danh mục giai đoạn {phase} chưa được xác nhận từ văn bản chính '
         "thức. Hãy đối chiếu với hướng dẫn của cấp trên trước khi gửi kế hoạch; danh mục cấp trên ban hành "
         "(--catalog TỆP) thay cho danh mục này.",
         "Dự án, hợp phần có tên chưa được xác nhận từ văn bản chính thức."),
    Kind("unknown-code", ERROR,
         'Mã "{code}" không có trong Danh mục giai đoạn {phase}. Hãy chọn mã trong danh sách, ví dụ {examples}.',
         "Mã dự án, tiểu dự án không có trong Danh mục."),
    Kind("code-as-number", ERROR,
         "Mã {code} được lưu dạng số, nên Excel có thể đã đổi nó (1.10 thành 1.1, 1.2 thành ngày tháng). Hãy "
         "chọn ô, bấm chuột phải → Định dạng ô (Format Cells) → Văn bản (Text) → OK, rồi gõ lại mã đúng như "
         "Danh mục ghi.",
         "Mã dự án, nội dung lưu dạng số (hay ngày tháng) chứ không phải chữ."),
    Kind("catalog-of-workbook", WARNING,
         "Sổ dùng danh mục riêng trên trang Danh mục (giai đoạn {phase}, {count:n} mục), khác {base}: mã, tên "
         "và kinh phí được kiểm tra, tổng hợp theo danh mục của sổ. Nếu đó không phải danh mục cấp trên ban "
         "hành, hãy hỏi lại cấp trên.",
         "Sổ có danh mục riêng, khác danh mục kèm chương trình và không phải danh mục cấp trên còn nguyên như "
         "khi tạo sổ (kehoach new --catalog): sổ được kiểm tra theo danh mục riêng đó."),
    Kind("catalog-not-used", WARNING,
         "Trang Danh mục của sổ (giai đoạn {phase}) khác {used}: sổ được kiểm tra theo {used}.",
         "Cấp trên kiểm tra bằng danh mục của mình (--catalog), khác danh mục trong sổ."),
    Kind("catalog-sheet-invalid", ERROR,
         "Danh mục của sổ chưa dùng được: {reason} Sổ đang được kiểm tra theo {used}; hãy xin cấp trên sổ mẫu "
         "có danh mục đúng.",
         "Trang Danh mục của sổ có lỗi nên không dùng được."),
    Kind("duplicate-code", ERROR,
         'Mã "{code}" đã có ở dòng trên. Hãy gộp hai dòng làm một (trên trang Dự án, một mã lấy tiền từ '
         'nhiều nguồn thì ghi mỗi nguồn một dòng, mỗi dòng một nguồn khác nhau).',
         "Một dòng được ghi hai lần (trên trang Dự án: cùng mã và cùng nguồn kinh phí)."),
    Kind("subproject-without-project", ERROR,
         '"{code}" thuộc "{parent}" nhưng trang Dự án chưa có dòng "{parent}". Hãy thêm dòng {parent} phía trên.',
         "Tiểu dự án (mục cấp dưới) không có dòng của mục cha."),
    Kind("activity-without-project", ERROR,
         'Hoạt động mang mã "{code}" nhưng trang Dự án không có dòng mã này. Hãy sửa mã hoặc thêm dự án.',
         "Hoạt động mang mã không có trên trang Dự án."),
    Kind("project-without-activity", ERROR,
         '"{code}" chưa có hoạt động nào. Hãy thêm hoạt động mã "{code}" trên trang Hoạt động.',
         "Dự án, tiểu dự án chưa có hoạt động nào."),
    Kind("no-projects", ERROR,
         "Trang Dự án chưa có dòng nào. Hãy ghi các dự án, tiểu dự án của kế hoạch.",
         "Kế hoạch chưa có dự án nào."),
    Kind("money-negative", ERROR,
         "Kinh phí {value} là số âm. Hãy nhập số đồng không âm.",
         "Kinh phí âm."),
    Kind("money-fractional", ERROR,
         "Kinh phí {value} có phần lẻ dưới một đồng. Hãy làm tròn đến đồng.",
         "Kinh phí có phần lẻ dưới một đồng."),
    Kind("money-as-text", ERROR,
         'Kinh phí "{value}" là chữ, không phải số: ' + _AS_TEXT + ".",
         "Kinh phí là số nhưng lưu dạng chữ (ô định dạng Văn bản)."),
    Kind("money-text", ERROR,
         'Kinh phí "{value}" là chữ, không phải số. Hãy nhập số đồng, không dấu chấm, không chữ{example}; '
         "nếu chưa có số tiền, để trống và ghi Nguồn kinh phí.",
         "Kinh phí là chữ, không phải số."),
    Kind("money-too-large", ERROR,
         "Kinh phí {value} lớn hơn {limit:n} đồng, số lớn nhất Excel lưu chính xác. Hãy kiểm tra lại số tiền.",
         "Kinh phí vượt quá số Excel lưu chính xác."),
    Kind("total-too-large", ERROR,
         "Cộng đến ô này, kinh phí vượt quá {limit:n} đồng, số lớn nhất Excel cộng chính xác. "
         "Hãy kiểm tra lại các số tiền.",
         "Tổng kinh phí cộng đến ô đó vượt quá số Excel cộng chính xác."),
    Kind("money-and-source-blank", ERROR,
         '"{code}" chưa có kinh phí và chưa ghi nguồn. Hãy nhập số tiền, hoặc ghi nguồn '
         '(ví dụ "Theo phân bổ của cấp trên").',
         "Không có kinh phí và cũng không ghi nguồn kinh phí."),
    Kind("money-on-parent", WARNING,
         '"{code}" có dòng cấp dưới trong kế hoạch: kinh phí ghi ở từng dòng cấp dưới, số tiền ở dòng này '
         "không được cộng vào tổng. Hãy chuyển số tiền xuống các dòng cấp dưới.",
         "Dòng có dòng cấp dưới (dự án có tiểu dự án) nhưng lại ghi kinh phí ở chính nó."),
    Kind("report-period-invalid", ERROR,
         'Kỳ báo cáo "{value}" không phải một kỳ. Hãy chọn {periods} trong danh sách.',
         "Kỳ báo cáo không phải 6 tháng hay cả năm."),
    Kind("report-period-blank", WARNING,
         'Đã ghi kết quả nhưng "{label}" trên trang {sheet} còn trống, nên kết quả chưa được kiểm tra. Hãy '
         "chọn kỳ báo cáo.",
         "Có kết quả thực hiện nhưng chưa chọn kỳ báo cáo."),
    Kind("households-unbalanced", ERROR,
         "Số hộ nghèo không khớp: đầu năm {start:n} − thoát nghèo {escaped:n} + tái nghèo {fell_back:n} + phát "
         "sinh mới {new_poor:n} + chuyển đến {moved_in:n} − chuyển đi {moved_out:n} = {computed:n} hộ, nhưng số "
         "hộ nghèo cuối kỳ ghi {end:n}. Hãy kiểm tra lại các số này (số đầu năm ở trang Chỉ tiêu).",
         "Số hộ nghèo đầu năm, thoát nghèo, tái nghèo, phát sinh mới, chuyển đến, chuyển đi không cộng ra số "
         "cuối kỳ."),
    Kind("escaped-split-unbalanced", ERROR,
         "Số hộ thoát nghèo lên cận nghèo ({to_near_poor:n}) và thoát nghèo vượt chuẩn cận nghèo ({above:n}) cộng "
         "lại {together:n} hộ, nhưng số hộ thoát nghèo ghi {escaped:n}. Hãy kiểm tra lại các số này.",
         "Hai phần của số hộ thoát nghèo (lên cận nghèo, vượt chuẩn cận nghèo) không cộng ra số hộ thoát nghèo."),
    Kind("near-poor-unbalanced", ERROR,
         "Số hộ cận nghèo không khớp: đầu năm {start:n} + hộ nghèo lên cận nghèo {from_poor:n} + phát sinh mới "
         "{new:n} − thoát cận nghèo {escaped:n} − rơi xuống nghèo {to_poor:n} + chuyển đến {moved_in:n} − chuyển "
         "đi {moved_out:n} = {computed:n} hộ, nhưng số hộ cận nghèo cuối kỳ ghi {end:n}. Hãy kiểm tra lại các số "
         "này (số đầu năm ở trang Chỉ tiêu).",
         "Số hộ cận nghèo đầu năm và các biến động trong kỳ không cộng ra số cuối kỳ."),
    Kind("report-date-outside-year", ERROR,
         "Ngày số liệu {date} không thuộc năm kế hoạch {year}. Hãy sửa ngày số liệu, hoặc dùng sổ kế hoạch "
         "của năm đó.",
         "Ngày số liệu của báo cáo không thuộc năm kế hoạch."),
    Kind("result-not-in-plan", ERROR,
         'Kết quả mang mã "{code}" nhưng trang Dự án không có dòng mã này. Hãy sửa mã cho đúng dòng của kế '
         "hoạch.",
         "Kết quả của một mã không có trong kế hoạch."),
    Kind("disbursed-on-parent", WARNING,
         '"{code}" có dòng cấp dưới trong kế hoạch: kinh phí được giao và giải ngân ghi ở từng dòng cấp dưới, '
         "số tiền ở dòng này không được cộng. Hãy chuyển số tiền xuống các dòng cấp dưới.",
         "Kinh phí được giao hoặc giải ngân ghi ở dòng có dòng cấp dưới."),
    Kind("disbursed-above-planned", WARNING,
         '"{code}" giải ngân {disbursed}, nhiều hơn kinh phí được giao {planned}. Nếu được giao thêm, hãy ghi '
         "số được giao ở cột Kinh phí được giao; nếu không, hãy kiểm tra lại số tiền.",
         "Kinh phí giải ngân nhiều hơn kinh phí được giao (kinh phí kế hoạch, khi cột được giao để trống)."),
    Kind("disbursed-without-allocation", WARNING,
         '"{code}" giải ngân {disbursed} nhưng chưa có kinh phí được giao (kế hoạch ghi theo phân bổ). Số tiền '
         'này không được tính vào tỷ lệ giải ngân. Hãy ghi số tiền cấp trên đã giao cho dòng này ở cột '
         '"{column}".',
         "Kinh phí giải ngân ở dòng chưa có kinh phí được giao: không tính vào tỷ lệ."),
    Kind("line-without-result", WARNING,
         '"{code}" có trong kế hoạch nhưng chưa có kết quả thực hiện hay kinh phí giải ngân trên trang {sheet}. '
         "Hãy ghi kết quả (chưa làm thì ghi rõ).",
         "Dòng của kế hoạch chưa có kết quả thực hiện."),
    Kind("excel-error", ERROR,
         "Ô chứa lỗi {error} của Excel. Hãy sửa công thức hoặc nhập lại giá trị.",
         "Ô chứa lỗi của Excel (#REF!, #VALUE!, …)."),
    Kind("number-not-finite", ERROR,
         "Ô lưu một số không xác định hoặc vô cực, điều Excel không bao giờ ghi: tệp do một chương trình khác "
         "tạo ra. Hãy nhập lại giá trị của ô rồi lưu bằng Excel.",
         "Ô lưu giá trị không phải số thật (NaN, vô cực) do một chương trình khác ghi."),
    Kind("formula-uncalculated", ERROR,
         "Ô có công thức nhưng tệp không lưu kết quả của nó (tệp do một chương trình tạo ra, chưa mở bằng "
         "Excel), nên không biết ô hiện số nào. Hãy mở tệp bằng Excel (hoặc LibreOffice), lưu lại rồi gửi "
         "lại; hoặc gõ thẳng giá trị vào ô.",
         "Ô có công thức nhưng tệp không lưu kết quả (tệp chưa mở bằng Excel)."),
    Kind("number-as-text", ERROR,
         '"{label}" là chữ "{value}", không phải số: ' + _AS_TEXT + ".",
         "Số hộ là số nhưng lưu dạng chữ (ô định dạng Văn bản)."),
    Kind("number-invalid", ERROR,
         '"{label}" phải là số nguyên không âm, đang là "{value}". Hãy nhập số hộ, ví dụ 17.',
         "Số hộ không phải số nguyên không âm."),
    Kind("number-too-large", ERROR,
         '"{label}" là {value} hộ, nhiều hơn số hộ của bất kỳ tỉnh nào. Hãy kiểm tra lại số hộ.',
         "Số hộ nhiều hơn số hộ của bất kỳ tỉnh nào."),
    Kind("year-invalid", ERROR,
         'Năm kế hoạch "{value}" không phải một năm. Hãy nhập năm bốn chữ số, ví dụ 2023.',
         "Năm kế hoạch không phải một năm."),
    Kind("yes-no-invalid", ERROR,
         '"{label}" phải là {yes} hoặc {no}, đang là "{value}". Hãy chọn {yes} hoặc {no} trong danh sách.',
         "Ô chỉ nhận Có hoặc Không ghi giá trị khác."),
    Kind("date-invalid", ERROR,
         'Ngày ban hành "{value}" không đọc được. Hãy nhập ngày dạng {example}.',
         "Ngày không đọc được."),
    Kind("date-outside-year", WARNING,
         "Ngày ban hành thuộc năm {date_year}, còn năm kế hoạch là {year}. "
         "Hãy kiểm tra lại ngày ban hành hoặc năm kế hoạch.",
         "Ngày ban hành không thuộc năm kế hoạch."),
    Kind("date-after-plan", WARNING,
         "Văn bản {number} ban hành ngày {date}, sau ngày ban hành kế hoạch. Hãy kiểm tra lại ngày.",
         "Văn bản căn cứ ban hành sau kế hoạch."),
    Kind("target-above-baseline", ERROR,
         "Chỉ tiêu giảm {target:n} {what} lớn hơn số {what} đầu năm ({baseline:n}). "
         "Hãy kiểm tra lại chỉ tiêu hoặc số hộ đầu năm.",
         "Chỉ tiêu giảm lớn hơn số hộ đầu năm."),
    Kind("target-below-assigned", ERROR,
         "Chỉ tiêu giảm {target:n} {what} thấp hơn chỉ tiêu cấp trên giao ({assigned:n}). "
         "Hãy nâng chỉ tiêu lên ít nhất {assigned:n} {what}, hoặc kiểm tra lại số cấp trên giao.",
         "Chỉ tiêu giảm hộ nghèo, cận nghèo thấp hơn chỉ tiêu cấp trên giao."),
    Kind("poor-above-households", ERROR,
         "Số hộ nghèo ({poor:n}) cộng số hộ cận nghèo ({near_poor:n}) là {together:n}, nhiều hơn tổng số hộ "
         "({households:n}). Hãy kiểm tra lại tổng số hộ và số hộ nghèo, cận nghèo đầu năm.",
         "Số hộ nghèo cộng số hộ cận nghèo nhiều hơn tổng số hộ."),
    Kind("poverty-drop-low", WARNING,
         "Chỉ tiêu giảm {cut:n} hộ nghèo chỉ làm tỷ lệ hộ nghèo giảm {drop}, thấp xa mức {band}. "
         "Hãy xem lại chỉ tiêu giảm hộ nghèo.",
         "Tỷ lệ hộ nghèo giảm chưa tới một nửa mức thấp của Chương trình (1-1,5 điểm mỗi năm)."),
    Kind("poverty-drop-high", WARNING,
         "Chỉ tiêu giảm {cut:n} hộ nghèo làm tỷ lệ hộ nghèo giảm {drop}, cao xa mức {band} "
         "(huyện nghèo: 4-5 điểm). Hãy kiểm tra lại chỉ tiêu giảm hộ nghèo và tổng số hộ.",
         "Tỷ lệ hộ nghèo giảm hơn gấp đôi mức cao của Chương trình (1-1,5 điểm mỗi năm)."),
    Kind("text-spacing", WARNING,
         'Có khoảng trắng thừa. Nên sửa thành: "{fixed}".',
         "Chữ có khoảng trắng thừa."),
    Kind("text-not-nfc", WARNING,
         'Chữ gõ dạng tổ hợp (dấu tách khỏi chữ). Hãy gõ lại bằng bảng mã Unicode dựng sẵn: "{fixed}".',
         "Chữ tiếng Việt gõ dạng tổ hợp (dấu tách rời)."),
    Kind("text-legacy-encoding", WARNING,
         'Chữ gõ bằng bảng mã cũ {encoding}, sẽ hiện sai trong văn bản: "{typed}" đọc là "{unicode}". Hãy '
         "chuyển mã sang Unicode (Unikey: Công cụ chuyển mã, từ {encoding} sang Unicode) hoặc gõ lại bằng "
         "bảng mã Unicode.",
         "Chữ gõ bằng bảng mã cũ (TCVN3/ABC, VNI), hiện sai trong văn bản."),
    Kind("text-invisible", WARNING,
         "Ô có ký tự vô hình ({characters}): không thấy trên màn hình nhưng vẫn vào văn bản, có thể làm chữ "
         "đảo chiều. Hãy xóa chúng hoặc gõ lại nội dung ô.",
         "Chữ có ký tự vô hình (khoảng trắng độ rộng 0, ký tự đổi chiều chữ)."),
)
KINDS: dict[str, Kind] = {kind.code: kind for kind in _KINDS}


class _Counts(Formatter):
    """`{households:n}` -> "1.450"; every other field as str.format writes it."""

    def format_field(self, value: object, format_spec: str) -> str:
        if format_spec == "n" and isinstance(value, int):
            return format_count(value)
        return super().format_field(value, format_spec)


_FORMATTER = _Counts()


@dataclass(frozen=True)
class Finding:
    kind: Kind
    sheet: str
    row: int | None = None
    column: int | None = None
    fields: Mapping[str, object] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def severity(self) -> str:
        return self.kind.severity

    @property
    def is_error(self) -> bool:
        """A Lỗi: it blocks the documents; a Cảnh báo does not."""
        return self.kind.severity == ERROR

    @property
    def cell(self) -> str:
        """ "D7", or "" for a finding about a whole sheet."""
        return Place(self.sheet, self.row, self.column).cell

    @property
    def place(self) -> str:
        """ "Dự án!D7", or the sheet's name alone."""
        return str(Place(self.sheet, self.row, self.column))

    @property
    def message(self) -> str:
        return _FORMATTER.format(self.kind.message, **self.fields)

    def as_dict(self) -> dict[str, object]:
        """What the JSON output carries."""
        return {"code": self.code, "severity": self.severity, "sheet": self.sheet, "cell": self.cell,
                "message": self.message, "fields": dict(self.fields)}


def finding(code: str, place: Place, /, **fields: object) -> Finding:
    return Finding(KINDS[code], place.sheet, place.row, place.column, fields)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.is_error for f in findings)


def error_count(findings: list[Finding]) -> int:
    return sum(f.is_error for f in findings)


def tally(findings: list[Finding]) -> str:
    """ "2 lỗi, 1 cảnh báo." """
    errors = error_count(findings)
    return f"{format_count(errors)} lỗi, {format_count(len(findings) - errors)} cảnh báo."


def codes_markdown() -> str:
    lines = ["# Mã kiểm tra (finding codes)", "",
             "Sinh từ `kehoach_xl/core/findings.py` bằng `python -m kehoach_xl.core.findings`; đừng sửa tay.",
             "Trong mẫu câu, `{tên}` là chỗ điền giá trị của ô (trường `fields` trong `--json`).", "",
             "| Mã | Mức | Ý nghĩa | Mẫu câu báo |", "|---|---|---|---|"]
    lines += [f"| `{kind.code}` | {kind.severity} | {kind.about} | {kind.message.replace(':n}', '}')} |"
              for kind in _KINDS]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(codes_markdown(), end="")
