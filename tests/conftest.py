import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "KeHoach_xa_Cam_Luong_2023.xlsm"
BLANK = ROOT / "workbook" / "KeHoach.xlsm"

# Tests and benchmarks import the harness as `remote_engine`, in any import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# xlwings registers its remote engine when first imported, and only if
# XLWINGS_LICENSE_KEY is set by then: remote_engine sets it, so import it before
# any test module can import xlwings.
import remote_engine  # noqa: E402,F401

from kehoach_xl.io.catalogs import legacy, shipped  # noqa: E402

CATALOGS = shipped()
"""Every shipped phase, as a command reads them."""
LEGACY = legacy()
"""The legacy encodings, as a command hands them to the core."""
CATALOG = CATALOGS["2021-2025"]
"""The phase of the example."""


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example workbook that a test may change."""
    copy = tmp_path / EXAMPLE.name
    copy.write_bytes(EXAMPLE.read_bytes())
    return copy
