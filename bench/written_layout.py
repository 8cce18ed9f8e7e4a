"""Where an encrypted database's bytes are, page by page AS WRITTEN (not a packed copy):

    python -m bench.written_layout /path/to/doorstep.db

SQLCipher's build has no `dbstat`, and a plaintext export is written afresh (packed), so it
cannot show the room B-tree splits left in the file itself. This decrypts every page with the
database key (SQLCipher 4 with a raw key: AES-256-CBC per page, the IV and HMAC at its end, page
1's first 16 bytes the salt) into a plaintext file with the same pages, runs `dbstat` there and
on a VACUUMed copy, and prints each table and index: MiB written, how full its pages are, MiB
packed. The plaintext files are deleted afterwards (in a temporary folder). Needs the key file
and the password ($DOORSTEP_PASSWORD), as any opening does.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from storage import keyring
from storage.db import layout_of
from storage.store import open_raw

IV_BYTES = 16
HMAC_BYTES = {"HMAC_SHA1": 20, "HMAC_SHA256": 32, "HMAC_SHA512": 64}
MIB = 1024 * 1024


@dataclass
class Part:
    name: str
    written: int  # bytes of pages in the file as written
    written_unused: int
    packed: int  # the same B-tree in a VACUUMed copy
    packed_unused: int

    @staticmethod
    def fill(size: int, unused: int) -> float:
        return 100.0 * (1 - unused / size) if size else 0.0


def decrypt_pages(db: Path, key: bytes, out: Path) -> None:
    """`db`'s pages decrypted into `out`, one for one; each page's HMAC is checked."""
    conn = open_raw(db)
    try:
        layout = layout_of(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself
    finally:
        conn.close()
    page, digest = layout.page_size, layout.hmac.removeprefix("HMAC_").lower()
    reserved = IV_BYTES + HMAC_BYTES[layout.hmac]
    with db.open("rb") as source, out.open("wb") as target:
        salt = source.read(16)
        source.seek(0)
        # SQLCipher's HMAC key from a raw key: 2 rounds of its KDF (PBKDF2-HMAC-SHA512, whatever
        # the pages' HMAC) over the salt ^ 0x3a
        mac_key = hashlib.pbkdf2_hmac("sha512", key, bytes(b ^ 0x3A for b in salt), 2, len(key))
        number = 0
        while raw := source.read(page):
            number += 1
            start = 16 if number == 1 else 0
            end = page - reserved
            iv, mac = raw[end : end + IV_BYTES], raw[end + IV_BYTES : page]
            signed = raw[start : end + IV_BYTES] + number.to_bytes(4, "little")
            expected = hmac.new(mac_key, signed, digest).digest()[: len(mac)]
            if not hmac.compare_digest(expected, mac):
                raise ValueError(f"page {number}: HMAC does not match")
            decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
            plain = decryptor.update(raw[start:end]) + decryptor.finalize()
            if number == 1:
                plain = b"SQLite format 3\x00" + plain
            target.write(plain + bytes(reserved))


def _dbstat(path: Path) -> dict[str, tuple[int, int]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name, sum(pgsize), sum(unused) FROM dbstat GROUP BY name")
        return {str(name): (int(size), int(unused)) for name, size, unused in rows}


def written_layout(db: Path) -> list[Part]:
    """Every table and index of `db`: as written and packed, most room lost first."""
    key = keyring.unlock(db)
    with tempfile.TemporaryDirectory(dir=db.parent) as folder:
        written_copy, packed_copy = Path(folder) / "written.db", Path(folder) / "packed.db"
        decrypt_pages(db, key, written_copy)
        written = _dbstat(written_copy)
        with sqlite3.connect(written_copy) as conn:
            conn.execute("VACUUM INTO ?", (str(packed_copy),))
        packed = _dbstat(packed_copy)
    parts = [Part(name, *written[name], *packed.get(name, (0, 0))) for name in written]
    free = db.stat().st_size - sum(p.written for p in parts)  # dbstat lists no free pages
    parts.append(Part("(free pages)", free, free, 0, 0))
    return sorted(parts, key=lambda p: (p.packed - p.written, p.name))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    args = parser.parse_args(argv)
    parts = written_layout(args.db)
    written = sum(p.written for p in parts)
    packed = sum(p.packed for p in parts)
    print(f"written {written / MIB:.2f} MiB, packed {packed / MIB:.2f} MiB")
    print(f"{'table or index':45s} {'written':>9s} {'full':>6s} {'packed':>9s} {'full':>6s}")
    for p in parts:
        print(
            f"{p.name:45s} {p.written / MIB:9.2f} {Part.fill(p.written, p.written_unused):5.1f}%"
            f" {p.packed / MIB:9.2f} {Part.fill(p.packed, p.packed_unused):5.1f}%"
        )


if __name__ == "__main__":
    main()
