"""Where Excel files touch the disk: the checks a workbook passes before openpyxl opens it, and
the one helper through which an export reaches its file.

A .xlsx is a zip of XML. Before any XML is parsed, `check_package` refuses (one sentence each)
what is not a workbook, an old .xls, a password-protected package, a damaged zip — and a zip
bomb: members whose declared sizes add up to more than `MAX_UNPACKED` bytes, or that are packed
more tightly than real spreadsheets ever are (`MAX_RATIO`). Python's zipfile never inflates a
member beyond its declared size (a lying header is a CRC error), so the declared sizes bound the
work. XML entity expansion is refused by defusedxml, which openpyxl uses when it is installed
(`defusedxml_active` lets a test prove it is).

`write_atomically` is the only place an export creates a temporary file; a later change (temp
files encrypted at rest) replaces it alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from domain.errors import UserError, caused_by
from storage.atomic import discard, is_other_kind

EXPORT_KINDS = ("households", "requests", "weekly")  # what export-xlsx makes (xlsx_export)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
OLE_SCAN_BYTES = 16 * 1024 * 1024  # the encrypted-package marker sits in the directory, early

# A district list of 60 000 rows unpacks to ~80 MB; exports pack 5-10 times, empty-ish sheets
# up to ~50 times. Anything beyond these is not a spreadsheet a person made.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_SHARED_STRINGS = 64 * 1024 * 1024  # openpyxl holds every shared string in memory
MAX_RATIO = 150
RATIO_FLOOR = 1024 * 1024  # small members may pack tightly (a style sheet of defaults)
MAX_MEMBERS = 10_000
# Parsing costs ~20 µs per row even when it is empty: a sheet padded with a million empty rows
# would take half a minute to read for nothing. No real list has this many empty rows.
MAX_EMPTY_ROWS = 50_000
EMPTY_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>\s*</row>)")
CHUNK = 1 << 20
# Other formats people rename or pick by mistake: refused as "not an Excel workbook".
OTHER_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"%PDF",
    b"BM",
    b"II*\x00",
    b"MM\x00*",  # TIFF
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",  # gzip
)


def check_package(path: Path) -> None:
    """Refuse, in one sentence, a file that is not a safe-to-open .xlsx."""
    name = path.name
    try:
        with path.open("rb") as handle:
            head = handle.read(OLE_SCAN_BYTES)
    except FileNotFoundError:
        raise UserError("xlsx_missing", path=str(path)) from None
    except OSError:
        raise UserError("xlsx_broken", name=name) from None
    if head.startswith(OLE_MAGIC):
        # An OLE container is either an old .xls or an encrypted .xlsx (its package inside).
        if ENCRYPTED_STREAM in head:
            raise UserError("xlsx_encrypted", name=name)
        raise UserError("xlsx_old_format", name=name)
    if not head.startswith(ZIP_MAGIC):
        if path.suffix.lower() == ".xlsx" and head and not head.startswith(OTHER_MAGIC):
            raise UserError("xlsx_broken", name=name)
        raise UserError("xlsx_not_excel", name=name)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names and not any(
                n.endswith("/workbook.xml") for n in names
            ):
                raise UserError("xlsx_not_excel", name=name)
            _refuse_bomb(name, infos)
            for info in infos:  # bounded now: at most MAX_UNPACKED bytes inflated
                _read_member(name, archive, info)
    except UserError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError):
        # A CRC error, an entry that needs a password or an unsupported compression method.
        raise UserError("xlsx_broken", name=name) from None


def _read_member(name: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate one member (zipfile checks its CRC at the end); count a worksheet's empty rows."""
    sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
    empty = 0
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            if not sheet:
                continue
            data = tail + chunk
            cut = data.rfind(b"<")  # a row element may straddle two chunks
            cut = len(data) if cut < 0 else cut
            empty += len(EMPTY_ROW.findall(data, 0, cut))
            tail = data[cut:]
            if empty > MAX_EMPTY_ROWS:
                raise UserError("xlsx_empty_rows", name=name, limit=MAX_EMPTY_ROWS)


def _refuse_bomb(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise UserError("xlsx_too_packed", name=name)
    total = 0
    for info in infos:
        total += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size / packed > MAX_RATIO:
            raise UserError("xlsx_too_packed", name=name)
        if info.filename.endswith("sharedStrings.xml") and info.file_size > MAX_SHARED_STRINGS:
            raise UserError("xlsx_too_large", name=name, limit=MAX_SHARED_STRINGS >> 20)
    if total > MAX_UNPACKED:
        raise UserError("xlsx_too_large", name=name, limit=MAX_UNPACKED >> 20)


# XML cannot carry most control characters (ESC, BEL, …) nor unpaired surrogates, and folds a
# carriage return into a line feed. Excel writes such a character as _xHHHH_ (ECMA-376
# ST_Xstring) and a literal "_xHHHH_" as "_x005F_xHHHH_"; so does this program, and reads back.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LITERAL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def escape_text(value: str) -> str:
    """A text as a cell can hold it (see above); `unescape_text` gives it back."""
    if "_x" not in value and not _UNWRITABLE.search(value):
        return value
    value = _LITERAL_ESCAPE.sub(r"_x005F_\1", value)
    return _UNWRITABLE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)


def unescape_text(value: str) -> str:
    if "_x" not in value:
        return value
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), value)


def unsafe_xml(exc: BaseException) -> bool:
    """Whether defusedxml refused the XML behind `exc` (openpyxl wraps what it raises)."""
    from defusedxml import DefusedXmlException

    return caused_by(exc, DefusedXmlException, depth=10)


def defusedxml_active() -> bool:
    """Whether openpyxl parses through defusedxml (entity expansion refused)."""
    from openpyxl import DEFUSEDXML

    return bool(DEFUSEDXML)


class FirstErrorSink:
    """A binary file for openpyxl's zip writer that keeps the first error writing raised and
    takes every write after it as done. Raised inside openpyxl, a full disk left its ZipFile
    half-open, and the garbage collector printed "Exception ignored … No space left on device"
    after our sentence; now the save runs to its end and `raise_first_error` raises it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        if self.error is None:
            try:
                self.raw.write(data)
            except OSError as exc:
                self.error = exc
        return len(data)

    def flush(self) -> None:
        if self.error is None:
            try:
                self.raw.flush()
            except OSError as exc:
                self.error = exc

    def tell(self) -> int:
        return self.raw.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        try:
            return self.raw.seek(offset, whence)
        except OSError as exc:  # a buffered file flushes before it moves
            self.error = self.error or exc
            return offset

    def seekable(self) -> bool:
        return True

    def raise_first_error(self) -> None:
        if self.error is not None:
            raise self.error
        self.raw.flush()


def save_workbook(book: Any, out: Path) -> None:
    """Save an openpyxl workbook to `out` atomically (write_atomically). A full disk or a
    write-protected stick is one sentence and nothing else: the zip writer runs to its end on
    FirstErrorSink, and a failed save's write-only sheets are closed here, not by the garbage
    collector after the sentence ("Exception ignored … I/O operation on closed file")."""

    def write(tmp: Path) -> None:
        with open(tmp, "wb", buffering=0) as raw:  # unbuffered: every error arrives in write
            sink = FirstErrorSink(raw)
            book.save(sink)
            sink.raise_first_error()

    try:
        write_atomically(out, write)
    except BaseException:
        for sheet in book.worksheets:
            rows = getattr(sheet, "_rows", None)  # a write-only sheet's row writer
            if rows is not None:
                with contextlib.suppress(Exception):
                    rows.close()
        raise


def write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Call `write(temporary path)` and move the result onto `out`; a failed or interrupted write
    leaves no half-written file. The temporary file sits beside `out` (same file system)."""
    if is_other_kind(out):  # a device or a pipe: renaming would replace it
        raise UserError("file_not_regular", path=str(out))
    tmp = out.with_name(f".{out.stem}.{secrets.token_hex(4)}.part{out.suffix}")
    try:
        write(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise UserError("xlsx_disk_full", path=str(out)) from exc
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise UserError("xlsx_read_only", path=str(out)) from exc
        if exc.errno == errno.ENAMETOOLONG:
            raise UserError("file_name_too_long", name=out.name) from exc
        raise UserError("xlsx_cannot_write", path=str(out)) from exc
    finally:
        discard(tmp)
