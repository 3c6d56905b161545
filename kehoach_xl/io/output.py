"""Writing output files: atomically, and never over an existing file.

The file is written under a temporary name beside its final one (a rename
cannot cross disks), which a user does not see: it starts with a dot (hidden
on Linux and macOS) and on Windows has the hidden and temporary attributes.
The writing run holds it (a lock on Linux and macOS; on Windows an open file
cannot be deleted), so a run that is killed leaves one nobody holds, and the
next write into that folder deletes it.
"""

import errno
import io
import itertools
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMPORARY_PREFIX = ".~kehoach-"
TEMPORARY_SUFFIX = ".tmp"
_HIDDEN, _TEMPORARY, _NORMAL = 0x2, 0x100, 0x80
"""Windows file attributes (FILE_ATTRIBUTE_*)."""


def numbered(path: Path, number: int) -> Path:
    """`path` for 1, then "name (2).ext", "name (3).ext", …"""
    return path if number == 1 else path.with_name(f"{path.stem} ({number}){path.suffix}")


def free_path(path: Path, twins: tuple[str, ...] = ()) -> Path:
    """The first of `numbered(path, n)` that is not taken, nor is the same name with
    one of the `twins` suffixes (a .docx and its .pdf)."""
    names = (numbered(path, number) for number in itertools.count(1))
    return next(name for name in names if not any(name.with_suffix(suffix).exists()
                                                  for suffix in (path.suffix, *twins)))


def _mode_of_a_new_file() -> int:
    """What open() would give: mkstemp makes the temporary file readable by its owner only."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _set_attributes(path: str, attributes: int) -> None:
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(path, attributes)


def _hold(handle: int) -> None:
    """Mark a temporary file as being written for as long as `handle` is open."""
    if sys.platform != "win32":
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX)


def _abandoned(path: Path) -> bool:
    """No run holds the file (on Windows, deleting it fails while its writer has it open)."""
    if sys.platform == "win32":
        return True
    import fcntl

    with path.open("rb") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
    return True


def remove_leftovers(folder: Path) -> None:
    """Delete the temporary files that interrupted runs left in `folder`; those being written stay."""
    try:
        for leftover in folder.glob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}"):
            if leftover.is_file() and _abandoned(leftover):
                leftover.unlink(missing_ok=True)
    except OSError:
        pass  # cleaning is a courtesy: a folder we cannot list or a file we cannot delete stops nothing


def in_memory(save: Callable[[BinaryIO], None]) -> Callable[[Path], None]:
    """A `write` for write_new that lets a library save into memory, then writes the bytes at once:
    a full disk then fails in one write of ours, not inside the library's half-written zip, whose
    clean-up at exit would print "Exception ignored … Traceback"."""
    def write(path: Path) -> None:
        buffer = io.BytesIO()
        save(buffer)
        path.write_bytes(buffer.getvalue())
    return write


def _claim(temporary: str, target: Path) -> bool:
    """Give the written file the name `target` unless a file has it: in one step that
    fails if the name exists, so a file that appears meanwhile is never replaced."""
    try:
        os.link(temporary, target)
        return True
    except FileExistsError:
        return False
    except OSError:
        pass  # no hard links on this disk (a FAT USB stick, some network shares): hold the name, then move onto it
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return False
    os.replace(temporary, target)
    return True


def _missing_folders(folder: Path) -> list[Path]:
    """The folders that making `folder` creates, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_empty(folders: list[Path]) -> None:
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def write_new(path: Path, write: Callable[[Path], None]) -> Path:
    """Let `write` fill a temporary file beside `path`, then give it the first free
    name of `numbered(path, n)`.

    An interrupted run leaves no half-written file under the final name, and
    no folder it made for it; no existing file is replaced, even one another
    process writes meanwhile.  Returns the path written.  An OSError names
    `path`, not the temporary file; a file where a folder should be is ENOTDIR.
    """
    temporary, handle, written = "", -1, None
    created = _missing_folders(path.parent)
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError as error:  # mkdir's word for a file standing where a folder should be
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from error
        remove_leftovers(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
        _hold(handle)
        _set_attributes(temporary, _HIDDEN | _TEMPORARY)
        write(Path(temporary))
        os.chmod(temporary, _mode_of_a_new_file())
        _set_attributes(temporary, _NORMAL)  # a hard link shares them: the name it gets must not be hidden
        os.close(handle)
        handle = -1
        names = (numbered(path, number) for number in itertools.count(1))
        written = next(name for name in names if _claim(temporary, name))
        return written
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error
    finally:
        if handle >= 0:
            os.close(handle)
        if temporary and os.path.exists(temporary):  # linked under its name, or not written
            os.unlink(temporary)
        if written is None:
            _remove_empty(created)
