"""Getting the text of a table file: paths and streams, encodings, and unusable files.

Tables are UTF-8. A UTF-8 byte-order mark (Excel's "CSV UTF-8") and UTF-16 with its mark
(Excel's "Unicode text") are read as such. A file that is not UTF-8 is read as Windows-1252
(what Excel on Windows writes as "CSV") only when every byte is defined in it and no control
character results, and a warning says so: Western European accents are then right, anything
else could be mojibake and is worth a look. Anything else is an unusable file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import IO

from clusterxchange.model.errors import InvalidFileError, Problem

__all__ = ["Source", "TextAndWarnings", "file_name", "read_bytes", "read_text_source", "unusable"]

Source = str | os.PathLike[str] | IO[str]
TextAndWarnings = tuple[str, tuple[Problem, ...]]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def unusable(
    file: str | None,
    message: str,
    *,
    row: int | None = None,
    warnings: Sequence[Problem] = (),
) -> InvalidFileError:
    """Return the error for a file that cannot be used at all (one problem, located).

    *warnings* are what the reader noticed before giving up (see
    :attr:`~clusterxchange.model.errors.InvalidFileError.warnings`).
    """
    return InvalidFileError([Problem(message=message, file=file, row=row)], warnings=warnings)


def file_name(source: object, file: str | None) -> str | None:
    """Return the name to put in problems: *file*, else the path, else the stream's name."""
    if file is not None:
        return file
    if isinstance(source, str | os.PathLike):
        return os.fsdecode(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else None


def read_bytes(path: str | os.PathLike[str], file: str | None) -> bytes:
    """Return the bytes of the file at *path*, or raise :class:`InvalidFileError`."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
    except FileNotFoundError:
        raise unusable(file, "no such file") from None
    except IsADirectoryError:
        raise unusable(file, "is a directory, not a file") from None
    except OSError as error:
        raise unusable(file, f"cannot read the file: {error.strerror or error}") from None
    except ValueError as error:  # a NUL or a lone surrogate in the path
        raise unusable(file, f"cannot read the file: {error}") from None


def decode(data: bytes, file: str | None) -> TextAndWarnings:
    """Return the text of *data* (see the module's notes on encodings) and any warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            raise unusable(file, "not valid UTF-16 text, although it starts like it") from None
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        where = f"line {line}"
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if not text or _CONTROL.search(text):
        raise unusable(file, f"not UTF-8 text (first bad byte on {where}): save the table as UTF-8")
    warning = Problem(
        message=f"not UTF-8 (first bad byte on {where}): read as Windows-1252; check accented "
        "names, or save the table as UTF-8",
        file=file,
    )
    return text, (warning,)


def read_text_source(source: Source, file: str | None) -> TextAndWarnings:
    """Return the text of a path or text stream, and any warning about its encoding."""
    if isinstance(source, str | os.PathLike):
        text, warnings = decode(read_bytes(source, file), file)
    else:
        try:
            read = source.read()
        except UnicodeDecodeError as error:
            raise unusable(
                file, f"the stream is not in its declared encoding: {error.reason}"
            ) from None
        except OSError as error:
            raise unusable(file, f"cannot read the stream: {error}") from None
        read_back: object = read
        if isinstance(read_back, bytes):
            text, warnings = decode(read_back, file)
        elif isinstance(read_back, str):
            text, warnings = read_back.removeprefix("\ufeff"), ()
        else:
            found = type(read_back).__name__
            raise unusable(file, f"expected a text stream, got {found} from read()")
    if "\x00" in text:
        raise unusable(file, "contains NUL characters: not a text table (a workbook? use .xlsx)")
    return text, warnings
