r"""Started by CaiDat.cmd ("install --bundle <its folder>") and GoCaiDat.cmd ("uninstall")
with the Python in python\ beside it.

That embeddable Python has no site-packages, so the installer, kehoach_xl.windows.install,
which needs the standard library only, is imported from the kehoach-xl wheel in wheelhouse\.
"""

import sys
from pathlib import Path

bundle = Path(__file__).resolve().parent
wheels = sorted((bundle / "wheelhouse").glob("kehoach_xl-*.whl"))
if not wheels:
    print(f"[Lỗi] Thiếu gói kehoach-xl trong thư mục wheelhouse bên cạnh CaiDat.cmd ({bundle}). Hãy giải nén "
          "toàn bộ tệp .zip (nhấp chuột phải → Extract All = Giải nén tất cả), rồi chạy lại trong thư mục vừa giải nén.")
    print("Nhấn phím bất kỳ để đóng cửa sổ này.")
    sys.exit(1)
sys.path.insert(0, str(wheels[-1]))

from kehoach_xl.windows.install import main  # noqa: E402  (from the wheel just put on sys.path)

sys.exit(main(sys.argv[1:]))
