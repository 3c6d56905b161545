"""Where the ribbon of the first version's workbooks (the plans of 2026 and before) finds its buttons.

Their VBA runs `from kehoach_xl.excel import validate; validate()` and the
like; the buttons now live in `kehoach_xl.shells.buttons`, and a workbook an
official keeps must go on working when the package is updated.
"""

from kehoach_xl.shells.buttons import budget, export, send_up, show_help, targets, validate

__all__ = ["budget", "export", "send_up", "show_help", "targets", "validate"]
