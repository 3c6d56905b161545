"""The generator writes valid, varied commune workbooks and tells the truth about them."""

from pathlib import Path

import pytest

from conftest import CATALOGS
from kehoach_xl.core.totals import totals
from kehoach_xl.io.engines import Unreadable, read_workbook
from kehoach_xl.core.findings import ERROR
from kehoach_xl.builder.generate import DEFECTS, generate
from kehoach_xl.core.checks import check


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("communes")
    return folder, generate(folder, 16, seed=7)


def test_same_seed_same_workbooks(generated, tmp_path):
    folder, truths = generated
    again = generate(tmp_path, 16, seed=7)
    assert again == truths
    for truth in truths:
        if truth.defect != "unreadable":
            assert read_workbook(tmp_path / truth.file) == read_workbook(folder / truth.file)


def test_units_differ_and_every_defect_appears(generated):
    _, truths = generated
    assert len({t.unit for t in truths}) == len(truths)
    assert len({t.year for t in truths}) > 1
    assert {t.defect for t in truths} == set(DEFECTS) | {None}


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_each_workbook_reads_as_its_truth(generated, engine):
    folder, truths = generated
    for truth in truths:
        if truth.defect == "unreadable":
            with pytest.raises(Unreadable):
                read_workbook(folder / truth.file, engine)
            continue
        plan, findings = check(read_workbook(folder / truth.file, engine), CATALOGS)
        money = totals(plan)
        assert (plan.info.unit, plan.info.year) == (truth.unit, truth.year)
        assert money.by_code == truth.by_code and money.by_project == truth.by_project
        assert money.grand_total == truth.grand_total
        assert money.without_amount == truth.without_amount
        assert {k: getattr(plan.targets, k) for k in truth.targets} == truth.targets
        if truth.defect is None:
            assert findings == [], truth.file
        else:
            assert any(f.place == truth.defect_place and f.severity == ERROR for f in findings), truth.file
