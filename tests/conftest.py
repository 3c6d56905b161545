import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "KeHoach_xa_Cam_Luong_2023.xlsm"
BLANK = ROOT / "workbook" / "KeHoach.xlsm"

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example workbook that a test may change."""
    copy = tmp_path / EXAMPLE.name
    copy.write_bytes(EXAMPLE.read_bytes())
    return copy
