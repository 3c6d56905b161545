"""Every bound the guard holds a file to, in one place, each with what it protects.

    bound               value     protects against
    MAX_FILE_BYTES      50 MB     a file too large to read into memory (also a workbook inside a .zip)
    MAX_UNPACKED_BYTES  50 MB     members that inflate to more than a read can take (time, memory)
    MAX_MEMBERS         1,000     a zip of countless members
    MAX_RATIO           100       a zip bomb: a member over RATIO_FREE_BYTES (1 MB) packed too tightly
    MAX_CELLS           10 M      a grid of cells larger than memory (calamine aborts the process)
    EXCEL_ROWS/COLUMNS  Excel's   a cell or row no spreadsheet has
    MAX_DEPTH           3         .zip files nested without end (a zip may hold itself)
    MAX_SPIN_COUNT      1 M       an encrypted package whose key takes seconds to derive
    FIRST_BYTES         4 KB      reading more of a part than its prolog to find a DTD or its encoding
    REMEMBERED_BYTES    64 KB     memory held by the caches of parts shared by one inbox's workbooks
"""

MAX_FILE_BYTES = 50 * 2**20
"""A plan workbook is about 0.1 MB; mail services cap attachments at 20-25 MB.
Twice that leaves room for pictures and refuses nothing that arrives by email."""

MAX_UNPACKED_BYTES = 50 * 2**20
"""Sum of the members' declared sizes.  10,000 activity rows unpack to about
3 MB.  A sheet of 95 MB took openpyxl 38 seconds and 750 MB of memory to read
(calamine 14 s), so 50 MB bounds a read at about 20 seconds and 400 MB."""

MAX_MEMBERS = 1_000
"""A workbook has a part per sheet, table, drawing and picture: KeHoach has
about 40.  A thousand leaves room for hundreds of sheets."""

MAX_RATIO = 100
RATIO_FREE_BYTES = 2**20
"""A member larger than 1 MB may be at most 100 times its compressed size (the
bound Apache POI uses).  Sheets written by Excel, LibreOffice and openpyxl
compress 4 to 30 times; deflate cannot exceed about 1,030."""

MAX_CELLS = 10_000_000
"""The cells the engines lay out in memory, summed over the sheets (calamine about 45 bytes a cell):
python-calamine the rectangle from A1 to the farthest cell holding a value or a formula; openpyxl
a row for every row up to the last one the sheet has (a cell or row of any kind, a formatted empty
one too), each row as wide as its last cell.  The larger of the two counts.  A plan uses tens of
thousands; a stray value in row 1,048,576 of a six-column sheet still fits, and so does a block of
formatted empty rows down to row 1,048,576."""

EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384


MAX_MEMBER_BYTES = MAX_FILE_BYTES
"""The largest workbook read out of a .zip into memory: the bound of a workbook file."""

MAX_DEPTH = 3
"""A .zip in a .zip in a .zip: deeper is not how anyone sends a plan (and a zip may hold itself)."""

MAX_SPIN_COUNT = 1_000_000
"""The hashing rounds the encryption's parameters may ask for to turn the password into the key: Excel
and LibreOffice write 100,000 (about 0.1 s here); a file asking for more than ten times that is not
tried (msoffcrypto-tool takes up to 10,000,000, some ten seconds)."""

FIRST_BYTES = 2**12
"""Enough for an XML part's prolog and its declared encoding."""

REMEMBERED_BYTES = 2**16
"""The largest part (packed and unpacked) whose inflated bytes and findings are remembered: the
workbooks of one inbox share the parts of their template."""
