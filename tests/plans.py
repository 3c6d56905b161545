"""Plans the document tests write: the example as a command reads it, and one whose every text is hostile."""

from conftest import CATALOGS, EXAMPLE
from kehoach_xl.core.checks import check
from kehoach_xl.core.findings import has_errors
from kehoach_xl.core.model import Activity, Basis, Info, IssueDate, Paragraph, Plan, Project, Recipient, Targets
from kehoach_xl.io.engines import read_file

HOSTILE = ["A & B < C > D", "<w:p><w:r><w:t>chèn</w:t></w:r></w:p>", "\"ngoặc kép\" và 'đơn'",
           "{{ x }}", "{% raw %}", "{%p if x %}", "{# chú thích #}", "]]> &amp; &#x41;"]
"""Cell text that XML, the template engine or a careless writer would read as markup."""


def example_plan() -> Plan:
    plan, findings = check(read_file(EXAMPLE).data, CATALOGS)
    assert not has_errors(findings)
    return plan


def hostile_plan() -> Plan:
    text = " | ".join(HOSTILE)
    info = Info(unit="xã A & B <C>", year=2023, phase="2021-2025", number="{{ số }}/KH-UBND",
                place="{% raw %}", date=IssueDate(2023, 5, 8), summary=text, authority="TM. <UBND>",
                signer_title="{{ chức vụ }}", signer="Nguyễn \"Văn\" A")
    return Plan(
        info=info,
        bases=(Basis("Kế hoạch", "1/KH", None, "UBND & Co", text),),
        paragraphs=tuple(Paragraph(part, f"{part}: {text}\nDòng hai {{{{ y }}}}")
                         for part in ("Mục đích", "Yêu cầu", "Mục tiêu chung", "Tổ chức thực hiện")),
        targets=Targets(poor_cut=1, near_poor_cut=2),
        projects=(Project("DA2", "Tháng 6\nTháng <7>", 1_000, "", "Giao & phối hợp\n{% endfor %}"),),
        activities=tuple(Activity("DA2", line) for line in HOSTILE) + (Activity("DA2", "dòng 1\ndòng 2\x0b3"),),
        recipients=(Recipient("Nơi <a>"), Recipient("Lưu: VT & {{ z }}")),
    )
