"""Writing output files: atomically, and never over an existing file.

The file is written under a temporary name beside its final one (a rename
cannot cross disks), which a user does not see: it starts with a dot (hidden
on Linux and macOS) and on Windows has the hidden and temporary attributes.
A run that is killed leaves it behind; the next write into that folder
deletes what is older than STALE_SECONDS.
"""

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TEMPORARY_PREFIX = ".~kehoach-"
TEMPORARY_SUFFIX = ".tmp"
STALE_SECONDS = 24 * 3600
"""Older than any run: a PDF conversion, the longest write, gives up after minutes."""
_HIDDEN, _TEMPORARY, _NORMAL = 0x2, 0x100, 0x80
"""Windows file attributes (FILE_ATTRIBUTE_*)."""


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


def _set_attributes(path: str, attributes: int) -> None:
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(path, attributes)


def remove_stale(folder: Path, now: float | None = None) -> None:
    """Delete the temporary files an interrupted run left in `folder` (those of a running one are younger)."""
    limit = (time.time() if now is None else now) - STALE_SECONDS
    try:
        for leftover in folder.glob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}"):
            if leftover.is_file() and leftover.stat().st_mtime < limit:
                leftover.unlink(missing_ok=True)
    except OSError:
        pass  # cleaning is a courtesy: a folder we cannot list or a file we cannot delete stops nothing


def write_new(path: Path, write: Callable[[Path], None]) -> Path:
    """Let `write` fill a temporary file beside `path`, then move it to a free name.

    An interrupted run leaves no half-written file under the final name.
    Returns the path written.  An OSError names `path`, not the temporary file.
    """
    temporary = ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale(path.parent)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX)
        os.close(handle)
        _set_attributes(temporary, _HIDDEN | _TEMPORARY)
        write(Path(temporary))
        os.chmod(temporary, _mode_of_a_new_file())
        target = free_path(path)
        _set_attributes(temporary, _NORMAL)
        os.replace(temporary, target)
        return target
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from error
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
