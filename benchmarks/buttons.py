"""How long each ribbon button takes, as a ratio to starting Python with xlwings.

Each click of a button starts a new Python process (RunPython), so a click is
measured the same way: a fresh process builds the book from the remote-engine
payload Excel would send, runs the button, and collects its actions. The
baseline, measured in the same run, is `python -c "import xlwings"`.

    python benchmarks/buttons.py [--repeat N]

Plans: the example (xã Cẩm Lương 2023) and one 20 times larger (every table's
rows repeated 20 times but "Dự án", whose codes must stay unique).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"

SCALED = ("Căn cứ", "Nội dung chung", "Hoạt động", "Nơi nhận")
EXAMPLE = ROOT / "examples" / "KeHoach_xa_Cam_Luong_2023.xlsm"


def click(button: str, payload: str) -> None:
    """One click: what a RunPython process does, with the payload as the caller."""
    import xlwings as xw

    book = xw.Book(json=json.loads(Path(payload).read_text("utf-8")))
    book.set_mock_caller()
    from kehoach_xl.shells import buttons

    getattr(buttons, button)()
    book.json()


def larger_plan(folder: Path) -> Path:
    from kehoach_xl.builder.build import EXAMPLE as SOURCE, build_workbook, load_source

    source = load_source(SOURCE)
    for sheet in SCALED:
        source[sheet] = source[sheet] * 20
    path = folder / "KeHoach_20x.xlsx"
    build_workbook(source).save(path)
    return path


def seconds(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=cwd, capture_output=True)
    return time.perf_counter() - start


def paired(command: list[str], baseline: list[str], repeat: int, cwd: Path) -> tuple[float, float]:
    """Median time of `command` and median of its ratios to `baseline`, run
    alternately so a busy machine slows both alike."""
    times, ratios = [], []
    for _ in range(repeat):
        base = seconds(baseline, cwd)
        taken = seconds(command, cwd)
        times.append(taken)
        ratios.append(taken / base)
    return statistics.median(times), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--click", nargs=2, metavar=("BUTTON", "PAYLOAD"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.click:
        click(*args.click)
        return
    from remote_engine import payload

    from kehoach_xl.builder.ribbon import BUTTONS

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        plans = {"ví dụ": EXAMPLE, "lớn gấp 20": larger_plan(folder)}
        baseline = [sys.executable, "-c", "import xlwings"]
        print(f"Mốc so sánh: python -c 'import xlwings', chạy xen kẽ với từng nút; "
              f"trung vị {args.repeat} lần")
        print(f"{'nút':<10} " + " ".join(f"{name:>22}" for name in plans))
        payloads = {}
        for name, path in plans.items():
            payloads[name] = folder / f"{path.stem}.json"
            payloads[name].write_text(json.dumps(payload(path)), "utf-8")
        for action in (button.action for button in BUTTONS):
            cells = []
            for name in plans:
                taken, ratio = paired([sys.executable, __file__, "--click", action, str(payloads[name])],
                                      baseline, args.repeat, folder)
                cells.append(f"{taken:6.3f} s = {ratio:4.2f}×")
            print(f"{action:<10} " + " ".join(f"{cell:>22}" for cell in cells))


if __name__ == "__main__":
    main()
