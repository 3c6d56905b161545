from conftest import ROOT
from kehoach_xl.core.findings import codes_markdown


def test_finding_codes_doc_is_generated_from_the_code():
    assert (ROOT / "docs" / "findings.md").read_text("utf-8") == codes_markdown()
