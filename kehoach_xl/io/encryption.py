"""Excel's default password: a workbook encrypted with it opens in Excel with no prompt.

A workbook with a password to open is saved as an encrypted package: an OLE
compound file holding the encryption's parameters (EncryptionInfo) and the
encrypted zip (EncryptedPackage).  When Excel encrypts a workbook nobody gave
a password to open (write protection, a workbook marked final), it uses the
password "VelvetSweatshop", and opens such a file without asking.  So does the
tool: the zip is decrypted in memory (msoffcrypto-tool), never written to disk,
and then checked and read as any other.  Any other password stays a refusal:
the tool never asks for one.
"""

import io

from kehoach_xl.io.package import Unreadable

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: an encrypted package, or an Excel 97-2003 workbook."""
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
DEFAULT_PASSWORD = "VelvetSweatshop"
MAX_SPIN_COUNT = 1_000_000
"""The hashing rounds the encryption's parameters may ask for to turn the password into the key: Excel
and LibreOffice write 100,000 (about 0.1 s here); a file asking for more than ten times that is not
tried (msoffcrypto-tool takes up to 10,000,000, some ten seconds)."""


def is_encrypted_package(content: bytes) -> bool:
    return content.startswith(OLE_MAGIC) and _ENCRYPTION_INFO in content


def opened(content: bytes) -> bytes:
    """The zip of an encrypted package that Excel's default password opens, decrypted in memory; any other
    `content` as it is.  The zip is no larger than the encrypted package, which is within the bound of a
    file.  Raises Unreadable when the library that decrypts does not load."""
    if not is_encrypted_package(content):
        return content
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except Exception as error:  # ImportError, or OSError: cryptography's DLL does not load under wine 8
        raise Unreadable("Tệp được mã hóa (có mật khẩu mở, hoặc mật khẩu mặc định Excel đặt khi bảo vệ chống ghi) "
                         "nhưng máy này không nạp được thư viện giải mã để thử mở. Hãy cài lại chương trình, hoặc "
                         "mở tệp bằng Excel, gỡ mật khẩu rồi lưu và gửi lại.") from error
    try:
        package = OOXMLFile(io.BytesIO(content))
        if package.type not in ("agile", "standard") or package.info.get("spinValue", 0) > MAX_SPIN_COUNT:
            return content
        package.load_key(password=DEFAULT_PASSWORD)
        clear = io.BytesIO()
        package.decrypt(clear)  # refuses what does not decrypt into a zip: another password
    except Exception:  # another password, or a broken compound file
        return content
    return clear.getvalue()
