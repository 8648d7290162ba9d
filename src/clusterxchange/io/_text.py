"""Getting the text of a table file: paths and streams, encodings, and unusable files.

Tables are UTF-8. A UTF-8 byte-order mark (Excel's "CSV UTF-8") and UTF-16 with its mark
(Excel's "Unicode text") are read as such. A file that is not UTF-8 is read as Windows-1252
(what Excel on Windows writes as "CSV") only when every byte is defined in it and no control
character results, and a warning says so: Western European accents are then right, anything
else could be mojibake and is worth a look. Anything else is an unusable file.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Iterator, Sequence
from typing import IO

from clusterxchange.model.errors import InvalidFileError, Problem

__all__ = [
    "BLOCK",
    "Source",
    "TextAndWarnings",
    "TextFile",
    "file_name",
    "open_text",
    "read_bytes",
    "read_text_source",
    "unusable",
]

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
    with _opened(path, file) as stream:
        try:
            return stream.read()
        except OSError as error:
            raise unusable(file, f"cannot read the file: {error.strerror or error}") from None


def _opened(path: str | os.PathLike[str], file: str | None) -> IO[bytes]:
    """Return the file at *path* open for reading bytes, or raise :class:`InvalidFileError`."""
    try:
        return open(path, "rb")  # the caller closes it
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


#: The bytes of a :class:`TextFile`'s blocks (each then runs on to the end of its line).
BLOCK = 1 << 20


class TextFile:
    r"""The text of a file, decoded a block at a time when asked for: never held whole.

    A table of a million rows is 167 MB of text; the CSV reader needs its lines in order
    (and, now and then, the lines from a position it read before), not all of it at once.
    The file is read once on opening, a block of about :data:`BLOCK` bytes at a time, each
    ending at a line end: the encoding is chosen as :func:`decode` chooses it for the whole
    (UTF-8, with or without its mark, else Windows-1252 with a warning), and each block's
    first character's position in the text is noted. :meth:`block` then decodes a block
    again from the file. Positions are those of the text :func:`decode` would give.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_bytes("\ufeffHost,Visitor\nHamburg Aviation,Aero Lda\n".encode())
    >>> text = TextFile(path, "t.csv", block=16)
    >>> len(text), [text.block(k) for k in range(len(text.starts))]
    (39, ['Host,Visitor\n', 'Hamburg Aviation,Aero Lda\n'])
    >>> text.block_at(20), text.whole() == path.read_text(encoding="utf-8-sig")
    (1, True)
    """

    def __init__(
        self, path: str | os.PathLike[str], file: str | None, *, block: int | None = None
    ) -> None:
        """Read the file at *path* (*file*: its name in problems) in blocks of *block* bytes.

        *block*: default :data:`BLOCK`.

        Raises:
            InvalidFileError: The file cannot be read, is not text in an encoding
                :func:`decode` reads, or holds NUL characters.
        """
        self.path, self.file = path, file
        #: Where each block starts in the file, and the end of the last one.
        self.offsets: list[int] = []
        #: Where each block's first character is in the text.
        self.starts: list[int] = []
        self.size = 0  # characters
        self.warnings: tuple[Problem, ...] = ()
        self.encoding = "utf-8"
        self._bom = 0
        self._reached = 0  # the block being decoded
        with _opened(path, file) as stream:
            self._stamp = _stamp(stream)
            first = stream.read(3)
            if first.startswith((b"\xff\xfe", b"\xfe\xff")):
                raise _Utf16Error  # UTF-16 is read whole (read_text_source)
            self._bom = 3 if first == b"\xef\xbb\xbf" else 0
            stream.seek(0)
            spans = list(_blocks(stream, file, BLOCK if block is None else block))
        self.offsets = [start for start, _ in spans] + [spans[-1][1] if spans else 0]
        try:
            self._count()
        except UnicodeDecodeError as error:
            line = self._line_of(error)
            where = f"line {line}"
            self.encoding = "cp1252"
            try:
                self._count(control=True)
            except (UnicodeDecodeError, ValueError):
                message = f"not UTF-8 text (first bad byte on {where}): save the table as UTF-8"
                raise unusable(file, message) from None
            self.warnings = (
                Problem(
                    message=f"not UTF-8 (first bad byte on {where}): read as Windows-1252; "
                    "check accented names, or save the table as UTF-8",
                    file=file,
                ),
            )

    def _count(self, *, control: bool = False) -> None:
        """Decode every block once: note where each starts in the text; check it on the way.

        Raises:
            UnicodeDecodeError: A block is not in :attr:`encoding`.
            ValueError: *control* and a control character results (not Windows-1252 text).
            InvalidFileError: A NUL character.
        """
        starts, size = [], 0
        for k in range(len(self.offsets) - 1):
            self._reached = k
            text = self._decode(k)
            if control and _CONTROL.search(text):
                raise ValueError(text)
            if "\x00" in text:
                message = "contains NUL characters: not a text table (a workbook? use .xlsx)"
                raise unusable(self.file, message)
            starts.append(size)
            size += len(text)
        self.starts, self.size = starts, size

    def _line_of(self, error: UnicodeDecodeError) -> int:
        """Return the line of the first byte a :class:`UnicodeDecodeError` names (1-based)."""
        k = self._reached  # the block that failed: the ones before it decoded
        lines = 1 + sum(self._bytes(j).count(b"\n") for j in range(k))
        return lines + self._bytes(k).count(b"\n", 0, error.start)

    def _bytes(self, k: int) -> bytes:
        """Return the bytes of block *k* (without the byte-order mark)."""
        start = self.offsets[k] + (self._bom if k == 0 else 0)
        with _opened(self.path, self.file) as stream:
            if _stamp(stream) != self._stamp:
                raise unusable(
                    self.file,
                    "the file changed while it was read: read it again once it is saved",
                )
            stream.seek(start)
            return stream.read(self.offsets[k + 1] - start)

    def _decode(self, k: int) -> str:
        return self._bytes(k).decode(self.encoding)

    def __len__(self) -> int:
        return self.size

    def block(self, k: int) -> str:
        """Return the text of block *k* (it ends with a line end, but maybe the last)."""
        return self._decode(k)

    def block_at(self, position: int) -> int:
        """Return the block that holds the character at *position* of the text."""
        return max(0, bisect.bisect_right(self.starts, position) - 1)

    def blocks_from(self, position: int) -> Iterator[tuple[int, str]]:
        """Yield the text from *position* on, a block at a time, with where each part starts."""
        k = self.block_at(position)
        while k < len(self.starts):
            text = self.block(k)
            skip = position - self.starts[k]
            if skip > 0:
                yield position, text[skip:]
            else:
                yield self.starts[k], text
            k += 1

    def head(self, blocks: int = 1) -> str:
        """Return the text of the first *blocks* blocks (all of it, for a file of no more)."""
        return "".join(self.block(k) for k in range(min(blocks, len(self.starts))))

    def whole(self) -> str:
        """Return the whole text (for what needs it, once in a while)."""
        return "".join(self.block(k) for k in range(len(self.starts)))


def _stamp(stream: IO[bytes]) -> tuple[int, int]:
    """Return the size and time of the last change of an open file."""
    found = os.fstat(stream.fileno())
    return found.st_size, found.st_mtime_ns


class _Utf16Error(Exception):
    """A file in UTF-16: read whole, as :func:`read_text_source` reads it."""


def _blocks(stream: IO[bytes], file: str | None, size: int) -> Iterator[tuple[int, int]]:
    """Yield the start and end in *stream* of each block of about *size* bytes, at line ends."""
    start, carry = 0, b""
    while True:
        try:
            data = stream.read(size)
        except OSError as error:
            raise unusable(file, f"cannot read the file: {error.strerror or error}") from None
        if not data:
            break
        data = carry + data
        cut = data.rfind(b"\n") + 1
        if not cut:  # a line longer than a block: on to the next one
            carry = data
            continue
        yield start, start + cut
        start, carry = start + cut, data[cut:]
    if carry:
        yield start, start + len(carry)


def open_text(
    path: str | os.PathLike[str], file: str | None
) -> tuple[TextFile | str, tuple[Problem, ...]]:
    """Return the text of the file at *path*: a :class:`TextFile`, or a text read whole.

    A file in UTF-16 is read whole (its line ends are not single bytes).

    Raises:
        InvalidFileError: As :func:`read_text_source`.
    """
    try:
        text = TextFile(path, file)
    except _Utf16Error:
        return read_text_source(path, file)
    return text, text.warnings
