"""Who may change the shared install folder: its access list, set and read through Windows' security API.

Standard library only (ctypes), as the whole installer: it runs on the
bundle's embeddable Python before any package is installed.  The list is
kept in SDDL; `writers` and `refusal` are plain functions of it, so their
logic is tested on any list (tests/test_dist.py), a second user's included.
"""

import ctypes
import os
import re
from pathlib import Path

FOLDER_SECURITY = "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FA;;;{user})(A;OICI;0x1200a9;;;BU)"
r"""The install folder's access list, in SDDL: protected from its parent's (C:\Users\Public lets every
user write); full control for SYSTEM, the administrators and the installing user; read and run
(FILE_GENERIC_READ | FILE_GENERIC_EXECUTE) for Users; inherited by everything inside."""
_WRITE = 0x2 | 0x4 | 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000
"""Rights that let a user change what the folder holds: add a file or a folder, delete a child,
delete, change the access list or the owner, GENERIC_ALL, GENERIC_WRITE."""
_RIGHTS = {"FA": 0x1F01FF, "GA": 0x10000000, "GW": 0x40000000, "FW": 0x120116, "WD": 0x40000, "WO": 0x80000,
           "SD": 0x10000, "DC": 0x40, "CC": 0x2, "LC": 0x4}
_ACE = re.compile(r"\(([A-Z]+);([A-Z]*);([^;]*);[^;]*;[^;]*;([^);]+)[^)]*\)")
_KNOWN = {"SY": "SYSTEM", "BA": "Administrators (quản trị viên)"}


def writers(security: str) -> list[str]:
    """The SIDs (or SDDL aliases) that an SDDL access list lets change the folder's contents,
    in its order: the allowing entries that apply to the folder itself."""
    found = []
    for kind, flags, rights, sid in _ACE.findall(security.split("D:", 1)[-1]):
        mask = int(rights, 16) if rights.lower().startswith("0x") else \
            sum(_RIGHTS.get(rights[i:i + 2], 0) for i in range(0, len(rights), 2))
        if kind == "A" and "IO" not in re.findall("..", flags) and mask & _WRITE and sid not in found:
            found.append(sid)
    return found


def _advapi32():
    from ctypes import wintypes

    advapi = ctypes.WinDLL("advapi32", use_last_error=True)
    advapi.GetNamedSecurityInfoW.argtypes = [wintypes.LPCWSTR, ctypes.c_int, wintypes.DWORD, ctypes.c_void_p,
                                             ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    advapi.SetNamedSecurityInfoW.argtypes = [wintypes.LPWSTR, ctypes.c_int, wintypes.DWORD, ctypes.c_void_p,
                                             ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    advapi.ConvertSecurityDescriptorToStringSecurityDescriptorW.argtypes = [
        ctypes.c_void_p, wintypes.DWORD, wintypes.DWORD, ctypes.c_void_p, ctypes.c_void_p]
    advapi.ConvertStringSecurityDescriptorToSecurityDescriptorW.argtypes = [
        wintypes.LPCWSTR, wintypes.DWORD, ctypes.c_void_p, ctypes.c_void_p]
    advapi.GetSecurityDescriptorDacl.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    advapi.OpenProcessToken.argtypes = [wintypes.HANDLE, wintypes.DWORD, ctypes.c_void_p]
    advapi.GetTokenInformation.argtypes = [wintypes.HANDLE, ctypes.c_int, ctypes.c_void_p, wintypes.DWORD,
                                           ctypes.c_void_p]
    advapi.ConvertSidToStringSidW.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    advapi.ConvertStringSidToSidW.argtypes = [wintypes.LPCWSTR, ctypes.c_void_p]
    advapi.LookupAccountSidW.argtypes = [wintypes.LPCWSTR, ctypes.c_void_p, wintypes.LPWSTR, ctypes.c_void_p,
                                         wintypes.LPWSTR, ctypes.c_void_p, ctypes.c_void_p]
    return advapi


_OWNER, _DACL, _PROTECTED_DACL, _FILE_OBJECT = 0x1, 0x4, 0x80000000, 1


def folder_security(folder: Path) -> str:
    """The folder's owner and access list, as SDDL."""
    advapi = _advapi32()
    descriptor, text = ctypes.c_void_p(), ctypes.c_wchar_p()
    error = advapi.GetNamedSecurityInfoW(str(folder), _FILE_OBJECT, _OWNER | _DACL, None, None, None, None,
                                         ctypes.byref(descriptor))
    if error or not advapi.ConvertSecurityDescriptorToStringSecurityDescriptorW(
            descriptor, 1, _OWNER | _DACL, ctypes.byref(text), None):
        raise OSError(error or ctypes.get_last_error(), ctypes.FormatError(error or ctypes.get_last_error()))
    return text.value


def restrict(folder: Path, user: str) -> None:
    """FOLDER_SECURITY on `folder`, for the user whose SID is `user`."""
    advapi = _advapi32()
    descriptor, dacl = ctypes.c_void_p(), ctypes.c_void_p()
    present, defaulted = ctypes.c_int(), ctypes.c_int()
    if not (advapi.ConvertStringSecurityDescriptorToSecurityDescriptorW(
            FOLDER_SECURITY.format(user=user), 1, ctypes.byref(descriptor), None)
            and advapi.GetSecurityDescriptorDacl(descriptor, ctypes.byref(present), ctypes.byref(dacl),
                                                 ctypes.byref(defaulted))):
        raise OSError(ctypes.get_last_error(), ctypes.FormatError(ctypes.get_last_error()))
    error = advapi.SetNamedSecurityInfoW(str(folder), _FILE_OBJECT, _DACL | _PROTECTED_DACL, None, None, dacl, None)
    if error:
        raise OSError(error, ctypes.FormatError(error))


def current_user() -> set[str]:
    """The SID of the user running this, and "BA" when they run it as an administrator."""
    advapi = _advapi32()
    kernel = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel.GetCurrentProcess.restype = ctypes.c_void_p
    token, size = ctypes.c_void_p(), ctypes.c_ulong()
    if not advapi.OpenProcessToken(kernel.GetCurrentProcess(), 0x8, ctypes.byref(token)):  # TOKEN_QUERY
        raise OSError(ctypes.get_last_error(), ctypes.FormatError(ctypes.get_last_error()))
    advapi.GetTokenInformation(token, 1, None, 0, ctypes.byref(size))  # TokenUser: its size first
    buffer = ctypes.create_string_buffer(size.value)
    if not advapi.GetTokenInformation(token, 1, buffer, size, ctypes.byref(size)):
        raise OSError(ctypes.get_last_error(), ctypes.FormatError(ctypes.get_last_error()))
    text = ctypes.c_wchar_p()
    advapi.ConvertSidToStringSidW(ctypes.cast(buffer, ctypes.POINTER(ctypes.c_void_p))[0], ctypes.byref(text))
    return {text.value} | ({"BA"} if ctypes.windll.shell32.IsUserAnAdmin() else set())


def account_name(sid: str) -> str:
    """"MÁY\\tên" of a SID, or the SID itself when Windows does not know it."""
    if sid in _KNOWN or os.name != "nt":
        return _KNOWN.get(sid, sid)
    advapi = _advapi32()
    binary = ctypes.c_void_p()
    name, domain = ctypes.create_unicode_buffer(256), ctypes.create_unicode_buffer(256)
    name_size, domain_size, use = ctypes.c_ulong(256), ctypes.c_ulong(256), ctypes.c_int()
    if advapi.ConvertStringSidToSidW(sid, ctypes.byref(binary)) and advapi.LookupAccountSidW(
            None, binary, name, ctypes.byref(name_size), domain, ctypes.byref(domain_size), ctypes.byref(use)):
        return f"{domain.value}\\{name.value}" if domain.value else name.value
    return sid


def who_may_upgrade(security: str) -> str:
    """The users an access list lets change the folder, by name, the administrators last."""
    names = [account_name(sid) for sid in writers(security) if sid not in _KNOWN]
    return ", ".join(f"“{name}”" for name in names) + (" hoặc " if names else "") + "quản trị viên của máy"


def refusal(folder: Path, security: str, me: set[str]) -> str | None:
    """Why the user whose SIDs are `me` may not change the folder with the access list `security`."""
    if me & set(writers(security)):
        return None
    return (f"kehoach-xl trên máy này ({folder}) chỉ {who_may_upgrade(security)} cài lại, nâng cấp hoặc gỡ được. "
            "Hãy nhờ người đó chạy CaiDat.cmd (GoCaiDat.cmd) này; các nút của sổ vẫn chạy với bản đã cài cho mọi "
            "người dùng máy này: chép sổ KeHoach.xlsm bên cạnh CaiDat.cmd vào thư mục Documents (Tài liệu) rồi mở.")
