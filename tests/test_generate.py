"""The generator writes valid, varied commune workbooks and tells the truth about them."""

from pathlib import Path

import pytest

from conftest import CATALOGS
from kehoach_xl.core.totals import totals
from kehoach_xl.io.engines import Unreadable, read_file
from kehoach_xl.core.findings import ERROR
from kehoach_xl.builder.generate import DEFECTS, generate
from kehoach_xl.core.catalog import of_plan
from kehoach_xl.core.checks import check, check_workbook

pytestmark = pytest.mark.slow  # generated inboxes


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("communes")
    return folder, generate(folder, 16, seed=7)


def test_same_seed_same_workbooks(generated, tmp_path):
    folder, truths = generated
    again = generate(tmp_path, 16, seed=7)
    assert again == truths
    for truth in truths:
        assert (tmp_path / truth.file).read_bytes() == (folder / truth.file).read_bytes(), truth.file


def test_units_differ_and_every_defect_appears(generated):
    _, truths = generated
    assert len({t.unit for t in truths}) == len(truths)
    assert len({t.year for t in truths}) > 1
    assert {t.phase for t in truths} == {"2021-2025", "2026-2030"}
    assert {t.defect for t in truths} == set(DEFECTS) | {None}


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_from_2025_communes_write_to_the_province_in_the_year_s_phase(generated, engine):
    folder, truths = generated
    for truth in truths:
        if truth.defect in ("unreadable", "missing-sheet"):
            continue
        plan, _ = check(read_file(folder / truth.file, engine).data, CATALOGS)
        upper = plan.info.upper_level
        assert plan.info.phase == truth.phase == of_plan(CATALOGS, plan).phase
        assert upper.startswith("UBND tỉnh" if truth.year >= 2025 else "UBND huyện"), (truth.file, upper)
        names = " ".join([upper] + [b.issuer for b in plan.bases] + [r.name for r in plan.recipients])
        if truth.year >= 2025:
            assert "huyện" not in names and "LĐTBXH" not in names
            assert (plan.info.date.year, plan.info.date.month) >= (2025, 7)
        if truth.phase == "2026-2030":
            assert {p.code for p in plan.projects} <= {"HP1", "HP2", "DA9"}


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_each_workbook_reads_as_its_truth(generated, engine):
    folder, truths = generated
    for truth in truths:
        if truth.defect == "unreadable":
            with pytest.raises(Unreadable):
                read_file(folder / truth.file, engine).data
            continue
        plan, findings, known = check_workbook(read_file(folder / truth.file, engine).data, CATALOGS)
        money = totals(plan, known)
        assert (plan.info.unit, plan.info.year) == (truth.unit, truth.year)
        assert money.by_code == truth.by_code and money.by_project == truth.by_project
        assert money.by_item == truth.by_item
        assert money.grand_total == truth.grand_total
        assert money.without_amount == truth.without_amount
        assert {k: getattr(plan.targets, k) for k in truth.targets} == truth.targets
        if truth.defect is None:
            assert [(f.code, f.fields["code"]) for f in findings] == [
                ("item-unconfirmed", code) for code in truth.unconfirmed], truth.file
        else:
            assert any(f.place == truth.defect_place and f.severity == ERROR for f in findings), truth.file
