"""Why the operating system refused to open, read or write a file, in Vietnamese."""

import errno

_OS_REASONS = {
    errno.EACCES: "không có quyền", errno.EPERM: "không có quyền", errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc", errno.ENOENT: "không có thư mục hoặc tệp này",
    errno.ENOTDIR: "một phần đường dẫn là tệp, không phải thư mục", errno.EEXIST: "đã có tệp cùng tên",
    errno.EISDIR: "đó là một thư mục",
}


def os_reason(error: OSError) -> str:
    """Why the system refused, in Vietnamese where the reason is a common one."""
    return _OS_REASONS.get(error.errno, f"hệ điều hành báo lỗi số {error.errno}" if error.errno else
                           "hệ điều hành báo lỗi")
