"""Ribbon buttons run through xlwings' remote engine (tests/remote_engine.py), by tests/test_windows.py
on Linux and, under wine, on the interpreter CaiDat.cmd installed, to compare what they do.

    python buttons_driver.py WORKBOOK FOLDER BUTTON...

Each button gets its own copy of WORKBOOK in FOLDER/<button>/, where it writes its files; the
workbook as Excel would have it afterwards is FOLDER/<button>/after<suffix>. Prints, as JSON, the
alerts each button raised.
"""

import json
import shutil
import sys
from pathlib import Path

# The installed interpreter's ._pth leaves a script's own folder off sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import remote_engine  # noqa: E402  (sets XLWINGS_LICENSE_KEY before xlwings is imported)

from kehoach_xl.shells import buttons  # noqa: E402

workbook, folder = Path(sys.argv[1]), Path(sys.argv[2])
alerts = {}
for name in sys.argv[3:]:
    (folder / name).mkdir(parents=True)
    book = Path(shutil.copyfile(workbook, folder / name / workbook.name))
    applied = remote_engine.run(getattr(buttons, name), book, folder / name / f"after{workbook.suffix}")
    alerts[name] = [[alert.title, alert.prompt] for alert in applied.alerts]
print(json.dumps(alerts, ensure_ascii=False))
