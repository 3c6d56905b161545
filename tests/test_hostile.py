"""Every corpus file through every command (issue 8).

Each run is a real `kehoach` process with bounded memory and time: it must
answer with the expected exit code and message, never a traceback, and leave
the corpus exactly as it was.  A new command is one line in COMMANDS, plus
what it answers for the readable files in corpus.READABLE.
"""

import hashlib
import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import corpus
from conftest import ROOT

MEMORY_BYTES = 3 * 2**30
TIMEOUT_SECONDS = 120

COMMANDS: dict[str, Callable[[Path, Path], list[object]]] = {
    "validate": lambda workbook, out: ["validate", workbook],
    "validate --engine calamine": lambda workbook, out: ["validate", workbook, "--engine", "calamine"],
}


@pytest.fixture(scope="session")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return corpus.make(tmp_path_factory.mktemp("corpus"))


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def kehoach(args: list[object], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kehoach_xl", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=TIMEOUT_SECONDS, preexec_fn=_bounded,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


@pytest.mark.parametrize("name", [*corpus.UNREADABLE, *corpus.READABLE])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_answers_every_corpus_file(command, name, corpus_files, tmp_path):
    if name not in corpus_files:
        pytest.skip(corpus.MISSING_TOOLS[name])
    path = corpus_files[name]
    folder = sorted(path.parent.iterdir())
    before = digest(path)
    result = kehoach(COMMANDS[command](path, tmp_path), cwd=tmp_path)
    if name in corpus.UNREADABLE:
        code, says, output = 2, corpus.UNREADABLE[name][1], result.stderr
    else:
        code, says = corpus.READABLE[name][1][command.split()[0]]
        output = result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert (result.returncode, says in output) == (code, True), result.stdout[-2000:] + result.stderr
    assert digest(path) == before
    assert sorted(path.parent.iterdir()) == folder
    assert not [leftover for leftover in tmp_path.iterdir() if leftover.name.startswith(".~")]


def test_the_corpus_makes_what_it_says(corpus_files):
    """The hostile files are what their names say, or the refusals above prove nothing."""
    with zipfile.ZipFile(corpus_files["bom-nen.xlsx"]) as bomb:
        assert bomb.getinfo(corpus.ACTIVITIES_PART).file_size > 2**30
    assert corpus_files["bom-nen.xlsx"].stat().st_size < 2 * 2**20
    with zipfile.ZipFile(corpus_files["bom-noi-doi.xlsx"]) as liar, pytest.raises(zipfile.BadZipFile):
        liar.read(corpus.ACTIVITIES_PART)
    assert corpus_files["mat-khau.xlsx"].read_bytes()[:4] == b"\xd0\xcf\x11\xe0"
    if "excel-97.xls" in corpus_files:
        assert b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in corpus_files["excel-97.xls"].read_bytes()
    with zipfile.ZipFile(corpus_files["bom-thuc-the-trang.xlsx"]) as bomb:
        assert b"<!ENTITY lol9" in bomb.read(corpus.ACTIVITIES_PART)
