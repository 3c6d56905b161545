"""Writing output files: atomically, and never over an existing file."""

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def free_path(path: Path, twins: tuple[str, ...] = ()) -> Path:
    """`path`, or "name (2).ext", "name (3).ext", … when it is taken, or when
    the same name with one of the `twins` suffixes is (a .docx and its .pdf)."""
    candidate, number = path, 1
    while any(candidate.with_suffix(suffix).exists() for suffix in (path.suffix, *twins)):
        number += 1
        candidate = path.with_name(f"{path.stem} ({number}){path.suffix}")
    return candidate


def _mode_of_a_new_file() -> int:
    """What open() would give: mkstemp makes the temporary file readable by its owner only."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


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
    """Let `write` fill a temporary file beside `path`, then move it to a free name.

    An interrupted run leaves no half-written file under the final name, and
    no folder it made for it.  Returns the path written.  An OSError names
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
    try:
        write(Path(temporary))
        os.chmod(temporary, _mode_of_a_new_file())
        target = free_path(path)
        os.replace(temporary, target)
        return target
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
            _remove_empty(created)
