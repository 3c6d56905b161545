"""The developers' use cases: the workbooks rebuilt from the repository's sources, sample inboxes made."""

from pathlib import Path

from kehoach_xl.app.errors import Refused

__all__ = ["build_workbooks", "sample_inbox"]


def build_workbooks(root: Path) -> list[Path]:
    """workbook/KeHoach.xlsm and the example rebuilt under the repository's `root`; Refused when `root` is
    not one (it has no workbook/vba)."""
    from kehoach_xl.builder.build import build_all

    if not (root / "workbook" / "vba").is_dir():
        raise Refused(f"{root.resolve()} không phải thư mục gốc của kho mã kehoach-xl (không có thư mục "
                      f"workbook/vba). Hãy chạy lệnh trong thư mục gốc của kho mã, hoặc chỉ ra nó bằng --root.")
    return build_all(root)


def sample_inbox(folder: Path, count: int, seed: int = 0) -> tuple[int, int]:
    """`count` workbooks of different communes written into `folder`, one in eight with a defect made on
    purpose (the same `seed`, the same files); returns how many were written and how many have a defect."""
    from kehoach_xl.builder.generate import generate

    truths = generate(folder, count, seed)
    return len(truths), sum(t.defect is not None for t in truths)
