"""argparse in Vietnamese: its own words ("usage:", "options", "show this help
message and exit", its error messages) for the `kehoach` command.

argparse looks up every text it prints, at the moment it prints it, with the
`_` and `ngettext` it imported from gettext; gettext would need .mo files and
the process's default domain.  `install()` points those two names at the
table below instead.  A text missing from the table stays English: the tests
compare the table with the `_()` calls of the running Python's argparse, so a
new or reworded message shows up as a failing test.  Both the wording of
Python 3.11-3.12 and that of 3.13+ are here.
"""

import argparse

MESSAGES = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "subcommands": "lệnh",
    "%(heading)s:": "%(heading)s:",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "unrecognized arguments: %s": "không hiểu các đối số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "không có lựa chọn %(value)r (hãy chọn một trong: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "không có lựa chọn %(value)r, có phải là %(closest)r? (hãy chọn một trong: %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị %(type)s không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn %(option)s chưa rõ là tùy chọn nào trong: %(matches)s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "not allowed with argument %s": "không dùng cùng được với đối số %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "unexpected option string: %s": "tùy chọn không đúng dạng: %s",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' đã cũ, sẽ bị bỏ",
    "argument '%(argument_name)s' is deprecated": "đối số '%(argument_name)s' đã cũ, sẽ bị bỏ",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' đã cũ, sẽ bị bỏ",
}
"""argparse's English text -> the Vietnamese printed instead."""


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Vietnamese has one form for every count."""
    return gettext(singular if count == 1 else plural)


def install() -> None:
    """Make every argparse parser of this process speak Vietnamese."""
    argparse._ = gettext
    argparse.ngettext = ngettext
