"""Every command over a folder of real files nobody here made (issue 22): what breaks, what is refused.

    python benchmarks/robustness.py FOLDER [--jobs N] [--limit N] [--out RESULTS.jsonl]

FOLDER is searched recursively for files (for example the .xlsx and .xlsm of
the public test suites of calamine, openpyxl, Apache POI, SheetJS, ClosedXML,
XlsxWriter, exceljs and tealeg/xlsx; extract them with `git archive` into a
folder outside the repository, never commit them). Each file gets a process of
its own, bounded in memory and time, which runs in turn `validate --json` with
each engine tried first, `totals --json`, `targets --json` and `export`,
capturing the file descriptors 1 and 2 of each. Then one `consolidate` reads a
folder holding every file (linked, not copied).

Printed: counts by exit code per command; tracebacks; engine disagreements
(validate tried with openpyxl first and with calamine first do not give the
same verdict: the same findings, or the same reason); the files `consolidate`
judges otherwise than `validate`; every refusal (exit 2) with its reason,
grouped; the refused files that openpyxl or python-calamine reads when given
the file unguarded (sound workbooks refused, unless the reason is a bound that
holds for them); and the --json runs whose stdout is not one JSON object.
"""

import argparse
import collections
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMORY_BYTES = 3 * 2**30
TIMEOUT_SECONDS = 300
CHECKS = {
    "validate openpyxl": ["validate", "--json", "--engine", "openpyxl"],
    "validate calamine": ["validate", "--json", "--engine", "calamine"],
    "totals": ["totals", "--json"],
    "targets": ["targets", "--json"],
}
UNREADABLE_STATUSES = ("Không đọc được", "Không phải sổ làm việc")


def _captured(run) -> tuple[object, str, str]:
    """What `run()` returns, and what reached the file descriptors 1 and 2 meanwhile (a library may
    write to them directly, not through sys.stdout)."""
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush(), sys.stderr.flush()
        os.dup2(out.fileno(), 1), os.dup2(err.fileno(), 2)
        try:
            result = run()
        finally:
            sys.stdout.flush(), sys.stderr.flush()
            os.dup2(saved[0], 1), os.dup2(saved[1], 2)
            os.close(saved[0]), os.close(saved[1])
        out.seek(0), err.seek(0)
        return result, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")


def _command(args: list[str]) -> dict[str, object]:
    """One command run in this process as `kehoach` runs it: its exit code, stdout, stderr and any
    traceback (which `kehoach` would print)."""
    from kehoach_xl.shells.cli import main

    def run() -> tuple[int, str]:
        try:
            return main(args), ""
        except SystemExit as leaving:
            return (leaving.code if isinstance(leaving.code, int) else 2), ""
        except BaseException:  # noqa: BLE001 - what the user would see as a traceback
            return 1, traceback.format_exc()

    (code, trace), out, err = _captured(run)
    return {"code": code, "out": out, "err": err, "traceback": trace}


def _unguarded(path: Path) -> list[str]:
    """The engines that read the file when given it as it is, without the guard."""
    read = []
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _ in sheet.iter_rows(values_only=True):
                pass
        read.append("openpyxl")
    except Exception:  # noqa: BLE001 - any failure means it does not read the file
        pass
    try:
        from python_calamine import load_workbook

        with load_workbook(str(path)) as book:
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()
        read.append("calamine")
    except BaseException:  # noqa: BLE001 - python-calamine's panics are BaseException
        pass
    return read


def verdict(result: dict[str, object]) -> object:
    """What a --json run says: the reason a file is not read, or its findings (code and cell)."""
    try:
        report = json.loads(result["out"])
    except ValueError:
        return None
    if "error" in report:
        return report["error"]
    return sorted((f["code"], f["sheet"], f["cell"] or "") for f in report["findings"])


def one(path: Path) -> dict[str, object]:
    """Every command on one file, in this process (run as `robustness.py --one FILE`)."""
    import warnings

    warnings.simplefilter("ignore")
    found: dict[str, object] = {"file": str(path)}
    for name, args in CHECKS.items():
        result = _command([args[0], str(path), *args[1:]])
        result["verdict"] = verdict(result)
        try:
            report = json.loads(result["out"])
            result["json"] = isinstance(report, dict)
            result["engine"] = report.get("engine") if isinstance(report, dict) else None
        except ValueError:
            result["json"] = False
        found[name] = result
    with tempfile.TemporaryDirectory() as out:
        found["export"] = _command(["export", str(path), "-o", out])
    if found["validate openpyxl"]["code"] == 2:
        found["unguarded"] = _unguarded(path)
    for result in (value for value in found.values() if isinstance(value, dict)):
        result["out"] = result["out"][-400:]
    return found


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _run_one(path: Path) -> dict[str, object]:
    started = time.monotonic()
    try:
        done = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=TIMEOUT_SECONDS, preexec_fn=_bounded,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        return {"file": str(path), "died": f"more than {TIMEOUT_SECONDS} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        return {"file": str(path), "died": f"exit {done.returncode}: {done.stderr[-300:]}"}
    found = json.loads(lines[-1])
    found["seconds"] = round(time.monotonic() - started, 2)
    return found


def _consolidate(files: list[Path], jobs: int) -> tuple[dict[str, object], dict[str, tuple[str, str]]]:
    """One consolidate over a folder holding every file; each file's status and reason, by name."""
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as work:
        inbox = Path(work) / "hop-thu"
        inbox.mkdir()
        names = {}
        for number, path in enumerate(files):
            name = f"{number:05d}-{path.name}"
            os.link(path, inbox / name)
            names[name] = path
        out = Path(work) / "tong-hop.xlsx"
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "kehoach_xl", "consolidate", str(inbox), "-o", str(out),
                               "--jobs", str(jobs)], capture_output=True, text=True, encoding="utf-8",
                              errors="replace", env={**os.environ, "PYTHONPATH": str(ROOT)})
        run = {"code": done.returncode, "out": done.stdout.strip(), "traceback": "Traceback" in done.stdout + done.stderr,
               "seconds": round(time.monotonic() - started, 1)}
        statuses = {}
        if out.exists():
            sheet = load_workbook(out, read_only=True)["Danh sách"]
            rows = sheet.iter_rows(values_only=True)
            header = next(rows)
            for row in rows:
                cells = dict(zip(header, row))
                name = str(cells["Tệp"]).split("/")[0]
                if name in names:
                    statuses[str(names[name])] = (cells["Trạng thái"], cells["Lý do không đọc được"] or "")
        return run, statuses


def _reason_group(reason: str) -> str:
    """A refusal's reason without what differs from file to file: names, numbers, parts."""
    reason = re.sub(r'"[^"]*"', '"…"', reason)
    reason = re.sub(r"\b[\w./\\\[\]-]+\.(?:xml|rels|bin|vml)\b", "PHẦN", reason)
    return re.sub(r"[0-9][0-9.,]*", "N", reason)[:160]


def report(results: list[dict[str, object]], consolidated: tuple[dict[str, object], dict] | None) -> None:
    print(f"Files: {len(results)}")
    died = [r for r in results if "died" in r]
    print(f"Processes that died or timed out: {len(died)}")
    for r in died:
        print(f"  {r['file']}: {r['died']}")
    alive = [r for r in results if "died" not in r]
    for command in (*CHECKS, "export"):
        counts = collections.Counter(r[command]["code"] for r in alive)
        print(f"{command}: exit codes " + ", ".join(f"{code}: {n}" for code, n in sorted(counts.items())))
    traces = [(r["file"], command, r[command]["traceback"]) for r in alive for command in (*CHECKS, "export")
              if r[command]["traceback"] or "Traceback" in r[command]["err"]]
    print(f"Tracebacks: {len(traces)}")
    for file, command, trace in traces:
        print(f"  {command} {file}: {(trace.strip().splitlines() or ['(in stderr)'])[-1]}")
    bad_json = [(r["file"], command) for r in alive for command in CHECKS if not r[command]["json"]]
    print(f"--json runs whose stdout is not one JSON object: {len(bad_json)} of {len(alive) * len(CHECKS)}")
    for file, command in bad_json:
        print(f"  {command} {file}")
    engines = collections.Counter(r["validate openpyxl"].get("engine") for r in alive)
    engines_calamine = collections.Counter(r["validate calamine"].get("engine") for r in alive)
    print(f"Engine that read (openpyxl first): {dict(engines)}; (calamine first): {dict(engines_calamine)}")
    disagree = [r for r in alive if r["validate openpyxl"]["verdict"] != r["validate calamine"]["verdict"]]
    print(f"Engine disagreements (validate, openpyxl first vs calamine first): {len(disagree)}")
    for r in disagree:
        print(f"  {r['file']}:\n    openpyxl first: {str(r['validate openpyxl']['verdict'])[:300]}\n"
              f"    calamine first: {str(r['validate calamine']['verdict'])[:300]}")
    refused = [r for r in alive if r["validate openpyxl"]["code"] == 2]
    groups = collections.Counter(_reason_group(str(r["validate openpyxl"]["verdict"])) for r in refused)
    print(f"Refused (validate exit 2): {len(refused)}, by reason:")
    for reason, n in groups.most_common():
        print(f"  {n:5d}  {reason}")
    readable = [r for r in refused if r.get("unguarded")]
    print(f"Refused, though an engine reads the file unguarded: {len(readable)}")
    for r in readable:
        print(f"  {r['file']} ({', '.join(r['unguarded'])}): {r['validate openpyxl']['verdict']}")
    if consolidated:
        run, statuses = consolidated
        print(f"consolidate over every file: exit {run['code']}, {run['seconds']} s, traceback: {run['traceback']}")
        print(f"  {run['out'].splitlines()[0] if run['out'] else ''}")
        print("  statuses: " + ", ".join(f"{s}: {n}" for s, n in collections.Counter(
            status for status, _ in statuses.values()).most_common()))
        differ = []
        for r in alive:
            status, reason = statuses.get(r["file"], ("(no row)", ""))
            if (r["validate calamine"]["code"] == 2) != (status in UNREADABLE_STATUSES):
                differ.append((r["file"], r["validate calamine"]["verdict"], status, reason))
        print(f"  files consolidate reads otherwise than validate: {len(differ)}")
        for file, said, status, reason in differ:
            print(f"    {file}: validate {str(said)[:150]}; consolidate {status} {reason[:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files (by path)")
    parser.add_argument("--out", type=Path, help="also write each file's results as JSON lines here")
    parser.add_argument("--no-consolidate", action="store_true")
    args = parser.parse_args()
    files = sorted(path for path in args.folder.rglob("*") if path.is_file())
    files = files[:args.limit] if args.limit else files
    started = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        results = []
        for number, result in enumerate(pool.map(_run_one, files), start=1):
            results.append(result)
            if number % 100 == 0:
                print(f"… {number} of {len(files)} files, {time.monotonic() - started:.0f} s", file=sys.stderr)
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in results), "utf-8")
    consolidated = None if args.no_consolidate else _consolidate(files, args.jobs)
    report(results, consolidated)
    print(f"Time: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(one(Path(sys.argv[2])), ensure_ascii=False))
    else:
        main()
