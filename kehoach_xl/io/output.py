"""Writing output files: atomically, and never over an existing file."""

import errno
import itertools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


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
    created = _missing_folders(path.parent)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=path.suffix)
    except OSError as error:
        _remove_empty(created)
        if isinstance(error, FileExistsError):  # mkdir's word for a file standing where a folder should be
            raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from error
        raise OSError(error.errno, error.strerror, str(path)) from error
    os.close(handle)
    written = None
    try:
        write(Path(temporary))
        os.chmod(temporary, _mode_of_a_new_file())
        names = (numbered(path, number) for number in itertools.count(1))
        written = next(name for name in names if _claim(temporary, name))
        return written
    finally:
        if os.path.exists(temporary):  # linked under its name, or not written
            os.unlink(temporary)
        if written is None:
            _remove_empty(created)
