"""The zip as read: the members' count, names and sizes, each member's bytes as packed, and the zip of
checked parts handed on to an engine (`stored`)."""

import struct
import zipfile
import zlib

from kehoach_xl.core.money import format_count
from kehoach_xl.io.guard.bounds import MAX_MEMBERS, MAX_RATIO, MAX_UNPACKED_BYTES, RATIO_FREE_BYTES
from kehoach_xl.io.guard.names import part_key
from kehoach_xl.io.guard.reasons import Unreadable


def check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise Unreadable(f"Tệp nén có {format_count(len(members))} phần, quá {format_count(MAX_MEMBERS)} phần một sổ "
                         f"làm việc có thể có; không đọc tệp này.")
    seen: set[str] = set()
    for member in members:
        if (key := part_key(member.filename)) in seen:
            raise Unreadable(f"Tệp nén có hai phần cùng tên {member.filename}: không phải tệp Excel lưu "
                             f"bình thường; không đọc tệp này.")
        seen.add(key)
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unreadable(f"Tệp giải nén ra {format_count(unpacked // 2**20)} MB, quá giới hạn "
                         f"{format_count(MAX_UNPACKED_BYTES // 2**20)} MB: quá lớn cho một sổ kế hoạch (chỉ vài MB). "
                         f"Hãy xóa các trang tính, hình ảnh không cần cho kế hoạch, hoặc chép các trang của kế hoạch "
                         f"sang một sổ mới, rồi lưu và gửi lại.")
    for member in members:
        if member.file_size > RATIO_FREE_BYTES and member.file_size > MAX_RATIO * member.compress_size:
            raise Unreadable(f"Phần {member.filename} nén nhỏ hơn {MAX_RATIO} lần so với khi giải nén, điều "
                             f"một sổ làm việc bình thường không có; không đọc tệp này. Hãy mở tệp bằng Excel, "
                             f"xóa các dòng, cột thừa rồi lưu và gửi lại.")


LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
LOCAL_SIGNATURE = 0x04034B50


def packed(content: bytes, member: zipfile.ZipInfo) -> bytes:
    """A member's bytes as they are in the package (compressed), after its local header."""
    signature, *_, name_length, extra_length = LOCAL_HEADER.unpack_from(content, member.header_offset)
    if signature != LOCAL_SIGNATURE:
        raise zipfile.BadZipFile("bad local header")
    start = member.header_offset + LOCAL_HEADER.size + name_length + extra_length
    return content[start:start + member.compress_size]


_CENTRAL_HEADER = struct.Struct("<IHHHHHHIIIHHHHHII")
_END_OF_DIRECTORY = struct.Struct("<IHHHHIIH")
_UTF8_NAMES = 0x800
_DOS_DATE = 0x21
"""1980-01-01: no time is kept, so one package gives one zip."""


def stored(parts: dict[str, bytes]) -> bytes:
    """A zip of `parts` as they are (uncompressed), for an engine to read without inflating anything.

    Written field by field: zipfile's writer takes ten times as long, and these
    parts are already bounded (at most MAX_UNPACKED_BYTES, below zip64's sizes).
    """
    local, central, offset = [], [], 0
    for name, data in parts.items():
        encoded, crc, size = name.encode(), zlib.crc32(data), len(data)
        header = LOCAL_HEADER.pack(LOCAL_SIGNATURE, 20, _UTF8_NAMES, zipfile.ZIP_STORED, 0, _DOS_DATE, crc, size,
                                   size, len(encoded), 0)
        local += (header, encoded, data)
        central += (_CENTRAL_HEADER.pack(0x02014B50, 20, 20, _UTF8_NAMES, zipfile.ZIP_STORED, 0, _DOS_DATE, crc, size,
                                         size, len(encoded), 0, 0, 0, 0, 0, offset), encoded)
        offset += len(header) + len(encoded) + size
    directory = b"".join(central)
    return b"".join(local) + directory + _END_OF_DIRECTORY.pack(0x06054B50, 0, 0, len(parts), len(parts),
                                                                len(directory), offset, 0)
