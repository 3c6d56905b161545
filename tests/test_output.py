import errno
import multiprocessing
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


WRITER = """
import sys, time
from pathlib import Path
from kehoach_xl.io.output import write_new

def hang(path):
    path.write_text("nửa chừng")
    print("writing", flush=True)
    time.sleep(120)

write_new(Path(sys.argv[1]) / "KeHoach.docx", hang)
"""


def _start_writer(folder):
    import subprocess
    import sys

    from conftest import ROOT

    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert writer.stdout.readline() == "writing\n"
    return writer


def test_a_killed_run_leaves_only_a_hidden_file_which_the_next_run_deletes(tmp_path):
    import signal

    writer = _start_writer(tmp_path)
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    [leftover] = tmp_path.iterdir()
    assert leftover.name.startswith(".~kehoach-") and leftover.suffix == ".tmp"
    written = write_new(tmp_path / "KeHoach.docx", lambda p: p.write_text("một"))
    assert list(tmp_path.iterdir()) == [written]


def test_the_file_of_a_run_still_writing_is_left_alone(tmp_path):
    writer = _start_writer(tmp_path)
    try:
        [busy] = tmp_path.iterdir()
        written = write_new(tmp_path / "Khac.docx", lambda p: p.write_text("hai"))
        assert sorted(tmp_path.iterdir()) == sorted([busy, written])
    finally:
        writer.kill()
        writer.wait()


ROUNDS = 1000


def _write_at_once(folders, text, barrier, written):
    def write(temporary):
        temporary.write_text(text)
        barrier.wait()  # both writers have their file ready: they name it at the same moment
    written.put([write_new(folder / "KeHoach.docx", write).name for folder in folders])


def _no_hard_links(source, target):
    raise PermissionError(errno.EPERM, "Operation not permitted")  # what Linux's vfat answers link()


@pytest.mark.parametrize("links", ["hard links", "no hard links"])
@pytest.mark.slow
def test_concurrent_writers_of_one_name_each_get_their_own(tmp_path, monkeypatch, links):
    """Two processes write "KeHoach.docx" where it exists, at the same moment, round after round.

    No FAT disk can be mounted here, so a disk without hard links is os.link refusing as vfat does.
    """
    if links == "no hard links":
        monkeypatch.setattr(os, "link", _no_hard_links)
    folders = [tmp_path / str(n) for n in range(ROUNDS)]
    for folder in folders:
        folder.mkdir()
        (folder / "KeHoach.docx").write_text("cũ")
    context = multiprocessing.get_context("fork")
    barrier, written = context.Barrier(2), context.Queue()
    writers = [context.Process(target=_write_at_once, args=(folders, text, barrier, written)) for text in ("một", "hai")]
    for writer in writers:
        writer.start()
    names = [written.get(timeout=60) for _ in writers]
    for writer in writers:
        writer.join(timeout=60)
    for folder, pair in zip(folders, zip(*names)):
        assert sorted(pair) == ["KeHoach (2).docx", "KeHoach (3).docx"], folder.name
        assert sorted((folder / name).read_text() for name in pair) == ["hai", "một"], folder.name
        assert sorted(p.name for p in folder.iterdir()) == ["KeHoach (2).docx", "KeHoach (3).docx", "KeHoach.docx"]
        assert (folder / "KeHoach.docx").read_text() == "cũ"


def test_a_failed_write_leaves_no_folder_it_made_and_keeps_those_it_found(tmp_path):
    (tmp_path / "co-san").mkdir()

    def fail(path):
        path.write_text("nửa chừng")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_new(tmp_path / "co-san" / "xuat" / "2023" / "KeHoach.docx", fail)
    assert list(tmp_path.rglob("*")) == [tmp_path / "co-san"]


def test_a_file_where_a_folder_should_be_is_not_a_directory(tmp_path):
    (tmp_path / "ra").write_text("một tệp")
    for path in (tmp_path / "ra" / "KeHoach.docx", tmp_path / "ra" / "con" / "KeHoach.docx"):
        with pytest.raises(NotADirectoryError) as refused:
            write_new(path, lambda p: p.write_text("hai"))
        assert refused.value.filename == str(path)
    assert (tmp_path / "ra").read_text() == "một tệp"
