"""Write an [MS-CFB] compound file (version 3): the container of a VBA project.

Sectors of 512 bytes, a mini stream for streams under 4.096 bytes, the
directory as a red-black tree ordered as the format wants (length, then
upper-case name).  No timestamps: the same streams give the same bytes.
"""

import struct
from collections.abc import Mapping

_SECTOR = 512
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_FREE, _END_OF_CHAIN, _FAT_SECTOR, _NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1
# A directory entry: name, name length, type, colour, left, right and child ids,
# CLSID, state bits, creation and modification times, start sector, size.
_ENTRY = struct.Struct("<64sHBB3I16sI16sIQ")
_UNUSED_ENTRY = _ENTRY.pack(b"", 0, 0, 0, _NO_STREAM, _NO_STREAM, _NO_STREAM, bytes(16), 0, bytes(16), 0, 0)


def write_cfb(streams: Mapping[str, bytes]) -> bytes:
    """A compound file ([MS-CFB] version 3) holding *streams*, keyed by "storage/stream" paths."""
    entries = _directory_entries(streams)
    fat: list[int] = []
    sectors = bytearray()

    def allocate(data: bytes) -> int:
        if not data:
            return _END_OF_CHAIN
        start, count = len(fat), -(-len(data) // _SECTOR)
        fat.extend([*range(start + 1, start + count), _END_OF_CHAIN])
        sectors.extend(data.ljust(count * _SECTOR, b"\0"))
        return start

    mini_stream, mini_fat = bytearray(), []

    def allocate_mini(data: bytes) -> int:
        if not data:
            return _END_OF_CHAIN
        start, count = len(mini_fat), -(-len(data) // _MINI_SECTOR)
        mini_fat.extend([*range(start + 1, start + count), _END_OF_CHAIN])
        mini_stream.extend(data.ljust(count * _MINI_SECTOR, b"\0"))
        return start

    for entry in entries:
        if entry["type"] == _STREAM:
            small = entry["size"] < _MINI_CUTOFF
            entry["start"] = (allocate_mini if small else allocate)(entry["data"])
    root = entries[0]
    root["start"], root["size"] = allocate(bytes(mini_stream)), len(mini_stream)
    mini_fat_table = _sector_table(mini_fat)
    mini_fat_start = allocate(mini_fat_table)
    directory = b"".join(_pack_entry(entry) for entry in entries)
    directory += _UNUSED_ENTRY * (-len(entries) % (_SECTOR // _ENTRY.size))
    directory_start = allocate(directory)

    fat_count = 1
    while len(fat) + fat_count > fat_count * (_SECTOR // 4):
        fat_count += 1
    if fat_count > 109:
        raise ValueError("compound file too large for a header-only DIFAT")
    fat_sectors = list(range(len(fat), len(fat) + fat_count))
    fat.extend([_FAT_SECTOR] * fat_count)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"), bytes(16), 0x003E, 0x0003, 0xFFFE, 9, 6, bytes(6),
        0, fat_count, directory_start, 0, _MINI_CUTOFF,
        mini_fat_start, len(mini_fat_table) // _SECTOR, _END_OF_CHAIN, 0,
    )
    header += struct.pack("<109I", *fat_sectors, *[_FREE] * (109 - fat_count))
    return header + bytes(sectors) + _sector_table(fat)


def _sector_table(entries: list[int]) -> bytes:
    per_sector = _SECTOR // 4
    padded = entries + [_FREE] * (-len(entries) % per_sector)
    return struct.pack(f"<{len(padded)}I", *padded)


def _directory_entries(streams: Mapping[str, bytes]) -> list[dict]:
    """Directory entries, root first, each storage's children in a red-black tree."""
    tree: dict = {}
    for path, data in streams.items():
        *storages, name = path.split("/")
        node = tree
        for storage in storages:
            node = node.setdefault(storage, {})
        node[name] = data
    entries: list[dict] = []

    def add(name: str, node: dict | bytes, entry_type: int) -> int:
        index = len(entries)
        entry = {"name": name, "type": entry_type, "data": b"", "start": 0, "size": 0,
                 "left": _NO_STREAM, "right": _NO_STREAM, "child": _NO_STREAM, "color": _BLACK}
        entries.append(entry)
        if isinstance(node, bytes):
            entry["data"], entry["size"] = node, len(node)
            return index
        children = [
            add(child, sub, _STORAGE if isinstance(sub, dict) else _STREAM) for child, sub in node.items()
        ]
        children.sort(key=lambda i: _name_key(entries[i]["name"]))
        entry["child"] = _red_black_tree(children, entries)
        return index

    add("Root Entry", tree, _ROOT)
    return entries


def _name_key(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4 order of sibling names: shorter first, then by upper-cased code points."""
    return len(name.encode("utf-16-le")), name.upper()


def _red_black_tree(ids: list[int], entries: list[dict]) -> int:
    """Link sorted *ids* as a balanced binary tree that is a valid red-black tree; returns its root.

    Splitting at the middle fills every level but the deepest; colouring the
    deepest level red (when it is not full) keeps every path's black count equal.
    """
    height = len(ids).bit_length()
    red_depth = height - 1 if len(ids) != (1 << height) - 1 else -1

    def link(part: list[int], depth: int) -> int:
        if not part:
            return _NO_STREAM
        middle = len(part) // 2
        node = entries[part[middle]]
        node["left"] = link(part[:middle], depth + 1)
        node["right"] = link(part[middle + 1 :], depth + 1)
        node["color"] = _RED if depth == red_depth else _BLACK
        return part[middle]

    return link(ids, 0)


def _pack_entry(entry: dict) -> bytes:
    name = entry["name"].encode("utf-16-le") + b"\0\0"
    if len(name) > 64:
        raise ValueError(f"compound file entry name longer than 31 characters: {entry['name']}")
    return _ENTRY.pack(
        name, len(name), entry["type"], entry["color"],
        entry["left"], entry["right"], entry["child"],
        bytes(16), 0, bytes(16), entry["start"], entry["size"],
    )
