"""How fast `kehoach consolidate` is, against reading the same files with pandas and with calamine alone.

    python benchmarks/consolidate.py [N]

Generates N commune workbooks (default 300) into a temporary folder, then
measures in the same run, best of three rounds:
  (a) pandas.read_excel(engine="openpyxl", sheet_name=None) on every file;
  (b) python-calamine alone, every sheet of every file to Python lists;
  (c) our consolidation, read + check + write the consolidated workbook,
      with --jobs 1 and --jobs 2.
Targets: (c) at least 5 times faster than (a), and within 2.5 times of (b) with --jobs 1 (the
plans now carry the report's sheets, and every part is held to a finer grid bound).
"""

import os
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kehoach_xl  # noqa: E402
from kehoach_xl.builder.generate import generate  # noqa: E402

REPEAT = 3


def read_pandas(paths: list[Path]) -> None:
    for path in paths:
        try:
            pandas.read_excel(path, engine="openpyxl", sheet_name=None)
        except Exception:
            pass


def read_calamine(paths: list[Path]) -> None:
    for path in paths:
        try:
            with CalamineWorkbook.from_path(str(path)) as book:
                for name in book.sheet_names:
                    book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            pass


def best_of(actions: dict[str, Callable[[], None]]) -> dict[str, float]:
    """Each action's best time over REPEAT rounds, the actions taking turns so a busy machine
    slows them alike."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(REPEAT):
        for name, action in actions.items():
            start = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - start)
    return {name: min(seconds) for name, seconds in times.items()}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as temporary:
        folder, out = Path(temporary) / "xa", Path(temporary) / "out"
        generate(folder, count, seed=2023)
        paths = sorted(folder.iterdir())
        outputs = []

        def consolidate(jobs: int) -> Callable[[], None]:
            return lambda: outputs.append(kehoach_xl.consolidate(folder, out / "TongHop.xlsx", jobs).written)

        measured = best_of({
            "(a) pandas.read_excel, openpyxl": lambda: read_pandas(paths),
            "(b) python-calamine alone": lambda: read_calamine(paths),
            "(c) kehoach consolidate --jobs 1": consolidate(1),
            "(c) kehoach consolidate --jobs 2": consolidate(2),
        })
        assert len(outputs) == 2 * REPEAT and all(p.stat().st_size for p in outputs)
    a, b = measured["(a) pandas.read_excel, openpyxl"], measured["(b) python-calamine alone"]
    print(f"{count} workbooks, best of {REPEAT}, {os.cpu_count()} CPUs")
    for name, seconds in measured.items():
        print(f"{name:36} {seconds:7.3f} s {count / seconds:8.0f} files/s")
    for jobs in (1, 2):
        c = measured[f"(c) kehoach consolidate --jobs {jobs}"]
        print(f"--jobs {jobs}: c/a = {c / a:.3f} ({a / c:.1f}x faster than pandas, target >= 5x); "
              f"c/b = {c / b:.2f} (ratio against calamine alone; target <= 2.5 with --jobs 1)")


if __name__ == "__main__":
    main()
