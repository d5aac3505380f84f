"""A line-list CSV read as a stream, in chunks of rows, never whole.

The bytes pass through a counter (progress: bytes read of the total) that also checks they
are UTF-8, so the row rules look for bad bytes only in a file that has some; text is decoded
with ``surrogateescape`` so a bad byte still reaches its row and column. A UTF-8 byte-order
mark is removed with a warning; a UTF-16 file is refused at once. Rows are numbered as a
spreadsheet shows them: the header is row 1, a blank line counts but is skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from itertools import count, islice
from typing import IO, TypeVar

from epicommand.errors import ImportRejected, RowProblem
from epicommand.surveillance.linelist.rules import BAD_BYTE, COLUMNS

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CHUNK_ROWS = 20_000
T = TypeVar("T")

RawRows = list[tuple[int, list[str]]]


class _CountingReader(io.RawIOBase):
    """The source's bytes, counted and checked to be UTF-8 as they pass."""

    def __init__(self, stream: IO[bytes], head: bytes, on_bad_bytes: Callable[[], None]) -> None:
        super().__init__()
        self.stream = stream
        self.head = head
        self.count = 0
        self.on_bad_bytes = on_bad_bytes
        self.decoder: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8")()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size], self.head = self.head[:size], self.head[size:]
        elif hasattr(self.stream, "readinto"):
            size = self.stream.readinto(buffer)
        else:
            data = self.stream.read(len(buffer))
            size = len(data)
            buffer[:size] = data
        self.count += size
        self._check(bytes(buffer[:size]), final=not size)
        return size

    def _check(self, data: bytes, final: bool) -> None:
        """UTF-8 or not; plain ASCII (most of a line list) needs no decoding to tell."""
        decoder = self.decoder
        if decoder is None or (not final and data.isascii() and not decoder.getstate()[0]):
            return
        try:
            decoder.decode(data, final=final)
        except UnicodeDecodeError:
            self.decoder = None
            self.on_bad_bytes()


def stream_size(stream: IO[bytes]) -> int | None:
    """The total size for a progress bar: an upload's ``size``, or a real file's."""
    size = getattr(stream, "size", None)
    if isinstance(size, int):
        return size
    try:
        return os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None


class CaseFile:
    """The header read and checked on opening; ``chunks()`` then yields the rows."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.warnings: list[RowProblem] = []
        self.bad_bytes = False
        head = stream.read(4)
        if head.startswith(UTF16_BOMS):
            raise ImportRejected([RowProblem(1, "-", "the file is UTF-16: save it as UTF-8 CSV")])
        if head.startswith(BOM):
            head = head[len(BOM) :]
            self.warnings.append(
                RowProblem(1, "-", "the file starts with a byte-order mark (removed)", "warning")
            )
        self.counter = _CountingReader(stream, head, self._saw_bad_bytes)
        text = io.TextIOWrapper(
            io.BufferedReader(self.counter, 1 << 16),
            encoding="utf-8",
            errors="surrogateescape",
            newline="",
        )
        self.reader = csv.reader(text)
        self.order = self._header()

    def _saw_bad_bytes(self) -> None:
        """Called by the counter, before the rows holding the bad bytes are read."""
        self.bad_bytes = True

    def _header(self) -> list[int]:
        """The file's column index of each of ``COLUMNS``; any problem refuses the file."""
        try:
            header = [name.strip().lower() for name in next(self.reader)]
        except StopIteration:
            raise ImportRejected([RowProblem(1, "-", "the file is empty")]) from None
        problems = [
            RowProblem(1, c, "required column is missing") for c in COLUMNS if c not in header
        ]
        for index, name in enumerate(header):
            if BAD_BYTE.search(name):
                problems.append(RowProblem(1, f"column {index + 1}", "not valid UTF-8"))
            elif name not in COLUMNS:
                problems.append(RowProblem(1, name or f"column {index + 1}", "unknown column"))
            elif header.index(name) != index:
                problems.append(RowProblem(1, name, "the column appears twice"))
        if problems:
            raise ImportRejected(problems)
        return [header.index(c) for c in COLUMNS]

    @property
    def bytes_read(self) -> int:
        return self.counter.count

    def chunks(self, size: int | None = None) -> Iterator[tuple[RawRows, list[RowProblem]]]:
        """Lists of (row number, cells); a blank line comes as no cells.

        A row csv cannot read at all (a field past csv's size limit) ends the reading: it is
        reported, and the rest of the file is not read.
        """
        numbered = zip(count(2), self.reader)
        size = size or CHUNK_ROWS
        while True:
            try:
                rows = list(islice(numbered, size))
            except csv.Error as exc:
                reason = f"unreadable CSV ({exc}); the rest of the file was not read"
                yield [], [RowProblem(self.reader.line_num, "-", reason)]
                return
            if not rows:
                return
            yield rows, []


def prefetched(items: Iterator[T]) -> Iterator[T]:
    """``items``, each computed in a helper thread while the caller works on the one before.

    Reading and checking a chunk is Python work; writing the previous one mostly waits on the
    database, which releases the GIL, so the two overlap. Nothing in the thread touches the
    database. One item ahead at most, so memory stays at about two chunks.
    """
    done = object()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="linelist-read") as pool:
        future = pool.submit(next, items, done)
        while (item := future.result()) is not done:
            future = pool.submit(next, items, done)
            yield item
