import os
import stat

import pytest

from kehoach_xl.io.output import write_new


def test_never_overwrites_and_numbers_the_name(tmp_path):
    first = write_new(tmp_path / "KeHoach.docx", lambda p: p.write_text("một"))
    second = write_new(tmp_path / "KeHoach.docx", lambda p: p.write_text("hai"))
    assert first.read_text() == "một"
    assert second.name == "KeHoach (2).docx" and second.read_text() == "hai"


def test_interrupted_write_leaves_nothing(tmp_path):
    def fail(path):
        path.write_text("nửa chừng")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_new(tmp_path / "KeHoach.docx", fail)
    assert list(tmp_path.iterdir()) == []


def test_the_file_written_has_the_permissions_of_any_new_file(tmp_path):
    (tmp_path / "plain.docx").write_text("một")
    written = write_new(tmp_path / "KeHoach.docx", lambda p: p.write_text("hai"))
    assert stat.S_IMODE(os.stat(written).st_mode) == stat.S_IMODE(os.stat(tmp_path / "plain.docx").st_mode)
