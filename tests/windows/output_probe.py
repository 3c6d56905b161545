"""What the Windows branches of kehoach_xl.io.output do, printed as JSON; run by tests/test_windows.py
under wine on the interpreter CaiDat.cmd installed.

    python output_probe.py FOLDER

- "temporary", "final": the file attributes (GetFileAttributesW) of the temporary file while it is
  written, and of the file it then becomes;
- "held_kept": a temporary file that a writer holds open is not removed as a leftover;
- "released_removed": once nobody holds it, the next clean-up removes it.
"""

import ctypes
import json
import sys
from pathlib import Path

from kehoach_xl.io import output

folder = Path(sys.argv[1])
seen = {}


def write(path: Path) -> None:
    seen["temporary"] = ctypes.windll.kernel32.GetFileAttributesW(str(path))
    path.write_bytes(b"written")


final = output.write_new(folder / "probe.txt", write)
seen["final"] = ctypes.windll.kernel32.GetFileAttributesW(str(final))
held = folder / f"{output.TEMPORARY_PREFIX}held{output.TEMPORARY_SUFFIX}"
with held.open("wb"):  # as a run that is still writing it holds it
    output.remove_leftovers(folder)
    seen["held_kept"] = held.exists()
output.remove_leftovers(folder)
seen["released_removed"] = not held.exists()
print(json.dumps(seen))
