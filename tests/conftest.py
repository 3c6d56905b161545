import sys
from pathlib import Path

# Tests and benchmarks import the harness as `remote_engine`, in any import mode.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# xlwings registers its remote engine when first imported, and only if
# XLWINGS_LICENSE_KEY is set by then: remote_engine sets it, so import it before
# any test module can import xlwings.
import remote_engine  # noqa: E402,F401
